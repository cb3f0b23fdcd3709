// Covers theory/expected_hessian.hpp: the stencil Hessian of the closed form encloses the average of the
// per-sample Hessian blocks over every support and value of a two-point law (h = 8, an independent
// derivation), also where a coordinate has no exact double step, and agrees with finite differences of E∇;
// the Lipschitz bound L₃ holds on random directions and is sharp in one dimension. Deliberately wrong
// inputs: the enumeration without the ⟨W_i, W_j⟩ y yᵀ class, the closed form under another value law with
// the same m1 (a wrong m2), and the bound halved — each is caught by the same comparison.
#include <doctest/doctest.h>

#include "numerics/model/dictionary.hpp"
#include "theory/expected_gradient.hpp"
#include "theory/expected_hessian.hpp"
#include "numerics/model/near_point.hpp"

#include <array>
#include <cmath>
#include <vector>

using namespace scae;

namespace {

struct Tiny {
  MatrixXd a, w;
  VectorXd eps;
};

Tiny tiny() {
  Tiny t;
  t.a = identity_hadamard_dictionary(4);  // n = 4, h = 8
  t.w = point_at_distance(t.a, 0.2, 3);
  t.eps = VectorXd::LinSpaced(8, 0.2, 0.5);
  return t;
}

// E H by enumeration: uniform supports of size 2 of 8 atoms, values 1 or 2 with probability ½ each.
// With drop_gram, each block without its ⟨W_i, W_j⟩ y yᵀ class (a deliberately wrong Hessian).
MatrixXd enumerated_hessian(const Tiny& t, bool drop_gram) {
  const int h = 8, n = 4;
  MatrixXd sum = MatrixXd::Zero(h * n, h * n);
  int count = 0;
  for (int i = 0; i < h; ++i)
    for (int j = i + 1; j < h; ++j)
      for (const double xi : {1.0, 2.0})
        for (const double xj : {1.0, 2.0}) {
          const std::array<int, 2> s = {i, j};
          const std::array<double, 2> x = {xi, xj};
          MatrixXd hs = sample_hessian(t.a, t.w, t.eps, s, x);
          if (drop_gram) {
            const VectorXd y = xi * t.a.col(i) + xj * t.a.col(j);
            for (const int p : s)
              for (const int q : s) hs.block(p * n, q * n, n, n) -= t.w.row(p).dot(t.w.row(q)) * y * y.transpose();
          }
          sum += hs;
          ++count;
        }
  return sum / count;
}

// max over entries of the distance from x to the enclosure, and the largest width.
std::pair<double, double> outside_and_width(const Matrix<interval>& enc, const MatrixXd& x) {
  double outside = 0, width = 0;
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const double lo = lower(enc(i, j)).convert_to<double>(), hi = upper(enc(i, j)).convert_to<double>();
      outside = std::max({outside, lo - x(i, j), x(i, j) - hi});
      width = std::max(width, hi - lo);
    }
  return {outside, width};
}

VectorXd row_major(const MatrixXd& m) {
  VectorXd v(m.size());
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index c = 0; c < m.cols(); ++c) v(i * m.cols() + c) = m(i, c);
  return v;
}

}  // namespace

TEST_SUITE("expected_hessian") {
  TEST_CASE("the stencil Hessian encloses the enumerated per-sample blocks, and with a dropped class or a wrong m2 it does not") {
    PrecisionGuard guard(128);
    const Tiny t = tiny();
    const CodeModel two_point{SupportLaw::uniform_fixed(8, 2), ValueLaw::two_point(rational(1), rational(2), rational(1, 2))};
    const Matrix<interval> enc = expected_hessian<interval>(t.a, t.w, t.eps, two_point);
    const MatrixXd reference = enumerated_hessian(t, false);
    const double scale = reference.cwiseAbs().maxCoeff();
    const auto [outside, width] = outside_and_width(enc, reference);
    CHECK(outside <= 1e-13 * scale);  // enclosure, up to the enumeration's own rounding in double
    CHECK(width <= 1e-10 * scale);    // tightness
    CHECK(outside_and_width(enc, enumerated_hessian(t, true)).first > 1e-3 * scale);
    // Uniform on [1, 2] has m1 = 3/2 like the two-point law but m2 = 7/3 instead of 5/2.
    const CodeModel uniform{SupportLaw::uniform_fixed(8, 2), ValueLaw::uniform(rational(1), rational(2))};
    CHECK(outside_and_width(expected_hessian<interval>(t.a, t.w, t.eps, uniform), reference).first > 1e-3 * scale);
  }

  TEST_CASE("an entry with no exact double step (1e-300) is shifted in MPFI, and the enclosure still holds") {
    PrecisionGuard guard(128);
    Tiny t = tiny();
    t.w(2, 1) = 1e-300;
    const CodeModel two_point{SupportLaw::uniform_fixed(8, 2), ValueLaw::two_point(rational(1), rational(2), rational(1, 2))};
    const MatrixXd reference = enumerated_hessian(t, false);
    const auto [outside, width] = outside_and_width(expected_hessian<interval>(t.a, t.w, t.eps, two_point), reference);
    const double scale = reference.cwiseAbs().maxCoeff();
    CHECK(outside <= 1e-13 * scale);
    CHECK(width <= 1e-10 * scale);
  }

  TEST_CASE("the Hessian agrees with central differences of the closed-form gradient and is symmetric") {
    const Tiny t = tiny();
    const CodeModel code{SupportLaw::uniform_fixed(8, 3), ValueLaw::uniform(rational(1), rational(2))};
    const MatrixXd hess = expected_hessian<double>(t.a, t.w, t.eps, code);
    const double step = 1e-5;
    double worst = 0;
    for (const int p : {0, 5, 13, 31}) {
      MatrixXd up = t.w, down = t.w;
      up(p / 4, p % 4) += step;
      down(p / 4, p % 4) -= step;
      const VectorXd diff = row_major(ExpectedGradient<double>(t.a, up, t.eps, code).all_rows() -
                                      ExpectedGradient<double>(t.a, down, t.eps, code).all_rows()) /
                            (2 * step);
      worst = std::max(worst, (diff - hess.col(p)).cwiseAbs().maxCoeff());
    }
    CHECK(worst <= 1e-7 * hess.cwiseAbs().maxCoeff());
    CHECK((hess - hess.transpose()).cwiseAbs().maxCoeff() <= 1e-13 * hess.cwiseAbs().maxCoeff());
  }

  TEST_CASE("the Lipschitz bound of H is sharp in one dimension, and halved it fails") {
    PrecisionGuard guard(128);
    // h = n = k = 1, A* = 1, x = 2, ε = 0: f(w) = ½ (2w² − 2)², f''' = 12 · 4 · w = 38.4 at w = 0.8.
    const MatrixXd a = MatrixXd::Ones(1, 1), w = MatrixXd::Constant(1, 1, 0.8);
    const VectorXd eps = VectorXd::Zero(1);
    const CodeModel code{SupportLaw::uniform_fixed(1, 1), ValueLaw::constant(rational(2))};
    const double s = 0.25;  // f'' is quadratic in w: the central difference of f'' is exact
    const double third = (expected_hessian<double>(a, MatrixXd::Constant(1, 1, 0.8 + s), eps, code)(0, 0) -
                          expected_hessian<double>(a, MatrixXd::Constant(1, 1, 0.8 - s), eps, code)(0, 0)) /
                         (2 * s);
    CHECK(third == doctest::Approx(38.4).epsilon(1e-12));
    const interval bound = hessian_lipschitz_bound(a, w, eps, code, 0);
    CHECK(upper(bound) >= third * (1 - 1e-12));
    CHECK(upper(bound) <= third * (1 + 1e-12));  // sharp
    CHECK(upper(bound / 2) < third);             // a halved bound is caught
    CHECK_THROWS_AS(hessian_lipschitz_bound(a, w, eps, code, -1), std::invalid_argument);
  }

  TEST_CASE("the Lipschitz bound holds along random directions of the tiny instance") {
    PrecisionGuard guard(128);
    const Tiny t = tiny();
    const CodeModel code{SupportLaw::uniform_fixed(8, 2), ValueLaw::uniform(rational(1), rational(2))};
    const double s = 0.5;
    const double bound = upper(hessian_lipschitz_bound(t.a, t.w, t.eps, code, s)).convert_to<double>();
    double worst = 0;
    for (const std::uint64_t seed : {1, 2, 3}) {
      MatrixXd u = point_at_distance(t.a, 1.0, seed) - t.a.transpose();
      u /= u.norm();
      const VectorXd v = row_major(u);
      // D³[U, U, U] = d/dt uᵀH(W + tU)u; uᵀH(W + tU)u is quadratic in t, so the central difference is exact.
      const double third = (v.dot(expected_hessian<double>(t.a, t.w + s * u, t.eps, code) * v) -
                            v.dot(expected_hessian<double>(t.a, t.w - s * u, t.eps, code) * v)) /
                           (2 * s);
      worst = std::max(worst, std::abs(third));
    }
    CHECK(worst > 0);
    CHECK(worst <= bound);
  }
}
