// Covers theory/hessian_classes.hpp: E H reassembled from the index classes equals the stencil Hessian of the
// closed form (expected_hessian.hpp, an independent route) at small sizes, for k = 2, 3, 4 (q3, q4 active),
// an exchangeable Bernoulli law, and a point off A*ᵀ. Deliberately wrong inputs: each class dropped, and the
// classes built under a value law with the same m1 but m2 = m1² (the wrong moment), each fail the comparison.
#include <doctest/doctest.h>

#include "numerics/model/dictionary.hpp"
#include "theory/expected_hessian.hpp"
#include "theory/hessian_classes.hpp"
#include "numerics/model/near_point.hpp"
#include "checks/test_instances.hpp"

using namespace scae;

namespace {

using Small = scae::testing::Problem;

Small small(int k, double distance) {
  Small s;
  s.a = identity_hadamard_dictionary(4);  // n = 4, h = 8
  s.w = 1.1 * point_at_distance(s.a, distance, 7);
  s.eps = VectorXd::LinSpaced(8, 0.2, 0.6);
  s.code = {SupportLaw::uniform_fixed(8, k), ValueLaw::uniform(rational(1), rational(2))};
  return s;
}

double relative_gap(const MatrixXd& x, const MatrixXd& y) { return (x - y).cwiseAbs().maxCoeff() / y.cwiseAbs().maxCoeff(); }

}  // namespace

TEST_SUITE("hessian_classes") {
  TEST_CASE("the class reassembly equals the stencil Hessian (k = 2, 3, 4, and off A*ᵀ)") {
    for (const int k : {2, 3, 4}) {
      const Small s = small(k, 0.3);
      const MatrixXd stencil = expected_hessian<double>(s.a, s.w, s.eps, s.code);
      CAPTURE(k);
      CHECK(relative_gap(class_hessian(s.a, s.w, s.eps, s.code), stencil) < 1e-12);
    }
  }

  TEST_CASE("an exchangeable Bernoulli law") {
    Small s = small(2, 0.2);
    s.code.support = SupportLaw::bernoulli(std::vector<rational>(8, rational(1, 4)));
    const MatrixXd stencil = expected_hessian<double>(s.a, s.w, s.eps, s.code);
    CHECK(relative_gap(class_hessian(s.a, s.w, s.eps, s.code), stencil) < 1e-12);
  }

  TEST_CASE("each dropped class and a wrong second moment are caught") {
    const Small s = small(3, 0.3);
    const MatrixXd stencil = expected_hessian<double>(s.a, s.w, s.eps, s.code);
    HessianClassSet drop;
    for (int c = 0; c < 4; ++c) {
      drop = {};
      (c == 0 ? drop.diagonal_blocks : c == 1 ? drop.bias_coupling : c == 2 ? drop.rank_one_coupling : drop.data_coupling) = false;
      CAPTURE(c);
      CHECK(relative_gap(class_hessian(s.a, s.w, s.eps, s.code, drop), stencil) > 1e-4);
    }
    CodeModel wrong = s.code;
    wrong.values = ValueLaw::constant(rational(3, 2));  // m1 = 3/2 as U[1, 2], but m2 = m1²
    CHECK(relative_gap(class_hessian(s.a, s.w, s.eps, wrong), stencil) > 1e-4);
    CHECK_THROWS_AS(class_hessian(s.a, s.w, s.eps, CodeModel{SupportLaw::bernoulli({rational(1, 2), rational(1, 3), rational(1, 4),
                                                                                    rational(1, 5), rational(1, 2), rational(1, 2),
                                                                                    rational(1, 2), rational(1, 2)}),
                                                                 s.code.values}),
                    std::invalid_argument);
  }
}
