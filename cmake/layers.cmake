# One static library per layer of src/ (docs/decisions/0014-layers.md).
#
#   lookout_layer(<name> DIRS <dir>... [EXCLUDE <dir>...] [DEPS <layer>...] [NO_LIBRARY])
#
# makes the library lookout_<name> from the .cc files under src/<dir> (less
# tests, benchmarks, EXCLUDE and LOOKOUT_SKIP_REGEX), linked PUBLIC to the
# libraries of the layers it is built on (DEPS), and records the layer for
# the include check: a file of the layer may include its own layer and every
# layer below it (DEPS and theirs). NO_LIBRARY records a layer whose code is
# built elsewhere (the CLI's executable). lookout_check_layer_includes() runs
# the check once at configure time and again, through a build step every layer
# library waits for, whenever a source changes.

include(${CMAKE_CURRENT_LIST_DIR}/layer_rule.cmake)

set_property(GLOBAL PROPERTY LOOKOUT_LAYER_SPEC "")
set_property(GLOBAL PROPERTY LOOKOUT_LAYER_TARGETS "")

function(lookout_layer name)
  cmake_parse_arguments(PARSE_ARGV 1 L "NO_LIBRARY" "" "DIRS;EXCLUDE;DEPS")
  set(allowed ${name})
  foreach(dep IN LISTS L_DEPS)
    get_property(dep_allowed GLOBAL PROPERTY LOOKOUT_LAYER_ALLOWED_${dep})
    if(NOT dep_allowed)
      message(FATAL_ERROR "layer ${name}: DEPS names ${dep}, not a layer declared before it")
    endif()
    list(APPEND allowed ${dep_allowed})
  endforeach()
  list(REMOVE_DUPLICATES allowed)
  set_property(GLOBAL PROPERTY LOOKOUT_LAYER_ALLOWED_${name} "${allowed}")
  string(REPLACE ";" "," dirs_csv "${L_DIRS}")
  string(REPLACE ";" "," allowed_csv "${allowed}")
  set_property(GLOBAL APPEND PROPERTY LOOKOUT_LAYER_SPEC "${name}:${dirs_csv}:${allowed_csv}")
  if(L_NO_LIBRARY)
    return()
  endif()

  set(sources "")
  foreach(dir IN LISTS L_DIRS)
    file(GLOB_RECURSE found CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${dir}/*.cc)
    list(APPEND sources ${found})
  endforeach()
  list(FILTER sources EXCLUDE REGEX "(_test|_bench)\\.cc$")
  foreach(dir IN LISTS L_EXCLUDE)
    list(FILTER sources EXCLUDE REGEX "/src/${dir}/")
  endforeach()
  if(LOOKOUT_SKIP_REGEX)
    list(FILTER sources EXCLUDE REGEX "${LOOKOUT_SKIP_REGEX}")
  endif()
  if(LOOKOUT_FUZZ)
    list(FILTER sources EXCLUDE REGEX "${LOOKOUT_FUZZ_SKIP_REGEX}")
  endif()
  add_library(lookout_${name} STATIC ${sources})
  foreach(dep IN LISTS L_DEPS)
    target_link_libraries(lookout_${name} PUBLIC lookout_${dep})
  endforeach()
  add_dependencies(lookout_${name} lookout_layer_check)
  lookout_warnings(lookout_${name})
  set_property(GLOBAL APPEND PROPERTY LOOKOUT_LAYER_TARGETS lookout_${name})
endfunction()

# The check over src/ (every .h and .cc, tests beside the code included).
function(lookout_check_layer_includes)
  get_property(spec GLOBAL PROPERTY LOOKOUT_LAYER_SPEC)
  lookout_check_layers(${CMAKE_SOURCE_DIR}/src "${spec}")
  # The same at build time, rerun when a file of src/ changes, so that an
  # include added after the last configure is refused before anything compiles.
  file(GLOB_RECURSE checked CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/*.h ${CMAKE_SOURCE_DIR}/src/*.cc)
  string(REPLACE ";" "|" spec_arg "${spec}")
  set(stamp ${CMAKE_BINARY_DIR}/layer_check.stamp)
  add_custom_command(OUTPUT ${stamp}
    COMMAND ${CMAKE_COMMAND} -DROOT=${CMAKE_SOURCE_DIR}/src "-DSPEC=${spec_arg}" -DSTAMP=${stamp}
            -P ${CMAKE_SOURCE_DIR}/cmake/check_layers.cmake
    DEPENDS ${checked} ${CMAKE_SOURCE_DIR}/cmake/check_layers.cmake ${CMAKE_SOURCE_DIR}/cmake/layer_rule.cmake
    COMMENT "Checking that no include runs upward between layers"
    VERBATIM)
  add_custom_target(lookout_layer_check DEPENDS ${stamp})
endfunction()

# Sets ${out_var} to the libraries of the layers `file` includes (a fuzz target
# links only those, so building one builds only the layers it exercises).
function(lookout_layers_included file out_var)
  get_property(spec GLOBAL PROPERTY LOOKOUT_LAYER_SPEC)
  file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
  set(libs "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\"")
      _lookout_layer_of("${CMAKE_MATCH_1}" "${spec}" layer)
      if(TARGET lookout_${layer})
        list(APPEND libs lookout_${layer})
      endif()
    endif()
  endforeach()
  list(REMOVE_DUPLICATES libs)
  set(${out_var} "${libs}" PARENT_SCOPE)
endfunction()
