#include "theory/support_recovery.hpp"

#include "numerics/core/confidence.hpp"
#include "numerics/core/mutation.hpp"

#include <boost/math/tools/minima.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace scae {

namespace {

int support_size(const CodeModel& code) { return code.support.k(); }

Verdict combine(std::vector<Verdict> parts, const std::string& summary) {
  Verdict v = parts.front();
  v.evidence.clear();
  for (const auto& part : parts) {
    if (part.outcome == Outcome::refuted) v.outcome = Outcome::refuted;
    else if (part.outcome == Outcome::undecided && v.outcome != Outcome::refuted) v.outcome = Outcome::undecided;
    v.evidence.insert(v.evidence.end(), part.evidence.begin(), part.evidence.end());
  }
  v.summary = summary;
  return v;
}

interval min_over(const VectorXd& eps) { return interval(eps.minCoeff()); }
interval max_over(const VectorXd& eps) { return interval(eps.maxCoeff()); }

}  // namespace

SufficientWindow sufficient_window(const Neighbourhood& nb, const CodeModel& code) {
  PrecisionGuard guard(nb.bits);
  SufficientWindow sw;
  sw.bits = nb.bits;
  sw.support_size = support_size(code);
  const interval k = sw.support_size;
  const interval a1 = from_rational<interval>(code.values.a1()), a2 = from_rational<interval>(code.values.a2());
  sw.c = nb.coherence.enclosure + nb.delta * nb.max_column_norm;
  sw.d = nb.min_column_norm * (nb.min_column_norm - nb.delta);
  sw.lower = (mutant_active(Mutant::recovery_window_off_by_one) ? k - 1 : k) * a2 * sw.c;
  sw.upper = a1 * sw.d - (k - 1) * a2 * sw.c;
  sw.paper_scale = nb.delta + nb.coherence.enclosure;
  return sw;
}

namespace {

// m1 K̄ (δ + μ/√n), the paper rule's bias with C = 1; K̄ the expected support size (k for fixed-size supports).
interval paper_unit_bias(const SufficientWindow& sw, const CodeModel& code) {
  const rational size = code.support.kind() == SupportLaw::Kind::bernoulli ? code.support.expected_size()
                                                                            : rational(support_size(code));
  return from_rational<interval>(code.values.m1() * size) * sw.paper_scale;
}

// The upper end of an enclosure, rounded up to double: at or above the exact value.
double rounded_up(const interval& x) { return outward_doubles(x).second; }

}  // namespace

VectorXd bias_from_rule(const BiasChoice& rule, const ExactWindows& ew, const SufficientWindow& sw, const CodeModel& code) {
  PrecisionGuard guard(sw.bits);
  const auto h = static_cast<Eigen::Index>(ew.off_max.size());
  const auto mid = [](const interval& x) { return median(x).convert_to<double>(); };
  const interval theta = from_rational<interval>(rule.fraction);
  switch (rule.rule) {
    case BiasRule::paper:
    case BiasRule::paper_half: {
      // C m1 K̄ (δ + μ/√n); paper-half: C = 1/2.
      const rational constant = rule.rule == BiasRule::paper_half ? rational(1, 2) : rule.constant;
      const interval eps = from_rational<interval>(constant) * paper_unit_bias(sw, code);
      return VectorXd::Constant(h, mid(eps));
    }
    case BiasRule::window_mid:
    case BiasRule::window_low: {
      if (rule.rule == BiasRule::window_low && !(lower(sw.upper) > upper(sw.lower)))
        throw std::invalid_argument("bias rule " + rule.text() + ": the sufficient window [" + number_text(mid(sw.lower)) +
                                    ", " + number_text(mid(sw.upper)) +
                                    ") is not certified non-empty; accepted: a regime where a1 d > (2k - 1) a2 c, or an "
                                    "exact-window rule (exact-low, exact-mid)");
      if (rule.rule == BiasRule::window_mid)
        return VectorXd::Constant(h, mid((sw.lower + sw.upper) / (mutant_active(Mutant::bias_rule_doubled) ? 1 : 2)));
      const interval base = mutant_active(Mutant::window_low_from_upper_end) ? sw.upper : sw.lower;
      return VectorXd::Constant(h, rounded_up(base + theta * (sw.upper - sw.lower)));
    }
    case BiasRule::exact_mid:
    case BiasRule::exact_low:
    case BiasRule::exact_above: break;
  }
  VectorXd eps(h);
  const interval sign = mutant_active(Mutant::exact_low_below_window) ? interval(-1) : interval(1);
  for (Eigen::Index j = 0; j < h; ++j) {
    if (rule.rule == BiasRule::exact_mid) {
      eps(j) = mid((ew.off_max[j] + ew.on_min[j]) / 2);
      continue;
    }
    // A forced unit (no off-support window) gets θ of the way from 0 to its on-support bound.
    const bool forced = upper(ew.off_max[j]) == -HUGE_VAL;
    const interval off = forced ? interval(0) : ew.off_max[j];
    // exact-above: off_j + θ |off_j|, which is (1 + θ) off_j when off_j >= 0 and never below off_j.
    if (rule.rule == BiasRule::exact_above && !forced) eps(j) = rounded_up(off + sign * theta * abs(off));
    else eps(j) = rounded_up(off + sign * theta * (ew.on_min[j] - off));
  }
  return eps;
}

VectorXd bias_from_rule(const BiasChoice& rule, const Neighbourhood& nb, const CodeModel& code) {
  const SufficientWindow sw = sufficient_window(nb, code);
  if (rule.rule == BiasRule::exact_mid || rule.rule == BiasRule::exact_low || rule.rule == BiasRule::exact_above)
    return bias_from_rule(rule, exact_windows(nb, code), sw, code);
  ExactWindows none;
  none.off_max.resize(static_cast<std::size_t>(nb.h));
  none.on_min.resize(none.off_max.size());
  return bias_from_rule(rule, none, sw, code);
}

PaperConstantRange paper_constant_range(const ExactWindows& ew, const SufficientWindow& sw, const CodeModel& code) {
  PrecisionGuard guard(sw.bits);
  const interval scale = paper_unit_bias(sw, code);
  interval worst_off = ew.off_max[0], worst_on = ew.on_min[0];
  for (std::size_t j = 1; j < ew.off_max.size(); ++j) {
    worst_off = hull_max(worst_off, ew.off_max[j]);
    worst_on = hull_min(worst_on, ew.on_min[j]);
  }
  return {worst_off / scale, worst_on / scale};
}

Verdict check_window_nonempty(const SufficientWindow& sw) {
  Verdict v = certify_positive([&](unsigned) { return sw.upper - sw.lower; }, Strictness::strict, sw.bits, sw.bits);
  v.summary = "sufficient window [k a2 c, a1 d - (k-1) a2 c) = [" + number_text(median(sw.lower).convert_to<double>()) +
              ", " + number_text(median(sw.upper).convert_to<double>()) + ")";
  v.add("c", sw.c);
  v.add("window_lower", sw.lower);
  v.add("window_upper", sw.upper);
  return v;
}

Verdict check_bias_in_sufficient_window(const SufficientWindow& sw, const VectorXd& eps) {
  Verdict low = certify_positive([&](unsigned) { return min_over(eps) - sw.lower; }, Strictness::non_strict, sw.bits, sw.bits);
  Verdict high = certify_positive([&](unsigned) { return sw.upper - max_over(eps); }, Strictness::strict, sw.bits, sw.bits);
  low.evidence.front().name = "min_eps_minus_lower";
  high.evidence.front().name = "upper_minus_max_eps";
  return combine({low, high}, "bias in [" + number_text(eps.minCoeff()) + ", " + number_text(eps.maxCoeff()) +
                                  "] vs sufficient window [" + number_text(median(sw.lower).convert_to<double>()) +
                                  ", " + number_text(median(sw.upper).convert_to<double>()) + ")");
}

Verdict check_deterministic_recovery(const ExactWindows& ew, const VectorXd& eps) {
  const auto h = static_cast<Eigen::Index>(ew.off_max.size());
  const auto min_margin = [&](bool off) {
    interval m = off ? interval(eps(0)) - ew.off_max[0] : ew.on_min[0] - interval(eps(0));
    for (Eigen::Index j = 1; j < h; ++j)
      m = hull_min(m, off ? interval(eps(j)) - ew.off_max[j] : ew.on_min[j] - interval(eps(j)));
    return m;
  };
  Verdict off = certify_positive([&](unsigned) { return min_margin(true); }, Strictness::non_strict, ew.bits, ew.bits);
  Verdict on = certify_positive([&](unsigned) { return min_margin(false); }, Strictness::strict, ew.bits, ew.bits);
  off.evidence.front().name = "min_j eps_j - off_j";
  on.evidence.front().name = "min_j on_j - eps_j";
  long inside = 0;
  for (Eigen::Index j = 0; j < h; ++j)
    inside += lower(ew.off_max[j]) <= eps(j) && eps(j) < upper(ew.on_min[j]);
  Verdict v = combine({off, on}, std::to_string(inside) + " of " + std::to_string(h) +
                                     " units have eps_j in their exact window [off_j, on_j)");
  v.add("units_inside", static_cast<double>(inside));
  return v;
}

Verdict check_deterministic_recovery(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code) {
  return check_deterministic_recovery(exact_windows(bounded_product(w, a), code), eps);
}

Verdict check_sufficient_implies_exact(const SufficientWindow& sw, const ExactWindows& ew) {
  interval worst_off = ew.off_max[0], worst_on = ew.on_min[0];
  for (std::size_t j = 1; j < ew.off_max.size(); ++j) {
    worst_off = hull_max(worst_off, ew.off_max[j]);
    worst_on = hull_min(worst_on, ew.on_min[j]);
  }
  Verdict low = certify_positive([&](unsigned) { return sw.lower - worst_off; }, Strictness::non_strict, sw.bits, sw.bits);
  Verdict high = certify_positive([&](unsigned) { return worst_on - sw.upper; }, Strictness::non_strict, sw.bits, sw.bits);
  low.evidence.front().name = "lower_minus_max_off";
  high.evidence.front().name = "min_on_minus_upper";
  return combine({low, high}, "sufficient window inside every exact window: max_j off_j = " +
                                  number_text(median(worst_off).convert_to<double>()) + ", min_j on_j = " +
                                  number_text(median(worst_on).convert_to<double>()));
}

Verdict check_bias_rules_inside_windows(const Neighbourhood& nb, const Instance& instance) {
  const CodeModel& code = instance.code;
  const rational theta = instance.bias_rule ? instance.bias_rule->fraction : BiasChoice{}.fraction;
  const SufficientWindow sw = sufficient_window(nb, code);
  const ExactWindows ew = exact_windows(nb, code);
  std::vector<Verdict> parts;
  std::string summary;
  long empty = 0;  // units whose exact window is certified empty: no rule can be placed there
  for (std::size_t j = 0; j < ew.off_max.size(); ++j) empty += !(lower(ew.off_max[j]) < upper(ew.on_min[j]));
  if (empty > 0) {
    Verdict v;
    v.outcome = Outcome::undecided;
    v.summary = std::to_string(empty) + " units have an empty exact window: no rule can be placed in it";
    v.how = "exact per-unit windows";
    return v;
  }
  for (const BiasRule rule : {BiasRule::exact_mid, BiasRule::exact_low, BiasRule::exact_above}) {
    const BiasChoice choice{rule, theta};
    Verdict v = check_deterministic_recovery(ew, bias_from_rule(choice, ew, sw, code));
    summary += (summary.empty() ? "" : "; ") + choice.text() + " in every exact window: " + to_name(v.outcome);
    for (auto& e : v.evidence) e.name = choice.text() + " " + e.name;
    parts.push_back(std::move(v));
  }
  if (check_window_nonempty(sw).outcome == Outcome::proven) {
    for (const BiasRule rule : {BiasRule::window_mid, BiasRule::window_low}) {
      const BiasChoice choice{rule, theta};
      const VectorXd eps = bias_from_rule(choice, ew, sw, code);
      Verdict v = check_bias_in_sufficient_window(sw, eps);
      summary += "; " + choice.text() + " bias " + number_text(eps(0)) + " in the sufficient window: " + to_name(v.outcome);
      for (auto& e : v.evidence) e.name = choice.text() + " " + e.name;
      parts.push_back(std::move(v));
    }
  } else {
    summary += "; the sufficient window is not certified non-empty, so window-mid and window-low are not placed";
  }
  return combine(parts, summary);
}

namespace {

// log of the Chernoff bound for one unit at λ, and its minimum over λ > 0 on log λ.
// log E e^{s x} for the value law, evaluated without overflow; `scaled` is exp(log E e^{s x} − top), taken
// without the logarithm (the sums over atoms use it: one or two exponentials per atom, not three).
struct LogMgf {
  ValueLaw::Kind kind;
  double a1, a2, p_high;

  double operator()(double s) const {
    switch (kind) {
      case ValueLaw::Kind::constant: return s * a1;
      case ValueLaw::Kind::two_point: {
        const double t = s * (a2 - a1);
        return t > 0 ? s * a2 + std::log(p_high + (1 - p_high) * std::exp(-t)) : s * a1 + std::log1p(p_high * std::expm1(t));
      }
      case ValueLaw::Kind::uniform: break;
    }
    const double t = s * (a2 - a1);
    if (std::abs(t) < 1e-8) return s * (a1 + a2) / 2 + t * t / 24;
    return t > 0 ? s * a2 + std::log(-std::expm1(-t) / t) : s * a1 + std::log(std::expm1(t) / t);
  }

  double scaled(double s, double top) const {
    // Below e^-708 a term adds nothing to a sum that holds the largest term (about 1); skipping it avoids
    // exp's slow underflow path.
    if (std::max(s * a1, s * a2) - top < -708) return 0;
    switch (kind) {
      case ValueLaw::Kind::constant: return std::exp(s * a1 - top);
      case ValueLaw::Kind::two_point: {
        const double t = s * (a2 - a1);
        return t > 0 ? std::exp(s * a2 - top) * (p_high + (1 - p_high) * std::exp(-t))
                     : std::exp(s * a1 - top) * (1 + p_high * std::expm1(t));
      }
      case ValueLaw::Kind::uniform: break;
    }
    const double t = s * (a2 - a1);
    if (std::abs(t) < 1e-8) return std::exp(s * (a1 + a2) / 2 + t * t / 24 - top);
    return t > 0 ? std::exp(s * a2 - top) * (-std::expm1(-t) / t) : std::exp(s * a1 - top) * (std::expm1(t) / t);
  }
};

struct UnitBound {
  const double* m;      // row j of M
  Eigen::Index h, j;
  LogMgf log_mgf;
  const std::vector<double>* q;  // Bernoulli: per-atom q; null for the uniform law
  int k;
  double m_min = 0, m_max = 0;   // over l != j

  UnitBound(const double* row, Eigen::Index h_, Eigen::Index j_, LogMgf mgf, const std::vector<double>* q_, int k_)
      : m(row), h(h_), j(j_), log_mgf(mgf), q(q_), k(k_) {
    m_min = HUGE_VAL;
    m_max = -HUGE_VAL;
    for (Eigen::Index l = 0; l < h; ++l)
      if (l != j) {
        m_min = std::min(m_min, m[l]);
        m_max = std::max(m_max, m[l]);
      }
  }

  double log_psi(double s) const { return log_mgf(s); }

  // log of the mgf bound of Σ_{l ∈ S, l != j} x_l M_jl for `count` atoms (uniform) or Bernoulli atoms.
  // The values are non-negative, so log E e^{s x} increases with s and its largest term over l is at the
  // largest λ M_jl: that term scales the sum.
  double log_others(double lambda, int count) const {
    if (q) {
      double sum = 0;
      for (Eigen::Index l = 0; l < h; ++l)
        if (l != j) sum += std::log1p((*q)[l] * std::expm1(log_psi(lambda * m[l])));
      return sum;
    }
    if (count == 0) return 0;
    const double top = log_psi(lambda * (lambda >= 0 ? m_max : m_min));
    double sum = 0;
    for (Eigen::Index l = 0; l < h; ++l)
      if (l != j) sum += log_mgf.scaled(lambda * m[l], top);
    return count * (top + std::log(sum / static_cast<double>(h - 1)));
  }

  // Any λ > 0 gives a valid bound. Brent's minimiser (Boost.Math) on log λ over [log 1e-6, log 1e8] to
  // about 20 bits of log λ, where the bound's value no longer moves in its leading digits.
  template <class F> static double minimise(const F& f) {
    std::uintmax_t evaluations = 100;
    const auto best = boost::math::tools::brent_find_minima([&](double x) { return f(std::exp(x)); }, std::log(1e-6),
                                                            std::log(1e8), 20, evaluations);
    return std::min(best.second, 0.0);
  }
};

}  // namespace

RecoveryBound recovery_probability_bound(const Neighbourhood& nb, const CodeModel& code, const VectorXd& eps) {
  if (nb.m.value.size() == 0)
    throw std::invalid_argument("recovery_probability_bound: the neighbourhood was streamed and holds no M; accepted: "
                                "the bound from M itself");
  return recovery_probability_bound(nb.m.value, code, eps);
}

RecoveryBound recovery_probability_bound(const MatrixXd& m, const CodeModel& code, const VectorXd& eps) {
  const auto h = m.rows();
  const MatrixXd mt = m.transpose();  // column j is row j of M
  const double a1 = code.values.a1_double(), a2 = code.values.a2_double();
  std::vector<double> q;
  const bool bernoulli = code.support.kind() == SupportLaw::Kind::bernoulli;
  if (bernoulli)
    for (const auto& v : code.support.q()) q.push_back(v.convert_to<double>());
  const int k = support_size(code);
  const double q1 = bernoulli ? 0 : static_cast<double>(k) / static_cast<double>(h);
  RecoveryBound out;
  out.off.resize(static_cast<std::size_t>(h));
  out.on.resize(static_cast<std::size_t>(h));
  // Units in parallel, the sum in unit order: the bound does not depend on the thread count.
#pragma omp parallel for schedule(dynamic, 16)
  for (Eigen::Index j = 0; j < h; ++j) {
    const UnitBound u{mt.col(j).data(), h, j, LogMgf{code.values.kind(), a1, a2, code.values.p_high().convert_to<double>()},
                      bernoulli ? &q : nullptr, k};
    const double log_off = UnitBound::minimise([&](double lambda) { return -lambda * eps(j) + u.log_others(lambda, k); });
    const double log_on = UnitBound::minimise([&](double lambda) {
      return lambda * eps(j) + u.log_psi(-lambda * mt(j, j)) + u.log_others(-lambda, k - 1);
    });
    out.off[j] = std::exp(log_off);
    out.on[j] = std::exp(log_on);
  }
  double failure = 0;
  for (Eigen::Index j = 0; j < h; ++j) {
    const double qj = bernoulli ? q[j] : q1;
    failure += (1 - qj) * out.off[j] + qj * out.on[j];
  }
  out.failure = failure;
  out.rate = std::max(0.0, 1 - failure);
  return out;
}

Verdict check_recovery_bound(const RecoveryBound& bound, std::uint64_t successes, std::uint64_t trials, double confidence) {
  const RateEstimate r = clopper_pearson(successes, trials, confidence);
  Verdict v = compare_lower_bound(bound.rate, r.lower, r.upper, trials, confidence,
                                  "Clopper-Pearson interval of the Monte Carlo recovery rate against the Hoeffding bound");
  v.summary = "recovery rate " + number_text(r.rate) + " vs bound " + number_text(bound.rate);
  v.add("failure_bound", bound.failure);
  return v;
}

}  // namespace scae
