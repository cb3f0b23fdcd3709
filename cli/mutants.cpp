#include "cli/mutants.hpp"

#include "runs/claim_catalog.hpp"
#include "input/instance_builder.hpp"
#include "numerics/core/mutation.hpp"

#include <cstdio>
#include <exception>
#include <stdexcept>

namespace scae {

namespace {

struct RegimeRun {
  std::vector<std::string> failing;  // ids of the claims that failed
  int statistical = 0;               // statistical verdicts given
  int statistical_failing = 0;
  std::string error;                 // what() of an exception, if one was thrown
};

// The claim catalog on one regime, with whatever mutant is active.
RegimeRun run_regime(const Regime& regime, int threads) {
  RegimeRun out;
  try {
    const Instance instance = build_instance(regime);
    for (const auto& r : run_claims(instance, default_rows(instance.h()), threads, regime.claims)) {
      const bool statistical = r.claim->method == Method::statistical;
      out.statistical += statistical;
      if (as_expected(r, regime.expect)) continue;
      out.failing.push_back(r.claim->id);
      out.statistical_failing += statistical;
    }
  } catch (const std::exception& e) {
    out.error = e.what();
  }
  return out;
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

// The regimes with their Monte Carlo and point seeds moved by `offset`.
Regime with_seed_offset(Regime regime, std::uint64_t offset) {
  regime.monte_carlo.seed += offset;
  regime.point.seed += offset;
  return regime;
}

void false_alarms(const std::vector<Regime>& regimes, int seeds, int threads) {
  int statistical = 0, statistical_failing = 0, certified_failing = 0;
  for (int s = 0; s < seeds; ++s)
    for (const Regime& shipped : regimes) {
      const Regime regime = with_seed_offset(shipped, static_cast<std::uint64_t>(s));
      const RegimeRun run = run_regime(regime, threads);
      if (!run.error.empty()) throw std::runtime_error("without a mutant, " + regime.name + " failed: " + run.error);
      statistical += run.statistical;
      statistical_failing += run.statistical_failing;
      certified_failing += static_cast<int>(run.failing.size()) - run.statistical_failing;
      if (!run.failing.empty())
        std::printf("  no mutant, %s, Monte Carlo seed %llu, point seed %llu: %s\n", regime.name.c_str(),
                    static_cast<unsigned long long>(regime.monte_carlo.seed),
                    static_cast<unsigned long long>(regime.point.seed), join(run.failing, ", ").c_str());
      std::fflush(stdout);
    }
  const double level = 1 - regimes.front().monte_carlo.confidence.convert_to<double>();
  std::printf("false alarms: %d of %d statistical verdicts at family-wise level %g per run (%d seeds x %zu regimes; "
              "certified claims failing: %d)\n\n",
              statistical_failing, statistical, level, seeds, regimes.size(), certified_failing);
}

}  // namespace

int run_mutants(const MutantsOptions& options) {
  std::vector<Regime> regimes;
  for (const auto& path : options.regimes) regimes.push_back(load_regime(path));
  if (regimes.empty()) throw std::invalid_argument("--regimes is empty; accepted: one or more regime files");
  std::vector<MutantInfo> chosen;
  if (options.only.empty()) chosen = mutant_catalog();
  for (const auto& id : options.only) chosen.push_back(mutant_info(mutant_from_id(id)));
  if (!mutant_hooks_compiled_in)
    throw std::invalid_argument("mutants: this build has no mutation hooks (they are compiled in only on request, so that "
                                "normal builds pay nothing for them); accepted: `./scae mutants`, which builds and runs "
                                "the `mutants` preset in build-mutants/, or a build configured with -DSCAE_MUTANTS=ON");

  if (options.seeds > 0) false_alarms(regimes, options.seeds, options.threads);

  std::vector<Regime> budget = regimes;
  for (Regime& r : budget)
    if (options.samples > 0) r.monte_carlo.samples = options.samples;
  std::printf("mutant runs: regimes %s; rows 0, h/2, h-1; Monte Carlo samples %s\n", join([&] {
                std::vector<std::string> names;
                for (const Regime& r : regimes) names.push_back(r.name);
                return names;
              }(), ", ").c_str(),
              options.samples > 0 ? std::to_string(options.samples).c_str() : "as each regime says");
  std::printf("%-28s | %-100s | %s\n", "mutant", "description", "caught by (claim @ regime)");
  int caught = 0;
  for (const MutantInfo& info : chosen) {
    std::vector<std::string> by;
#ifdef SCAE_MUTANTS
    {
      const MutantGuard guard(info.mutant);
      for (const Regime& regime : budget) {
        const RegimeRun run = run_regime(regime, options.threads);
        if (!run.error.empty()) by.push_back("error: " + run.error + " @ " + regime.name);
        for (const auto& id : run.failing) by.push_back(id + " @ " + regime.name);
      }
    }
#endif
    caught += !by.empty();
    std::printf("%-28s | %-100s | %s\n", info.id.c_str(), info.description.c_str(),
                by.empty() ? "NOT CAUGHT" : join(by, ", ").c_str());
    std::fflush(stdout);
  }
  std::printf("mutants: %d/%zu caught\n", caught, chosen.size());
  return caught == static_cast<int>(chosen.size()) ? 0 : 1;
}

}  // namespace scae
