// `scae mutants`: mutation testing of the claim catalog (issue #5). For each mutant of
// numerics/core/mutation.hpp it switches the mutant on, builds each cheap regime's instance and runs the
// claims on it; a claim catches the mutant when it fails by the rule of `scae check` (its verdict
// differs from the regime's [expect] entry or, without one, is REFUTED or INCONSISTENT). A thrown
// exception also counts as caught and is shown as "error: ...". Prints one row per mutant (id,
// description, the claims and regimes that caught it) and, last, `mutants: C/K caught`.
// Needs a build with the hooks (-DSCAE_MUTANTS=ON; `./scae mutants` builds one); elsewhere it exits 2.
// With --seeds N it first runs the catalog with no mutant for N Monte Carlo and point seeds on the
// regimes as shipped and counts the claims that fail there: the false alarms.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace scae {

struct MutantsOptions {
  std::vector<std::string> regimes;  // regime files (the cheap shipped ones by default)
  std::vector<std::string> only;     // mutant ids (all when empty)
  int seeds = 0;                     // false-alarm runs per regime, 0: none
  std::uint64_t samples = 0;         // Monte Carlo samples of the mutant runs (0: as the regime says)
  int threads = 1;
};

// Returns the exit code: 0 when every mutant run was caught, 1 otherwise.
int run_mutants(const MutantsOptions& options);

}  // namespace scae
