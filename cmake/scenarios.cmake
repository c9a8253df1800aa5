# The drone-from-a-ship scenario under each sensor timing model
# (tools/synth/dronesim.py drone_from_ship_timed), written into the build tree
# when the simulator changes rather than committed (each is up to ~2 MB) or
# written by every test run (the simulator takes seconds a variant):
# tests/air/drone_timing_test.cc replays them from LOOKOUT_TIMED_SCENARIOS.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(LOOKOUT_TIMED_SCENARIOS "${CMAKE_BINARY_DIR}/scenarios/drone_timed")
set(lookout_timed_outputs)
foreach(variant rotating_1s rotating_4s staring_4hz rf_2s two_radars out_of_order rotating_1s_jitter)
  set(args --timing ${variant})
  if(variant STREQUAL "rotating_1s_jitter")
    set(args --timing rotating_1s --jitter)
  endif()
  set(dir "${LOOKOUT_TIMED_SCENARIOS}/${variant}")
  add_custom_command(
    OUTPUT "${dir}/detections.jsonl" "${dir}/sensors.json" "${dir}/truth.jsonl" "${dir}/ais.nmea"
    COMMAND Python3::Interpreter "${CMAKE_SOURCE_DIR}/tools/synth/dronesim.py" drone_from_ship_timed "${dir}" ${args}
    DEPENDS "${CMAKE_SOURCE_DIR}/tools/synth/dronesim.py" "${CMAKE_SOURCE_DIR}/tools/synth/aissynth.py"
    COMMENT "dronesim: drone_from_ship_timed ${variant}"
    VERBATIM)
  list(APPEND lookout_timed_outputs "${dir}/detections.jsonl")
endforeach()
add_custom_target(lookout_timed_scenarios DEPENDS ${lookout_timed_outputs})
add_dependencies(lookout_tests lookout_timed_scenarios)
target_compile_definitions(lookout_tests PRIVATE LOOKOUT_TIMED_SCENARIOS="${LOOKOUT_TIMED_SCENARIOS}")
