#include "theory/conditional_loss.hpp"

#include "numerics/core/certified_product.hpp"
#include "numerics/core/confidence.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

namespace scae {

double conditional_loss(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                        std::span<const int> support) {
  const auto n = a.rows(), k = static_cast<Eigen::Index>(support.size());
  if (k == 0) return 0;  // y = 0 reconstructs exactly (and Eigen's reductions of empty blocks are not defined behaviour)
  MatrixXd ws(n, k), as(n, k);
  VectorXd es(k);
  for (Eigen::Index t = 0; t < k; ++t) {
    ws.col(t) = w.row(support[static_cast<std::size_t>(t)]).transpose();
    as.col(t) = a.col(support[static_cast<std::size_t>(t)]);
    es(t) = eps(support[static_cast<std::size_t>(t)]);
  }
  const MatrixXd b = ws * (ws.transpose() * as) - as;
  const VectorXd d = ws * es;
  const double m1 = code.values.m1().convert_to<double>(), m2 = code.values.m2().convert_to<double>();
  return 0.5 * ((m2 - m1 * m1) * b.squaredNorm() + (m1 * b.rowwise().sum() - d).squaredNorm());
}

namespace {
// E[L | S] from the Gram matrices M = W A*, G = W Wᵀ, C = A*ᵀ A* (h × h): with the k × k blocks on S,
//   K = BᵀB = M_SSᵀ G_SS M_SS − 2 M_SSᵀ M_SS + C_SS,   Bᵀd = M_SSᵀ G_SS ε_S − M_SSᵀ ε_S,   ‖d‖² = ε_Sᵀ G_SS ε_S,
//   2 E[L | S] = (m2 − m1²) tr K + m1² 1ᵀK1 − 2 m1 1ᵀBᵀd + ‖d‖²:  O(k³) per support.
//
// Rounding (Higham, Accuracy and Stability, §3.1-3.5; no underflow, as in the engine's bound). The
// computed value is the exact polynomial in W, A*, ε, m1, m2 with every monomial multiplied by a
// product of at most D factors (1 + δ), |δ| <= u, so it is within γ_D of the same polynomial with
// every coefficient and entry replaced by its absolute value (Lemma 3.3: (1 + θ_i)(1 + θ_j) =
// 1 + θ_{i+j}). D counts the roundings along the longest chain: each Gram entry is an n-term dot
// product (n, any order, FMA included) and a monomial holds at most three of them (M_SSᵀ G_SS M_SS):
// 3n; the k × k products 2k, K's two sums 2, tr K and 1ᵀK1 at most k², m1 and m2 rounded from
// rationals (2 each: conversions may truncate) with m1·m1 and m2 − m1² 2, the products by the
// coefficients 1 and the three outer sums 3: D = 3n + k² + 3k + 12 covers every term. By
// Cauchy-Schwarz the absolute Gram entries are at most the rank-one w_x a_y, w_x w_y, a_x a_y with
// w_x = ‖W_{s_x}‖, a_x = ‖A*_{s_x}‖, so with P = 1 + ‖w‖², E = Σ_x w_x |ε_{s_x}|:
//   |computed − exact| <= γ_D · ½ [ (|m2| + m1²) P² ‖a‖² + m1² P² (Σ a_x)² + 2 |m1| P (Σ a_x) E + E² ],
// O(k) per support (the absolute K is at most P² a aᵀ, the absolute 1ᵀBᵀd at most P (Σ a_x) E).
struct GramForm {
  MatrixXd m, g, c;
  VectorXd w_norm, a_norm;  // ‖W_j‖ (rows), ‖A*_j‖ (columns)
  double m1, m2;
  Eigen::Index n;  // rows of A*, the length of the Gram dot products
  double operator()(const VectorXd& eps, std::span<const int> s) const {
    const auto k = static_cast<Eigen::Index>(s.size());
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, 16, 16> ms(k, k), gs(k, k), cs(k, k);
    Eigen::Matrix<double, Eigen::Dynamic, 1, 0, 16, 1> es(k);
    for (Eigen::Index x = 0; x < k; ++x) {
      es(x) = eps(s[static_cast<std::size_t>(x)]);
      for (Eigen::Index y = 0; y < k; ++y) {
        ms(x, y) = m(s[static_cast<std::size_t>(x)], s[static_cast<std::size_t>(y)]);
        gs(x, y) = g(s[static_cast<std::size_t>(x)], s[static_cast<std::size_t>(y)]);
        cs(x, y) = c(s[static_cast<std::size_t>(x)], s[static_cast<std::size_t>(y)]);
      }
    }
    const auto kk = (ms.transpose() * gs * ms - 2 * ms.transpose() * ms + cs).eval();
    const auto btd = (ms.transpose() * (gs * es - es)).eval();
    return 0.5 * ((m2 - m1 * m1) * kk.trace() + m1 * m1 * kk.sum() - 2 * m1 * btd.sum() + es.dot(gs * es));
  }
  // The bound above on |operator() − exact E[L | S]| (as computed; see conditional_loss_mean for
  // the rounding of this evaluation itself).
  double rounding(const VectorXd& eps, std::span<const int> s) const {
    double ww = 0, aa = 0, a_sum = 0, e = 0;
    for (const int j : s) {
      ww += w_norm(j) * w_norm(j);
      aa += a_norm(j) * a_norm(j);
      a_sum += a_norm(j);
      e += w_norm(j) * std::abs(eps(j));
    }
    const double p = 1 + ww, k = static_cast<double>(s.size());
    const double depth = 3 * static_cast<double>(n) + k * k + 3 * k + 12;
    return higham_gamma(depth) * 0.5 *
           ((std::abs(m2) + m1 * m1) * p * p * aa + m1 * m1 * p * p * a_sum * a_sum + 2 * std::abs(m1) * p * a_sum * e + e * e);
  }
};
}  // namespace

ScalarEstimate conditional_loss_mean(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                                     std::uint64_t samples, std::uint64_t seed, int batches, double confidence,
                                     int threads) {
  if (batches < 2 || samples < static_cast<std::uint64_t>(batches))
    throw std::invalid_argument("conditional loss: batches = " + std::to_string(batches) + ", samples = " +
                                std::to_string(samples) + "; accepted: 2 <= batches <= samples");
  if (code.support.k() > 16) throw std::invalid_argument("conditional loss: supports of at most 16 atoms");
  const GramForm form{fixed_order_product(w, a),
                      fixed_order_product(w, w.transpose()),
                      fixed_order_product(a.transpose(), a),
                      w.rowwise().norm(),
                      a.colwise().norm().transpose(),
                      code.values.m1().convert_to<double>(),
                      code.values.m2().convert_to<double>(),
                      a.rows()};
  const auto range = [&](int b) {
    return std::pair{samples * static_cast<std::uint64_t>(b) / static_cast<std::uint64_t>(batches),
                     samples * static_cast<std::uint64_t>(b + 1) / static_cast<std::uint64_t>(batches)};
  };
  // Per batch: the mean, Σ |value| and Σ of the values' rounding bounds.
  std::vector<double> batch_mean(static_cast<std::size_t>(batches)), batch_abs(batch_mean.size()),
      batch_rounding(batch_mean.size());
#pragma omp parallel num_threads(threads > 0 ? threads : 1)
  {
    std::vector<int> atoms(static_cast<std::size_t>(code.support.k()));
    std::vector<double> values(atoms.size());
#pragma omp for schedule(dynamic, 1)
    for (int b = 0; b < batches; ++b) {
      const auto [begin, end] = range(b);
      double sum = 0, abs_sum = 0, rounding = 0;
      for (std::uint64_t s = begin; s < end; ++s) {
        const int size = code.sample(seed, s, atoms.data(), values.data());
        const std::span<const int> support(atoms.data(), static_cast<std::size_t>(size));
        const double value = form(eps, support);
        sum += value;
        abs_sum += std::abs(value);
        rounding += form.rounding(eps, support);
      }
      batch_mean[static_cast<std::size_t>(b)] = sum / static_cast<double>(end - begin);
      batch_abs[static_cast<std::size_t>(b)] = abs_sum;
      batch_rounding[static_cast<std::size_t>(b)] = rounding;
    }
  }
  double total = 0, mean = 0, m2 = 0, abs_total = 0, rounding_total = 0;
  std::uint64_t largest = 0;
  for (int b = 0; b < batches; ++b) {
    const double x = batch_mean[static_cast<std::size_t>(b)];
    const auto [begin, end] = range(b);
    largest = std::max(largest, end - begin);
    total += x * static_cast<double>(end - begin);
    abs_total += batch_abs[static_cast<std::size_t>(b)];
    rounding_total += batch_rounding[static_cast<std::size_t>(b)];
    const double delta = x - mean;
    mean += delta / (b + 1);
    m2 += delta * (x - mean);
  }
  ScalarEstimate out;
  out.mean = total / static_cast<double>(samples);
  out.halfwidth = student_t_quantile(1 - (1 - confidence) / 2, batches - 1) *
                  std::sqrt(m2 / (static_cast<double>(batches - 1) * batches));
  // Rounding of the mean. A batch of N values v̂_s (each within r_s of exact) sums to within
  // Σ r_s + γ_N Σ |v̂_s| of the exact sum; its mean times N, the sum over the B batches and the
  // division by the sample count give every batch sum one factor (1 + θ_{B+2}). So
  //   |out.mean − exact mean| <= (Σ_s r_s + γ_{N+B+2} Σ_s |v̂_s|) / samples,   N the largest batch,
  // and, every term being non-negative, evaluating this bound in double (the norms within γ_{n+1},
  // at most six of them per term of r_s, O(k) operations each) loses at most a factor
  // 1 / (1 − γ_{N+B+6n+3k+30}) <= 1 + 2 γ_{N+B+6n+3k+30}.
  const double nb = static_cast<double>(largest) + batches;
  out.rounding = (1 + 2 * higham_gamma(nb + 6.0 * static_cast<double>(a.rows()) + 3.0 * code.support.k() + 30)) *
                 (rounding_total + higham_gamma(nb + 2) * abs_total) / static_cast<double>(samples);
  return out;
}

}  // namespace scae
