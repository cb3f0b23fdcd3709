#include "batch_layout.hpp"

namespace scae::engine {

void BatchLayout::pack(const BatchResult& result, double* out) const {
  const std::size_t c = cells(), w = static_cast<std::size_t>(wanted);
  Eigen::Map<MatrixXd>(out, n, wanted) = result.oracle.topRows(n);
  Eigen::Map<MatrixXd>(out + c, n, wanted) = result.correction.topRows(n);
  out[2 * c] = result.loss;
  out[2 * c + 1] = static_cast<double>(result.recovered);
  out[2 * c + 2] = static_cast<double>(result.active);
  out[2 * c + 3] = static_cast<double>(result.size);
  out[2 * c + 4] = result.loss_rounding;
  Eigen::Map<VectorXd>(out + 2 * c + 5, wanted) = result.oracle_rounding;
  Eigen::Map<VectorXd>(out + 2 * c + 5 + w, wanted) = result.correction_rounding;
  out[2 * c + 5 + 2 * w] = result.product_seconds;
}

void BatchLayout::unpack(const double* in, BatchResult& result) const {
  const std::size_t c = cells(), w = static_cast<std::size_t>(wanted);
  result.oracle = Eigen::Map<const MatrixXd>(in, n, wanted);
  result.correction = Eigen::Map<const MatrixXd>(in + c, n, wanted);
  result.loss = in[2 * c];
  result.recovered = static_cast<std::uint64_t>(in[2 * c + 1]);
  result.active = static_cast<std::uint64_t>(in[2 * c + 2]);
  result.size = static_cast<std::uint64_t>(in[2 * c + 3]);
  result.loss_rounding = in[2 * c + 4];
  result.oracle_rounding = Eigen::Map<const VectorXd>(in + 2 * c + 5, wanted);
  result.correction_rounding = Eigen::Map<const VectorXd>(in + 2 * c + 5 + w, wanted);
  result.product_seconds = in[2 * c + 5 + 2 * w];
}

}  // namespace scae::engine
