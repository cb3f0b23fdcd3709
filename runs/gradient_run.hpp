// `scae gradient`'s computation, returned as a typed result: for each chosen row, the closed form
// (docs/theory.md §4) with its term classes, a certified enclosure where support recovery is
// certified (then the closed form is the true expected gradient), the Monte Carlo mean of the true
// gradient (by the row-conditional estimator, numerics/estimate/row_conditional.hpp) and the oracle
// correction (plain sampling) with per-coordinate halfwidths. reports/gradient_report renders it.
#pragma once

#include "numerics/core/confidence.hpp"
#include "theory/expected_gradient.hpp"
#include "input/regime.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace scae {

// One row of a Monte Carlo mean: per-coordinate mean and halfwidth, with its sample count and method.
struct RowEstimate {
  VectorXd mean, halfwidth;
  std::uint64_t samples = 0;
  double confidence = 0;
  std::string method;
};

struct GradientRow {
  int row = 0;
  ExpectedGradientTerms<double> closed_form;         // total and one vector per term class
  std::vector<std::pair<double, double>> enclosure;  // outward doubles per coordinate; empty unless recovery is certified
  double monte_carlo_norm = 0, monte_carlo_norm_radius = 0;
  RowEstimate monte_carlo;                           // the true gradient, row-conditional
  rational q;                                        // P(i in S), exact
  std::uint64_t samples_given = 0, samples_without = 0;
  RowEstimate oracle_correction;                     // grad - grad_oracle, plain sampling
};

struct GradientRun {
  std::uint64_t seed = 0, samples = 0;
  bool recovery_certified = false;
  RateEstimate recovery_rate;  // the support-recovery rate (Clopper-Pearson) from samples of the code law
  double confidence = 0;
  std::vector<GradientRow> rows;
};

// Throws std::invalid_argument naming a row outside [0, h - 1].
GradientRun run_gradient(const Instance& instance, const std::vector<int>& rows, int threads);

}  // namespace scae
