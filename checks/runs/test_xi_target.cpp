// Covers runs/xi_target.hpp: dictionary sizes chosen to hit a target ξ, for both families, with
// the realised ξ recomputed independently and targets out of reach reported as such.
#include <doctest/doctest.h>

#include "numerics/model/dictionary.hpp"
#include "runs/xi_target.hpp"

#include <cmath>

using namespace scae;

TEST_SUITE("xi_target") {
  TEST_CASE("identity+Hadamard: the power of two closest in xi = 1/2 - 1/(2 log2 h), within h_max") {
    CHECK(hadamard_xi(32) == doctest::Approx(0.4));
    CHECK(hadamard_h_for_xi(64, 0.4) == 32);
    CHECK(hadamard_h_for_xi(64, 0.41) == 64);    // 0.4167 is closer than 0.4
    CHECK(hadamard_h_for_xi(16, 0.45) == 16);    // capped by h_max
    CHECK(hadamard_h_for_xi(1024, 0.01) == 4);   // the smallest h
    DictionarySpec d;
    d.family = DictionarySpec::Family::identity_hadamard;
    const XiTarget hit = hit_xi(d, 64, 0.4, 0.01);
    CHECK(hit.reachable);
    CHECK(hit.h == 32);
    CHECK(hit.n == 16);
    // The realised xi is the one the certified coherence of the built dictionary gives.
    CHECK(std::abs(certified_coherence(identity_hadamard_dictionary(hit.n)).xi_value - hit.xi) < 1e-12);
    const XiTarget low = hit_xi(d, 64, 0.1, 0.01);  // xi >= 1/4 for every h >= 4
    CHECK_FALSE(low.reachable);
    CHECK(low.h == 4);
    CHECK_FALSE(hit_xi(d, 64, 0.45, 0.01).reachable);  // 0.4167 at h = 64 is the most
    CHECK(hit_xi(d, 64, 0.45, 0.05).reachable);        // ... within a wider tolerance
  }

  TEST_CASE("Gaussian: n is chosen so that the realised xi of the seeded dictionary is within the tolerance") {
    DictionarySpec d;
    d.family = DictionarySpec::Family::gaussian;
    d.seed = 7;
    const int h = 128;
    for (const double target : {0.08, 0.12, 0.16}) {
      CAPTURE(target);
      const XiTarget hit = hit_xi(d, h, target, 0.01);
      CHECK(hit.reachable);
      CHECK(hit.h == h);
      CHECK(std::abs(hit.xi - target) <= 0.01);
      // Independently: the certified coherence of the dictionary with the chosen n.
      const Coherence c = certified_coherence(gaussian_dictionary(hit.n, h, d.seed));
      CHECK(std::abs(c.xi_value - hit.xi) < 1e-12);
      // No size tried is closer to the target than the one chosen.
      for (const auto& t : hit.trials) CHECK(std::abs(t.xi - target) >= std::abs(hit.xi - target));
      CHECK(hit.trials.size() <= 14);  // bisection over [2, 127] plus the neighbours, no more
    }
    // Larger n, smaller coherence: the targets are met in increasing n.
    CHECK(hit_xi(d, h, 0.08, 0.01).n < hit_xi(d, h, 0.16, 0.01).n);
  }

  TEST_CASE("Gaussian: a xi beyond what n < h can give is reported as not reachable") {
    DictionarySpec d;
    d.family = DictionarySpec::Family::gaussian;
    const XiTarget hit = hit_xi(d, 128, 0.45, 0.01);
    CHECK_FALSE(hit.reachable);
    CHECK(hit.n >= 125);  // the search ends among the largest n
    CHECK(hit.xi < 0.44);
  }

  TEST_CASE("a dictionary read from a file cannot be resized") {
    DictionarySpec d;
    d.family = DictionarySpec::Family::file;
    CHECK_THROWS_AS(hit_xi(d, 128, 0.3, 0.01), std::invalid_argument);
  }
}
