# docs/kpis.md must be exactly what `whsim kpis --markdown` generates from the KPI registry.
#   cmake -DWHSIM=path/to/whsim -DDOC=docs/kpis.md -P check_kpi_doc.cmake
# Fix a failure with: whsim kpis --markdown > docs/kpis.md
execute_process(COMMAND ${WHSIM} kpis --markdown RESULT_VARIABLE rc OUTPUT_VARIABLE generated)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "whsim kpis --markdown failed (${rc})")
endif()
file(READ ${DOC} current)
if(NOT generated STREQUAL current)
  message(FATAL_ERROR "${DOC} is out of date with the KPI registry; regenerate it with\n"
                      "  whsim kpis --markdown > docs/kpis.md\n--- generated:\n${generated}")
endif()
message(STATUS "${DOC} matches the KPI registry")
