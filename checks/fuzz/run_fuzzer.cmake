# One bounded fuzz run: a fresh working corpus, then FUZZER for SECONDS with seed 1 over it and the
# seed corpus (new inputs go to the working corpus only). Fails when libFuzzer reports a finding.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/corpus)
execute_process(
  COMMAND ${FUZZER} -seed=1 -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=4096 -malloc_limit_mb=4096
          -max_len=8192 -print_final_stats=1 -artifact_prefix=${WORK}/ ${WORK}/corpus ${SEED_CORPUS}
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "fuzzer ${FUZZER} found a failing input (exit ${result}); see ${WORK}/crash-* and the log above")
endif()
