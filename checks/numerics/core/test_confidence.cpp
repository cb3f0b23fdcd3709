// Covers numerics/core/confidence.hpp against published values and exact identities.
#include <doctest/doctest.h>

#include "numerics/core/confidence.hpp"

#include <cmath>
#include <stdexcept>

using namespace scae;

TEST_SUITE("confidence") {
  TEST_CASE("quantiles match tables") {
    CHECK(normal_quantile(0.975) == doctest::Approx(1.959963984540054).epsilon(1e-12));
    CHECK(student_t_quantile(0.975, 63) == doctest::Approx(1.998340522).epsilon(1e-8));
  }

  TEST_CASE("Clopper-Pearson: textbook values and edge cases") {
    // 3 successes in 10 trials at 95%: [0.06673951, 0.65245285] (Clopper & Pearson 1934 tables; R binom.test).
    const auto r = clopper_pearson(3, 10, 0.95);
    CHECK(r.lower == doctest::Approx(0.06673951).epsilon(1e-6));
    CHECK(r.upper == doctest::Approx(0.65245285).epsilon(1e-6));
    const auto all = clopper_pearson(50, 50, 0.95);
    CHECK(all.upper == 1.0);
    CHECK(all.lower == doctest::Approx(std::pow(0.025, 1.0 / 50)).epsilon(1e-12));
    const auto none = clopper_pearson(0, 50, 0.95);
    CHECK(none.lower == 0.0);
    CHECK(none.upper == doctest::Approx(1 - std::pow(0.025, 1.0 / 50)).epsilon(1e-12));
    CHECK_THROWS_AS(clopper_pearson(5, 4, 0.95), std::invalid_argument);
    CHECK_THROWS_AS(clopper_pearson(1, 4, 1.0), std::invalid_argument);
  }

  TEST_CASE("Hoeffding and McDiarmid radii have the stated form and shrink like 1/sqrt(n)") {
    CHECK(hoeffding_halfwidth(1, 100, 0.95) == doctest::Approx(std::sqrt(2 * std::log(40.0) / 100)));
    CHECK(bounded_norm_radius(2, 400, 0.95) == doctest::Approx(0.1 * (1 + std::sqrt(2 * std::log(20.0)))));
    CHECK(hoeffding_halfwidth(1, 400, 0.95) == doctest::Approx(hoeffding_halfwidth(1, 100, 0.95) / 2));
    CHECK(gaussian_norm_radius(0.04, 0.95) == doctest::Approx(0.2 * (1 + std::sqrt(2 * std::log(20.0)))));
  }
}
