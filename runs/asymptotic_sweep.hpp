// The asymptotic reading of Theorem 3.2 along a path of growing h ([sweep] of a regime;
// docs/theory.md, "The asymptotic reading"). At each point and for each bias series (the path's
// rule, and a contrast rule on the same instance), the ratio ‖E∇_{W_i} L‖ / (q_i m2) of the checked
// rows: 0, h/2, h − 1 and a seeded sample of further rows (Philox stream `rows`, counter h).
//
// Per point and series: where deterministic support recovery is PROVEN (exact per-unit windows,
// support_recovery.hpp) the closed form equals the true expected gradient and the ratio is enclosed
// in MPFI (rows on demand, O(hn) memory); otherwise the true gradient is estimated by Monte Carlo
// (Gaussian-concentration norm radius at the point's level) with the recovery rate, its
// Clopper-Pearson interval and the Chernoff-Hoeffding bound, or the point is marked not computed
// when the engine would not fit in memory. Beside the ratio: the bias's form ε(2 m1 − ε)/m2 (the two
// diagonal classes at W = A*ᵀ), the evaluated class norms and the dominant class, the absolute
// ‖E∇_{W_i}‖, and B_ball, the Theorem 3.2 bound for every W of the δ-ball (theorem_3_2.hpp).
//
// The fit log ratio = a + b log h (ordinary least squares on the mean ratios) carries two ranges,
// neither a confidence interval of a power law's slope: the error-bar range (the smallest and
// largest slope over ratios anywhere in their certified or Monte Carlo intervals; exact, as the
// slope is linear in each log ratio) and the misfit range (Student t from the residuals: how far
// the means are from one power law). The prediction is p − ξ, fitted the same way through the
// points' own p = log k / log h and ξ (so a path of rounded k is compared with itself).
#pragma once

#include "bias_rule.hpp"
#include "hypotheses.hpp"
#include "regime.hpp"
#include "sweep_path.hpp"
#include "verdict.hpp"

#include <optional>
#include <string>
#include <vector>

namespace scae {

// One bias series at one point.
struct SeriesPoint {
  BiasChoice rule;
  double eps_min = 0, eps_median = 0, eps_max = 0;
  std::string recovery;  // deterministic recovery: PROVEN, REFUTED, UNDECIDED
  std::string method;    // "certified closed form", "Monte Carlo" or "not computed"
  std::string note;      // why not computed, or the Monte Carlo method
  std::vector<double> ratio, lower, upper;  // per row: ‖E∇_{W_i}‖/(q_i m2), with bounds
  double mean_ratio = 0;                    // mean over the rows (NaN when not computed)
  std::vector<double> quantiles;            // min, 25 %, median, 75 %, max of the ratios
  double mean_gradient_norm = 0;            // mean over the rows of ‖E∇_{W_i}‖
  double bias_form = 0;                     // mean over the rows of ε_i (2 m1 − ε_i) / m2
  std::vector<std::pair<std::string, double>> class_ratios;  // certified only: mean ‖class‖/(q_i m2)
  std::string dominant_class;               // the largest of class_ratios
  double bound_lower = 0, bound_upper = 0;  // B_ball (NaN when not computed)
  // Support recovery: 1 when certified, else the Monte Carlo rate with its interval and the bound.
  double recovery_rate = 0, recovery_lower = 0, recovery_upper = 0, recovery_bound = 0;
  std::uint64_t samples = 0;  // Monte Carlo only
  double confidence = 0;      // Monte Carlo only: level of each row's interval
  bool computed() const { return method != "not computed"; }
};

struct SweepPointResult {
  SweepPoint point;
  double p = 0, xi = 0, nu_squared = 0, coherence = 0, delta = 0;
  std::vector<Hypothesis> hypotheses;  // check_hypotheses at the point (hypotheses.hpp)
  std::vector<int> rows;               // the fixed rows first, then the sampled ones
  int fixed_rows = 0;
  SeriesPoint main;
  std::optional<SeriesPoint> contrast;
};

struct SweepPointOptions {
  int threads = 1;
  double confidence = 0.95;            // level of each Monte Carlo interval
  int sampled_rows = 0;                // rows drawn at random besides 0, h/2, h − 1
  std::optional<BiasChoice> contrast;  // a second series on the same instance
  bool ball_bound = true;              // B_ball (uniform law of fixed size only)
};

// Rows 0, h/2, h − 1 and `sampled` further distinct rows drawn with Philox (seed, stream rows,
// counter h), sorted; all h rows when h is smaller than their count.
std::vector<int> checked_rows(int h, int sampled, std::uint64_t seed, int* fixed = nullptr);

SweepPointResult evaluate_sweep_point(const Regime& regime, const SweepPoint& point, const SweepPointOptions& options);

struct SlopeFit {
  int points = 0;
  double slope = 0, intercept = 0;
  double lower = 0, upper = 0;  // misfit range of the slope (±inf with fewer than 3 points)
  double confidence = 0;
};

// Least-squares fit of log y against log x; throws std::invalid_argument with fewer than 2 points
// or a non-positive value.
SlopeFit fit_log_log(const std::vector<double>& x, const std::vector<double>& y, double confidence);
// The smallest and largest least-squares slope over y_i anywhere in [lo_i, hi_i] (lo_i > 0).
std::pair<double, double> slope_range(const std::vector<double>& x, const std::vector<double>& lo,
                                      const std::vector<double>& hi);

// Path verdicts. The ball bound decreases from each computed point to the next: PROVEN when every
// step is certified, REFUTED when one certified step increases, else UNDECIDED.
Verdict check_bound_decreases(const std::vector<double>& h, const std::vector<double>& lower,
                              const std::vector<double>& upper);
// The fitted slope against the predicted one: CONSISTENT when the prediction lies in the union of
// the error-bar and misfit ranges widened by `tolerance`, INCONSISTENT when outside, INCONCLUSIVE
// with fewer than 3 points.
Verdict check_slope_matches(const SlopeFit& fit, std::pair<double, double> error_bars, double predicted, double tolerance);

// Bytes the sweep needs at one point with a dense M (A*, W, |A*|, |W|, M with its error bound and
// transposed copy, the coherence product): 8 (4nh + 5h²).
std::uint64_t sweep_point_memory_bytes(int n, int h);
inline constexpr const char* sweep_point_memory_model = "8 bytes x (4nh + 5h^2)";
// At a point of the regime's path: identity+Hadamard never forms M, nor A* and W for a built-in point
// (point_rows.hpp); it holds O(h) per checked row r and series s (the batch's ball matrices of
// expected_gradient_rows.cpp and the enclosures' work space), 8 bytes x (100 r s + 200) h, fitted
// above the measured peaks (docs/performance.md), plus 8 bytes x 2nh when W is read from a file;
// other dictionaries as above. The model's formula, for refusals, by sweep_point_memory_formula.
std::uint64_t sweep_point_memory_bytes(const Regime& regime, const SweepPoint& point);
const char* sweep_point_memory_formula(const Regime& regime);

// Seconds one point is estimated to take with `threads` threads. Identity+Hadamard: n h (2e-7 +
// 1e-8 r s) × 2 / threads for r checked rows and s series (the passes over W's rows, each making them
// again from Philox, and the products of the closed form; fitted above the measured times of
// docs/performance.md). Other dictionaries: the facts and windows over the h x n entries (4 µs each
// with a dense M), each checked row of each series (0.15 µs per h n entry) and the double products
// of order n h² at 5 G multiply-adds per second and thread. Both add the Monte Carlo run in case
// recovery is not certified (estimated_monte_carlo_seconds).
double sweep_point_seconds(const Regime& regime, const SweepPoint& point, int threads);
// The level of each Monte Carlo interval of a point of the regime's path: the regime's confidence,
// Bonferroni over the path's points, checked rows and series.
double sweep_point_confidence(const Regime& regime);

}  // namespace scae
