// Covers numerics/core/verified_cholesky.hpp: a known positive definite matrix is certified just below its
// smallest eigenvalue and never above it; a matrix whose smallest eigenvalue is slightly negative is never
// certified positive definite (whatever the shift tried); a near-singular one (λ_min at the rounding level)
// stays undecided; the enclosure's radius is charged; the Rayleigh quotient encloses the exact value.
#include <doctest/doctest.h>

#include "numerics/core/philox_stream.hpp"
#include "checks/test_support.hpp"
#include "numerics/core/verified_cholesky.hpp"

#include <cmath>
#include <numbers>

using namespace scae;

namespace {

// The second-difference matrix tridiag(−1, 2, −1): eigenvalues 2 − 2 cos(kπ/(n+1)), k = 1..n.
MatrixXd second_difference(int n) {
  MatrixXd t = MatrixXd::Zero(n, n);
  for (int i = 0; i < n; ++i) {
    t(i, i) = 2;
    if (i + 1 < n) t(i, i + 1) = t(i + 1, i) = -1;
  }
  return t;
}

// Q diag(values) Qᵀ with Q orthogonal from the QR factorization of a Philox Gaussian matrix.
MatrixXd with_spectrum(const VectorXd& values, std::uint64_t seed) {
  const Eigen::Index n = values.size();
  PhiloxStream stream(seed, Stream::point, 3);
  MatrixXd g(n, n);
  for (Eigen::Index j = 0; j < n; ++j)
    for (Eigen::Index i = 0; i < n; ++i) g(i, j) = stream.normal();
  const MatrixXd q = Eigen::HouseholderQR<MatrixXd>(g).householderQ();
  return q * values.asDiagonal() * q.transpose();
}

SymmetricEnclosure point(const MatrixXd& m) { return {m, MatrixXd::Zero(m.rows(), m.cols())}; }

}  // namespace

TEST_SUITE("verified_cholesky") {
  TEST_CASE("the second-difference matrix is certified just below its smallest eigenvalue") {
    const int n = 200;
    const double smallest = 2 - 2 * std::cos(std::numbers::pi / (n + 1));
    const SymmetricEnclosure t = point(second_difference(n));
    const DefinitenessCheck below = verify_lower_eigenvalue(t, smallest * (1 - 1e-6));
    CHECK(below.certified);
    CHECK(below.breakdown == -1);
    CHECK(lower(below.margin) > 0);
    CHECK_FALSE(verify_lower_eigenvalue(t, smallest * (1 + 1e-6)).certified);
    const CertifiedEigenvalueBound bound = certified_lower_eigenvalue(t);
    REQUIRE(bound.lower.has_value());
    CHECK(*bound.lower < smallest);
    CHECK(*bound.lower > smallest - 1e-10);  // tightness: about the a-priori shift, 2 γ_{n+2} trace ≈ 2e-11
  }

  TEST_CASE("a slightly negative smallest eigenvalue is never certified positive") {
    VectorXd values = VectorXd::LinSpaced(60, 1, 3);
    values(0) = -1e-9;
    const SymmetricEnclosure m = point(with_spectrum(values, scae::testing::seed()));
    for (double lambda : {0.0, -1e-12, -5e-10}) CHECK_FALSE(verify_lower_eigenvalue(m, lambda).certified);
    const CertifiedEigenvalueBound bound = certified_lower_eigenvalue(m);
    REQUIRE(bound.lower.has_value());
    CHECK(*bound.lower < -1e-9);
    // The Rayleigh quotient of the eigenvector refutes λ_min >= 0 in MPFI.
    const MatrixXd sym = m.mid;
    const Eigen::SelfAdjointEigenSolver<MatrixXd> eig(sym);
    const interval q = rayleigh_quotient(m, eig.eigenvectors().col(0));
    CHECK(upper(q) < 0);
    CHECK(lower(q) < -0.9e-9);
  }

  TEST_CASE("a near-singular matrix stays undecided at zero, and a wide enclosure is charged") {
    VectorXd values = VectorXd::LinSpaced(40, 1, 2);
    values(0) = 1e-17;  // below the rounding of a Cholesky factorization of a matrix of norm 2
    const SymmetricEnclosure m = point(with_spectrum(values, scae::testing::seed() + 1));
    const DefinitenessCheck at_zero = verify_lower_eigenvalue(m, 0);
    CHECK_FALSE(at_zero.certified);
    // The same well-conditioned matrix with an entrywise radius 0.1 (‖R‖ up to 4 > λ_min = 1): undecided,
    // although the midpoint is certified.
    const SymmetricEnclosure spd = point(with_spectrum(VectorXd::LinSpaced(40, 1, 2), 5));
    CHECK(verify_lower_eigenvalue(spd, 0.5).certified);
    SymmetricEnclosure wide = spd;
    wide.rad.setConstant(0.1);
    CHECK_FALSE(verify_lower_eigenvalue(wide, 0.5).certified);
    wide.rad.setConstant(1e-4);  // ‖R‖_∞ <= 4e-3 < 0.5: still certified
    CHECK(verify_lower_eigenvalue(wide, 0.5).certified);
  }

  TEST_CASE("an interval matrix becomes an enclosure that contains it") {
    PrecisionGuard guard(128);
    Matrix<interval> h(2, 2);
    h(0, 0) = interval(1) / 3;
    h(1, 0) = h(0, 1) = interval(-0.25, 0.5);
    h(1, 1) = interval(2);
    const SymmetricEnclosure e = symmetric_enclosure(h);
    for (int j = 0; j < 2; ++j)
      for (int i = 0; i < 2; ++i) {
        CHECK(e.mid(i, j) - e.rad(i, j) <= lower(h(i, j)));
        CHECK(e.mid(i, j) + e.rad(i, j) >= upper(h(i, j)));
      }
    CHECK(e.rad(1, 1) == 0);
    CHECK_THROWS_AS(verify_lower_eigenvalue(SymmetricEnclosure{MatrixXd(2, 3), MatrixXd(2, 3)}, 0), std::invalid_argument);
  }
}
