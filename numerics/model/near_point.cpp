#include "numerics/model/near_point.hpp"

#include "numerics/core/matrix_io.hpp"
#include "numerics/model/point_rows.hpp"

#include <cmath>
#include <string>

namespace scae {

MatrixXd point_at_distance(const MatrixXd& a, double delta, std::uint64_t seed) {
  if (!(delta >= 0) || !std::isfinite(delta))
    throw std::invalid_argument("delta = " + std::to_string(delta) + " must lie in [0, inf)");
  const Eigen::Index n = a.rows(), h = a.cols();
  if (delta == 0) return a.transpose();
  MatrixXd w(h, n);
  // Each row has its own stream, so the rows are shared out over the OpenMP threads: the same
  // operations on each row, hence the same bits, for any number of threads (and as PointRows).
#pragma omp parallel
  {
    VectorXd d(n), row(n);
#pragma omp for schedule(dynamic, 16)
    for (Eigen::Index i = 0; i < h; ++i) {
      point_row(a.col(i).data(), n, delta, seed, i, d, row.data());
      w.row(i) = row.transpose();
    }
  }
  return w;
}

MatrixXd load_point(const std::filesystem::path& path, const MatrixXd& a) {
  MatrixXd w = read_matrix(path, static_cast<std::uint64_t>(a.size()));
  if (w.rows() != a.cols() || w.cols() != a.rows())
    throw InputError(path.string() + ": W has shape " + std::to_string(w.rows()) + "x" + std::to_string(w.cols()) +
                     "; accepted: h x n = " + std::to_string(a.cols()) + "x" + std::to_string(a.rows()));
  return w;
}

double max_row_distance(const MatrixXd& w, const MatrixXd& a) {
  return (w - a.transpose()).rowwise().norm().maxCoeff();
}

}  // namespace scae
