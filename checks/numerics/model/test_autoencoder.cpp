// Covers numerics/model/autoencoder.hpp: the exact per-sample gradient against 8th-order central
// finite differences of the loss in 100-digit MPFR (the loss is a polynomial of degree 4 in W
// between ReLU kinks, so the stencil is exact and only rounding, ~1e-88, remains: tolerance
// 1e-60 relative), the double instantiation against MPFR, and interval enclosures.
#include <doctest/doctest.h>

#include "numerics/model/autoencoder.hpp"
#include "numerics/model/dictionary.hpp"
#include "numerics/model/near_point.hpp"
#include "checks/test_support.hpp"

using namespace scae;

namespace {
struct Sample {
  MatrixXd a, w;
  VectorXd eps, y;
  std::vector<int> support;
};

Sample make_sample() {
  Sample s;
  s.a = gaussian_dictionary(4, 6, scae::testing::seed());
  s.w = point_at_distance(s.a, 0.3, scae::testing::seed() + 1);
  s.eps = VectorXd::Constant(6, 0.2);
  VectorXd x = VectorXd::Zero(6);
  x(1) = 1.25;
  x(3) = 1.75;
  s.support = {1, 3};
  s.y = s.a * x;
  return s;
}

template <class T> Matrix<T> finite_difference_gradient(const Matrix<T>& w, const Vector<T>& eps, const Vector<T>& y, const T& step) {
  static const int offsets[] = {1, 2, 3, 4};
  const T weights[] = {T(4) / 5, -T(1) / 5, T(4) / 105, -T(1) / 280};
  Matrix<T> g(w.rows(), w.cols());
  for (Eigen::Index i = 0; i < w.rows(); ++i)
    for (Eigen::Index j = 0; j < w.cols(); ++j) {
      T sum = 0;
      for (int t = 0; t < 4; ++t) {
        Matrix<T> plus = w, minus = w;
        plus(i, j) += offsets[t] * step;
        minus(i, j) -= offsets[t] * step;
        sum += weights[t] * (loss(plus, eps, y) - loss(minus, eps, y));
      }
      g(i, j) = sum / step;
    }
  return g;
}
}  // namespace

TEST_SUITE("autoencoder") {
  TEST_CASE("gradient equals 8th-order central finite differences in 100-digit MPFR (relative 1e-60)") {
    const Sample s = make_sample();
    mpfr::default_precision(100);
    const auto w = cast_matrix<mpfr>(s.w);
    const auto eps = cast_vector<mpfr>(s.eps);
    const auto y = cast_vector<mpfr>(s.y);
    const Vector<mpfr> z = w * y - eps;
    for (Eigen::Index j = 0; j < z.size(); ++j) REQUIRE(abs(z(j)) > mpfr("1e-6"));  // no kink within the stencil
    const Matrix<mpfr> exact = gradient(w, eps, y);
    const Matrix<mpfr> fd = finite_difference_gradient<mpfr>(w, eps, y, mpfr("1e-12"));
    const mpfr rel = (exact - fd).norm() / exact.norm();
    CHECK(rel < mpfr("1e-60"));
    // Sensitivity: the decoder term alone (encoder term dropped) is far off.
    const auto act = relu_activation(w, eps, y);
    const Vector<mpfr> e = w.transpose() * act.r - y;
    const Matrix<mpfr> decoder_only = act.r * e.transpose();
    CHECK((decoder_only - fd).norm() / exact.norm() > mpfr("1e-3"));
    mpfr::default_precision(50);
  }

  TEST_CASE("double gradient and loss agree with MPFR to 1e-13 relative") {
    const Sample s = make_sample();
    PrecisionGuard guard(200);
    const Matrix<mpfr> ref = gradient(cast_matrix<mpfr>(s.w), cast_vector<mpfr>(s.eps), cast_vector<mpfr>(s.y));
    const MatrixXd g = gradient(s.w, s.eps, s.y);
    CHECK(((cast_matrix<mpfr>(g) - ref).norm() / ref.norm()) < mpfr("1e-13"));
    const mpfr l = loss(cast_matrix<mpfr>(s.w), cast_vector<mpfr>(s.eps), cast_vector<mpfr>(s.y));
    CHECK(abs(mpfr(loss(s.w, s.eps, s.y)) - l) / l < mpfr("1e-13"));
  }

  TEST_CASE("interval gradient encloses the 300-bit value (enclosure) and is narrow at 128 bits (tightness)") {
    const Sample s = make_sample();
    Matrix<mpfr> ref;
    {
      PrecisionGuard guard(300);
      ref = gradient(cast_matrix<mpfr>(s.w), cast_vector<mpfr>(s.eps), cast_vector<mpfr>(s.y));
    }
    PrecisionGuard guard(128);
    const Matrix<interval> box = gradient(cast_matrix<interval>(s.w), cast_vector<interval>(s.eps), cast_vector<interval>(s.y));
    bool enclosed = true;
    mpfr widest = 0;
    for (Eigen::Index i = 0; i < box.rows(); ++i)
      for (Eigen::Index j = 0; j < box.cols(); ++j) {
        enclosed = enclosed && lower(box(i, j)) <= ref(i, j) && ref(i, j) <= upper(box(i, j));
        if (width(box(i, j)) > widest) widest = width(box(i, j));
      }
    CHECK(enclosed);
    CHECK(widest < mpfr("1e-28"));
  }

  TEST_CASE("an interval pre-activation straddling the threshold gives the hull of both branches") {
    PrecisionGuard guard(64);
    Matrix<interval> w(1, 1);
    w(0, 0) = 1;
    Vector<interval> eps(1), y(1);
    eps(0) = interval(mpfr(0.9), mpfr(1.1));
    y(0) = 1;
    const auto act = relu_activation(w, eps, y);
    CHECK(lower(act.indicator(0)) == 0);
    CHECK(upper(act.indicator(0)) == 1);
    CHECK(lower(act.r(0)) == 0);
    CHECK(upper(act.r(0)) >= mpfr(0.1) - mpfr("1e-15"));
  }

  TEST_CASE("oracle gradient equals the gradient when the ReLU support is supp x*, and differs otherwise") {
    Sample s = make_sample();
    s.w = s.a.transpose();
    const auto act = relu_activation(s.w, s.eps, s.y);
    std::vector<int> fired;
    for (Eigen::Index j = 0; j < act.indicator.size(); ++j)
      if (act.indicator(j) > 0) fired.push_back(static_cast<int>(j));
    const MatrixXd g = gradient(s.w, s.y, act);
    const MatrixXd oracle = gradient(s.w, s.y, oracle_activation(s.w, s.eps, s.y, s.support));
    if (fired == s.support) CHECK((g - oracle).norm() == 0.0);
    else CHECK((g - oracle).norm() > 0.0);
    const MatrixXd wrong = gradient(s.w, s.y, oracle_activation(s.w, s.eps, s.y, {0, 1}));
    CHECK((g - wrong).norm() > 1e-3);
  }
}
