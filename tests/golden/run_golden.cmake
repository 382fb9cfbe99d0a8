# Golden run of the kernel demo (CTest: golden.demo_fingerprint). The same checked-in files are
# compared by every build (dev -O0 with sanitizers, ci -O3, native), so passing everywhere means
# bit-identical results across optimisation levels and CPUs.
#   cmake -DWHSIM=path/to/whsim -DGOLDEN_DIR=tests/golden -P run_golden.cmake
# To update after an intended change of behaviour, run the commands below and replace the files
# (and say why in the commit message).
set(cases
  "demo_mm3_seed1|demo --seed 1 --horizon-hours 400 --warmup-hours 10 --no-timing"
  "demo_md1_seed7|demo --seed 7 --servers 1 --arrivals-per-hour 40 --service det --horizon-hours 400 --no-timing")
set(failed "")
foreach(case IN LISTS cases)
  string(REPLACE "|" ";" parts "${case}")
  list(GET parts 0 name)
  list(GET parts 1 cmdline)
  separate_arguments(argv UNIX_COMMAND "${cmdline}")
  execute_process(COMMAND ${WHSIM} ${argv} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(SEND_ERROR "${name}: whsim ${cmdline} exited ${rc}: ${err}")
    list(APPEND failed ${name})
    continue()
  endif()
  # The first line names the version; compare everything else.
  string(REGEX REPLACE "^whsim [^ ]+ " "whsim VERSION " out "${out}")
  set(expected_file ${GOLDEN_DIR}/${name}.txt)
  if(NOT EXISTS ${expected_file})
    message(SEND_ERROR "${name}: missing ${expected_file}; output was:\n${out}")
    list(APPEND failed ${name})
    continue()
  endif()
  file(READ ${expected_file} expected)
  if(NOT out STREQUAL expected)
    message(SEND_ERROR "${name}: output differs from ${expected_file}\n--- expected\n${expected}\n--- got\n${out}")
    list(APPEND failed ${name})
  else()
    message(STATUS "${name}: identical to ${expected_file}")
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "golden runs differ: ${failed}")
endif()
