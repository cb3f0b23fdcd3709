#include "numerics/estimate/dense_estimate.hpp"

#include <algorithm>
#include <vector>

namespace scae {

MatrixXd estimate_gradient_dense(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                                 std::uint64_t samples, std::uint64_t seed, int batch) {
  const auto h = a.cols();
  MatrixXd sum = MatrixXd::Zero(w.rows(), w.cols());
  std::vector<int> atoms(static_cast<std::size_t>(code.support.k()));
  std::vector<double> x(atoms.size());
  MatrixXd codes(h, batch);
  for (std::uint64_t start = 0; start < samples; start += static_cast<std::uint64_t>(batch)) {
    const auto nb = static_cast<Eigen::Index>(std::min<std::uint64_t>(static_cast<std::uint64_t>(batch), samples - start));
    codes.setZero();
    for (Eigen::Index s = 0; s < nb; ++s) {
      const int size = code.sample(seed, start + static_cast<std::uint64_t>(s), atoms.data(), x.data());
      for (int t = 0; t < size; ++t) codes(atoms[t], s) = x[t];
    }
    const MatrixXd y = a * codes.leftCols(nb);
    MatrixXd pre = w * y;
    pre.colwise() -= eps;
    const MatrixXd r = pre.cwiseMax(0.0);
    const MatrixXd e = w.transpose() * r - y;
    const MatrixXd masked = (pre.array() > 0).cast<double>() * (w * e).array();
    sum.noalias() += r * e.transpose();
    sum.noalias() += masked * y.transpose();
  }
  return sum / static_cast<double>(samples);
}

}  // namespace scae
