// Covers theory/structured_hessian_bound.hpp: on small instances each component bounds its class of the
// densely reassembled E H (hessian_classes.hpp, itself checked against the stencil): min_j λ_min(Bd_j) and
// λ_min(C_off) from below, ‖R1 + R1ᵀ‖ and ‖R3‖ from above, and the bound lies below the dense certified λ0
// and the dense λ_min. Deliberately wrong inputs: each norm bound halved no longer bounds its class (at k = 3,
// where the bounds are within a factor 2), and a non-exchangeable law is refused.
#include <doctest/doctest.h>

#include "numerics/model/dictionary.hpp"
#include "theory/expected_hessian.hpp"
#include "theory/hessian_classes.hpp"
#include "numerics/model/near_point.hpp"
#include "theory/structured_hessian_bound.hpp"
#include "numerics/core/verified_cholesky.hpp"
#include "checks/test_instances.hpp"

using namespace scae;

namespace {

using Small = scae::testing::Problem;

Small small(int n, int k, double scale) {
  Small s;
  s.a = identity_hadamard_dictionary(n);
  s.w = scale * point_at_distance(s.a, 0.05, 11);
  s.eps = VectorXd::Constant(2 * n, 0.4);
  s.code = {SupportLaw::uniform_fixed(2 * n, k), ValueLaw::uniform(rational(1), rational(2))};
  return s;
}

double min_eigenvalue(const MatrixXd& x) { return Eigen::SelfAdjointEigenSolver<MatrixXd>(x, Eigen::EigenvaluesOnly).eigenvalues()(0); }
double norm2(const MatrixXd& x) { return Eigen::SelfAdjointEigenSolver<MatrixXd>(x, Eigen::EigenvaluesOnly).eigenvalues().cwiseAbs().maxCoeff(); }

MatrixXd only(const Small& s, int c) {
  HessianClassSet set{c == 0, c == 1, c == 2, c == 3};
  return class_hessian(s.a, s.w, s.eps, s.code, set);
}

}  // namespace

TEST_SUITE("structured_hessian_bound") {
  TEST_CASE("each component bounds its class, and the bound lies below the dense certified lambda0") {
    for (const int k : {2, 3}) {
      const Small s = small(8, k, 1.15);
      CAPTURE(k);
      PrecisionGuard guard(128);
      const StructuredHessianBound b = structured_hessian_bound(s.a, s.w, s.eps, s.code);
      CAPTURE(b.failure);
      REQUIRE(b.lower.has_value());
      CHECK(min_eigenvalue(only(s, 0)) >= b.block_lower - upper(b.block_leftover));
      CHECK(min_eigenvalue(only(s, 1)) >= b.coupling_lower);
      const double r1 = norm2(only(s, 2)), r3 = norm2(only(s, 3));
      CHECK(r1 <= 2 * upper(b.r1));
      CHECK(r3 <= upper(b.r3));
      if (k == 3) {  // A halved bound no longer bounds its class.
        CHECK(r1 > upper(b.r1));
        CHECK(r3 > upper(b.r3) / 2);
      }
      const CertifiedEigenvalueBound dense = certified_lower_eigenvalue(symmetric_enclosure(expected_hessian<interval>(s.a, s.w, s.eps, s.code)));
      REQUIRE(dense.lower.has_value());
      CHECK(*b.lower <= *dense.lower);
      CHECK(*b.lower <= dense.estimate);
      MESSAGE("k = " << k << ": structured " << *b.lower << ", dense " << *dense.lower << ", blocks " << b.block_lower
                     << ", C_off " << b.coupling_lower << ", R1 " << upper(b.r1) << " (" << r1 / 2 << "), R3 " << upper(b.r3) << " ("
                     << r3 << ")");
    }
  }

  TEST_CASE("a non-exchangeable law and mismatched shapes are refused") {
    Small s = small(4, 2, 1.1);
    CHECK_THROWS_AS(structured_hessian_bound(s.a, s.w.topRows(7), s.eps, s.code), std::invalid_argument);
    std::vector<rational> q(8, rational(1, 4));
    q[0] = rational(1, 2);
    s.code.support = SupportLaw::bernoulli(q);
    CHECK_THROWS_AS(structured_hessian_bound(s.a, s.w, s.eps, s.code), std::invalid_argument);
  }
}
