#include "sweep_series.hpp"

#include "confidence.hpp"
#include "expected_gradient.hpp"
#include "hadamard_product.hpp"
#include "instance_builder.hpp"
#include "monte_carlo.hpp"
#include "resources.hpp"
#include "support_recovery.hpp"
#include "term_bounds.hpp"
#include "theorem_3_2.hpp"

#include <algorithm>
#include <limits>
#include <tuple>

namespace scae {

const Instance& PointGeometry::stored() {
  if (!dense) dense = build_instance_without_bias(here);
  return *dense;
}

namespace {

// A point runs its Monte Carlo only when the engine's estimate fits in half the memory: the point's
// own certified matrices (sweep_point_memory_bytes) hold the other half.
constexpr double monte_carlo_memory_share = 0.5;
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

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

}  // namespace

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

}  // namespace scae
