#include "asymptotic_sweep.hpp"

#include "claim_catalog.hpp"
#include "confidence.hpp"
#include "expected_gradient.hpp"
#include "hypotheses.hpp"
#include "monte_carlo.hpp"
#include "neighbourhood.hpp"
#include "support_recovery.hpp"
#include "term_bounds.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace scae {

std::uint64_t sweep_point_memory_bytes(int n, int h) {
  const double doubles = 4.0 * n * h + 5.0 * h * static_cast<double>(h);
  return static_cast<std::uint64_t>(8 * doubles);
}

double sweep_point_seconds(const Regime& regime, const SweepPoint& point, int threads) {
  const double n = point.n, h = point.h;
  const double products = regime.dictionary.family == DictionarySpec::Family::identity_hadamard ? 0 : 4 * n * h * h / (5e9 * threads);
  const Regime here = regime_at(regime, point);
  return 4e-6 * n * h + products + estimated_monte_carlo_seconds(here, threads);
}

SweepPointResult evaluate_sweep_point(const Regime& regime, const SweepPoint& point, int threads, double confidence) {
  SweepPointResult out;
  out.point = point;
  const Regime here = regime_at(regime, point);
  Instance instance = build_instance(here);
  const Neighbourhood nb = neighbourhood(instance.a, instance.w);
  if (!instance.bias_rule.empty()) instance.eps = bias_from_rule(parse_bias_rule(instance.bias_rule), nb, instance.code);
  const RegimeQuantities q = regime_quantities(nb, instance.code, instance.n(), instance.h());
  out.p = q.p_value;
  out.xi = q.xi_value;
  out.coherence = q.coherence_value;
  out.delta = q.delta_value;
  out.nu_squared = median(q.nu_squared).convert_to<double>();
  out.bias = instance.eps.cwiseAbs().maxCoeff();
  out.hypotheses = check_hypotheses(q, instance.code);
  const double bias_exponent = out.bias > 0 ? std::log(out.bias) / std::log(static_cast<double>(point.h)) : -HUGE_VAL;
  const PredictedExponent predicted = predicted_exponent(out.p, out.xi, out.nu_squared, bias_exponent);
  out.predicted_exponent = predicted.exponent;
  out.dominant_class = predicted.name;
  out.rows = default_rows(point.h);

  const Verdict recovery = check_deterministic_recovery(exact_windows(nb, instance.code), instance.eps);
  out.recovery = outcome_name(recovery.outcome);
  const rational scale_exact = instance.code.support.q_uniform(1) * instance.code.values.m2();

  if (recovery.outcome == Outcome::proven) {
    out.method = "certified closed form";
    out.note = "MPFI enclosure of the closed form (rows on demand); recovery certified, so it is the true E grad";
    PrecisionGuard guard(128);
    const ExpectedGradient<interval> closed(instance.a, instance.w, instance.eps, instance.code, RowsOnDemand{});
    const interval scale = from_rational<interval>(scale_exact);
    for (const int i : out.rows) {
      const Vector<interval> g = closed.row(i).total;
      interval squares = 0;
      for (Eigen::Index t = 0; t < g.size(); ++t) squares += g(t) * g(t);
      const interval ratio = sqrt(squares) / scale;
      out.lower.push_back(outward_doubles(ratio).first);
      out.upper.push_back(outward_doubles(ratio).second);
      out.ratio.push_back(median(ratio).convert_to<double>());
    }
  } else if (estimated_memory_bytes(point.n, point.h, threads) <= physical_memory_bytes() / 2) {
    out.method = "Monte Carlo";
    MonteCarloOptions options;
    options.samples = regime.sweep ? regime.sweep->samples : regime.monte_carlo.samples;
    options.seed = regime.monte_carlo.seed;
    options.batches = regime.monte_carlo.batches;
    options.confidence = confidence;
    options.rows = out.rows;
    options.oracle = false;
    options.threads = threads;
    const MonteCarloResult mc = estimate(instance.a, instance.w, instance.eps, instance.code, options);
    out.samples = mc.samples;
    out.confidence = confidence;
    out.note = mc.method();
    const double scale = scale_exact.convert_to<double>();
    for (std::size_t r = 0; r < out.rows.size(); ++r) {
      const auto rr = static_cast<Eigen::Index>(r);
      const double norm = mc.gradient.norm(rr), radius = mc.gradient.norm_radius(rr);
      out.ratio.push_back(norm / scale);
      out.lower.push_back(std::max(0.0, norm - radius) / scale);
      out.upper.push_back((norm + radius) / scale);
    }
  } else {
    out.method = "not computed";
    out.note = "recovery is not certified and the Monte Carlo engine would need more than half the physical memory";
  }
  out.mean_ratio = std::numeric_limits<double>::quiet_NaN();
  if (!out.ratio.empty()) {
    double sum = 0;
    for (const double r : out.ratio) sum += r;
    out.mean_ratio = sum / static_cast<double>(out.ratio.size());
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

}  // namespace scae
