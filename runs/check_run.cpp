#include "runs/check_run.hpp"

namespace scae {

CheckRun run_check(const Instance& instance, const std::vector<int>& rows, int threads, const std::vector<std::string>& only) {
  CheckRun run;
  run.results = run_claims(instance, rows, threads, only);
  run.groups = group_rows(instance.a, rows);
  return run;
}

}  // namespace scae
