// A ReportRun built by hand, every number chosen and nothing computed, for the tests that render a
// report (checks/reports/test_report.cpp, checks/reports/test_experiments_section.cpp).
#pragma once

#include "runs/report_run.hpp"
#include "checks/test_support.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace scae::testing {

inline Verdict hand_verdict(Outcome outcome, Method method, const std::string& summary) {
  Verdict v;
  v.outcome = outcome;
  v.method = method;
  v.summary = summary;
  v.how = "chosen by hand";
  v.add("a number", "0.25");
  if (method == Method::certified) v.precision_bits = 128;
  if (method == Method::statistical) {
    v.samples = 1000;
    v.confidence = 0.99;
  }
  return v;
}

// Two random directions and the radial one on five grid points; one descent of two steps; two δ.
inline ExperimentsRun hand_built_experiments() {
  ExperimentsRun e;
  e.options.well.directions = 2;
  e.options.well.points = 5;
  e.options.well.fit_half_window = 1;
  e.options.descent.steps = 2;
  e.options.descent.distances = {1};
  e.options.norms.deltas = {0, 0.1};
  e.options.norms.points = 1;
  e.loss_well.ts = {-1, -0.5, 0, 0.5, 1};
  for (const char* direction : {"random 0", "random 1", "radial"}) {
    LossCurve c;
    c.direction = direction;
    c.loss = {1.5, 1.2, 1, 1.2, 1.5};
    c.halfwidth = std::vector<double>(5, 0.01);
    c.argmin = 2;
    c.gap = {0, 0.01};
    c.second_difference = c.fit_curvature = {1.6, 0.1};
    c.fit_slope = {0, 0.05};
    c.outcome = Outcome::consistent;
    e.loss_well.curves.push_back(c);
  }
  e.loss_well.verdict = hand_verdict(Outcome::consistent, Method::statistical, "every random direction has its bottom at t = 0");
  e.loss_well.scaling_verdict = hand_verdict(Outcome::consistent, Method::statistical, "the radial direction too");
  e.well_verdict = hand_verdict(Outcome::consistent, Method::statistical, "A*^T is at the bottom along every line");
  e.bias_form = 0.2;
  e.median_bias = 0.3;
  e.loss_well.curve_level = 0.99;
  DescentRun run;
  run.start_distance = 1;
  run.max_distance = {1, 0.5, 0.1};
  run.mean_distance = {1, 0.4, 0.08};
  run.min_distance = {1, 0.3, 0.05};
  run.loss = {2, 1.2, 1};
  run.exact = {true, true};
  run.exact_steps = 2;
  run.final_mean_norm = 1;
  run.final_min_cosine = 0.9999;
  run.outcome = Outcome::consistent;
  e.descent.step_size = 0.5;
  e.descent.runs = {run};
  e.descent.verdict = hand_verdict(Outcome::consistent, Method::statistical, "every start ends close to A*");
  e.gradient_norms.scale = 0.5;
  e.gradient_norms.level = 0.99;
  e.gradient_norms.method = "chosen by hand";
  e.gradient_norms.points = {{0, 0, true, 0.01, 0.01, 0.001, 0.01, 0.001, 1}, {0.1, 0, false, 0.1, 0.1, 0.01, 0.1, 0.01, 0.9}};
  e.norms_verdict = hand_verdict(Outcome::consistent, Method::statistical, "small near A*");
  e.seconds = {1, 2, 3};
  return e;
}

inline const Claim& catalog_claim(const std::string& id) {
  const auto& catalog = claim_catalog();
  const auto c = std::find_if(catalog.begin(), catalog.end(), [&](const Claim& x) { return x.id == id; });
  if (c == catalog.end()) throw std::logic_error("no claim " + id);
  return *c;
}

// A regime "hand" of h = 4 units with two claims, both PROVEN, the second expected PROVEN, no sweep.
inline ReportRun hand_built_report_run() {
  ReportRun run;
  run.regime = parse_regime(RegimeText{.name = "hand",
                                       .description = "a report built by hand",
                                       .expect = "\"recovery.window_nonempty\" = \"PROVEN\""}
                                .text(),
                            "hand.toml");
  run.rows = {0, 3};
  NumericsSummaryRun& s = run.numerics;
  s.n = 4, s.h = 4, s.k = 2;
  s.a1 = "1", s.a2 = "2", s.m1 = "3/2", s.m2 = "7/3", s.q1 = "1/2";
  s.coherence.value = 0.5;
  s.coherence.enclosure = interval(0.49, 0.51);
  s.coherence.xi_value = 0.5;
  s.coherence.xi = interval(0.49, 0.51);
  s.max_row_distance = 0.01;
  s.bias_min = s.bias_max = 0.3;
  MonteCarloResult& mc = s.monte_carlo;
  mc.samples = 1000;
  mc.batches = 10;
  mc.confidence = 0.95;
  mc.seed = 1;
  mc.gradient.norm = mc.gradient.norm_radius = mc.gradient.norm_radius_bounded = VectorXd::Constant(4, 0.02);
  mc.correction.norm = VectorXd::Constant(4, 0.001);
  mc.loss = {1, 0.01, 0.02, 0};
  mc.recovery.rate = 1;
  mc.recovery.lower = 0.99;
  mc.mean_active_units = 2;
  run.windows = {0.1, 0.9, {0.05, 0.05, 0.05, 0.05}, {0.95, 0.95, 0.95, 0.95}, {0.3, 0.3, 0.3, 0.3}};
  run.claims = {{&catalog_claim("recovery.window_nonempty"), hand_verdict(Outcome::proven, Method::certified, "non-empty")},
                {&catalog_claim("recovery.deterministic"), hand_verdict(Outcome::proven, Method::certified, "every unit")}};
  run.bias_form = 0.2;
  run.family_level = 0.05;
  run.experiments = hand_built_experiments();
  run.context = {"2026-01-01T00:00:00Z", "hand", 2, 1, 4.5};
  return run;
}

}  // namespace scae::testing
