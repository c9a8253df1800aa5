# Warnings are errors in every build we ship; see STYLE.md section 8.
function(lookout_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wold-style-cast -Wcast-align -Woverloaded-virtual -Werror)
endfunction()
