#include "runs/asymptotic_sweep.hpp"

#include "runs/claim_catalog.hpp"
#include "numerics/core/confidence.hpp"
#include "theory/expected_gradient.hpp"
#include "numerics/core/hadamard_product.hpp"
#include "input/instance_builder.hpp"
#include "numerics/estimate/monte_carlo.hpp"
#include "theory/neighbourhood.hpp"
#include "numerics/core/philox_stream.hpp"
#include "input/resources.hpp"
#include "theory/streamed_neighbourhood.hpp"
#include "runs/sweep_series.hpp"
#include "theory/support_recovery.hpp"
#include "input/sweep_path.hpp"
#include "theory/term_bounds.hpp"
#include "theory/theorem_3_2.hpp"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

namespace scae {
namespace {

// Identity+Hadamard points stream M instead of forming it (evaluate_sweep_point).
bool streams_m(const Regime& regime) { return regime.dictionary.family == DictionarySpec::Family::identity_hadamard; }

// Rows checked at each point (3 fixed, then those drawn), series per point (main, contrast, paper) and
// series that may run the Monte Carlo engine (not the paper rule's).
double checked_row_count(const Regime& regime) { return 3 + (regime.sweep ? regime.sweep->sampled_rows : 0); }
double estimated_series_count(const Regime& regime) { return regime.sweep && regime.sweep->contrast ? 2 : 1; }
double series_count(const Regime& regime) { return estimated_series_count(regime) + (regime.sweep && regime.sweep->paper ? 1 : 0); }

// Four significant digits, for the verdicts' one-line summaries (the evidence keeps every digit).
std::string short_number(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", x);
  return buffer;
}

// The medians of the units' window ends (forced units, with no off window, left out of off_median)
// and the paper constants that put every unit in its window.
void window_summary(SweepPointResult& out, const ExactWindows& ew, const Neighbourhood& nb, const CodeModel& code) {
  std::vector<double> off, on;
  for (std::size_t j = 0; j < ew.off_max.size(); ++j) {
    if (upper(ew.off_max[j]) != -HUGE_VAL) off.push_back(median(ew.off_max[j]).convert_to<double>());
    on.push_back(median(ew.on_min[j]).convert_to<double>());
  }
  const auto median_of = [](std::vector<double>& xs) {
    if (xs.empty()) return std::numeric_limits<double>::quiet_NaN();
    std::sort(xs.begin(), xs.end());
    const std::size_t m = xs.size() / 2;
    return xs.size() % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
  };
  out.off_median = median_of(off);
  out.on_median = median_of(on);
  const PaperConstantRange range = paper_constant_range(ew, sufficient_window(nb, code), code);
  out.paper_constant_smallest = outward_doubles(range.smallest);
  out.paper_constant_largest = outward_doubles(range.largest);
}

}  // namespace

std::uint64_t sweep_point_memory_bytes(int n, int h) {
  const double doubles = 92.0 * n * h + 8.0 * h * static_cast<double>(h);
  return static_cast<std::uint64_t>(8 * doubles) + (std::uint64_t{16} << 20);
}

std::uint64_t sweep_point_memory_bytes(const Regime& regime, const SweepPoint& point) {
  if (!streams_m(regime)) return sweep_point_memory_bytes(point.n, point.h);
  const double rows_series = checked_row_count(regime) * series_count(regime), h = point.h;
  const double stored = regime.point.kind == PointSpec::Kind::file ? 2.0 * point.n * h : 0;  // A* and W
  return static_cast<std::uint64_t>(8 * (stored + (100 * rows_series + 200) * h));
}

const char* sweep_point_memory_formula(const Regime& regime) {
  if (!streams_m(regime)) return sweep_point_memory_model;
  return regime.point.kind == PointSpec::Kind::file ? "8 bytes x (2nh + (100 r s + 200) h)" : "8 bytes x (100 r s + 200) h";
}

double sweep_point_confidence(const Regime& regime) {
  if (!regime.sweep) throw std::invalid_argument("sweep_point_confidence: the regime has no [sweep] table");
  const std::size_t rows_per_point = static_cast<std::size_t>(3 + regime.sweep->sampled_rows) * (regime.sweep->contrast ? 2 : 1);
  const double level = 1 - regime.monte_carlo.confidence.convert_to<double>();
  return 1 - level / static_cast<double>(sweep_points(regime).size() * rows_per_point);
}

double sweep_point_seconds(const Regime& regime, const SweepPoint& point, int threads) {
  const double n = point.n, h = point.h, rows_series = checked_row_count(regime) * series_count(regime);
  const Regime here = regime_at(regime, point);
  const double monte_carlo = estimated_series_count(regime) * estimated_monte_carlo_seconds(here, threads);
  if (streams_m(regime)) return n * h * (2e-7 + 1e-8 * rows_series) * 2 / threads + monte_carlo;
  const double products = 4 * n * h * h / (5e9 * threads);
  const double certified = 1.5e-5 * (h * h + 2 * n * h);
  return 4e-6 * n * h + 1.5e-7 * n * h * rows_series + products + certified + monte_carlo;
}

std::vector<int> checked_rows(int h, int sampled, std::uint64_t seed, int* fixed) {
  std::vector<int> rows = default_rows(h);
  if (fixed) *fixed = static_cast<int>(rows.size());
  const int wanted = std::min(h, static_cast<int>(rows.size()) + sampled);
  PhiloxStream stream(seed, Stream::rows, static_cast<std::uint64_t>(h));
  std::vector<int> drawn;
  while (static_cast<int>(rows.size() + drawn.size()) < wanted) {
    const int row = static_cast<int>(stream.below(static_cast<std::uint64_t>(h)));
    if (std::find(rows.begin(), rows.end(), row) == rows.end() && std::find(drawn.begin(), drawn.end(), row) == drawn.end())
      drawn.push_back(row);
  }
  std::sort(drawn.begin(), drawn.end());
  rows.insert(rows.end(), drawn.begin(), drawn.end());
  return rows;
}

SweepPointResult evaluate_sweep_point(const Regime& regime, const SweepPoint& point, const SweepPointOptions& options) {
  SweepPointResult out;
  out.point = point;
  const Regime here = regime_at(regime, point);
  PointGeometry geometry{here, structured_instance(here), std::nullopt};
  if (!geometry.structured) geometry.dense = build_instance_without_bias(here);
  // Identity+Hadamard: M is never formed, only its rows one at a time (from W's rows, stored or made).
  const std::optional<StructuredInstance>& structured = geometry.structured;
  const bool streamed = structured || is_identity_hadamard(geometry.dense->a);
  const CodeModel& code = geometry.code();
  StreamedPoint facts = structured ? streamed_point(structured->a, structured->w, code)
                       : streamed ? StreamedPoint{streamed_neighbourhood(geometry.dense->a, geometry.dense->w), {}}
                                  : StreamedPoint{neighbourhood(geometry.dense->a, geometry.dense->w), {}};
  const Neighbourhood& nb = facts.neighbourhood;
  const RegimeQuantities q = regime_quantities(nb, code, point.n, point.h);
  out.p = q.p_value;
  out.xi = q.xi_value;
  out.coherence = q.coherence_value;
  out.delta = q.delta_value;
  out.nu_squared = median(q.nu_squared).convert_to<double>();
  out.hypotheses = check_hypotheses(q, code);
  out.rows = checked_rows(point.h, options.sampled_rows, regime.monte_carlo.seed, &out.fixed_rows);
  if (!structured)
    facts.windows = streamed ? streamed_exact_windows(geometry.dense->a, geometry.dense->w, code, nb.bits) : exact_windows(nb, code);
  const ExactWindows& ew = facts.windows;
  const std::optional<BiasChoice>& rule = structured ? structured->bias_rule : geometry.dense->bias_rule;
  std::vector<SeriesRule> rules{{rule ? *rule : BiasChoice{}, false}};
  if (options.contrast) rules.push_back({*options.contrast, false});
  if (options.paper) rules.push_back({*options.paper, true});
  if (streamed)  // identity+Hadamard: rows 0 and h/2 are coherent with half the dictionary
    for (const int row : {0, point.h / 2})
      if (std::find(out.rows.begin(), out.rows.end(), row) != out.rows.end()) out.atypical_rows.push_back(row);
  window_summary(out, ew, nb, code);
  std::vector<SeriesPoint> series = evaluate_series(geometry, nb, ew, rules, out.rows, out.atypical_rows, regime, point, options);
  out.main = std::move(series.front());
  if (options.contrast) out.contrast = std::move(series[1]);
  if (options.paper) out.paper = std::move(series.back());
  if (landscape_path_method(options.landscape, point.h) != LandscapeSearch::not_computed) {
    Instance instance = geometry.stored();
    instance.eps = bias_from_rule(rules.front().rule, ew, sufficient_window(nb, code), code);
    out.landscape = path_landscape(instance, point.delta, options.landscape);
  } else {
    out.landscape = landscape_not_reached(point.n, point.h, point.delta, options.landscape);
  }
  return out;
}

SlopeFit fit_log_log(const std::vector<double>& x, const std::vector<double>& y, double confidence) {
  if (x.size() != y.size() || x.size() < 2) throw std::invalid_argument("the slope fit needs at least 2 points");
  const auto m = static_cast<double>(x.size());
  double sx = 0, sy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!(x[i] > 0) || !(y[i] > 0)) throw std::invalid_argument("the log-log fit needs positive values");
    sx += std::log(x[i]);
    sy += std::log(y[i]);
  }
  const double mx = sx / m, my = sy / m;
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double dx = std::log(x[i]) - mx, dy = std::log(y[i]) - my;
    sxx += dx * dx;
    sxy += dx * dy;
  }
  if (!(sxx > 0)) throw std::invalid_argument("the log-log fit needs at least 2 distinct x");
  SlopeFit fit;
  fit.points = static_cast<int>(x.size());
  fit.confidence = confidence;
  fit.slope = sxy / sxx;
  fit.intercept = my - fit.slope * mx;
  if (x.size() < 3) {
    fit.lower = -HUGE_VAL;
    fit.upper = HUGE_VAL;
    return fit;
  }
  double sse = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double e = std::log(y[i]) - fit.intercept - fit.slope * std::log(x[i]);
    sse += e * e;
  }
  const double se = std::sqrt(sse / (m - 2) / sxx);
  const double t = student_t_quantile(1 - (1 - confidence) / 2, m - 2);
  fit.lower = fit.slope - t * se;
  fit.upper = fit.slope + t * se;
  return fit;
}

std::pair<double, double> slope_range(const std::vector<double>& x, const std::vector<double>& lo,
                                      const std::vector<double>& hi) {
  if (x.size() != lo.size() || x.size() != hi.size() || x.size() < 2)
    throw std::invalid_argument("the slope range needs at least 2 points");
  double mx = 0;
  for (const double v : x) mx += std::log(v);
  mx /= static_cast<double>(x.size());
  double sxx = 0;
  for (const double v : x) sxx += (std::log(v) - mx) * (std::log(v) - mx);
  if (!(sxx > 0)) throw std::invalid_argument("the slope range needs at least 2 distinct x");
  // slope = Σ w_i log y_i with w_i = (log x_i − mean) / sxx: extreme at the interval ends by sign.
  double smallest = 0, largest = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!(lo[i] > 0) || !(hi[i] >= lo[i])) throw std::invalid_argument("the slope range needs 0 < lo <= hi");
    const double w = (std::log(x[i]) - mx) / sxx;
    smallest += w * std::log(w > 0 ? lo[i] : hi[i]);
    largest += w * std::log(w > 0 ? hi[i] : lo[i]);
  }
  return {smallest, largest};
}

Verdict check_bound_decreases(const std::vector<double>& h, const std::vector<double>& lower,
                              const std::vector<double>& upper) {
  Verdict v;
  v.method = Method::certified;
  v.how = "consecutive computed points: B_ball(next) < B_ball(previous), each B_ball an outward-rounded MPFI enclosure";
  if (h.size() < 2) {
    v.outcome = Outcome::undecided;
    v.summary = "fewer than two points carry the bound";
    return v;
  }
  v.outcome = Outcome::proven;
  int up = 0, down = 0;
  for (std::size_t t = 1; t < h.size(); ++t) {
    const bool decreases = upper[t] < lower[t - 1], increases = lower[t] > upper[t - 1];
    down += decreases;
    up += increases;
    if (increases) {
      v.outcome = Outcome::refuted;
      v.add("increase", "h = " + number_text(h[t - 1]) + " -> " + number_text(h[t]) + ": " + number_text(upper[t - 1]) +
                            " -> " + number_text(lower[t]));
    } else if (!decreases && v.outcome == Outcome::proven) {
      v.outcome = Outcome::undecided;
    }
  }
  v.summary = std::to_string(down) + " of " + std::to_string(h.size() - 1) + " steps certified to decrease, " +
              std::to_string(up) + " to increase; B_ball from " + short_number(upper.front()) + " to " + short_number(upper.back());
  return v;
}

SlopeComparison compare_slope_with_bias_term(const std::vector<SlopePoint>& points) {
  std::vector<double> h, ratio, form;
  for (const SlopePoint& p : points) {
    h.push_back(p.h);
    ratio.push_back(p.ratio);
    form.push_back(p.bias_form);
  }
  SlopeComparison c;
  c.measured = fit_log_log(h, ratio, 0.95).slope;
  c.predicted = fit_log_log(h, form, 0.95).slope;
  double mx = 0;
  for (const double x : h) mx += std::log(x);
  mx /= static_cast<double>(h.size());
  double sxx = 0;
  for (const double x : h) sxx += (std::log(x) - mx) * (std::log(x) - mx);
  for (const SlopePoint& p : points) {
    if (!(p.remainder >= 0 && p.remainder < p.bias_form)) return c.tolerance = HUGE_VAL, c;
    // |log R − log F| <= max(log(1 + E/F), −log(1 − E/F)) = −log(1 − E/F).
    c.tolerance += std::abs(std::log(p.h) - mx) / sxx * -std::log1p(-p.remainder / p.bias_form);
  }
  return c;
}

Verdict check_slope_matches_bias_term(const std::vector<SlopePoint>& points, double theorem_slope, double tolerance_scale) {
  Verdict v;
  v.method = Method::deterministic;
  v.how = "least-squares slope of log mean ratio on log h against that of the bias's own term e(2m1 - e)/m2; tolerance "
          "sum_i |w_i| (-log(1 - E_i/F_i)) from the remainder E_i beside the bias term at each point (docs/theory.md §6.2); "
          "double arithmetic on certified enclosures, no sampling";
  const auto inconclusive = [&](const std::string& why) {
    v.outcome = Outcome::inconclusive;
    v.summary = why;
    return v;
  };
  if (points.size() < 3) return inconclusive(std::to_string(points.size()) + " fitted points: fewer than 3, the slope is not compared");
  for (const SlopePoint& p : points)
    if (!std::isfinite(p.remainder) || !(p.bias_form > 0))
      return inconclusive("the point h = " + short_number(p.h) + " has no closed form (Monte Carlo or not computed) or no positive bias term: no remainder bounds its ratio");
  const SlopeComparison c = compare_slope_with_bias_term(points);
  const double tolerance = c.tolerance * tolerance_scale;
  v.add("slope", c.measured);
  v.add("predicted (bias term)", c.predicted);
  v.add("tolerance", tolerance);
  v.add("theorem p - xi slope", theorem_slope);
  v.add("bias term minus p - xi", c.predicted - theorem_slope);
  if (!std::isfinite(tolerance)) return inconclusive("at some point the remainder is not below the bias term: no tolerance");
  const std::string range = "[" + short_number(c.predicted - tolerance) + ", " + short_number(c.predicted + tolerance) + "]";
  v.summary = "slope " + short_number(c.measured) + " vs the bias term's " + short_number(c.predicted) + ", accepted range " +
              range + " (p - xi: " + short_number(theorem_slope) + ")";
  if (std::abs(c.measured - c.predicted) > tolerance) v.outcome = Outcome::inconsistent;
  else if (c.predicted + tolerance >= 0) {
    v.outcome = Outcome::inconclusive;
    v.summary += ": the range reaches 0, so it cannot tell a decay from a flat ratio";
  } else {
    v.outcome = Outcome::consistent;
  }
  return v;
}

}  // namespace scae
