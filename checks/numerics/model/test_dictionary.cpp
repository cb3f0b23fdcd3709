// Covers numerics/model/dictionary.hpp: the dictionary families, loading with normalisation or
// rejection, and the certified coherence (enclosure and tightness asserted separately).
#include <doctest/doctest.h>

#include "numerics/core/certified_product.hpp"
#include "numerics/model/dictionary.hpp"
#include "numerics/core/matrix_io.hpp"
#include "checks/test_support.hpp"

#include <omp.h>

#include <cmath>
#include <filesystem>

using namespace scae;

namespace {
// Independent reference: every pair as an MPFI dot product at `bits`.
interval brute_force_coherence(const MatrixXd& a) {
  interval best = 0;
  mpfr lo = 0, hi = 0;
  for (Eigen::Index j = 0; j < a.cols(); ++j)
    for (Eigen::Index i = 0; i < j; ++i) {
      const interval d = abs(interval_dot(a.col(i).data(), a.col(j).data(), a.rows()));
      if (lower(d) > lo) lo = lower(d);
      if (upper(d) > hi) hi = upper(d);
    }
  return interval(lo, hi);
}
bool inside(const mpfr& x, const interval& box) { return lower(box) <= x && x <= upper(box); }

}  // namespace

TEST_SUITE("dictionary") {
  TEST_CASE("identity+Hadamard n=256: coherence is exactly 1/16, inside a narrow enclosure, xi = 4/9") {
    const MatrixXd a = identity_hadamard_dictionary(256);
    CHECK(a.rows() == 256);
    CHECK(a.cols() == 512);
    CHECK((a.colwise().norm().array() - 1).abs().maxCoeff() == 0.0);
    const Coherence c = certified_coherence(a, 128);
    CHECK(c.value == 1.0 / 16);
    PrecisionGuard guard(128);
    CHECK(inside(mpfr(1) / 16, c.enclosure));                     // enclosure
    CHECK(width(c.enclosure) < mpfr("1e-30"));                    // tightness
    CHECK(inside(log(mpfr(16)) / log(mpfr(512)), c.xi));
    CHECK(width(c.xi) < mpfr("1e-30"));
  }

  TEST_CASE("identity+Hadamard n=8: stored entries are rounded / the enclosure holds their coherence, within 1e-15 of 1/sqrt(8)") {
    const MatrixXd a = identity_hadamard_dictionary(8);
    const Coherence c = certified_coherence(a, 128);
    PrecisionGuard guard(128);
    CHECK(inside(mpfr(1.0 / std::sqrt(8.0)), c.enclosure));
    CHECK(abs(mpfr(lower(c.enclosure)) - 1 / sqrt(mpfr(8))) < mpfr("1e-15"));
  }

  TEST_CASE("Gaussian dictionary: unit columns, reproducible from the seed, enclosure agrees with brute force") {
    const MatrixXd a = gaussian_dictionary(12, 30, scae::testing::seed());
    CHECK((a.colwise().norm().array() - 1).abs().maxCoeff() < 1e-15);
    CHECK(a == gaussian_dictionary(12, 30, scae::testing::seed()));
    CHECK(a != gaussian_dictionary(12, 30, scae::testing::seed() + 1));
    const Coherence c = certified_coherence(a, 160);
    PrecisionGuard guard(160);
    const interval reference = brute_force_coherence(a);
    CHECK(inside(mpfr(median(reference)), c.enclosure));
    CHECK(width(c.enclosure) < mpfr("1e-40"));
    CHECK(c.value == doctest::Approx(median(reference).convert_to<double>()).epsilon(1e-14));
  }

  TEST_CASE("without exact recomputation the floating-point error bound still encloses, and is narrow") {
    const MatrixXd a = gaussian_dictionary(20, 50, 7);
    const Coherence loose = certified_coherence(a, 128, 0);
    CHECK(loose.exact_pairs == 0);
    PrecisionGuard guard(128);
    const interval reference = brute_force_coherence(a);
    CHECK(inside(mpfr(median(reference)), loose.enclosure));
    CHECK(width(loose.enclosure) < mpfr("1e-13"));
  }

  TEST_CASE("fixed_order_product: the same bits with 1 and 2 threads / each column block is the product of one Eigen call") {
    const MatrixXd p = gaussian_dictionary(300, 301, scae::testing::seed()).transpose();  // 301 x 300
    const MatrixXd q = gaussian_dictionary(300, 400, scae::testing::seed() + 1);           // 300 x 400: blocks of 256 and 144 columns
    const int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    const MatrixXd one = fixed_order_product(p, q);
    const MatrixXd last = p * q.rightCols(144);  // the last block, multiplied on its own by Eigen on one thread
    omp_set_num_threads(2);
    const MatrixXd two = fixed_order_product(p, q);
    omp_set_num_threads(saved);
    CHECK((one.array() == two.array()).all());
    CHECK((one.rightCols(144).array() == last.array()).all());
    CHECK((one - p * q).cwiseAbs().maxCoeff() < 1e-12);
    CHECK_THROWS_AS(fixed_order_product(p, p), std::invalid_argument);
  }

  TEST_CASE("fixed_order_product: another blocking of the inner dimension changes the bits (the identity check can fail)") {
    // Terms of size 1e16, about 1 and -1e16 (exact products): whether the terms of about 1 survive
    // depends on when the large ones cancel, i.e. on the summation order. Summing the inner
    // dimension in two halves, as a multi-threaded GEMM cuts it into blocks, gives other bits.
    MatrixXd p(16, 64), q(64, 16);
    for (Eigen::Index i = 0; i < 16; ++i)
      for (Eigen::Index l = 0; l < 64; ++l) {
        const Eigen::Index kind = (i + 2 * l) % 3;
        p(i, l) = kind == 0 ? 1e16 : kind == 1 ? 1 + static_cast<double>(i) / 32 : -1e16;
      }
    for (Eigen::Index l = 0; l < 64; ++l)
      for (Eigen::Index j = 0; j < 16; ++j) q(l, j) = 1 + static_cast<double>((5 * l + j) % 7) / 8;
    const MatrixXd fixed = fixed_order_product(p, q);
    const MatrixXd halves = fixed_order_product(p.leftCols(32), q.topRows(32)) +
                            fixed_order_product(p.rightCols(32), q.bottomRows(32));
    CHECK_FALSE((fixed.array() == halves.array()).all());
    CHECK((fixed - halves).cwiseAbs().maxCoeff() >= 1);  // not a last-bit effect of the sizes 1
  }

  TEST_CASE("coherence takes absolute values: a strongly negative pair dominates") {
    MatrixXd a = MatrixXd::Identity(3, 4);
    a.col(3) << -0.9, std::sqrt(1 - 0.81), 0;
    const Coherence c = certified_coherence(a);
    CHECK(c.value == doctest::Approx(0.9));
    PrecisionGuard guard(128);
    CHECK(inside(mpfr(0.9), c.enclosure));
    CHECK_FALSE(inside(mpfr(std::sqrt(1 - 0.81)), c.enclosure));
  }

  TEST_CASE("bad sizes are refused with the parameter and its range") {
    CHECK_THROWS_WITH_AS(identity_hadamard_dictionary(12), doctest::Contains("n = 12 must be a power of two"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(gaussian_dictionary(10, 10, 1), doctest::Contains("h = 10 must exceed n = 10"), std::invalid_argument);
  }

  TEST_CASE("loading: columns normalised, or rejected when not unit / zero columns and h <= n refused") {
    const scae::testing::TempDir temp("dictionary");
    const auto& dir = temp.path;
    MatrixXd raw(2, 3);
    raw << 3, 0, 1, 4, 2, 1;
    write_csv(dir / "raw.csv", raw);
    const MatrixXd a = load_dictionary(dir / "raw.csv", ColumnNorms::normalise);
    CHECK(a(0, 0) == doctest::Approx(0.6));
    CHECK(a(1, 1) == 1.0);
    CHECK_THROWS_WITH_AS(load_dictionary(dir / "raw.csv", ColumnNorms::require_unit),
                         doctest::Contains("column 0 has norm 5"), InputError);
    raw.col(2).setZero();
    write_csv(dir / "zero.csv", raw);
    CHECK_THROWS_WITH_AS(load_dictionary(dir / "zero.csv", ColumnNorms::normalise), doctest::Contains("column 2 is zero"), InputError);
    // Entries whose squares overflow or underflow in double are still normalised.
    MatrixXd extreme(2, 3);
    extreme << 3e300, 3e-300, 1e-320, 4e300, 4e-300, 0;
    write_csv(dir / "extreme.csv", extreme);
    const MatrixXd e = load_dictionary(dir / "extreme.csv", ColumnNorms::normalise);
    CHECK(e.allFinite());
    CHECK(e(0, 0) == doctest::Approx(0.6));
    CHECK(e(1, 1) == doctest::Approx(0.8));
    CHECK(e(0, 2) == 1.0);
    write_csv(dir / "square.csv", MatrixXd::Identity(3, 3));
    CHECK_THROWS_WITH_AS(load_dictionary(dir / "square.csv", ColumnNorms::normalise), doctest::Contains("h must exceed n"), InputError);
  }
}
