// Covers runs/phase_cell.hpp: sizes of a grid cell from the [sweep] rules, the hypotheses and
// status of a cell, and refusals of rules that give no valid size.
#include <doctest/doctest.h>

#include "runs/phase_cell.hpp"
#include "checks/test_support.hpp"

#include <string>

using namespace scae;

namespace {
Regime grid_regime(const std::string& k_rule = "round(h^p)") {
  return parse_regime(scae::testing::grid_regime_toml(k_rule), "phase-cell.toml");
}

const Hypothesis& find(const std::vector<Hypothesis>& hs, const std::string& id) {
  for (const auto& h : hs)
    if (h.id == id) return h;
  FAIL("no hypothesis " << id);
  return hs.front();
}

XiTarget hadamard_target(double xi, int h_max) {
  DictionarySpec d;
  d.family = DictionarySpec::Family::identity_hadamard;
  return hit_xi(d, h_max, xi, 0.01);
}
}  // namespace

TEST_SUITE("phase_cell") {
  TEST_CASE("k and delta follow the [sweep] rules at (h, target p), n is the searched one") {
    const Regime r = grid_regime();
    const SweepPoint pt = grid_point(r, 256, 128, rational(3, 10));
    CHECK(pt.h == 256);
    CHECK(pt.n == 128);
    CHECK(pt.k == 5);  // round(256^0.3) = round(5.28)
    CHECK(pt.delta.convert_to<double>() == doctest::Approx(std::pow(256.0, -0.7)));
  }

  TEST_CASE("a cell with p < xi/2 shows the hypotheses hold / one with p > xi/2 shows that hypothesis REFUTED") {
    const Regime r = grid_regime();
    const XiTarget xi = hadamard_target(0.4375, 256);  // h = 256, xi = 1/2 - 1/16 exactly
    REQUIRE(xi.reachable);
    const PhaseCell good = evaluate_phase_cell(r, rational(15, 100), rational(4375, 10000), xi, 2, 0.99);
    REQUIRE(good.result);
    CHECK(good.point.k == 2);  // round(256^0.15) = 2: realised p = 1/8 < xi/2 = 0.21875
    CHECK(hypotheses_state(good.result->hypotheses) == "hold");
    CHECK(good.status == "hypotheses hold & recovery " + to_name(good.result->main.recovery));
    // The deliberately wrong input: p = 0.3 gives k = 5, realised p = log 5 / log 256 = 0.29 > xi/2.
    const PhaseCell bad = evaluate_phase_cell(r, rational(3, 10), rational(4375, 10000), xi, 2, 0.99);
    REQUIRE(bad.result);
    CHECK(find(bad.result->hypotheses, "p_below_xi_half").verdict.outcome == Outcome::refuted);
    CHECK(find(bad.result->hypotheses, "p_below_one_third").verdict.outcome == Outcome::proven);
    CHECK(hypotheses_state(bad.result->hypotheses) == "fail");
    CHECK(bad.status.starts_with("hypotheses fail & recovery "));
  }

  TEST_CASE("a xi out of reach gives a cell marked not reachable, with nothing computed") {
    const PhaseCell cell = evaluate_phase_cell(grid_regime(), rational(15, 100), rational(1, 10), hadamard_target(0.1, 256), 1, 0.99);
    CHECK_FALSE(cell.result);
    CHECK(cell.status == "not reachable");
    CHECK(cell.point.h == 4);
  }

  TEST_CASE("a k rule that leaves [1, h] at a grid point is refused, naming --grid") {
    const Regime r = grid_regime("round(h^p) - 1");  // 1 at the path's p = 0.15, 0 at p = 0.05
    try {
      grid_point(r, 256, 128, rational(5, 100));
      FAIL("accepted");
    } catch (const std::invalid_argument& e) {
      CHECK(std::string(e.what()) == "--grid: at p = 0.05, h = 256: [sweep] k = \"round(h^p) - 1\" gives 0; accepted: an integer in [1, 256]");
    }
  }
}
