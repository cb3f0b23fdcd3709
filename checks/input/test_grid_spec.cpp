// Covers input/grid_spec.hpp: the --grid syntax, exact decimal stepping and every refusal.
#include <doctest/doctest.h>

#include "input/grid_spec.hpp"

#include <string>

using namespace scae;

namespace {
std::string message_of(const std::string& text) {
  try {
    parse_grid(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}
}  // namespace

TEST_SUITE("grid_spec") {
  TEST_CASE("lists and single values parse as exact rationals, in either order") {
    const GridSpec g = parse_grid("p=0.1:0.3:0.1,xi=0.25");
    REQUIRE(g.p.size() == 3);
    CHECK(g.p[0] == rational(1, 10));
    CHECK(g.p[1] == rational(1, 5));
    CHECK(g.p[2] == rational(3, 10));
    REQUIRE(g.xi.size() == 1);
    CHECK(g.xi[0] == rational(1, 4));
    const GridSpec swapped = parse_grid("xi=0.25,p=0.1:0.3:0.1");
    CHECK(swapped.p == g.p);
    CHECK(swapped.xi == g.xi);
    CHECK(parse_grid("p=0.5,xi=0.5").xi[0] == rational(1, 2));  // ξ = 1/2 is inside (0, 1/2]
  }

  TEST_CASE("stepping is exact where accumulated doubles drift") {
    // 0.1 added seven times in double is 0.7999999999999999, so a double loop to 0.8 would lose the last value.
    double x = 0.1;
    for (int i = 0; i < 7; ++i) x += 0.1;
    CHECK(x != 0.8);
    const GridSpec g = parse_grid("p=0.1:0.8:0.1,xi=0.3");
    REQUIRE(g.p.size() == 8);
    CHECK(g.p.back() == rational(4, 5));
    CHECK(decimal_text(g.p.back()) == "0.8");
    CHECK(parse_grid("p=0.01:0.99:0.07,xi=0.3").p.size() == 15);
  }

  TEST_CASE("decimal_text writes terminating rationals as decimals") {
    CHECK(decimal_text(rational(1, 20)) == "0.05");
    CHECK(decimal_text(rational(3, 10)) == "0.3");
    CHECK(decimal_text(rational(2)) == "2");
    CHECK(decimal_text(rational(-1, 8)) == "-0.125");
    CHECK(decimal_text(rational(1, 3)) == "1/3");
  }

  TEST_CASE("bad grids are refused with a message naming the key and the accepted range") {
    CHECK(message_of("p=0.1") == "--grid: xi is missing; accepted: --grid p=LIST,xi=LIST with LIST a decimal or lo:hi:step "
                                 "(inclusive, hi - lo a multiple of step)");
    CHECK(message_of("xi=0.3").starts_with("--grid: p is missing"));
    CHECK(message_of("").starts_with("--grid: p is missing"));
    CHECK(message_of("p=0.1,xi=0.3,k=2").starts_with("--grid: 'k=2' is not p=LIST or xi=LIST"));
    CHECK(message_of("p=0.1,xi=0.3,").starts_with("--grid: 'p=0.1,xi=0.3,' ends in a comma"));
    CHECK(message_of("p=0.1,p=0.2,xi=0.3").starts_with("--grid: p is given twice"));
    CHECK(message_of("p=0,xi=0.3") == "--grid: p = 0 is outside (0, 1); accepted: decimals in (0, 1), as a single value or lo:hi:step");
    CHECK(message_of("p=1,xi=0.3").starts_with("--grid: p = 1 is outside (0, 1)"));
    CHECK(message_of("p=0.1,xi=0.55") == "--grid: xi = 0.55 is outside (0, 1/2]; accepted: decimals in (0, 1/2], as a single value or lo:hi:step");
    CHECK(message_of("p=0.1,xi=0:0.2:0.1").starts_with("--grid: xi = 0 is outside (0, 1/2]"));
    CHECK(message_of("p=-0.1,xi=0.3").starts_with("--grid: p: '-0.1' is not a decimal number"));
    CHECK(message_of("p=1e-1,xi=0.3").starts_with("--grid: p: '1e-1' is not a decimal number"));
    CHECK(message_of("p=1/3,xi=0.3").starts_with("--grid: p: '1/3' is not a decimal number"));
    CHECK(message_of("p=0.3:0.1:0.1,xi=0.3").starts_with("--grid: p = '0.3:0.1:0.1': hi is below lo"));
    CHECK(message_of("p=0.1:0.3:0,xi=0.3").starts_with("--grid: p = '0.1:0.3:0': the step is not positive"));
    CHECK(message_of("p=0.1:0.35:0.1,xi=0.3").starts_with("--grid: p = '0.1:0.35:0.1': hi - lo is not a whole multiple of step"));
    CHECK(message_of("p=0.1:0.3,xi=0.3").starts_with("--grid: p = '0.1:0.3' is neither a value nor lo:hi:step"));
    CHECK(message_of("p=0.1:0.3:,xi=0.3").starts_with("--grid: p: '' is not a decimal number"));
    CHECK(message_of("p=0.001:0.999:0.001,xi=0.3").starts_with("--grid: p = '0.001:0.999:0.001' gives 999 values; accepted: at most 64"));
  }
}
