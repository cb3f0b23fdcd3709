// Covers theory/support_enumeration.hpp: the number of supports, agreement of the enumeration with
// the closed form of theory/expected_gradient.hpp (double, 1e-12 relative) on a Gaussian and an
// identity+Hadamard instance with k = 3, and disagreement for a deliberately wrong M = W A*.
#include <doctest/doctest.h>

#include "numerics/model/dictionary.hpp"
#include "theory/expected_gradient.hpp"
#include "numerics/model/near_point.hpp"
#include "theory/support_enumeration.hpp"

using namespace scae;

TEST_SUITE("support_enumeration") {
  TEST_CASE("supports containing an atom: C(h - 1, k - 1)") {
    CHECK(supports_containing_atom(512, 3) == 130305);
    CHECK(supports_containing_atom(10, 1) == 1);
    CHECK(supports_containing_atom(10, 10) == 1);
    CHECK(supports_containing_atom(2000, 1000) == UINT64_MAX);
  }

  TEST_CASE("the enumeration equals the closed form / a wrong W A* does not") {
    for (const MatrixXd& a : {gaussian_dictionary(12, 30, 2), identity_hadamard_dictionary(16)}) {
      const MatrixXd w = point_at_distance(a, 0.1, 6);
      const CodeModel code{SupportLaw::uniform_fixed(static_cast<int>(a.cols()), 3),
                           ValueLaw::uniform(rational(1), rational(2))};
      const VectorXd eps = VectorXd::LinSpaced(a.cols(), 0.2, 0.6);
      const ExpectedGradient<double> closed(a, w, eps, code);
      const MatrixXd m = w * a;
      for (const int row : {0, 7, static_cast<int>(a.cols()) - 1}) {
        const EnumeratedRow e = enumerate_oracle_gradient_row(a, w, m, eps, code, row);
        CHECK(e.supports == supports_containing_atom(static_cast<int>(a.cols()), 3));
        const VectorXd ref = closed.row(row).total;
        CHECK((e.value - ref).norm() <= 1e-12 * e.magnitude);
        const MatrixXd wrong_m = point_at_distance(a, 0.3, 9) * a;
        CHECK((enumerate_oracle_gradient_row(a, w, wrong_m, eps, code, row).value - ref).norm() > 1e-6 * e.magnitude);
      }
    }
  }

  TEST_CASE("the Bernoulli support law is refused") {
    const MatrixXd a = identity_hadamard_dictionary(8);
    const CodeModel code{SupportLaw::bernoulli(std::vector<rational>(16, rational(1, 4))), ValueLaw::constant(rational(1))};
    CHECK_THROWS_AS(enumerate_oracle_gradient_row(a, a.transpose(), a.transpose() * a, VectorXd::Zero(16), code, 0),
                    std::invalid_argument);
  }
}
