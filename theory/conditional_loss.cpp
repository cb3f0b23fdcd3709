#include "conditional_loss.hpp"

#include "confidence.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

namespace scae {

double conditional_loss(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                        std::span<const int> support) {
  const auto n = a.rows(), k = static_cast<Eigen::Index>(support.size());
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
struct GramForm {
  MatrixXd m, g, c;
  double m1, m2;
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
};
}  // namespace

ScalarEstimate conditional_loss_mean(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                                     std::uint64_t samples, std::uint64_t seed, int batches, double confidence,
                                     int threads) {
  if (batches < 2 || samples < static_cast<std::uint64_t>(batches))
    throw std::invalid_argument("conditional loss: batches = " + std::to_string(batches) + ", samples = " +
                                std::to_string(samples) + "; accepted: 2 <= batches <= samples");
  if (code.support.k() > 16) throw std::invalid_argument("conditional loss: supports of at most 16 atoms");
  const GramForm form{w * a, w * w.transpose(), a.transpose() * a, code.values.m1().convert_to<double>(),
                      code.values.m2().convert_to<double>()};
  std::vector<double> batch_mean(static_cast<std::size_t>(batches));
#pragma omp parallel num_threads(threads > 0 ? threads : 1)
  {
    std::vector<int> atoms(static_cast<std::size_t>(code.support.k()));
    std::vector<double> values(atoms.size());
#pragma omp for schedule(dynamic, 1)
    for (int b = 0; b < batches; ++b) {
      const std::uint64_t begin = samples * static_cast<std::uint64_t>(b) / static_cast<std::uint64_t>(batches);
      const std::uint64_t end = samples * static_cast<std::uint64_t>(b + 1) / static_cast<std::uint64_t>(batches);
      double sum = 0;
      for (std::uint64_t s = begin; s < end; ++s) {
        const int size = code.sample(seed, s, atoms.data(), values.data());
        sum += form(eps, std::span<const int>(atoms.data(), static_cast<std::size_t>(size)));
      }
      batch_mean[static_cast<std::size_t>(b)] = sum / static_cast<double>(end - begin);
    }
  }
  double total = 0, mean = 0, m2 = 0;
  for (int b = 0; b < batches; ++b) {
    const double x = batch_mean[static_cast<std::size_t>(b)];
    const std::uint64_t size = samples * static_cast<std::uint64_t>(b + 1) / static_cast<std::uint64_t>(batches) -
                               samples * static_cast<std::uint64_t>(b) / static_cast<std::uint64_t>(batches);
    total += x * static_cast<double>(size);
    const double delta = x - mean;
    mean += delta / (b + 1);
    m2 += delta * (x - mean);
  }
  ScalarEstimate out;
  out.mean = total / static_cast<double>(samples);
  out.halfwidth = student_t_quantile(1 - (1 - confidence) / 2, batches - 1) *
                  std::sqrt(m2 / (static_cast<double>(batches - 1) * batches));
  return out;
}

}  // namespace scae
