#include "theory/coherence_check.hpp"

#include "numerics/core/certified_product.hpp"

#include <cmath>
#include <limits>

namespace scae {

namespace {
// True when every entry is a multiple of 2^-e, |entry| <= 1, and n 2^(2e) <= 2^53.
bool gram_is_exact(const MatrixXd& a) {
  int e = 0;
  for (Eigen::Index t = 0; t < a.size(); ++t) {
    const double x = a.data()[t];
    if (!(std::abs(x) <= 1)) return false;
    while (e <= 26 && std::ldexp(x, e) != std::trunc(std::ldexp(x, e))) ++e;
    if (e > 26) return false;
  }
  return static_cast<double>(a.rows()) * std::ldexp(1.0, 2 * e) <= std::ldexp(1.0, 53);
}
}  // namespace

Verdict check_coherence_bounds_every_pair(const MatrixXd& a, const interval& coherence, unsigned bits) {
  PrecisionGuard guard(bits);
  const auto n = a.rows(), h = a.cols();
  const MatrixXd gram = a.transpose() * a;
  const bool exact = gram_is_exact(a);
  const double u = std::numeric_limits<double>::epsilon() / 2, nu = static_cast<double>(n) * u;
  const double gamma = exact ? 0 : 1.01 * nu / (1 - nu);  // 1.01: room for the rounding of the bound itself
  const MatrixXd abs_gram = exact ? MatrixXd() : MatrixXd(a.cwiseAbs().transpose() * a.cwiseAbs());
  const mpfr top = upper(coherence);
  long recomputed = 0;
  bool undecided = false, refuted = false;
  double largest = 0;
  for (Eigen::Index l = 1; l < h && !refuted; ++l)
    for (Eigen::Index j = 0; j < l; ++j) {
      const double value = std::abs(gram(j, l));
      largest = std::max(largest, value);
      // Above the exact |<A*_j, A*_l>| (the sum rounded up; denorm_min covers underflow).
      const double bound = exact ? value
                                 : std::nextafter(value + gamma * abs_gram(j, l) + 4 * std::numeric_limits<double>::denorm_min(),
                                                  HUGE_VAL);
      if (mpfr(bound) <= top) continue;
      ++recomputed;
      const interval dot = abs(interval_dot(a.col(j).data(), a.col(l).data(), n));
      if (lower(dot) > top) {
        refuted = true;
        break;
      }
      if (upper(dot) > top) undecided = true;
    }
  Verdict v;
  v.precision_bits = bits;
  v.outcome = refuted ? Outcome::refuted : undecided ? Outcome::undecided : Outcome::proven;
  v.summary = "max |<A*_j, A*_l>| recomputed " + number_text(largest) + " vs certified coherence " + interval_text(coherence);
  v.add("Gram rounding", exact ? "exact (dyadic entries)" : "Higham bound gamma_n sum |a_j||a_l|");
  v.add("pairs recomputed in MPFI", static_cast<double>(recomputed));
  return v;
}

}  // namespace scae
