#include "runs/sweep_series.hpp"

#include "numerics/core/confidence.hpp"
#include "theory/expected_gradient.hpp"
#include "numerics/core/hadamard_product.hpp"
#include "input/instance_builder.hpp"
#include "numerics/estimate/monte_carlo.hpp"
#include "runs/paper_monte_carlo.hpp"
#include "input/resources.hpp"
#include "theory/support_recovery.hpp"
#include "theory/term_bounds.hpp"
#include "theory/theorem_3_2.hpp"

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

void summarise(SeriesPoint& s, const VectorXd& eps, const std::vector<int>& rows, const std::vector<int>& atypical,
               const CodeModel& code) {
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
  std::vector<double> typical_ratios, atypical_ratios;
  for (std::size_t r = 0; r < s.ratio.size(); ++r)
    (std::find(atypical.begin(), atypical.end(), rows[r]) == atypical.end() ? typical_ratios : atypical_ratios).push_back(s.ratio[r]);
  s.typical_mean_ratio = mean_of(typical_ratios);
  s.atypical_mean_ratio = mean_of(atypical_ratios);
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
  const SufficientWindow sw = sufficient_window(nb, code);
  out.eps = bias_from_rule(rule, ew, sw, code);
  const Verdict recovery = check_deterministic_recovery(ew, out.eps);
  s.recovery = recovery.outcome;
  // The sufficient window holds for every W of the ball ‖W_i − A*_i‖ <= δ (support_recovery.hpp (a)).
  s.ball_recovery = check_bias_in_sufficient_window(sw, out.eps).outcome;
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

// ‖E∇_{W_i} − D_i‖ / (q1 m2) with D_i = q1 ε_i (ε_i − 2 m1) A*_i / ‖A*_i‖, the bias's own term (its norm
// over q1 m2 is ε_i (2 m1 − ε_i) / m2): what the bias-term prediction of the slope leaves out.
interval bias_term_remainder(const Vector<interval>& total, const PointGeometry& geometry, int row, double eps,
                             const CodeModel& code) {
  const Eigen::Index n = total.size();
  VectorXd column(n);
  if (geometry.structured) geometry.structured->a.column(row, column.data());
  else column = geometry.dense->a.col(row);
  const interval q1 = from_rational<interval>(code.support.q_uniform(1)), m1 = from_rational<interval>(code.values.m1());
  interval squares = 0;
  for (Eigen::Index t = 0; t < n; ++t) squares += interval(column(t)) * interval(column(t));
  const interval factor = q1 * interval(eps) * (interval(eps) - 2 * m1) / sqrt(squares);
  interval rest = 0;
  for (Eigen::Index t = 0; t < n; ++t) {
    const interval d = total(t) - factor * interval(column(t));
    rest += d * d;
  }
  return sqrt(rest) / (q1 * from_rational<interval>(code.values.m2()));
}

interval row_norm(const Vector<interval>& g) {
  interval squares = 0;
  for (Eigen::Index t = 0; t < g.size(); ++t) squares += abs(g(t)) * abs(g(t));
  return sqrt(squares);
}

// A series from its closed-form rows: the ratio ‖E∇ / (q m2)‖ of each row enclosed, the classes' means and
// the bias term's remainder. `certified`: recovery is certified, so the closed form is the true E∇;
// otherwise it is the oracle gradient only.
void closed_form_series(SeriesPoint& s, const std::vector<ExpectedGradientTerms<interval>>& rows_terms, bool certified,
                        const PointGeometry& geometry, const std::vector<int>& rows, const VectorXd& eps) {
  const CodeModel& code = geometry.code();
  if (certified) {
    s.method = SeriesMethod::certified_closed_form;
    s.note = "MPFI enclosure of the closed form (rows on demand); recovery certified, so it is the true E grad";
    s.recovery_rate = s.recovery_lower = s.recovery_upper = s.recovery_bound = 1;
  } else {
    s.method = SeriesMethod::oracle_closed_form;
    s.note = "recovery is not certified (some bias lies outside its unit's exact window): MPFI enclosure of the oracle "
             "gradient's closed form only, not of the true E grad";
    s.recovery_rate = s.recovery_lower = s.recovery_upper = s.recovery_bound = not_a_number;
  }
  PrecisionGuard guard(128);
  const interval scale = from_rational<interval>(code.support.q_uniform(1) * code.values.m2());
  std::vector<double> class_sum(all_term_classes.size(), 0);
  double remainder = 0;
  for (std::size_t r = 0; r < rows_terms.size(); ++r) {
    const ExpectedGradientTerms<interval>& terms = rows_terms[r];
    const interval ratio = row_norm(terms.total) / scale;
    s.lower.push_back(outward_doubles(ratio).first);
    s.upper.push_back(outward_doubles(ratio).second);
    s.ratio.push_back(to_double(ratio));
    const int row = rows[r];
    remainder += outward_doubles(bias_term_remainder(terms.total, geometry, row, eps(row), code)).second;
    for (std::size_t c = 0; c < all_term_classes.size(); ++c)
      class_sum[c] += to_double(row_norm(terms.terms.at(all_term_classes[c])) / scale);
  }
  s.bias_term_remainder = remainder / static_cast<double>(rows_terms.size());
  double best = -1;
  for (std::size_t c = 0; c < all_term_classes.size(); ++c) {
    const double mean = class_sum[c] / static_cast<double>(rows_terms.size());
    s.class_ratios.emplace_back(to_name(all_term_classes[c]), mean);
    if (mean > best) best = mean, s.dominant_class = to_name(all_term_classes[c]);
  }
}

// A series whose recovery is not certified: Monte Carlo when the engine fits in its memory share.
void estimated_series(SeriesPoint& s, PointGeometry& geometry, const Neighbourhood& nb, const VectorXd& eps,
                      const std::vector<int>& rows, const Regime& regime, const SweepPoint& point,
                      const SweepPointOptions& options) {
  if (!MemoryBudget{monte_carlo_memory_share}.admits(monte_carlo_bytes(point, options, nb, geometry.structured.has_value()))) {
    s.method = SeriesMethod::not_computed;
    s.note = "recovery is not certified and the Monte Carlo engine would need more than half the physical memory";
    s.recovery_rate = s.recovery_lower = s.recovery_upper = s.recovery_bound = not_a_number;
    return;
  }
  s.method = SeriesMethod::monte_carlo;
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

// The paper rule's series where its recovery is not certified: the true gradient of one atypical and
// one typical row, the recovery rate and the oracle correction (paper_monte_carlo.hpp), when it fits.
void paper_estimate(SeriesPoint& s, PointGeometry& geometry, const Neighbourhood& nb, const VectorXd& eps,
                    const std::vector<ExpectedGradientTerms<interval>>& rows_terms, const std::vector<int>& rows,
                    const std::vector<int>& atypical, const Regime& regime, const SweepPoint& point,
                    const SweepPointOptions& options) {
  const std::uint64_t need = paper_estimate_bytes(point.n, point.h);
  if (!MemoryBudget{monte_carlo_memory_share}.admits(need)) {
    s.estimate_note = "not estimated: " + std::to_string(need >> 20) + " MiB (" + paper_estimate_memory_model +
                      ") is more than half the memory";
    return;
  }
  const Instance& instance = geometry.stored();
  const double bound = recovery_bound_rate(instance, nb, eps);
  std::vector<Vector<interval>> oracle;
  std::vector<bool> is_atypical;
  const std::vector<int> chosen = paper_estimate_rows(rows, atypical);
  for (const int row : chosen) {
    oracle.push_back(rows_terms[static_cast<std::size_t>(std::find(rows.begin(), rows.end(), row) - rows.begin())].total);
    is_atypical.push_back(std::find(atypical.begin(), atypical.end(), row) != atypical.end());
  }
  PaperMonteCarloOptions o;
  o.relative = options.paper_precision;
  o.recovery_samples = regime.sweep ? regime.sweep->samples : regime.monte_carlo.samples;
  o.seed = regime.monte_carlo.seed;
  o.batches = regime.monte_carlo.batches;
  o.confidence = options.confidence;
  o.threads = options.threads;
  s.estimate = estimate_paper_point(instance.a, instance.w, eps, instance.code, chosen, is_atypical, oracle, bound, o);
}

}  // namespace

std::vector<SeriesPoint> evaluate_series(PointGeometry& geometry, const Neighbourhood& nb, const ExactWindows& ew,
                                         const std::vector<SeriesRule>& rules, const std::vector<int>& rows,
                                         const std::vector<int>& atypical, const Regime& regime, const SweepPoint& point,
                                         const SweepPointOptions& options) {
  std::vector<SeriesStart> starts;
  std::vector<VectorXd> closed_biases;
  for (const SeriesRule& rule : rules) {
    starts.push_back(start_series(geometry, nb, ew, rule.rule, options));
    if (starts.back().certified || rule.closed_form_only) closed_biases.push_back(starts.back().eps);
  }
  const auto closed = closed_form_rows(geometry, closed_biases, rows);
  std::vector<SeriesPoint> out;
  std::size_t next_closed = 0;
  for (std::size_t r = 0; r < starts.size(); ++r) {
    SeriesStart& start = starts[r];
    if (start.certified || rules[r].closed_form_only) {
      const auto& rows_terms = closed[next_closed++];
      closed_form_series(start.s, rows_terms, start.certified, geometry, rows, start.eps);
      if (!start.certified && rules[r].closed_form_only && options.paper_precision > 0)
        paper_estimate(start.s, geometry, nb, start.eps, rows_terms, rows, atypical, regime, point, options);
    } else
      estimated_series(start.s, geometry, nb, start.eps, rows, regime, point, options);
    summarise(start.s, start.eps, rows, atypical, geometry.code());
    out.push_back(std::move(start.s));
  }
  return out;
}

}  // namespace scae
