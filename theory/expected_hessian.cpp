#include "theory/expected_hessian.hpp"

#include "theory/expected_gradient.hpp"

#include <omp.h>

#include <algorithm>
#include <array>
#include <functional>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace scae {

namespace {

void check_shapes(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps) {
  if (w.rows() != a.cols() || w.cols() != a.rows() || eps.size() != a.cols())
    throw std::invalid_argument("expected Hessian: need A* n × h, W h × n and ε of size h");
}

// E∇ at a point (h × n), for the stencil.
template <class T> Matrix<T> gradient_at(const Matrix<T>& a, const Matrix<T>& w, const Vector<T>& eps, const CodeModel& code) {
  return ExpectedGradient<T>(a, w, eps, code, /*fast_products=*/true).all_rows();
}

// The sum of the `count` largest entries (all when count >= size).
interval sum_of_largest(std::vector<double> values, int count) {
  std::sort(values.begin(), values.end(), std::greater<>());
  interval sum = 0;
  for (int t = 0; t < count && t < static_cast<int>(values.size()); ++t) sum += interval(values[static_cast<std::size_t>(t)]);
  return sum;
}

// The largest step s = 2^-t, t = 1..40, with x ± s and x ± 2s exact doubles (Knuth's TwoSum error is zero);
// 0 when there is none (|x| far below 2^-40, where the shifted points are formed in MPFI instead).
double exact_step(double x) {
  for (double s = 0.5; s >= 0x1p-40; s /= 2) {
    bool exact = true;
    for (const double t : {s, -s, 2 * s, -2 * s}) {
      const double sum = x + t, z = sum - x;
      exact = exact && (x - (sum - z)) + (t - z) == 0;
    }
    if (exact) return s;
  }
  return 0;
}

// E∇ at W with W_ic shifted by shifts[t] (t = 0..3), enclosed: rows on demand in balls from the exact
// double points, or dense MPFI when no exact step exists.
std::array<Matrix<interval>, 4> shifted_gradients(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps,
                                                  const CodeModel& code, Eigen::Index i, Eigen::Index c, double step,
                                                  bool exact_points) {
  std::array<Matrix<interval>, 4> g;
  const std::array<double, 4> shifts = {step, -step, 2 * step, -2 * step};
  for (std::size_t t = 0; t < 4; ++t) {
    if (exact_points) {
      MatrixXd point = w;
      point(i, c) += shifts[t];
      g[t] = ExpectedGradient<interval>(a, point, eps, code, RowsOnDemand{}).all_rows();
    } else {
      Matrix<interval> point = cast_matrix<interval>(w);
      point(i, c) += interval(shifts[t]);
      g[t] = gradient_at<interval>(cast_matrix<interval>(a), point, cast_vector<interval>(eps), code);
    }
  }
  return g;
}

std::array<MatrixXd, 4> shifted_gradients_double(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps,
                                                 const CodeModel& code, Eigen::Index i, Eigen::Index c, double step) {
  std::array<MatrixXd, 4> g;
  const std::array<double, 4> shifts = {step, -step, 2 * step, -2 * step};
  for (std::size_t t = 0; t < 4; ++t) {
    MatrixXd point = w;
    point(i, c) += shifts[t];
    g[t] = gradient_at<double>(a, point, eps, code);
  }
  return g;
}

// Column i n + c of the Hessian (h × n, the derivative of E∇ along W_ic) by the stencil.
template <class T>
Matrix<T> stencil_column(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code, Eigen::Index i,
                         Eigen::Index c) {
  double step = 0.5;
  std::array<Matrix<T>, 4> g;
  if constexpr (std::is_same_v<T, interval>) {
    const double exact = exact_step(w(i, c));
    if (exact > 0) step = exact;
    g = shifted_gradients(a, w, eps, code, i, c, step, exact > 0);
  } else {
    g = shifted_gradients_double(a, w, eps, code, i, c, step);
  }
  return (T(8) * (g[0] - g[1]) - (g[2] - g[3])) / T(12 * step);
}

}  // namespace

// Each closed-form gradient is small, so the products inside it run on one thread (a parallel region per
// product costs more than the product); the columns in double are shared out over the threads instead
// (each column the same bits on any thread). MPFI work stays on the calling thread (scalar.hpp).
template <class T>
Matrix<T> expected_hessian(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code) {
  check_shapes(a, w, eps);
  const Eigen::Index h = w.rows(), n = w.cols(), dim = h * n;
  Matrix<T> out(dim, dim);
  const auto fill = [&](Eigen::Index p) {
    const Matrix<T> column = stencil_column<T>(a, w, eps, code, p / n, p % n);
    for (Eigen::Index j = 0; j < h; ++j)
      for (Eigen::Index d = 0; d < n; ++d) out(j * n + d, p) = column(j, d);
  };
  const int threads = omp_get_max_threads();
  if constexpr (std::is_same_v<T, interval>) {
    struct OneThread {
      int saved;
      ~OneThread() { omp_set_num_threads(saved); }
    } guard{threads};
    omp_set_num_threads(1);
    for (Eigen::Index p = 0; p < dim; ++p) fill(p);
  } else {
#pragma omp parallel num_threads(threads)
    {
      omp_set_num_threads(1);
#pragma omp for schedule(dynamic)
      for (Eigen::Index p = 0; p < dim; ++p) fill(p);
    }
  }
  return out;
}

template Matrix<double> expected_hessian<double>(const MatrixXd&, const MatrixXd&, const VectorXd&, const CodeModel&);
template Matrix<interval> expected_hessian<interval>(const MatrixXd&, const MatrixXd&, const VectorXd&, const CodeModel&);

MatrixXd sample_hessian(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, std::span<const int> support,
                        std::span<const double> values) {
  check_shapes(a, w, eps);
  if (support.size() != values.size()) throw std::invalid_argument("sample_hessian: one value per support atom");
  const Eigen::Index h = w.rows(), n = w.cols();
  VectorXd y = VectorXd::Zero(n);
  for (std::size_t t = 0; t < support.size(); ++t) y += values[t] * a.col(support[t]);
  VectorXd e = -y;
  std::vector<double> r(support.size());
  for (std::size_t t = 0; t < support.size(); ++t) {
    r[t] = w.row(support[t]).dot(y) - eps(support[t]);
    e += r[t] * w.row(support[t]).transpose();
  }
  const MatrixXd identity = MatrixXd::Identity(n, n);
  MatrixXd out = MatrixXd::Zero(h * n, h * n);
  for (std::size_t s = 0; s < support.size(); ++s)
    for (std::size_t t = 0; t < support.size(); ++t) {
      const int i = support[s], j = support[t];
      const VectorXd wi = w.row(i).transpose(), wj = w.row(j).transpose();
      MatrixXd block = r[s] * r[t] * identity + r[s] * wj * y.transpose() + r[t] * y * wi.transpose() +
                       wi.dot(wj) * y * y.transpose();
      if (i == j) block += e * y.transpose() + y * e.transpose();  // the rest of H_ii is the i = j case of H_ij
      out.block(i * n, j * n, n, n) = block;
    }
  return out;
}

interval hessian_lipschitz_bound(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                                 double radius) {
  check_shapes(a, w, eps);
  if (!(radius >= 0)) throw std::invalid_argument("hessian_lipschitz_bound: the radius must be >= 0");
  const Eigen::Index h = w.rows();
  const bool uniform = code.support.kind() == SupportLaw::Kind::uniform_fixed;
  const int largest = uniform ? code.support.k() : static_cast<int>(h);
  interval q_max = 0;
  if (uniform) {
    q_max = from_rational<interval>(code.support.q_uniform(1));
  } else {
    for (const rational& q : code.support.q()) q_max = hull_max(q_max, from_rational<interval>(q));
  }
  std::vector<double> column_norms, row_squares, bias_squares;
  for (Eigen::Index l = 0; l < h; ++l) {
    interval col = 0, row = 0;
    for (Eigen::Index t = 0; t < a.rows(); ++t) col += interval(a(t, l)) * interval(a(t, l));
    for (Eigen::Index t = 0; t < w.cols(); ++t) row += interval(w(l, t)) * interval(w(l, t));
    column_norms.push_back(outward_doubles(sqrt(col)).second);
    row_squares.push_back(outward_doubles(row).second);
    bias_squares.push_back(outward_doubles(interval(eps(l)) * interval(eps(l))).second);
  }
  const interval y = from_rational<interval>(code.values.a2()) * sum_of_largest(column_norms, largest);
  const interval omega = sqrt(sum_of_largest(row_squares, largest)) + interval(radius);
  const interval eps_k = sqrt(sum_of_largest(bias_squares, largest));
  return 6 * q_max * y * (2 * y * omega + eps_k);
}

}  // namespace scae
