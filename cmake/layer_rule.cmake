# The layer rule (docs/decisions/0014-layers.md): a source file of a layer may
# include only headers of its own layer and of the layers it is built on.
# Shared by the configure step (cmake/layers.cmake), the build step and the
# ctest that proves the check fires (cmake/check_layers.cmake, cmake -P).
#
# SPEC is a list of layers, each "name:dir,dir...:allowed,allowed...", where a
# dir is a path under ROOT (also the prefix by which other files include it:
# "app/node" is included as "app/node/x.h") and allowed names every layer the
# layer may include, itself too. A file belongs to the layer with the longest
# dir that holds it (src/app/node/ is the node layer, not app); an include
# names the layer with the longest dir that prefixes it. Includes of no layer
# (<...>, "sapient_msg/...", "tests/...") are not judged.
#
# Tests beside the code (foo_test.cc) follow their layer's rule too: a test
# that needs a layer above is a cross-module test and lives in tests/.

# Sets ${out_var} to the name of the layer whose dir is the longest prefix of
# `path` (relative to ROOT, "/" separated), or "" when none is.
function(_lookout_layer_of path spec out_var)
  set(best "")
  set(best_len 0)
  foreach(entry IN LISTS spec)
    string(REPLACE ":" ";" parts "${entry}")
    list(GET parts 0 name)
    list(GET parts 1 dirs)
    string(REPLACE "," ";" dirs "${dirs}")
    foreach(dir IN LISTS dirs)
      string(LENGTH "${dir}/" len)
      string(SUBSTRING "${path}" 0 ${len} head)
      if(head STREQUAL "${dir}/" AND len GREATER best_len)
        set(best "${name}")
        set(best_len ${len})
      endif()
    endforeach()
  endforeach()
  set(${out_var} "${best}" PARENT_SCOPE)
endfunction()

# Checks every .h and .cc under ROOT that belongs to a layer of SPEC; stops
# with FATAL_ERROR listing every include that runs upward (file:line).
function(lookout_check_layers root spec)
  get_filename_component(root "${root}" ABSOLUTE)
  file(GLOB_RECURSE files RELATIVE "${root}" "${root}/*.h" "${root}/*.cc")
  list(SORT files)
  # name -> allowed layers, looked up once per layer rather than per include.
  foreach(entry IN LISTS spec)
    string(REPLACE ":" ";" parts "${entry}")
    list(LENGTH parts n)
    list(GET parts 0 name)
    set(allowed "")
    if(n GREATER 2)
      list(GET parts 2 allowed)
      string(REPLACE "," ";" allowed "${allowed}")
    endif()
    set(_allowed_${name} "${allowed}")
  endforeach()
  set(errors "")
  set(checked 0)
  foreach(file IN LISTS files)
    _lookout_layer_of("${file}" "${spec}" layer)
    if(layer STREQUAL "")
      continue()
    endif()
    math(EXPR checked "${checked} + 1")
    file(STRINGS "${root}/${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
    foreach(line IN LISTS lines)
      if(NOT line MATCHES "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\"")
        continue()
      endif()
      set(target "${CMAKE_MATCH_1}")
      _lookout_layer_of("${target}" "${spec}" to)
      if(to STREQUAL "" OR to IN_LIST _allowed_${layer})
        continue()
      endif()
      # Only an offending include needs its line number: count the newlines
      # before it (not by splitting the file into a list: C++ brackets would
      # stop CMake's list splitting).
      file(READ "${root}/${file}" text)
      string(FIND "${text}" "${line}" at)
      string(SUBSTRING "${text}" 0 ${at} before)
      string(REGEX MATCHALL "\n" newlines "${before}")
      list(LENGTH newlines lineno)
      math(EXPR lineno "${lineno} + 1")
      string(REPLACE ";" "," may "${_allowed_${layer}}")
      string(APPEND errors "  ${root}/${file}:${lineno}: layer '${layer}' includes \"${target}\" of layer '${to}' above it (it may include: ${may})\n")
    endforeach()
  endforeach()
  if(errors)
    message(FATAL_ERROR "An include runs upward between layers (docs/decisions/0014-layers.md):\n${errors}"
                        "Move what both need down a layer, or hand it in through an interface of the lower layer.")
  endif()
  message(STATUS "Layers: ${checked} files of ${root} include only their own layer and the layers below it")
endfunction()
