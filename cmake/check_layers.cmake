# The layer check as a script, run by the build before it compiles a layer
# (so an include added since the last configure is refused too) and by the
# ctest that proves the check fires on an upward include (tests/layers/):
#   cmake -DROOT=<dir> -DSPEC=<layers, "|" between them> [-DSTAMP=<file>] -P cmake/check_layers.cmake
# SPEC is described in cmake/layer_rule.cmake; "|" stands for ";" so that the
# list survives a command line.
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/layer_rule.cmake)
if(NOT DEFINED ROOT OR NOT DEFINED SPEC)
  message(FATAL_ERROR "usage: cmake -DROOT=<dir> -DSPEC=<spec> [-DSTAMP=<file>] -P check_layers.cmake")
endif()
string(REPLACE "|" ";" spec "${SPEC}")
lookout_check_layers("${ROOT}" "${spec}")
if(DEFINED STAMP)
  file(TOUCH "${STAMP}")
endif()
