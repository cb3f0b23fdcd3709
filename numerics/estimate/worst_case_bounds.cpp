#include "numerics/estimate/worst_case_bounds.hpp"

#include "numerics/estimate/shared_rows.hpp"

#include <algorithm>
#include <functional>

namespace scae::engine {
namespace {

double sum_of_largest(std::vector<double> values, int count) {
  count = std::min<int>(count, static_cast<int>(values.size()));
  std::partial_sort(values.begin(), values.begin() + count, values.end(), std::greater<>());
  double sum = 0;
  for (int t = 0; t < count; ++t) sum += values[t];
  return sum;
}

}  // namespace

void add_positive_column_sums(const MatrixXd& m, Eigen::Index first, const VectorXd& w_norms, std::vector<double>& p) {
  for (Eigen::Index l = 0; l < m.cols(); ++l)
    for (Eigen::Index j = 0; j < m.rows(); ++j) p[l] += std::max(m(j, l), 0.0) * w_norms(first + j);
}

void row_extremes(const MatrixXd& m, const VectorXd& eps_rows, double a2, int kmax, int threads, double* r_max, double* r_oracle) {
  const auto rows = m.rows(), h = m.cols();
  // The rows of M in tiles of 8 (one line of each column), on the run's threads.
  constexpr Eigen::Index tile = 8;
#pragma omp parallel num_threads(threads)
  {
    std::vector<std::vector<double>> tiles(tile, std::vector<double>(static_cast<std::size_t>(h)));
#pragma omp for schedule(static)
    for (Eigen::Index first = 0; first < rows; first += tile) {
      const Eigen::Index count = std::min(tile, rows - first);
      for (Eigen::Index l = 0; l < h; ++l)
        for (Eigen::Index t = 0; t < count; ++t) tiles[t][l] = m(first + t, l);
      for (Eigen::Index t = 0; t < count; ++t) {
        const Eigen::Index i = first + t;
        std::vector<double>& row = tiles[t];
        std::vector<double> positive(row.size());
        std::transform(row.begin(), row.end(), positive.begin(), [](double v) { return std::max(v, 0.0); });
        r_max[i] = a2 * sum_of_largest(std::move(positive), kmax) + std::max(-eps_rows(i), 0.0);
        for (double& v : row) v = std::abs(v);
        r_oracle[i] = a2 * sum_of_largest(row, kmax) + std::abs(eps_rows(i));
      }
    }
  }
}

Bounds bounds_from_rows(const Shared& sh, const VectorXd& w_norms, const std::vector<double>& p,
                        const std::vector<double>& r_max, const std::vector<double>& r_oracle) {
  const auto h = sh.a.cols();
  const int kmax = sh.max_support;
  const double a2 = sh.code.values.a2_double();
  std::vector<double> col_norms(static_cast<std::size_t>(h));
  for (Eigen::Index l = 0; l < h; ++l) col_norms[l] = sh.a.col(l).norm();
  const double y_max = a2 * sum_of_largest(col_norms, kmax);
  double neg_bias = 0;
  for (Eigen::Index j = 0; j < h; ++j) neg_bias += std::max(-sh.eps(j), 0.0) * w_norms(j);
  const double e_max = a2 * sum_of_largest(p, kmax) + neg_bias + y_max;
  Bounds out;
  out.gradient.resize(h);
  out.oracle.resize(h);
  for (Eigen::Index i = 0; i < h; ++i) out.gradient(i) = r_max[i] * e_max + w_norms(i) * e_max * y_max;
  std::vector<double> weighted(static_cast<std::size_t>(h));
  for (Eigen::Index j = 0; j < h; ++j) weighted[j] = r_oracle[j] * w_norms(j);
  const double e_oracle = sum_of_largest(weighted, kmax) + y_max;
  for (Eigen::Index i = 0; i < h; ++i) out.oracle(i) = r_oracle[i] * e_oracle + w_norms(i) * e_oracle * y_max;
  out.loss = 0.5 * e_max * e_max;
  return out;
}

Bounds worst_case_bounds(const Shared& sh, const MatrixXd& w) {
  if (sh.block) return sh.block->bounds(sh, w);
  const auto h = sh.m.rows();
  const VectorXd w_norms = w.rowwise().norm();
  std::vector<double> p(static_cast<std::size_t>(h), 0.0), r_max(p.size()), r_oracle(p.size());
  add_positive_column_sums(sh.m, 0, w_norms, p);
  row_extremes(sh.m, sh.eps, sh.code.values.a2_double(), sh.max_support, sh.threads, r_max.data(), r_oracle.data());
  return bounds_from_rows(sh, w_norms, p, r_max, r_oracle);
}

}  // namespace scae::engine
