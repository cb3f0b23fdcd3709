#include "theory/hessian_vector.hpp"

#include "numerics/core/philox_stream.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace scae {

MatrixXd hessian_times(const ExpectedLoss& loss, const MatrixXd& w, const MatrixXd& v) {
  if (v.rows() != w.rows() || v.cols() != w.cols())
    throw std::invalid_argument("V is " + std::to_string(v.rows()) + "x" + std::to_string(v.cols()) + ", expected the shape of W");
  const double largest_row = v.rowwise().norm().maxCoeff();
  if (largest_row == 0) return MatrixXd::Zero(v.rows(), v.cols());
  const double tau = 0.25 / largest_row;
  const auto f = [&](double s) { return loss.gradient(w + s * v); };
  const MatrixXd near = f(tau) - f(-tau);
  const MatrixXd far = f(2 * tau) - f(-2 * tau);
  return (8 * near - far) / (12 * tau);
}

MatrixXd dense_hessian(const ExpectedLoss& loss, const MatrixXd& w) {
  const Eigen::Index h = w.rows(), n = w.cols(), size = h * n;
  if (size > 4096) throw std::invalid_argument("dense Hessian of size hn = " + std::to_string(size) + "; accepted: hn <= 4096");
  MatrixXd out(size, size);
  for (Eigen::Index c = 0; c < size; ++c) {
    MatrixXd e = MatrixXd::Zero(h, n);
    e(c / n, c % n) = 1;
    const MatrixXd col = hessian_times(loss, w, e);
    for (Eigen::Index i = 0; i < h; ++i) out.block(i * n, c, n, 1) = col.row(i).transpose();
  }
  return (out + out.transpose()) / 2;
}

LanczosEstimate lanczos_extremes(const ExpectedLoss& loss, const MatrixXd& w, int max_steps, double rel_tol,
                                 std::uint64_t seed) {
  if (max_steps < 1) throw std::invalid_argument("Lanczos needs at least one step");
  const Eigen::Index h = w.rows(), n = w.cols(), size = h * n;
  const Eigen::Index steps = std::min<Eigen::Index>(max_steps, size);
  MatrixXd basis(size, steps + 1);  // column j: q_j, W-shaped row by row
  for (Eigen::Index c = 0; c < size; ++c) basis(c, 0) = PhiloxStream(seed, Stream::directions, static_cast<std::uint64_t>(c)).normal();
  basis.col(0).normalize();
  VectorXd alpha(steps), beta(steps);
  LanczosEstimate out;
  for (Eigen::Index j = 0; j < steps; ++j) {
    const MatrixXd q = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        basis.col(j).data(), h, n);
    const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> hq = hessian_times(loss, w, q);
    VectorXd z = Eigen::Map<const VectorXd>(hq.data(), size);
    ++out.steps;
    alpha(j) = basis.col(j).dot(z);
    for (int pass = 0; pass < 2; ++pass) z -= basis.leftCols(j + 1) * (basis.leftCols(j + 1).transpose() * z);
    beta(j) = z.norm();
    MatrixXd t = MatrixXd::Zero(j + 1, j + 1);
    for (Eigen::Index r = 0; r <= j; ++r) {
      t(r, r) = alpha(r);
      if (r > 0) t(r, r - 1) = t(r - 1, r) = beta(r - 1);
    }
    const Eigen::SelfAdjointEigenSolver<MatrixXd> eig(t);
    out.lambda_min = eig.eigenvalues()(0);
    out.lambda_max = eig.eigenvalues()(j);
    out.residual = beta(j) * std::abs(eig.eigenvectors()(j, 0));
    if (out.residual <= rel_tol * std::abs(out.lambda_min) || beta(j) == 0) break;
    basis.col(j + 1) = z / beta(j);
  }
  return out;
}

}  // namespace scae
