# The hostile- and bad-input corpus (CTest: bad_input.corpus). For every FILE.yaml here,
# `whsim validate FILE.yaml` (run from the repository root) must exit with 65, print nothing on
# stdout, and print exactly FILE.expected on stderr.
#   cmake -DWHSIM=path/to/whsim -DSOURCE_DIR=repo -P run_bad_input.cmake
# After an intended change of a message, regenerate with:
#   for f in tests/bad_input/*.yaml; do whsim validate $f 2> ${f%.yaml}.expected; done
file(GLOB cases RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/tests/bad_input/*.yaml)
list(LENGTH cases count)
if(count LESS 25)
  message(FATAL_ERROR "expected at least 25 bad-input cases, found ${count}")
endif()
set(failed "")
foreach(case IN LISTS cases)
  string(REGEX REPLACE "\\.yaml$" ".expected" expected_file "${case}")
  execute_process(COMMAND ${WHSIM} validate ${case} WORKING_DIRECTORY ${SOURCE_DIR}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  file(READ ${SOURCE_DIR}/${expected_file} expected)
  if(NOT rc EQUAL 65)
    message(SEND_ERROR "${case}: exit code ${rc}, expected 65\n${err}")
    list(APPEND failed ${case})
  elseif(NOT out STREQUAL "")
    message(SEND_ERROR "${case}: unexpected output on stdout: ${out}")
    list(APPEND failed ${case})
  elseif(NOT err STREQUAL expected)
    message(SEND_ERROR "${case}: stderr differs from ${expected_file}\n--- expected\n${expected}--- got\n${err}")
    list(APPEND failed ${case})
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "bad-input cases with a different outcome: ${failed}")
endif()
message(STATUS "${count} bad-input cases rejected with their expected messages and exit code 65")
