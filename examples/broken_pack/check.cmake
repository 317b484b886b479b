execute_process(COMMAND ${VERDICT} check ${PACK} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE out)
message("${out}")
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "expected exit status 1, got ${rc}")
endif()
foreach(expected "refund.yaml:13:42: error: YAML: illegal flow end"
                 "tier.yaml:13:24: error: record 'customer' has no field 'arpuu' (did you mean 'arpu'?)")
  string(FIND "${out}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "missing diagnostic: ${expected}")
  endif()
endforeach()
