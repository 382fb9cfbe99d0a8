# Golden runs of the warehouse model (CTest: golden.quickstart_summary): `whsim run` writes
# summary.json, and everything in it but the version, commit and provenance (wall time) must
# match the checked-in file byte for byte. Every build compares the same file (dev -O0 with
# sanitizers, ci -O3, native), so passing everywhere means bit-identical results.
#   cmake -DWHSIM=path/to/whsim -DGOLDEN_DIR=tests/golden -DWORK_DIR=/tmp/x -P run_golden_summary.cmake
# To update after an intended change of behaviour, run
#   whsim run --quiet --out /tmp/q [ARGS]; this script writes the actual output (what it
#   compares) to WORK_DIR/NAME.actual.json on a mismatch: copy that to tests/golden/NAME.json
#   (say why in the commit).
cmake_policy(SET CMP0007 NEW)
set(cases
  "quickstart_seed1|"
  "quickstart_seed7_policies|--seed 7 --set policies.pod_storage=nearest_free --set policies.slotting=class_based --set policies.robot_assignment=first_idle --set policies.pod_selection=nearest")
set(failed "")
foreach(case IN LISTS cases)
  string(REPLACE "|" ";" parts "${case}")
  list(GET parts 0 name)
  list(LENGTH parts n)
  set(argv "")
  if(n GREATER 1)
    list(GET parts 1 cmdline)
    separate_arguments(argv UNIX_COMMAND "${cmdline}")
  endif()
  set(out_dir ${WORK_DIR}/${name})
  file(REMOVE_RECURSE ${out_dir})
  execute_process(COMMAND ${WHSIM} run --quiet --out ${out_dir} ${argv} RESULT_VARIABLE rc ERROR_VARIABLE err
                  OUTPUT_QUIET)
  if(NOT rc EQUAL 0)
    message(SEND_ERROR "${name}: whsim run exited ${rc}: ${err}")
    list(APPEND failed ${name})
    continue()
  endif()
  # Read the whole file (not line by line: CMake lists mangle lines with brackets) and drop what
  # differs between builds and runs: the version and commit lines and the "provenance" member
  # (the last one).
  file(READ ${out_dir}/summary.json actual)
  string(REGEX REPLACE "  \"(whsim_version|git_commit|git_dirty)\": [^\n]*\n" "" actual "${actual}")
  string(REGEX REPLACE "  \"provenance\": .*$" "" actual "${actual}")
  set(expected_file ${GOLDEN_DIR}/${name}.json)
  if(NOT EXISTS ${expected_file})
    file(WRITE ${WORK_DIR}/${name}.actual.json "${actual}")
    message(SEND_ERROR "${name}: missing ${expected_file}; actual output in ${WORK_DIR}/${name}.actual.json")
    list(APPEND failed ${name})
    continue()
  endif()
  file(READ ${expected_file} expected)
  if(NOT actual STREQUAL expected)
    file(WRITE ${WORK_DIR}/${name}.actual.json "${actual}")
    message(SEND_ERROR "${name}: summary.json differs from ${expected_file} (actual in ${WORK_DIR}/${name}.actual.json)")
    list(APPEND failed ${name})
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "golden summaries failed: ${failed}")
endif()
message(STATUS "golden summaries match")
