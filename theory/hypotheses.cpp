#include "theory/hypotheses.hpp"

#include <cmath>
#include <limits>

namespace scae {

RegimeQuantities regime_quantities(const Neighbourhood& nb, const CodeModel& code, int n, int h) {
  PrecisionGuard guard(nb.bits);
  RegimeQuantities q;
  q.bits = nb.bits;
  q.n = n;
  q.h = h;
  const interval log_h = log(interval(h));
  q.coherence = nb.coherence.enclosure;
  q.xi = nb.coherence.xi;
  q.p = log(from_rational<interval>(code.support.expected_size())) / log_h;
  q.delta = nb.delta;
  q.nu_squared = -log(q.delta) / log_h - q.p;
  q.coherence_value = nb.coherence.value;
  q.xi_value = nb.coherence.xi_value;
  q.p_value = median(q.p).convert_to<double>();
  q.delta_value = median(q.delta).convert_to<double>();
  const double nu2 = median(q.nu_squared).convert_to<double>();
  q.nu_value = nu2 > 0 ? std::sqrt(nu2) : std::numeric_limits<double>::quiet_NaN();
  return q;
}

std::vector<Hypothesis> check_hypotheses(const RegimeQuantities& q, const CodeModel& code, const rational& p_factor) {
  const auto p = [&] { return from_rational<interval>(p_factor) * q.p; };
  std::vector<Hypothesis> out;
  const auto add = [&](std::string id, std::string statement, const std::function<interval(unsigned)>& margin) {
    Hypothesis hyp{std::move(id), std::move(statement), certify_positive(margin, Strictness::strict, q.bits, q.bits)};
    hyp.verdict.summary = hyp.statement + ": margin " + hyp.verdict.evidence.front().text();
    out.push_back(std::move(hyp));
  };
  add("h_above_n", "h > n", [&](unsigned) { return interval(q.h) - interval(q.n); });
  add("a1_positive", "a1 > 0", [&](unsigned) { return from_rational<interval>(code.values.a1()); });
  add("p_below_one_third", "p < 1/3", [&](unsigned) { return from_rational<interval>(rational(1, 3)) - p(); });
  add("p_below_xi_half", "p < xi/2", [&](unsigned) { return q.xi * from_rational<interval>(rational(1, 2)) - p(); });
  add("delta_below_h_to_minus_p", "delta < h^-p (nu^2 > 0)",
      [&](unsigned) { return -log(q.delta) / log(interval(q.h)) - p(); });
  return out;
}

}  // namespace scae
