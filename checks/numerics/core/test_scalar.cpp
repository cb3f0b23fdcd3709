// Covers numerics/core/scalar.hpp: exact parsing of constants, exact double-to-rational conversion,
// precision guards and outward-rounded enclosures of rationals.
#include <doctest/doctest.h>

#include "numerics/core/scalar.hpp"

using namespace scae;

TEST_SUITE("scalar") {
  TEST_CASE("parse_rational reads decimals, fractions and exponents exactly") {
    CHECK(parse_rational("0.57") == rational(57, 100));
    CHECK(parse_rational("-2/7") == rational(-2, 7));
    CHECK(parse_rational("1e-3") == rational(1, 1000));
    CHECK(parse_rational(" 3 ") == rational(3));
    CHECK(parse_rational("2.5E2") == rational(250));
    CHECK(parse_rational("0.1") != exact_rational(0.1));  // a decimal is not the nearest double
  }

  TEST_CASE("parse_rational rejects what is not a number, naming it") {
    CHECK_THROWS_WITH_AS(parse_rational("abc"), doctest::Contains("'abc' is not a number"), std::invalid_argument);
    CHECK_THROWS_AS(parse_rational("1/0"), std::invalid_argument);
    CHECK_THROWS_AS(parse_rational(""), std::invalid_argument);
    CHECK_THROWS_AS(parse_rational("1e"), std::invalid_argument);
    CHECK_THROWS_AS(parse_rational("1.2.3"), std::invalid_argument);
    CHECK_THROWS_AS(parse_rational("1/2/3"), std::invalid_argument);
    CHECK_THROWS_AS(parse_rational("3/-2"), std::invalid_argument);
    CHECK_THROWS_AS(parse_rational("1e 5"), std::invalid_argument);
    CHECK_THROWS_AS(parse_rational("1__0"), std::invalid_argument);
  }

  TEST_CASE("exact_rational is the double's binary value") {
    CHECK(exact_rational(0.5) == rational(1, 2));
    CHECK(exact_rational(-3.0) == rational(-3));
    CHECK(exact_rational(0x1p-60) * rational(bmp::mpz_int(1) << 60) == 1);
    const rational tenth = exact_rational(0.1);
    CHECK(tenth != rational(1, 10));
    CHECK(tenth.convert_to<double>() == 0.1);
    CHECK_THROWS_AS(exact_rational(std::numeric_limits<double>::infinity()), std::invalid_argument);
  }

  TEST_CASE("interval enclosure of 1/3 contains it and is narrow at the chosen precision") {
    PrecisionGuard guard(200);
    const interval third = from_rational<interval>(rational(1, 3));
    CHECK(lower(third) * 3 <= 1);
    CHECK(upper(third) * 3 >= 1);
    CHECK(width(third) < mpfr("1e-55"));
  }

  TEST_CASE("precision guard restores the previous precision") {
    const unsigned before = mpfr::default_precision();
    {
      PrecisionGuard guard(300);
      CHECK(mpfr::default_precision() >= 90);
    }
    CHECK(mpfr::default_precision() == before);
  }
}
