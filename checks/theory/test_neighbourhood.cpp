// Covers theory/neighbourhood.hpp: enclosures of δ, the facts PROVEN on a random point, and each
// fact REFUTED in a deliberately false variant (δ halved) on a point where it is tight.
#include <doctest/doctest.h>

#include "numerics/model/dictionary.hpp"
#include "numerics/model/near_point.hpp"
#include "theory/neighbourhood.hpp"
#include "checks/test_support.hpp"

using namespace scae;

TEST_SUITE("neighbourhood") {
  TEST_CASE("delta is enclosed tightly and the three facts are PROVEN at a random point") {
    const MatrixXd a = identity_hadamard_dictionary(16);
    const MatrixXd w = point_at_distance(a, 0.05, scae::testing::seed());
    const Neighbourhood nb = neighbourhood(a, w);
    PrecisionGuard guard(128);
    CHECK(lower(nb.delta) <= mpfr(max_row_distance(w, a)) + mpfr("1e-15"));
    CHECK(upper(nb.delta) >= mpfr(max_row_distance(w, a)) - mpfr("1e-15"));
    CHECK(width(nb.delta) < mpfr("1e-30"));
    CHECK(abs(mpfr(median(nb.delta)) - mpfr(0.05)) < mpfr("1e-15"));
    CHECK(check_off_diagonal(nb).outcome == Outcome::proven);
    CHECK(check_diagonal(nb).outcome == Outcome::proven);
    CHECK(check_row_norm(nb).outcome == Outcome::proven);
  }

  TEST_CASE("tight points: each fact with delta halved is REFUTED") {
    const MatrixXd a = identity_hadamard_dictionary(8);  // columns 0 and 8: <A_0, A_8> = 1/sqrt(8)
    const double delta = 0.125;
    MatrixXd w = a.transpose();
    w.row(0) += delta * a.col(8).transpose();   // |M_{0,8}| = coherence + delta
    w.row(1) -= delta * a.col(1).transpose();   // M_11 = 1 - delta
    w.row(2) += delta * a.col(2).transpose();   // ‖W_2‖ = 1 + delta
    const Neighbourhood nb = neighbourhood(a, w);
    CHECK(check_off_diagonal(nb, rational(1, 2)).outcome == Outcome::refuted);
    CHECK(check_diagonal(nb, rational(1, 2)).outcome == Outcome::refuted);
    CHECK(check_row_norm(nb, rational(1, 2)).outcome == Outcome::refuted);
    CHECK_FALSE(fails(check_off_diagonal(nb).outcome));  // tight: PROVEN or UNDECIDED, never REFUTED
    CHECK_FALSE(fails(check_diagonal(nb).outcome));
    CHECK_FALSE(fails(check_row_norm(nb).outcome));
  }
}
