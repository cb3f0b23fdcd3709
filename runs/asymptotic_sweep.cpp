#include "asymptotic_sweep.hpp"

#include "claim_catalog.hpp"
#include "confidence.hpp"
#include "expected_gradient.hpp"
#include "hadamard_product.hpp"
#include "instance_builder.hpp"
#include "monte_carlo.hpp"
#include "neighbourhood.hpp"
#include "philox_stream.hpp"
#include "resources.hpp"
#include "streamed_neighbourhood.hpp"
#include "support_recovery.hpp"
#include "sweep_path.hpp"
#include "term_bounds.hpp"
#include "theorem_3_2.hpp"

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

// Rows checked at each point (3 fixed, then those drawn) and series per point (main, contrast).
double checked_row_count(const Regime& regime) { return 3 + (regime.sweep ? regime.sweep->sampled_rows : 0); }
double series_count(const Regime& regime) { return regime.sweep && regime.sweep->contrast ? 2 : 1; }

// A point's A* and W: stored (dense), or their structure only (structured_instance), in which case the
// dense instance is built only if the Monte Carlo engine is needed and fits.
struct PointGeometry {
  const Regime& here;
  std::optional<StructuredInstance> structured;
  std::optional<Instance> dense;
  const CodeModel& code() const { return structured ? structured->code : dense->code; }
  const Instance& stored() {
    if (!dense) dense = build_instance_without_bias(here);
    return *dense;
  }
};

// A point runs its Monte Carlo only when the engine's estimate fits in half the memory: the point's
// own certified matrices (sweep_point_memory_bytes) hold the other half.
constexpr double monte_carlo_memory_share = 0.5;
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

// Four significant digits, for the verdicts' one-line summaries (the evidence keeps every digit).
std::string short_number(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", x);
  return buffer;
}

double mean_of(const std::vector<double>& xs) {
  double sum = 0;
  for (const double x : xs) sum += x;
  return xs.empty() ? not_a_number : sum / static_cast<double>(xs.size());
}

// Linear-interpolation quantile of sorted values.
double quantile(const std::vector<double>& sorted, double q) {
  const double at = q * static_cast<double>(sorted.size() - 1);
  const auto i = static_cast<std::size_t>(at);
  if (i + 1 >= sorted.size()) return sorted.back();
  return sorted[i] + (at - static_cast<double>(i)) * (sorted[i + 1] - sorted[i]);
}

void summarise(SeriesPoint& s, const VectorXd& eps, const std::vector<int>& rows, const CodeModel& code) {
  std::vector<double> e(eps.data(), eps.data() + eps.size());
  std::sort(e.begin(), e.end());
  s.eps_min = e.front();
  s.eps_median = quantile(e, 0.5);
  s.eps_max = e.back();
  const double m1 = code.values.m1().convert_to<double>(), m2 = code.values.m2().convert_to<double>();
  std::vector<double> form;
  for (const int i : rows) form.push_back(eps(i) * (2 * m1 - eps(i)) / m2);
  s.bias_form = mean_of(form);
  s.mean_ratio = mean_of(s.ratio);
  if (!s.ratio.empty()) {
    std::vector<double> sorted = s.ratio;
    std::sort(sorted.begin(), sorted.end());
    for (const double q : {0.0, 0.25, 0.5, 0.75, 1.0}) s.quantiles.push_back(quantile(sorted, q));
  }
  const double scale = (code.support.q_uniform(1) * code.values.m2()).convert_to<double>();
  s.mean_gradient_norm = s.ratio.empty() ? not_a_number : s.mean_ratio * scale;
}

// The engine's memory, fl(M) with its error bound and transpose when the neighbourhood was streamed
// (recovery_bound_rate makes them), and A* and W when only their structure was held.
std::uint64_t monte_carlo_bytes(const SweepPoint& point, const SweepPointOptions& options, const Neighbourhood& nb,
                                bool structured) {
  const std::uint64_t h = static_cast<std::uint64_t>(point.h), n = static_cast<std::uint64_t>(point.n);
  const std::uint64_t dense_m = nb.m.value.size() > 0 ? 0 : 3 * 8 * h * h, dense_aw = structured ? 2 * 8 * n * h : 0;
  return estimated_memory_bytes(point.n, point.h, options.threads) + dense_m + dense_aw;
}

// The Chernoff-Hoeffding bound needs fl(M): the neighbourhood's, or made here when it was streamed.
double recovery_bound_rate(const Instance& instance, const Neighbourhood& nb, const VectorXd& eps) {
  if (nb.m.value.size() > 0) return recovery_probability_bound(nb, instance.code, eps).rate;
  return recovery_probability_bound(identity_hadamard_product(instance.w, instance.a).value, instance.code, eps).rate;
}

// A series before its gradient: the bias of its rule, whether recovery is certified, the ball bound.
struct SeriesStart {
  SeriesPoint s;
  VectorXd eps;
  bool certified = false;
};

SeriesStart start_series(const PointGeometry& geometry, const Neighbourhood& nb, const ExactWindows& ew, const BiasChoice& rule,
                         const SweepPointOptions& options) {
  SeriesStart out;
  SeriesPoint& s = out.s;
  s.rule = rule;
  const CodeModel& code = geometry.code();
  out.eps = bias_from_rule(rule, ew, sufficient_window(nb, code), code);
  const Verdict recovery = check_deterministic_recovery(ew, out.eps);
  s.recovery = outcome_name(recovery.outcome);
  out.certified = recovery.outcome == Outcome::proven;
  s.bound_lower = s.bound_upper = not_a_number;
  if (options.ball_bound && code.support.kind() == SupportLaw::Kind::uniform_fixed) {
    PrecisionGuard guard(nb.bits);
    const interval sigma_a = geometry.structured ? dictionary_norm_bound(geometry.structured->a, nb.bits)
                                                 : dictionary_norm_bound(geometry.dense->a, nb.bits);
    const interval ball = gradient_bound_ratio(ball_term_bound_inputs(nb, sigma_a, out.eps, code));
    std::tie(s.bound_lower, s.bound_upper) = outward_doubles(ball);
  }
  return out;
}

// The certified series' rows of the closed form, all biases at once (one object, shared products).
std::vector<std::vector<ExpectedGradientTerms<interval>>> closed_form_rows(const PointGeometry& geometry,
                                                                           const std::vector<VectorXd>& biases,
                                                                           const std::vector<int>& rows) {
  if (biases.empty()) return {};
  PrecisionGuard guard(128);
  const CodeModel& code = geometry.code();
  const ExpectedGradient<interval> closed =
      geometry.structured
          ? ExpectedGradient<interval>(geometry.structured->a, geometry.structured->w, biases.front(), code, RowsOnDemand{})
          : ExpectedGradient<interval>(geometry.dense->a, geometry.dense->w, biases.front(), code, RowsOnDemand{});
  return closed.rows_terms(rows, biases);
}

// A certified series from its rows: the ratio ‖E∇‖ / (q m2) of each row enclosed, and the classes' means.
void certified_series(SeriesPoint& s, const std::vector<ExpectedGradientTerms<interval>>& rows_terms, const CodeModel& code) {
  s.method = "certified closed form";
  s.note = "MPFI enclosure of the closed form (rows on demand); recovery certified, so it is the true E grad";
  s.recovery_rate = s.recovery_lower = s.recovery_upper = s.recovery_bound = 1;
  PrecisionGuard guard(128);
  const interval scale = from_rational<interval>(code.support.q_uniform(1) * code.values.m2());
  std::vector<double> class_sum(all_term_classes.size(), 0);
  for (const ExpectedGradientTerms<interval>& terms : rows_terms) {
    const auto norm = [](const Vector<interval>& g) {
      interval squares = 0;
      for (Eigen::Index t = 0; t < g.size(); ++t) squares += abs(g(t)) * abs(g(t));
      return sqrt(squares);
    };
    const interval ratio = norm(terms.total) / scale;
    s.lower.push_back(outward_doubles(ratio).first);
    s.upper.push_back(outward_doubles(ratio).second);
    s.ratio.push_back(to_double(ratio));
    for (std::size_t c = 0; c < all_term_classes.size(); ++c)
      class_sum[c] += to_double(norm(terms.terms.at(all_term_classes[c])) / scale);
  }
  double best = -1;
  for (std::size_t c = 0; c < all_term_classes.size(); ++c) {
    const double mean = class_sum[c] / static_cast<double>(rows_terms.size());
    s.class_ratios.emplace_back(term_class_name(all_term_classes[c]), mean);
    if (mean > best) best = mean, s.dominant_class = term_class_name(all_term_classes[c]);
  }
}

// A series whose recovery is not certified: Monte Carlo when the engine fits in its memory share.
void estimated_series(SeriesPoint& s, PointGeometry& geometry, const Neighbourhood& nb, const VectorXd& eps,
                      const std::vector<int>& rows, const Regime& regime, const SweepPoint& point,
                      const SweepPointOptions& options) {
  if (!MemoryBudget{monte_carlo_memory_share}.admits(monte_carlo_bytes(point, options, nb, geometry.structured.has_value()))) {
    s.method = "not computed";
    s.note = "recovery is not certified and the Monte Carlo engine would need more than half the physical memory";
    s.recovery_rate = s.recovery_lower = s.recovery_upper = s.recovery_bound = not_a_number;
    return;
  }
  s.method = "Monte Carlo";
  const Instance& instance = geometry.stored();
  const CodeModel& code = instance.code;
  MonteCarloOptions mc_options;
  mc_options.samples = regime.sweep ? regime.sweep->samples : regime.monte_carlo.samples;
  mc_options.seed = regime.monte_carlo.seed;
  mc_options.batches = regime.monte_carlo.batches;
  mc_options.confidence = options.confidence;
  mc_options.rows = rows;
  mc_options.oracle = false;
  mc_options.threads = options.threads;
  const MonteCarloResult mc = estimate(instance.a, instance.w, eps, code, mc_options);
  s.samples = mc.samples;
  s.confidence = options.confidence;
  s.note = mc.method();
  const double scale = (code.support.q_uniform(1) * code.values.m2()).convert_to<double>();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto rr = static_cast<Eigen::Index>(r);
    const double norm = mc.gradient.norm(rr), radius = mc.gradient.norm_radius(rr) + mc.gradient.rounding(rr);
    s.ratio.push_back(norm / scale);
    s.lower.push_back(std::max(0.0, norm - radius) / scale);
    s.upper.push_back((norm + radius) / scale);
  }
  const RateEstimate rate = clopper_pearson(mc.recovery.successes, mc.recovery.trials, options.confidence);
  s.recovery_rate = rate.rate;
  s.recovery_lower = rate.lower;
  s.recovery_upper = rate.upper;
  s.recovery_bound = recovery_bound_rate(instance, nb, eps);
}

// Every series of a point: certified closed form where recovery is certified (one pass over W for all
// of them), else Monte Carlo.
std::vector<SeriesPoint> evaluate_series(PointGeometry& geometry, const Neighbourhood& nb, const ExactWindows& ew,
                                         const std::vector<BiasChoice>& rules, const std::vector<int>& rows,
                                         const Regime& regime, const SweepPoint& point, const SweepPointOptions& options) {
  std::vector<SeriesStart> starts;
  std::vector<VectorXd> certified_biases;
  for (const BiasChoice& rule : rules) {
    starts.push_back(start_series(geometry, nb, ew, rule, options));
    if (starts.back().certified) certified_biases.push_back(starts.back().eps);
  }
  const auto closed = closed_form_rows(geometry, certified_biases, rows);
  std::vector<SeriesPoint> out;
  std::size_t next_closed = 0;
  for (SeriesStart& start : starts) {
    if (start.certified) certified_series(start.s, closed[next_closed++], geometry.code());
    else estimated_series(start.s, geometry, nb, start.eps, rows, regime, point, options);
    summarise(start.s, start.eps, rows, geometry.code());
    out.push_back(std::move(start.s));
  }
  return out;
}

}  // namespace

std::uint64_t sweep_point_memory_bytes(int n, int h) {
  const double doubles = 4.0 * n * h + 5.0 * h * static_cast<double>(h);
  return static_cast<std::uint64_t>(8 * doubles);
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
  const double monte_carlo = series_count(regime) * estimated_monte_carlo_seconds(here, threads);
  if (streams_m(regime)) return n * h * (2e-7 + 1e-8 * rows_series) * 2 / threads + monte_carlo;
  const double products = 4 * n * h * h / (5e9 * threads);
  return 4e-6 * n * h + 1.5e-7 * n * h * rows_series + products + monte_carlo;
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
  std::vector<BiasChoice> rules{rule ? *rule : BiasChoice{}};
  if (options.contrast) rules.push_back(*options.contrast);
  std::vector<SeriesPoint> series = evaluate_series(geometry, nb, ew, rules, out.rows, regime, point, options);
  out.main = std::move(series.front());
  if (options.contrast) out.contrast = std::move(series.back());
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

Verdict check_slope_matches(const SlopeFit& fit, std::pair<double, double> error_bars, double predicted, double tolerance) {
  Verdict v;
  v.method = Method::statistical;
  v.how = "least-squares slope of log mean ratio on log h; the prediction must lie within the error-bar range or the "
          "misfit range, widened by " + number_text(tolerance);
  v.confidence = fit.confidence;
  v.add("slope", number_text(fit.slope));
  v.add("error-bar range", "[" + number_text(error_bars.first) + ", " + number_text(error_bars.second) + "]");
  v.add("misfit range", "[" + number_text(fit.lower) + ", " + number_text(fit.upper) + "]");
  v.add("predicted", number_text(predicted));
  v.add("smallest difference it could detect", number_text(tolerance + std::max(fit.upper - fit.slope, error_bars.second - fit.slope)));
  if (fit.points < 3 || !std::isfinite(predicted)) {
    v.outcome = Outcome::inconclusive;
    v.summary = "fewer than 3 points, or no prediction: the slope cannot be compared";
    return v;
  }
  const double lo = std::min(error_bars.first, fit.lower) - tolerance, hi = std::max(error_bars.second, fit.upper) + tolerance;
  v.outcome = lo <= predicted && predicted <= hi ? Outcome::consistent : Outcome::inconsistent;
  v.summary = "slope " + short_number(fit.slope) + " vs predicted " + short_number(predicted) + ", accepted range [" +
              short_number(lo) + ", " + short_number(hi) + "]";
  return v;
}

}  // namespace scae
