// Covers numerics/core/hadamard_product.hpp: the structure test, the exact coherence, and the fast
// certified product against the general GEMM bound and exact MPFI dot products, and the row stream
// against the dense product; the ball products by the transform against exact MPFI products and the
// GEMM bound (their midpoints alone miss the exact products).
#include <doctest/doctest.h>

#include "numerics/core/ball.hpp"
#include "numerics/core/certified_product.hpp"
#include "numerics/model/dictionary.hpp"
#include "numerics/core/hadamard_product.hpp"
#include "numerics/model/near_point.hpp"
#include "numerics/core/philox_stream.hpp"
#include "checks/test_support.hpp"

#include <algorithm>
#include <vector>

using namespace scae;

TEST_SUITE("hadamard_product") {
  TEST_CASE("the structure is recognised only when every entry matches") {
    for (const int n : {2, 8, 64, 128}) CHECK(is_identity_hadamard(identity_hadamard_dictionary(n)));
    MatrixXd a = identity_hadamard_dictionary(16);
    a(3, 20) = -a(3, 20);  // one sign flipped
    CHECK_FALSE(is_identity_hadamard(a));
    a = identity_hadamard_dictionary(16);
    a(5, 5) = 0.5;
    CHECK_FALSE(is_identity_hadamard(a));
    CHECK_FALSE(is_identity_hadamard(gaussian_dictionary(16, 32, scae::testing::seed())));
    CHECK_FALSE(is_identity_hadamard(MatrixXd(identity_hadamard_dictionary(16).leftCols(31))));
  }

  TEST_CASE("the exact coherence equals the general certified one") {
    for (const int n : {8, 32, 128}) {
      const MatrixXd a = identity_hadamard_dictionary(n);
      const Coherence fast = certified_coherence(a);
      const MaxAbs general = certified_max_abs(a, a, Pairs::upper_triangle);
      CHECK(fast.value == a(0, n));
      CHECK(lower(general.enclosure) <= lower(fast.enclosure));
      CHECK(upper(fast.enclosure) <= upper(general.enclosure));
      CHECK(fast.xi_value == doctest::Approx(-std::log(a(0, n)) / std::log(2.0 * n)));
    }
  }

  TEST_CASE("the transform product is within its bound of exact MPFI dot products, and the bound is tight") {
    for (const int n : {4, 64, 256}) {
      CAPTURE(n);
      const MatrixXd a = identity_hadamard_dictionary(n);
      const MatrixXd w = point_at_distance(a, 0.3, scae::testing::seed() + static_cast<std::uint64_t>(n));
      const BoundedProduct fast = identity_hadamard_product(w, a);
      const BoundedProduct gemm = bounded_product(w, a);
      CHECK((fast.value - gemm.value).cwiseAbs().maxCoeff() <= 1e-13);
      const MatrixXd wt = w.transpose();
      bool inside = true;
      double worst = 0;
      for (Eigen::Index i = 0; i < w.rows(); i += 7)
        for (Eigen::Index j = 0; j < a.cols(); j += 3) {
          const interval exact = interval_dot(wt.col(i).data(), a.col(j).data(), n);
          inside = inside && mpfr(fast.lower(i, j)) <= lower(exact) && upper(exact) <= mpfr(fast.upper(i, j));
          worst = std::max(worst, fast.error(i, j));
        }
      CHECK(inside);
      CHECK(worst < 1e-13);
      // A deliberately wrong value (off by ten error bounds) is caught.
      BoundedProduct shifted = fast;
      shifted.value(0, n) += 10 * fast.error(0, n) + 1e-300;
      const interval exact = interval_dot(wt.col(0).data(), a.col(n).data(), n);
      CHECK_FALSE((mpfr(shifted.lower(0, n)) <= lower(exact) && upper(exact) <= mpfr(shifted.upper(0, n))));
    }
    CHECK_THROWS_AS(identity_hadamard_product(MatrixXd::Zero(8, 4), gaussian_dictionary(4, 8, 1)), std::invalid_argument);
  }

  TEST_CASE("ball products with A* by the transform contain the exact products and are narrower than the GEMM bound") {
    PrecisionGuard guard(512);
    for (const int n : {4, 64}) {
      CAPTURE(n);
      const MatrixXd a = identity_hadamard_dictionary(n);
      PhiloxStream stream(scae::testing::seed(), Stream::point, static_cast<std::uint64_t>(n));
      for (const bool transposed : {false, true}) {
        CAPTURE(transposed);
        Matrix<Ball> x(transposed ? n : 2 * n, 3);
        for (Eigen::Index t = 0; t < x.size(); ++t) x.data()[t] = Ball(stream.normal(), t % 2 ? std::abs(stream.normal()) * 1e-12 : 0.0);
        const Matrix<Ball> fast = identity_hadamard_times(x, a(0, n), transposed), gemm = enclose_product(a, x, transposed);
        REQUIRE(fast.rows() == gemm.rows());
        long outside = 0, outside_without_radius = 0, wider = 0;
        for (Eigen::Index j = 0; j < x.cols(); ++j)
          for (Eigen::Index i = 0; i < fast.rows(); ++i) {
            interval exact = 0;  // Σ_t P_it x_t over the balls, in MPFI (exact at 512 bits)
            for (Eigen::Index t = 0; t < x.rows(); ++t)
              exact += interval(transposed ? a(t, i) : a(i, t)) * to_interval(x(t, j));
            const interval f = to_interval(fast(i, j)), bare = interval(fast(i, j).m);
            outside += !(lower(f) <= lower(exact) && upper(exact) <= upper(f));
            outside_without_radius += !(lower(bare) <= lower(exact) && upper(exact) <= upper(bare));
            wider += fast(i, j).r > gemm(i, j).r;
          }
        CHECK(outside == 0);
        CHECK(outside_without_radius > 0);
        if (n == 64) CHECK(wider == 0);  // at n = 4, 2 γ_{L+2} exceeds the GEMM's γ_{n+2}
      }
    }
    CHECK_THROWS_AS(identity_hadamard_times(Matrix<Ball>(6, 1), 0.5, true), std::invalid_argument);
  }
}
