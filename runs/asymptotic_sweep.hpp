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
// when the engine would not fit in memory (the paper rule's series takes the closed form everywhere:
// the oracle gradient where recovery is not certified). Beside the ratio: the bias's form
// ε(2 m1 − ε)/m2 (the two diagonal classes at W = A*ᵀ) and the remainder beside it, the evaluated
// class norms and the dominant class, the absolute ‖E∇_{W_i}‖, and B_ball, the Theorem 3.2 bound on
// the oracle gradient for every W of the δ-ball (theorem_3_2.hpp), which bounds the true gradient
// where the bias lies in the sufficient window (ball_recovery). Per point: the medians of the exact
// windows' ends and the paper constants C that place every unit in its window.
//
// The fit log ratio = a + b log h (ordinary least squares on the mean ratios) carries two ranges,
// neither a confidence interval of a power law's slope: the error-bar range (the smallest and
// largest slope over ratios anywhere in their certified or Monte Carlo intervals; exact, as the
// slope is linear in each log ratio) and the misfit range (Student t from the residuals: how far
// the means are from one power law). The slope verdict compares it with the slope of the bias's own
// term ε(2 m1 − ε)/m2 with a tolerance computed from the remainder (check_slope_matches_bias_term);
// the theorem's p − ξ, fitted through the points' own p = log k / log h and ξ, is reported beside.
#pragma once

#include "numerics/model/bias_rule.hpp"
#include "theory/hypotheses.hpp"
#include "runs/landscape_path.hpp"
#include "input/regime.hpp"
#include "input/sweep_path.hpp"
#include "numerics/core/enum_names.hpp"
#include "theory/verdict.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace scae {

// How the true ratio of an estimated row compares with the oracle's: its interval lies below or
// above the oracle's enclosure, or overlaps it.
enum class RatioComparison { below, above, not_resolved };
template <> struct Vocabulary<RatioComparison> {
  static constexpr std::string_view what = "ratio comparison";
  static constexpr std::array<EnumName<RatioComparison>, 3> names{
      {{RatioComparison::below, "below"}, {RatioComparison::above, "above"}, {RatioComparison::not_resolved, "not resolved"}}};
};

// How a series' ratio at a point was obtained.
enum class SeriesMethod { certified_closed_form, oracle_closed_form, monte_carlo, not_computed };
template <> struct Vocabulary<SeriesMethod> {
  static constexpr std::string_view what = "series method";
  static constexpr std::array<EnumName<SeriesMethod>, 4> names{{{SeriesMethod::certified_closed_form, "certified closed form"},
                                                                {SeriesMethod::oracle_closed_form, "oracle closed form"},
                                                                {SeriesMethod::monte_carlo, "Monte Carlo"},
                                                                {SeriesMethod::not_computed, "not computed"}}};
};

// The paper rule's series where its recovery is not certified (runs/paper_monte_carlo.hpp): the true
// gradient of one atypical and one typical row by the row-conditional estimator to a relative radius,
// the support-recovery rate by plain Monte Carlo on the same plan beside the Chernoff-Hoeffding bound,
// and the oracle correction E∇ − (closed form), the closed form being the oracle gradient there.
struct PaperEstimate {
  std::string method;                          // the estimators, their samples and confidence methods
  std::vector<int> rows;
  std::vector<bool> atypical;                  // per row: coherent with half the dictionary
  std::vector<double> ratio, lower, upper;     // ‖E∇_{W_i}‖/(q_i m2) of the true gradient, with its interval
  std::vector<double> oracle_ratio;            // the closed form's (the oracle gradient's), midpoint
  std::vector<double> correction, correction_lower, correction_upper;  // ‖E∇_{W_i} − oracle_i‖/(q_i m2)
  std::vector<double> share, share_lower, share_upper;  // correction / ratio, with the ends' quotients (inf: lower ratio 0)
  std::vector<RatioComparison> comparison;     // per row: the true ratio against the oracle's
  std::vector<std::uint64_t> samples_given, samples_without, fired_without;  // per row, the last run of each term
  double recovery_rate = 0, recovery_lower = 0, recovery_upper = 0, recovery_bound = 0;
  std::uint64_t recovery_samples = 0;
  // "the recovery rate is at least the Chernoff-Hoeffding bound": INCONSISTENT when the Clopper-Pearson
  // interval lies below the bound, else CONSISTENT; "the oracle correction is 0": INCONSISTENT when some
  // row's correction interval excludes 0, else CONSISTENT. Both at `confidence` per interval.
  Outcome recovery_verdict = Outcome::inconclusive, correction_verdict = Outcome::inconclusive;
  double confidence = 0, relative = 0;         // level of each interval; the targeted relative radius
  double seconds = 0, plan_seconds = 0;        // wall time of the estimate; of its plan (M = W A*)
};

// One bias series at one point.
struct SeriesPoint {
  BiasChoice rule;
  double eps_min = 0, eps_median = 0, eps_max = 0;
  Outcome recovery = Outcome::undecided;  // deterministic recovery at the point's W: PROVEN, REFUTED, UNDECIDED
  // Every ε_j in the sufficient window, which recovers every sample for every W of the δ-ball: where
  // PROVEN, B_ball bounds the true expected gradient; elsewhere only the oracle (closed-form) one.
  Outcome ball_recovery = Outcome::undecided;
  SeriesMethod method = SeriesMethod::not_computed;
  std::string note;      // why not computed, or the Monte Carlo method
  std::vector<double> ratio, lower, upper;  // per row: ‖E∇_{W_i}‖/(q_i m2), with bounds
  double mean_ratio = 0;                    // mean over the rows (NaN when not computed)
  double typical_mean_ratio = 0, atypical_mean_ratio = 0;  // the same over the two groups (NaN if empty)
  // Closed form only: mean over the rows of the upper end of ‖E∇_{W_i} − D_i‖/(q_i m2), D_i the bias's
  // own term q_i ε_i (ε_i − 2 m1) A*_i/‖A*_i‖ (NaN otherwise).
  double bias_term_remainder = 0;
  std::vector<double> quantiles;            // min, 25 %, median, 75 %, max of the ratios
  double mean_gradient_norm = 0;            // mean over the rows of ‖E∇_{W_i}‖
  double bias_form = 0;                     // mean over the rows of ε_i (2 m1 − ε_i) / m2
  std::vector<std::pair<std::string, double>> class_ratios;  // certified only: mean ‖class‖/(q_i m2)
  std::string dominant_class;               // the largest of class_ratios
  double bound_lower = 0, bound_upper = 0;  // B_ball on the oracle gradient (NaN when not computed)
  // Support recovery: 1 when certified, else the Monte Carlo rate with its interval and the bound.
  double recovery_rate = 0, recovery_lower = 0, recovery_upper = 0, recovery_bound = 0;
  std::uint64_t samples = 0;  // Monte Carlo only
  double confidence = 0;      // Monte Carlo only: level of each row's interval
  std::optional<PaperEstimate> estimate;  // the paper rule's series off certified recovery, when asked for and admitted
  std::string estimate_note;              // why that estimate was not made (empty when made or not asked for)
  bool computed() const { return method != SeriesMethod::not_computed; }
};

struct SweepPointResult {
  SweepPoint point;
  double p = 0, xi = 0, nu_squared = 0, coherence = 0, delta = 0;
  std::vector<Hypothesis> hypotheses;  // check_hypotheses at the point (hypotheses.hpp)
  std::vector<int> rows;               // the fixed rows first, then the sampled ones
  int fixed_rows = 0;
  // Rows coherent with half the dictionary (identity+Hadamard: 0 and h/2), reported apart; the others
  // are the typical rows.
  std::vector<int> atypical_rows;
  double off_median = 0, on_median = 0;  // medians over the units of their exact-window ends off_j, on_j
  // The paper rule's constants C that put every unit in its exact window: [smallest, largest), each
  // an outward enclosure (paper_constant_range).
  std::pair<double, double> paper_constant_smallest, paper_constant_largest;
  SeriesPoint main;
  std::optional<SeriesPoint> contrast;
  std::optional<SeriesPoint> paper;  // the paper rule's series (closed form at every point)
  PathLandscape landscape;           // the critical point of E L near A*ᵀ for the main series' bias (landscape_path.hpp)
};

struct SweepPointOptions {
  int threads = 1;
  double confidence = 0.95;            // level of each Monte Carlo interval
  int sampled_rows = 0;                // rows drawn at random besides 0, h/2, h − 1
  std::optional<BiasChoice> contrast;  // a second series on the same instance
  bool ball_bound = true;              // B_ball (uniform law of fixed size only)
  std::optional<BiasChoice> paper{};   // the paper rule's series: closed form only (oracle where not certified)
  LandscapePathLimits landscape = no_landscape_path;  // which search of the critical point runs at this h
  // Where the paper series' recovery is not certified: the relative radius its Monte Carlo estimate
  // (PaperEstimate) aims at; 0: closed form only.
  double paper_precision = 0;
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
// The slope verdict (docs/theory.md §6.2), deterministic. At each fitted point the mean ratio R and the
// mean bias term F = ε(2 m1 − ε)/m2 differ by at most the mean remainder E (triangle inequality), so
// |log R − log F| <= η = −log(1 − E/F), and the least-squares slopes differ by at most
// tolerance = Σ_i |w_i| η_i, w_i = (log h_i − mean) / Σ (log h − mean)². CONSISTENT when the fitted slope
// of R lies within the tolerance of F's and the whole range [prediction ± tolerance] is negative (the
// points tell the prediction from a flat or rising ratio); INCONSISTENT when it lies outside (a
// remainder or a ratio is wrong); INCONCLUSIVE with fewer than 3 points, a point without the closed
// form, E >= F, or a range that reaches 0.
struct SlopePoint {
  double h = 0, ratio = 0, bias_form = 0, remainder = 0;
};
struct SlopeComparison {
  double measured = 0, predicted = 0, tolerance = 0;
};
// The comparison's numbers (tolerance +inf when some E >= F); needs 2 points.
SlopeComparison compare_slope_with_bias_term(const std::vector<SlopePoint>& points);
// `theorem_slope`: the slope of h^(p − ξ) over the same points, reported beside; `tolerance_scale`
// multiplies the computed tolerance (1; other values only to test that the verdict can fail).
Verdict check_slope_matches_bias_term(const std::vector<SlopePoint>& points, double theorem_slope, double tolerance_scale = 1);

// Bytes the sweep needs at one point with a dense M: 8 (92nh + 8h²) + 16 MiB. The h x n matrices
// dominate (A*, W, |A*|, |W| as doubles and as 128-bit MPFI intervals for the neighbourhood facts and
// the exact windows, the Monte Carlo engine's statistics), then M with its error bound and
// transposed copy and the coherence product. Fitted above the peak resident memory of Gaussian
// points less an idle run (checks/cli/test_resources.sh; docs/performance.md): h = 256, 512, 1024
// with n = h/4 and --threads 1, 5, 38 and 168 MB; h = 1024, n = 128: 85 MB; n = 512, --threads 2:
// 379 MB, against 33, 82, 277, 180 and 470 MB from the model (the model before, 8 (4nh + 5h²),
// gave 3, 13 and 50 MB at n = h/4).
std::uint64_t sweep_point_memory_bytes(int n, int h);
inline constexpr const char* sweep_point_memory_model = "8 bytes x (92nh + 8h^2) + 16 MiB";
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
// with a dense M), each checked row of each series (0.15 µs per h n entry), the double products
// of order n h² at 5 G multiply-adds per second and thread, and the certified neighbourhood and
// windows in MPFI, 15 µs × (h² + 2nh) on one thread (Gaussian, n = h/4, --threads 1: 4.1 and 15.2 s
// of CPU time at h = 512 and 1024 less an idle run, where the terms before gave 0.8 and 3.2 s).
// Both add the Monte Carlo run in case recovery is not certified (estimated_monte_carlo_seconds).
double sweep_point_seconds(const Regime& regime, const SweepPoint& point, int threads);
// The level of each Monte Carlo interval of a point of the regime's path: the regime's confidence,
// Bonferroni over the path's points, checked rows and series.
double sweep_point_confidence(const Regime& regime);

}  // namespace scae
