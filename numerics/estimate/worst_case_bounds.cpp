#include "worst_case_bounds.hpp"

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

Bounds worst_case_bounds(const Shared& sh, const MatrixXd& w) {
  const auto h = sh.m.rows();
  const int kmax = sh.max_support;
  const double a2 = sh.code.values.a2_double();
  std::vector<double> col_norms(static_cast<std::size_t>(h)), p(static_cast<std::size_t>(h), 0.0);
  const VectorXd w_norms = w.rowwise().norm();
  for (Eigen::Index l = 0; l < h; ++l) col_norms[l] = sh.a.col(l).norm();
  const double y_max = a2 * sum_of_largest(col_norms, kmax);
  double neg_bias = 0;
  for (Eigen::Index j = 0; j < h; ++j) neg_bias += std::max(-sh.eps(j), 0.0) * w_norms(j);
  for (Eigen::Index l = 0; l < h; ++l)
    for (Eigen::Index j = 0; j < h; ++j) p[l] += std::max(sh.m(j, l), 0.0) * w_norms(j);
  const double e_max = a2 * sum_of_largest(p, kmax) + neg_bias + y_max;

  Bounds out;
  out.gradient.resize(h);
  out.oracle.resize(h);
  std::vector<double> r_oracle(static_cast<std::size_t>(h));
  std::vector<double> row(static_cast<std::size_t>(h));
  for (Eigen::Index i = 0; i < h; ++i) {
    for (Eigen::Index l = 0; l < h; ++l) row[l] = std::max(sh.m(i, l), 0.0);
    const double r_max = a2 * sum_of_largest(row, kmax) + std::max(-sh.eps(i), 0.0);
    out.gradient(i) = r_max * e_max + w_norms(i) * e_max * y_max;
    for (Eigen::Index l = 0; l < h; ++l) row[l] = std::abs(sh.m(i, l));
    r_oracle[i] = a2 * sum_of_largest(row, kmax) + std::abs(sh.eps(i));
  }
  std::vector<double> weighted(static_cast<std::size_t>(h));
  for (Eigen::Index j = 0; j < h; ++j) weighted[j] = r_oracle[j] * w_norms(j);
  const double e_oracle = sum_of_largest(weighted, kmax) + y_max;
  for (Eigen::Index i = 0; i < h; ++i) out.oracle(i) = r_oracle[i] * e_oracle + w_norms(i) * e_oracle * y_max;
  out.loss = 0.5 * e_max * e_max;
  return out;
}

}  // namespace scae::engine
