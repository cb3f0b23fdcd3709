// Covers numerics/model/size_rule.hpp: the rule grammar, its values, and syntax errors with their column.
#include <doctest/doctest.h>

#include "numerics/model/size_rule.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

using scae::SizeRule;

TEST_SUITE("size_rule") {
  TEST_CASE("rules evaluate as arithmetic in h and p") {
    CHECK(SizeRule("h/2").evaluate(512, 0) == 256);
    CHECK(SizeRule("round(h^0.2)").evaluate(512, 0) == 3);
    CHECK(SizeRule("round(h^p)").evaluate(16384, 0.2) == 7);
    CHECK(SizeRule("h^(-p-0.05)").evaluate(1024, 0.2) == doctest::Approx(std::pow(1024.0, -0.25)));
    CHECK(SizeRule("2^-1").evaluate(1, 0) == 0.5);          // ^ binds a unary minus on its right
    CHECK(SizeRule("-2^2").evaluate(1, 0) == -4);           // and is tighter than a leading minus
    CHECK(SizeRule("2^3^2").evaluate(1, 0) == 512);         // right-associative
    CHECK(SizeRule("1 + 2 * 3 - 4 / 2").evaluate(1, 0) == 5);
    CHECK(SizeRule("floor(sqrt(h)) + ceil(log2(h)) + log(1)").evaluate(10, 0) == 3 + 4);
    CHECK(SizeRule("1/50").evaluate(7, 0) == 0.02);
    CHECK(SizeRule("round(h^p)").uses_p());
    CHECK_FALSE(SizeRule("h/2").uses_p());
  }

  TEST_CASE("syntax errors name the rule, the column and the grammar") {
    const auto message = [](const std::string& text) -> std::string {
      try {
        SizeRule rule(text);
      } catch (const std::invalid_argument& e) {
        return e.what();
      }
      return "(no error)";
    };
    CHECK(message("h/") == "rule \"h/\", column 3: expression ends early");
    CHECK(message("n/2").find("column 1: unknown name 'n'") != std::string::npos);
    CHECK(message("round(h").find("expected ')'") != std::string::npos);
    CHECK(message("h 2").find("column 3: unexpected '2'") != std::string::npos);
    CHECK(message("1 + exp(h)").find("column 5: unknown name 'exp'") != std::string::npos);
    CHECK(message("round h").find("expected '(' after round") != std::string::npos);
    CHECK(message("  ") == "empty rule");
  }
}
