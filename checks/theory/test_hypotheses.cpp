// Covers theory/hypotheses.hpp: the regime quantities against their definitions, the hypotheses
// PROVEN on an incoherent instance and REFUTED in a deliberately false variant (p tripled).
#include <doctest/doctest.h>

#include "numerics/model/dictionary.hpp"
#include "theory/hypotheses.hpp"
#include "numerics/model/near_point.hpp"

#include <cmath>

using namespace scae;

TEST_SUITE("hypotheses") {
  TEST_CASE("identity+Hadamard n=64, h=128, k=2: quantities and verdicts") {
    const MatrixXd a = identity_hadamard_dictionary(64);
    const MatrixXd w = point_at_distance(a, 0.01, 3);
    const CodeModel code{SupportLaw::uniform_fixed(128, 2), ValueLaw::uniform(rational(1), rational(2))};
    const Neighbourhood nb = neighbourhood(a, w);
    const RegimeQuantities q = regime_quantities(nb, code, 64, 128);
    CHECK(q.xi_value == doctest::Approx(3.0 / 7).epsilon(1e-14));
    CHECK(q.p_value == doctest::Approx(1.0 / 7).epsilon(1e-14));
    CHECK(q.nu_value == doctest::Approx(std::sqrt(-std::log(0.01) / std::log(128.0) - 1.0 / 7)).epsilon(1e-12));
    PrecisionGuard guard(128);
    CHECK(lower(q.p) <= mpfr(1) / 7);
    CHECK(upper(q.p) >= mpfr(1) / 7);
    CHECK(width(q.xi) < mpfr("1e-30"));
    for (const auto& hyp : check_hypotheses(q, code)) {
      INFO(hyp.id);
      CHECK(hyp.verdict.outcome == Outcome::proven);
    }
    for (const auto& hyp : check_hypotheses(q, code, rational(3))) {
      INFO(hyp.id);
      const bool about_p = hyp.id == "p_below_one_third" || hyp.id == "p_below_xi_half";
      CHECK((hyp.verdict.outcome == Outcome::refuted) == about_p);  // p = 3/7 breaks both; delta = 0.01 < 128^(-3/7)
    }
  }

  TEST_CASE("a Gaussian dictionary at the authors' sizes violates p < xi/2") {
    const MatrixXd a = gaussian_dictionary(100, 256, 1);
    const CodeModel code{SupportLaw::uniform_fixed(256, 3), ValueLaw::uniform(rational(1), rational(2))};
    const Neighbourhood nb = neighbourhood(a, point_at_distance(a, 0.05, 2));
    const auto hyps = check_hypotheses(regime_quantities(nb, code, 100, 256), code);
    for (const auto& hyp : hyps)
      if (hyp.id == "p_below_xi_half") CHECK(hyp.verdict.outcome == Outcome::refuted);
  }
}

TEST_SUITE("hypotheses") {
  TEST_CASE("deliberately false: h = n makes 'h > n' REFUTED") {
    const MatrixXd a = identity_hadamard_dictionary(8);
    const CodeModel code{SupportLaw::uniform_fixed(16, 2), ValueLaw::uniform(rational(1), rational(2))};
    RegimeQuantities q = regime_quantities(neighbourhood(a, point_at_distance(a, 0.01, 1)), code, 8, 16);
    q.n = q.h;
    for (const auto& hyp : check_hypotheses(q, code))
      if (hyp.id == "h_above_n") CHECK(hyp.verdict.outcome == Outcome::refuted);
  }
}
