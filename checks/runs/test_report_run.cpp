// Covers runs/report_run.hpp: a report's computed numbers and verdicts are identical for 1, 2 and 8
// threads and change with the Monte Carlo seed; the run checks the regime's claims on the default
// rows, has no sweep without a [sweep] table and keeps its context apart.
#include <doctest/doctest.h>

#include "input/instance_builder.hpp"
#include "runs/report_run.hpp"
#include "checks/test_support.hpp"

using namespace scae;

namespace {
const std::string regime_text =
    scae::testing::RegimeText{.name = "small",
                              .description = "a small Gaussian regime for report tests",
                              .dictionary = "family = \"gaussian\"\nn = 12\nh = 24\nseed = 3",
                              .point = "kind = \"random-direction\"\ndelta = 0.05",
                              .bias = "value = 0.3",
                              .expect = "\"recovery.window_nonempty\" = \"REFUTED\""}
        .text();

ReportRun run_with(const Regime& regime, int threads) {
  ReportOptions options;
  options.threads = threads;
  return run_report(regime, build_instance(regime), options);
}

bool same_verdict(const Verdict& a, const Verdict& b) {
  return a.outcome == b.outcome && a.summary == b.summary && a.evidence == b.evidence;
}

// Every number of the run that report.json states, apart from the context.
bool same_numbers(const ReportRun& a, const ReportRun& b) {
  bool same = a.rows == b.rows && a.bias_form == b.bias_form && a.family_level == b.family_level &&
              a.statistical_claims == b.statistical_claims && a.claims.size() == b.claims.size();
  for (std::size_t c = 0; same && c < a.claims.size(); ++c)
    same = a.claims[c].claim == b.claims[c].claim && same_verdict(a.claims[c].verdict, b.claims[c].verdict);
  const MonteCarloResult &x = a.numerics.monte_carlo, &y = b.numerics.monte_carlo;
  same = same && x.loss.mean == y.loss.mean && x.loss.halfwidth == y.loss.halfwidth && x.recovery.rate == y.recovery.rate &&
         x.gradient.norm == y.gradient.norm && x.gradient.norm_radius == y.gradient.norm_radius &&
         x.correction.norm == y.correction.norm && x.mean_active_units == y.mean_active_units;
  same = same && a.numerics.coherence.value == b.numerics.coherence.value && a.windows.off == b.windows.off &&
         a.windows.on == b.windows.on && a.windows.sufficient_lower == b.windows.sufficient_lower;
  const ExperimentsRun &e = a.experiments, &f = b.experiments;
  same = same && same_verdict(e.loss_well.verdict, f.loss_well.verdict) && same_verdict(e.descent.verdict, f.descent.verdict) &&
         same_verdict(e.norms_verdict, f.norms_verdict) && e.loss_well.curves.front().loss == f.loss_well.curves.front().loss &&
         e.descent.runs.front().max_distance == f.descent.runs.front().max_distance &&
         e.gradient_norms.points.front().corrected == f.gradient_norms.points.front().corrected;
  return same;
}
}  // namespace

TEST_SUITE("report_run") {
  TEST_CASE("the run's numbers and verdicts are identical for 1, 2 and 8 threads and change with the seed") {
    Regime regime = parse_regime(regime_text, "small.toml");
    const ReportRun one = run_with(regime, 1);
    CHECK(same_numbers(one, run_with(regime, 1)));
    CHECK(same_numbers(one, run_with(regime, 2)));
    CHECK(same_numbers(one, run_with(regime, 8)));
    regime.monte_carlo.seed += 1;
    CHECK(!same_numbers(one, run_with(regime, 1)));
  }

  TEST_CASE("the run checks the regime's claims on the fixed and 8 seeded rows, without a sweep, and keeps its context") {
    const Regime regime = parse_regime(regime_text, "small.toml");
    const ReportRun run = run_with(regime, 2);
    CHECK(run.regime.name == "small");
    CHECK(run.rows == claim_rows(24, regime.monte_carlo.seed));
    CHECK(run.rows.size() == 11);  // 0, 12, 23 and 8 drawn as the sweep draws them
    CHECK(run.row_groups.typical.size() + run.row_groups.atypical.size() == 11);
    CHECK(run.claims.size() == select_claims(regime.claims).size());
    CHECK(run.statistical_claims > 0);
    CHECK(run.family_level == 0.05);
    CHECK(run.numerics.h == 24);
    CHECK(run.windows.off.size() == 24);
    CHECK(run.windows.eps == std::vector<double>(24, 0.3));
    CHECK(!run.sweep);
    CHECK(run.experiments.loss_well.curves.size() == 6);  // four random directions, the radial and the descent one
    CHECK(run.context.threads == 2);
    CHECK(run.context.seconds > 0);
    CHECK(run.context.date.size() == 20);
    for (const ClaimResult& r : run.claims)
      if (r.claim->id == "recovery.window_nonempty") CHECK(r.verdict.outcome == Outcome::refuted);
  }
}
