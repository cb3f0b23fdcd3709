#include "near_point.hpp"

#include "matrix_io.hpp"
#include "philox_stream.hpp"

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
  // operations on each row, hence the same bits, for any number of threads.
#pragma omp parallel
  {
    VectorXd d(n);
#pragma omp for schedule(dynamic, 16)
    for (Eigen::Index i = 0; i < h; ++i) {
      PhiloxStream stream(seed, Stream::point, static_cast<std::uint64_t>(i));
      do {
        for (Eigen::Index t = 0; t < n; ++t) d(t) = stream.normal();
      } while (d.norm() == 0);
      w.row(i) = a.col(i).transpose();
      w.row(i) += (delta / d.norm()) * d.transpose();
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
