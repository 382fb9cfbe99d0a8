# Runs a command that must fail cleanly: exit code EXPECT_RC (not a crash) and stderr matching
# EXPECT_STDERR (a regular expression), with nothing on stdout.
#   cmake -DCMD="whsim;demo;--bogus" -DEXPECT_RC=2 -DEXPECT_STDERR="unrecognised" -P expect_failure.cmake
execute_process(COMMAND ${CMD} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc STREQUAL "${EXPECT_RC}")
  message(FATAL_ERROR "expected exit code ${EXPECT_RC}, got '${rc}'\nstderr: ${err}")
endif()
if(NOT err MATCHES "${EXPECT_STDERR}")
  message(FATAL_ERROR "stderr does not match '${EXPECT_STDERR}':\n${err}")
endif()
if(NOT out STREQUAL "")
  message(FATAL_ERROR "expected no output on stdout, got:\n${out}")
endif()
message(STATUS "failed as expected (${rc}): ${err}")
