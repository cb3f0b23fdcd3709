// Covers reports/markdown_text.hpp: numbers shortened to 6 digits without leaving their intervals,
// integers, words and versions untouched; `*` and `_` escaped outside code spans and link targets.
#include <doctest/doctest.h>

#include "reports/markdown_text.hpp"

using namespace scae;

TEST_SUITE("markdown_text") {
  TEST_CASE("long numbers get 6 digits, interval ends rounded outwards") {
    CHECK(short_numbers("value 0.23342069254938169 and 171.141685939 s") == "value 0.233421 and 171.142 s");
    // The coherence of regimes/gaussian-v1.toml: a value just outside its own enclosure.
    CHECK(short_numbers("[0.3055316580370418, 0.3055316580370419]") == "[0.305531, 0.305532]");
    CHECK(short_numbers("[0.49500000000000011, 0.64999999999999991)") == "[0.495, 0.65)");
    CHECK(short_numbers("[-0.43709565575722575, -0.088679905928701647]") == "[-0.437096, -0.0886799]");
    CHECK(short_numbers("1.7000000000000002e+09") == "1.7e+09");
  }

  TEST_CASE("integers, short numbers, words and versions are left alone") {
    const std::string text = "seed 42, 130305 supports, q_1 m2, Eigen 3.4.0, MPFR 4.2.0, within 1e-9, 0.0625, `0.12345678901`x";
    CHECK(short_numbers(text) == text);
    CHECK(short_numbers("h1234567.891") == "h1234567.891");
  }

  TEST_CASE("emphasis characters are escaped outside code spans, link targets and bold markers") {
    CHECK(escape_emphasis("A*_i and q_i m2") == "A\\*\\_i and q\\_i m2");
    CHECK(escape_emphasis("**CONSISTENT** `sweep.slope_matches_bias_term`") == "**CONSISTENT** `sweep.slope_matches_bias_term`");
    CHECK(escape_emphasis("![E at A*](experiments_loss_well.svg)") == "![E at A\\*](experiments_loss_well.svg)");
    CHECK(escape_emphasis("A\\* already") == "A\\* already");
  }

  TEST_CASE("the support law: k for a uniform support, q and the expected size for Bernoulli, never k = h") {
    SummaryRegime uniform;
    uniform.k = 3;
    CHECK(support_law_text(uniform) == "k = 3");
    SummaryRegime bernoulli;
    bernoulli.k = 256;
    bernoulli.support = SupportLaw::Kind::bernoulli;
    bernoulli.q_range = std::pair{"1/100", "1/100"};
    bernoulli.expected_support = "64/25";
    CHECK(support_law_text(bernoulli) == "Bernoulli, q = 0.01, expected support 2.56");
    SummaryRegime mixed = bernoulli;
    mixed.q_range = std::pair{"1/100", "1/2"};
    CHECK(support_law_text(mixed) == "Bernoulli, q_i in [0.01, 0.5], expected support 2.56");
    mixed.support = SupportLaw::Kind::uniform_fixed;  // deliberately wrong: a Bernoulli law read as uniform shows k = h
    CHECK(support_law_text(mixed) == "k = 256");
  }

  TEST_CASE("counts take the singular for one only") {
    CHECK(counted(1, "thread", "threads") == "1 thread");
    CHECK(counted(2, "thread", "threads") == "2 threads");
    CHECK(counted(0, "process", "processes") == "0 processes");
  }
}
