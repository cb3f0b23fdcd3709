// The asymptotic reading of Theorem 3.2 along a path of growing h ([sweep] of a regime): at each
// point, the ratio ‖E∇_{W_i} L‖ / (q_i m2) for the checked rows, and a fit of
//     log ratio = a + b log h
// whose slope b is compared with the exponent predicted by the explicit class bounds
// (term_bounds.hpp: predicted_exponent, from p, ξ, ν² and the bias exponent at each point).
//
// Per point: where deterministic support recovery is PROVEN (exact per-unit windows,
// support_recovery.hpp) the closed form equals the true expected gradient and the ratio is
// enclosed in MPFI (ExpectedGradient<interval> with rows on demand: O(hn) memory); otherwise the
// true gradient is estimated by Monte Carlo (Gaussian-concentration norm radius at the point's
// level), or the point is marked not computed when the engine would not fit in memory.
//
// Slope interval: ordinary least squares on the interval midpoints with a Student t interval from
// the residuals (m - 2 degrees of freedom) at the regime's confidence. Certified points have no
// noise, so the interval measures how far the ratios are from a single power law over the path.
#pragma once

#include "hypotheses.hpp"
#include "regime.hpp"

#include <string>
#include <vector>

namespace scae {

struct SweepPointResult {
  SweepPoint point;
  double p = 0, xi = 0, nu_squared = 0, coherence = 0, delta = 0, bias = 0;
  std::vector<Hypothesis> hypotheses;  // check_hypotheses at the point (hypotheses.hpp)
  std::string recovery;        // outcome of deterministic recovery: PROVEN, REFUTED, UNDECIDED
  std::string method;          // "certified closed form", "Monte Carlo" or "not computed"
  std::string note;            // why not computed, or the Monte Carlo method
  std::vector<int> rows;
  std::vector<double> ratio, lower, upper;  // per row: ‖E∇_{W_i}‖/(q_i m2), with bounds
  double mean_ratio = 0;       // mean over rows of the midpoints (NaN when not computed)
  double predicted_exponent = 0;
  std::string dominant_class;  // of the predicted exponent
  std::uint64_t samples = 0;   // Monte Carlo only
  double confidence = 0;       // Monte Carlo only: level of each row's interval
  bool computed() const { return method != "not computed"; }
};

// Evaluates one point; `confidence` is the level of each Monte Carlo interval.
SweepPointResult evaluate_sweep_point(const Regime& regime, const SweepPoint& point, int threads, double confidence);

struct SlopeFit {
  int points = 0;
  double slope = 0, intercept = 0;
  double lower = 0, upper = 0;  // confidence interval of the slope (±inf with fewer than 3 points)
  double confidence = 0;
};

// Least-squares fit of log y against log x; throws std::invalid_argument with fewer than 2 points
// or a non-positive value.
SlopeFit fit_log_log(const std::vector<double>& x, const std::vector<double>& y, double confidence);

// Bytes the sweep needs at one point (A*, W, |A*|, |W|, M with its error bound and transposed copy,
// the coherence product): 8 (4nh + 5h²).
std::uint64_t sweep_point_memory_bytes(int n, int h);

// Seconds one point is estimated to take with `threads` threads: the interval arithmetic over the
// h x n entries (4 µs each, from asymptotic-hadamard: 415 s at h = 16384, n = 8192), the double
// products of order n h² (M = W A* and its error bound; none for identity+Hadamard, which uses the
// fast transform) at 5 G multiply-adds per second and thread, and the Monte Carlo run in case
// recovery is not certified (estimated_monte_carlo_seconds).
double sweep_point_seconds(const Regime& regime, const SweepPoint& point, int threads);

}  // namespace scae
