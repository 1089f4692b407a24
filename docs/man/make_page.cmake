# SPDX-License-Identifier: GPL-2.0-or-later
# One man page: the template with @TOKEN@ replaced by what GEN prints, run
# through scdoc. cmake -DTEMPLATE=... -DSCD=... -DOUT=... -DSCDOC=... -DTOKEN=...
#   -DGEN="program;arg;..." -P make_page.cmake
execute_process(COMMAND ${GEN} OUTPUT_VARIABLE generated RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${GEN} failed (${rc})")
endif()
file(READ "${TEMPLATE}" text)
string(REPLACE "@${TOKEN}@" "${generated}" text "${text}")
file(WRITE "${SCD}" "${text}")
execute_process(COMMAND "${SCDOC}" INPUT_FILE "${SCD}" OUTPUT_FILE "${OUT}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE "${OUT}")
  message(FATAL_ERROR "scdoc failed on ${SCD}")
endif()
