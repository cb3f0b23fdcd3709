// Covers theory/critical_point.hpp at h = 16 (identity+Hadamard n = 8, k = 2, values U[1, 2], ε = 0.5,
// PAPER.md §7): the radial root against a bisection of the evaluated radial derivative; Newton–CG
// converges quadratically to a point whose gradient, recomputed by enumerating every support (independent
// of the closed form), is below 1e-9 q_i m2 on every row, with λ_min ≈ 0.15 and λ_max ≈ 1.5 (dense
// Hessian); Newton on a loss with a wrong second moment lands where the true gradient is not small.
#include <doctest/doctest.h>

#include "theory/critical_point.hpp"
#include "numerics/model/dictionary.hpp"
#include "theory/hessian_vector.hpp"
#include "theory/support_enumeration.hpp"

#include <Eigen/Eigenvalues>

#include <cmath>

using namespace scae;

namespace {
struct Small {
  MatrixXd a = identity_hadamard_dictionary(8);
  VectorXd eps = VectorXd::Constant(16, 0.5);
  CodeModel code{SupportLaw::uniform_fixed(16, 2), ValueLaw::uniform(rational(1), rational(2))};
};

// max_i ‖E∇_{W_i}‖ / (q_i m2) with E∇ by enumeration of every support.
double enumerated_ratio(const Small& s, const MatrixXd& w) {
  const MatrixXd m = w * s.a;
  const double scale = (s.code.support.q_uniform(1) * s.code.values.m2()).convert_to<double>();
  double worst = 0;
  for (int i = 0; i < 16; ++i)
    worst = std::max(worst, enumerate_oracle_gradient_row(s.a, w, m, s.eps, s.code, i).value.norm() / scale);
  return worst;
}
}  // namespace

TEST_SUITE("critical_point") {
  TEST_CASE("the radial root is a root of the evaluated radial derivative") {
    const Small s;
    const ExpectedLoss loss(s.a, s.eps, s.code);
    const RadialRoot root = radial_root(loss);
    const MatrixXd at = s.a.transpose();
    const auto g = [&](double t) { return loss.gradient((1 + t) * at).cwiseProduct(at).sum(); };
    CAPTURE(root.t);
    REQUIRE(std::isfinite(root.t));
    CHECK(g(root.t - 1e-6) < 0);
    CHECK(g(root.t + 1e-6) > 0);
    CHECK(g(0) < 0);  // the bias pulls W outwards: the root is positive, and no root lies in [0, t)
    for (double t = 0; t < root.t - 1e-3; t += 1e-3) CHECK(g(t) < 0);
    CHECK(root.row_t.size() == 16);
    CHECK(root.ratio == doctest::Approx(root.row_ratio.maxCoeff()));
  }

  TEST_CASE("Newton-CG converges quadratically to a strict minimum (enumeration confirms) / a wrong moment does not") {
    const Small s;
    const ExpectedLoss loss(s.a, s.eps, s.code);
    const RadialRoot root = radial_root(loss);
    const CriticalPoint point = find_critical_point(loss, (1 + root.t) * s.a.transpose(), NewtonOptions{});
    REQUIRE(point.converged);
    CHECK(point.ratio < 1e-10);
    const auto& it = point.iterates;
    REQUIRE(it.size() >= 3);
    // Quadratic: the last steps square the ratio (up to a constant).
    CHECK(it[it.size() - 1].ratio <= 10 * it[it.size() - 2].ratio * it[it.size() - 2].ratio + 1e-13);
    CHECK(enumerated_ratio(s, point.w) < 1e-9);
    CHECK(enumerated_ratio(s, s.a.transpose()) > 0.1);  // A*ᵀ itself is not critical
    const Eigen::SelfAdjointEigenSolver<MatrixXd> eig(dense_hessian(loss, point.w), Eigen::EigenvaluesOnly);
    const double lo = eig.eigenvalues()(0), hi = eig.eigenvalues()(127);
    CAPTURE(lo);
    CAPTURE(hi);
    CHECK(lo == doctest::Approx(0.15).epsilon(0.1));
    CHECK(hi == doctest::Approx(1.5).epsilon(0.1));

    const ExpectedLoss wrong(s.a, s.eps, CodeModel{s.code.support, ValueLaw::constant(rational(3, 2))});
    const CriticalPoint off = find_critical_point(wrong, (1 + root.t) * s.a.transpose(), NewtonOptions{});
    CHECK(off.ratio < 1e-10);
    CHECK(enumerated_ratio(s, off.w) > 1e-3);
  }

  TEST_CASE("a start of the wrong shape is refused") {
    const Small s;
    const ExpectedLoss loss(s.a, s.eps, s.code);
    CHECK_THROWS_AS(find_critical_point(loss, s.a, NewtonOptions{}), std::invalid_argument);
  }
}
