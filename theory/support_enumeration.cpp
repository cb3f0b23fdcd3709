#include "theory/support_enumeration.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace scae {

std::uint64_t supports_containing_atom(int h, int k) {
  std::uint64_t c = 1;
  for (int t = 1; t < k; ++t) {  // c = C(h − 1, t) after step t, exact at every step
    const auto num = static_cast<uint128>(c) * static_cast<unsigned>(h - t);
    if (num / static_cast<unsigned>(t) > std::numeric_limits<std::uint64_t>::max())
      return std::numeric_limits<std::uint64_t>::max();
    c = static_cast<std::uint64_t>(num / static_cast<unsigned>(t));
  }
  return c;
}

EnumeratedRow enumerate_oracle_gradient_row(const MatrixXd& a, const MatrixXd& w, const MatrixXd& m, const VectorXd& eps,
                                            const CodeModel& code, int i) {
  if (code.support.kind() != SupportLaw::Kind::uniform_fixed)
    throw std::invalid_argument("support enumeration needs the uniform support law of fixed size k");
  const int h = static_cast<int>(a.cols()), k = code.support.k();
  const double p = code.support.q_uniform(k).convert_to<double>();  // P(S) = 1 / C(h, k)
  const double m1 = code.values.m1().convert_to<double>(), m2 = code.values.m2().convert_to<double>();
  const double ei = eps(i);
  const VectorXd g = w * w.row(i).transpose();
  const VectorXd w_norm = w.rowwise().norm(), a_norm = a.colwise().norm().transpose();
  VectorXd coef_w = VectorXd::Zero(h), coef_a = VectorXd::Zero(h);
  EnumeratedRow out;
  // c: a (k − 1)-subset of {0..h−2} in lexicographic order; atom v of it is v (v < i) or v + 1.
  std::vector<int> c(static_cast<std::size_t>(k - 1)), s(static_cast<std::size_t>(k));
  for (int t = 0; t < k - 1; ++t) c[static_cast<std::size_t>(t)] = t;
  const int top = h - 1 - (k - 1);  // largest value of c[0]; c[t] <= top + t
  const auto next = [&]() {
    for (int t = k - 2; t >= 0; --t)
      if (c[static_cast<std::size_t>(t)] < top + t) {
        ++c[static_cast<std::size_t>(t)];
        for (int u = t + 1; u < k - 1; ++u) c[static_cast<std::size_t>(u)] = c[static_cast<std::size_t>(u - 1)] + 1;
        return true;
      }
    return false;
  };
  MatrixXd mss(k, k);
  VectorXd r(k), gs(k), es(k), sr(k), alpha(k), beta(k), t(k);
  do {
    s[0] = i;
    for (int u = 0; u < k - 1; ++u) {
      const int v = c[static_cast<std::size_t>(u)];
      s[static_cast<std::size_t>(u + 1)] = v < i ? v : v + 1;
    }
    for (int x = 0; x < k; ++x) {
      const int sx = s[static_cast<std::size_t>(x)];
      for (int y = 0; y < k; ++y) mss(x, y) = m(sx, s[static_cast<std::size_t>(y)]);
      r(x) = m(i, sx);
      gs(x) = g(sx);
      es(x) = eps(sx);
    }
    const double r_sum = r.sum();
    sr = (m2 - m1 * m1) * r + VectorXd::Constant(k, m1 * m1 * r_sum);
    alpha = mss * sr - m1 * r_sum * es - ei * m1 * mss.rowwise().sum() + ei * es;
    t = mss.transpose() * gs - r;
    const double cw = es.dot(gs), t_sum = t.sum();
    beta = -sr + VectorXd::Constant(k, ei * m1) + (m2 - m1 * m1) * t + VectorXd::Constant(k, m1 * m1 * t_sum - cw * m1);
    for (int x = 0; x < k; ++x) {
      const int sx = s[static_cast<std::size_t>(x)];
      coef_w(sx) += p * alpha(x);
      coef_a(sx) += p * beta(x);
      out.magnitude += p * (std::abs(alpha(x)) * w_norm(sx) + std::abs(beta(x)) * a_norm(sx));
    }
    ++out.supports;
  } while (next());
  out.value = w.transpose() * coef_w + a * coef_a;
  return out;
}

}  // namespace scae
