// Covers theory/spectral_norm_bound.hpp: S(B) >= ‖B‖₂ (the SVD value, up to 1e-12 relative), within
// 1e-12 of √2 on identity+Hadamard, within the stated factor m^(1/2^(s+2)) of the SVD value on a
// Gaussian matrix for every s, the same from either Gram side and with MPFI products, no overflow
// for entries of 1e200; squarings outside [0, 8] are refused; a halved matrix's bound falls below
// the full matrix's norm (the checks can fail).
#include <doctest/doctest.h>

#include "numerics/model/dictionary.hpp"
#include "theory/spectral_norm_bound.hpp"
#include "checks/test_support.hpp"

#include <cmath>
#include <stdexcept>

using namespace scae;

TEST_SUITE("spectral_norm_bound") {
  TEST_CASE("a rigorous upper bound, within its stated factor of the SVD value") {
    PrecisionGuard guard(128);
    const MatrixXd ih = identity_hadamard_dictionary(16);  // A* A*ᵀ = 2 I: ‖A*‖₂ = √2
    const interval s = spectral_norm_bound<interval>(cast_matrix<interval>(ih));
    CHECK(upper(s) >= sqrt(mpfr(2)) - mpfr("1e-30"));
    CHECK(abs(mpfr(median(s)) - sqrt(mpfr(2))) < mpfr("1e-12"));
    const MatrixXd g = gaussian_dictionary(20, 50, scae::testing::seed() * 31 + 5);
    const double svd = Eigen::JacobiSVD<MatrixXd>(g).singularValues()(0);
    for (int squarings = 0; squarings <= 8; ++squarings) {
      CAPTURE(squarings);
      const interval sg = spectral_norm_bound<interval>(cast_matrix<interval>(g), squarings);
      CHECK(lower(sg) >= mpfr(svd * (1 - 1e-12)));
      CHECK(upper(sg) <= mpfr(svd * std::pow(20.0, std::ldexp(1.0, -(squarings + 2))) * (1 + 1e-12)));
    }
    const interval sg = spectral_norm_bound<interval>(cast_matrix<interval>(g));
    CHECK(upper(sg) <= mpfr(svd * 1.3));
    const interval sgt = spectral_norm_bound<interval>(cast_matrix<interval>(MatrixXd(g.transpose())));
    CHECK(abs(mpfr(median(sgt)) - mpfr(median(sg))) < mpfr("1e-12"));  // same Gram side either way
    const interval sg_mpfi = spectral_norm_bound<interval>(cast_matrix<interval>(g), 4, false);
    CHECK(lower(sg) <= upper(sg_mpfi));
    CHECK(lower(sg_mpfi) <= upper(sg));
    const interval huge = spectral_norm_bound<interval>(cast_matrix<interval>(MatrixXd(1e200 * g)));
    CHECK(lower(huge) >= mpfr(1e200 * svd * (1 - 1e-12)));
    CHECK(upper(huge) <= mpfr(1e200 * svd * 1.3));
    // A deliberately wrong input: the bound of B/2 is not an upper bound of ‖B‖₂.
    const interval half = spectral_norm_bound<interval>(cast_matrix<interval>(MatrixXd(0.5 * g)));
    CHECK_FALSE(lower(half) >= mpfr(svd * (1 - 1e-12)));
  }

  TEST_CASE("squarings outside [0, 8] are refused") {
    const Matrix<interval> b = cast_matrix<interval>(MatrixXd(MatrixXd::Identity(3, 3)));
    CHECK_THROWS_AS(spectral_norm_bound<interval>(b, -1), std::invalid_argument);
    CHECK_THROWS_AS(spectral_norm_bound<interval>(b, 9), std::invalid_argument);
    CHECK_NOTHROW(spectral_norm_bound<interval>(b, 8));
  }
}
