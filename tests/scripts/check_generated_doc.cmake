# A generated page in docs/ must be exactly what whsim prints: docs/kpis.md from
# `whsim kpis --markdown` (the default), docs/scenario-reference.md from `whsim schema --markdown`.
#   cmake -DWHSIM=path/to/whsim -DDOC=docs/kpis.md [-DARGS="kpis;--markdown"] -P check_generated_doc.cmake
if(NOT ARGS)
  set(ARGS kpis --markdown)
endif()
string(REPLACE ";" " " args_text "${ARGS}")
execute_process(COMMAND ${WHSIM} ${ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE generated)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "whsim ${args_text} failed (${rc})")
endif()
file(READ ${DOC} current)
if(NOT generated STREQUAL current)
  message(FATAL_ERROR "${DOC} is out of date with the code; regenerate it with\n"
                      "  whsim ${args_text} > ${DOC}\n--- generated:\n${generated}")
endif()
message(STATUS "${DOC} matches whsim ${args_text}")
