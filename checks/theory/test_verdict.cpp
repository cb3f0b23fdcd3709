// Covers theory/verdict.hpp: the three certified outcomes with precision doubling, and the
// statistical outcomes.
#include <doctest/doctest.h>

#include "theory/verdict.hpp"

#include <cmath>

using namespace scae;

TEST_SUITE("verdict") {
  TEST_CASE("certified: PROVEN, REFUTED and UNDECIDED, with the margin as evidence") {
    const auto proven = certify_positive([](unsigned) { return interval(1) / 3; }, Strictness::strict);
    CHECK(proven.outcome == Outcome::proven);
    CHECK(to_name(proven.outcome) == "PROVEN");
    CHECK(proven.evidence.front().name == "margin");
    const auto refuted = certify_positive([](unsigned) { return -interval(1) / 3; }, Strictness::strict);
    CHECK(refuted.outcome == Outcome::refuted);
    CHECK(fails(refuted.outcome));
    const auto zero_strict = certify_positive([](unsigned) { return interval(0); }, Strictness::strict);
    CHECK(zero_strict.outcome == Outcome::refuted);
    const auto zero_weak = certify_positive([](unsigned) { return interval(0); }, Strictness::non_strict);
    CHECK(zero_weak.outcome == Outcome::proven);
    const auto straddle = certify_positive([](unsigned) { return interval(mpfr(-1), mpfr(1)); }, Strictness::strict, 64, 256);
    CHECK(straddle.outcome == Outcome::undecided);
    CHECK(straddle.precision_bits == 256);
  }

  TEST_CASE("certified: UNDECIDED at 128 bits is decided by doubling the precision") {
    // (1 + 2^-200) - 1 > 0 needs more than 200 bits.
    const auto margin = [](unsigned) { return (interval(1) + pow(interval(2), -200)) - interval(1); };
    const auto low = certify_positive(margin, Strictness::strict, 128, 128);
    CHECK(low.outcome == Outcome::undecided);
    const auto high = certify_positive(margin, Strictness::strict, 128, 1024);
    CHECK(high.outcome == Outcome::proven);
    CHECK(high.precision_bits == 256);
  }

  TEST_CASE("statistical: CONSISTENT, INCONSISTENT, INCONCLUSIVE with the samples that would decide") {
    CHECK(compare_statistically(0.1, 0.2, 1.0, 1000, 0.99, "t").outcome == Outcome::consistent);
    CHECK(compare_statistically(0.3, 0.2, 1.0, 1000, 0.99, "t").outcome == Outcome::inconsistent);
    const auto wide = compare_statistically(0.1, 2.0, 1.0, 1000, 0.99, "t");
    CHECK(wide.outcome == Outcome::inconclusive);
    CHECK(wide.evidence.back().name == "samples_to_decide");
    CHECK(wide.evidence.back().text() == "16000");
    CHECK(compare_lower_bound(0.9, 0.95, 0.99, 100, 0.95, "cp").outcome == Outcome::consistent);
    CHECK(compare_lower_bound(0.999, 0.95, 0.99, 100, 0.95, "cp").outcome == Outcome::inconsistent);
    // A CONSISTENT verdict states the smallest difference it would have seen.
    const auto seen = compare_statistically(0.1, 0.2, 1.0, 1000, 0.99, "t");
    CHECK(seen.evidence.back().name == "smallest difference it would detect");
    CHECK(seen.evidence.back().text() == "0.40000000000000002");
  }

  TEST_CASE("statistical: a NaN or an overflow in double is INCONCLUSIVE with the reason, never a verdict") {
    const double inf = HUGE_VAL, nan = std::nan("");
    const auto fault = [](const Verdict& v) {
      return v.outcome == Outcome::inconclusive && v.evidence.back().name == "numerical fault";
    };
    CHECK(fault(compare_statistically(nan, 1.0, 1.0, 10, 0.9, "t")));    // was INCONSISTENT
    CHECK(fault(compare_statistically(0.1, inf, 1.0, 10, 0.9, "t")));    // was INCONCLUSIVE without a reason
    CHECK(fault(compare_statistically(0.1, 0.2, inf, 10, 0.9, "t")));    // was CONSISTENT
    CHECK(fault(compare_statistically(0.1, 0.2, nan, 10, 0.9, "t")));    // was CONSISTENT
    CHECK(fault(compare_lower_bound(nan, 0.95, 0.99, 100, 0.95, "cp")));  // was CONSISTENT
    CHECK(fault(compare_lower_bound(0.9, nan, nan, 100, 0.95, "cp")));    // was CONSISTENT
    CHECK(!fault(compare_lower_bound(0.9, 0.95, 0.99, 100, 0.95, "cp")));
    const auto vacuous = compare_lower_bound(-inf, 0.95, 0.99, 100, 0.95, "cp");  // overflowed union bound
    CHECK(vacuous.outcome == Outcome::inconclusive);  // a vacuous bound confirms nothing
    CHECK(vacuous.evidence.back().text() == "the bound is vacuous (<= 0)");
    CHECK(compare_lower_bound(0, 0.95, 0.99, 100, 0.95, "cp").outcome == Outcome::inconclusive);
  }

  TEST_CASE("printed intervals contain the enclosure") {
    PrecisionGuard guard(200);
    const interval third = interval(1) / 3;
    const std::string text = interval_text(third);
    CHECK(text.front() == '[');
    const double lo = std::stod(text.substr(1)), hi = std::stod(text.substr(text.find(',') + 1));
    CHECK(mpfr(lo) <= lower(third));
    CHECK(mpfr(hi) >= upper(third));
    CHECK(interval_text(interval(0)) == "[0, 0]");
  }
}
