// Covers theory/coherence_check.hpp: PROVEN for the certified coherence of a Gaussian and of an
// identity+Hadamard dictionary (exact dyadic Gram), REFUTED for a coherence below the largest
// |<A*_j, A*_l>|, UNDECIDED when the enclosure's upper end sits inside the rounding bound.
#include <doctest/doctest.h>

#include "theory/coherence_check.hpp"
#include "numerics/model/dictionary.hpp"

using namespace scae;

TEST_SUITE("coherence_check") {
  TEST_CASE("the certified coherence bounds every pair / a smaller one is REFUTED") {
    for (const MatrixXd& a : {gaussian_dictionary(20, 40, 5), identity_hadamard_dictionary(32)}) {
      const Coherence c = certified_coherence(a);
      const Verdict v = check_coherence_bounds_every_pair(a, c.enclosure, 128);
      INFO(v.summary);
      CHECK(v.outcome == Outcome::proven);
      const interval wrong(mpfr(c.value * 0.99));  // deliberately 1% too small
      CHECK(check_coherence_bounds_every_pair(a, wrong, 128).outcome == Outcome::refuted);
    }
  }

  TEST_CASE("a coherence just below the double value is REFUTED or UNDECIDED, never PROVEN") {
    const MatrixXd a = gaussian_dictionary(20, 40, 5);
    const Coherence c = certified_coherence(a);
    const interval just_below(mpfr(std::nextafter(c.value, 0.0)));
    CHECK(check_coherence_bounds_every_pair(a, just_below, 128).outcome != Outcome::proven);
  }
}
