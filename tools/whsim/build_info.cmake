# Writes build_info.cpp (the commit, dirty flag, compiler and flags whsim records in every
# result) at build time, so a commit made after configuring is still seen. configure_file only
# rewrites the file when its content changes, so an unchanged tree relinks nothing.
# Inputs (-D): SOURCE_DIR, OUTPUT, COMPILER, FLAGS.
set(commit "unknown")
set(dirty 0)
find_program(GIT git)
if(GIT AND EXISTS "${SOURCE_DIR}/.git")
  execute_process(COMMAND ${GIT} -C "${SOURCE_DIR}" rev-parse HEAD OUTPUT_VARIABLE out RESULT_VARIABLE rc
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(rc EQUAL 0)
    set(commit "${out}")
    execute_process(COMMAND ${GIT} -C "${SOURCE_DIR}" status --porcelain --untracked-files=no
                    OUTPUT_VARIABLE status RESULT_VARIABLE rc ERROR_QUIET)
    if(rc EQUAL 0 AND NOT status STREQUAL "")
      set(dirty 1)
    endif()
  endif()
endif()
set(WHSIM_GIT_COMMIT "${commit}")
set(WHSIM_GIT_DIRTY ${dirty})
set(WHSIM_COMPILER "${COMPILER}")
string(REPLACE "\"" "\\\"" WHSIM_COMPILER_FLAGS "${FLAGS}")
configure_file("${CMAKE_CURRENT_LIST_DIR}/build_info.cpp.in" "${OUTPUT}" @ONLY)
