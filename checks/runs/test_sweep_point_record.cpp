// Covers runs/sweep_point_record.hpp: a point read back from its record gives the same record bit for
// bit (every series, the window medians and paper constants, a number that is not finite), and a damaged record is refused by its field.
#include <doctest/doctest.h>

#include "input/sweep_path.hpp"
#include "runs/sweep_point_record.hpp"
#include "checks/test_support.hpp"

#include <cmath>

using namespace scae;

namespace {
SweepPointResult computed_point() {
  const Regime regime = parse_regime(
      scae::testing::RegimeText{.name = "record",
                                .dictionary = "family = \"identity-hadamard\"\nn = 8",
                                .monte_carlo = "samples = 10000\nbatches = 10",
                                .sweep = "h = [16]\np = 0.2\nk = \"round(h^p)\"\ndelta = \"h^(-1)\""}
          .text(),
      "record.toml");
  const SweepPoint point = sweep_points(regime).front();
  return evaluate_sweep_point(regime, point,
                              {1, 0.99, 2, BiasChoice(BiasRule::exact_low, rational(1, 50)), true, BiasChoice(BiasRule::paper, 0, rational(3, 2))});
}
}  // namespace

TEST_SUITE("sweep_point_record") {
  TEST_CASE("a record read back is written again bit for bit, every series and hypothesis included") {
    const SweepPointResult point = computed_point();
    REQUIRE(point.contrast);
    REQUIRE(point.paper);
    const nlohmann::json record = sweep_point_json(point);
    const SweepPointResult back = sweep_point_from_json(nlohmann::json::parse(record.dump()));
    CHECK(sweep_point_json(back).dump() == record.dump());
    CHECK(back.hypotheses.size() == point.hypotheses.size());  // the added recovery statement is not doubled
    CHECK(back.contrast->rule == point.contrast->rule);
    CHECK(back.paper->rule.constant == rational(3, 2));
    CHECK(back.off_median == point.off_median);
    CHECK(back.paper_constant_smallest == point.paper_constant_smallest);
    CHECK(record["window"]["off_median"].is_number());
    CHECK(record["window"]["on_median"].is_number());  // at h = 16 the windows are empty: on below off
    CHECK(back.point.delta == point.point.delta);
    for (std::size_t i = 0; i < point.main.lower.size(); ++i) CHECK(back.main.lower[i] == point.main.lower[i]);
  }

  TEST_CASE("the paper series' Monte Carlo estimate is written and read back bit for bit") {
    SweepPointResult point = computed_point();
    PaperEstimate e;
    e.method = "row-conditional";
    e.rows = {0, 15};
    e.atypical = {true, false};
    e.ratio = {0.5, 0.25};
    e.lower = {0.49, 0};
    e.upper = {0.51, 0.26};
    e.oracle_ratio = {0.48, 0.24};
    e.correction = {0.02, 0.01};
    e.correction_lower = {0.01, 0};
    e.correction_upper = {0.03, 0.02};
    e.share = {0.04, 0.04};
    e.share_lower = {0.0196, 0};
    e.share_upper = {0.0612, HUGE_VAL};  // a lower ratio of 0: written null, read back NaN
    e.comparison = {RatioComparison::above, RatioComparison::not_resolved};
    e.samples_given = {1000, 2000};
    e.samples_without = {100, 200};
    e.fired_without = {0, 3};
    e.recovery_rate = 0.999;
    e.recovery_lower = 0.998;
    e.recovery_upper = 0.9995;
    e.recovery_bound = 0.5;
    e.recovery_samples = 20000;
    e.recovery_verdict = Outcome::consistent;
    e.correction_verdict = Outcome::inconsistent;
    e.confidence = 0.99;
    e.relative = 0.01;
    e.seconds = 12.5;
    e.plan_seconds = 1.5;
    point.paper->estimate = e;
    const nlohmann::json record = sweep_point_json(point);
    CHECK(record["paper"]["monte_carlo"]["share_upper"][1].is_null());
    const SweepPointResult back = sweep_point_from_json(nlohmann::json::parse(record.dump()));
    REQUIRE(back.paper->estimate);
    CHECK(std::isnan(back.paper->estimate->share_upper[1]));
    CHECK(back.paper->estimate->fired_without == e.fired_without);
    CHECK(sweep_point_json(back).dump() == record.dump());
    CHECK(record["monte_carlo"].is_null());  // the main series has none
    CHECK(record["paper"]["monte_carlo"]["comparison"] == nlohmann::json{"above", "not resolved"});
    // An unknown comparison or verdict is refused with the accepted names.
    nlohmann::json comparison = record;
    comparison["paper"]["monte_carlo"]["comparison"][1] = "equal";
    CHECK_THROWS_WITH_AS(sweep_point_from_json(comparison),
                         "sweep point record: the field \"comparison\" holds \"equal\"; accepted: below, above, not resolved",
                         std::invalid_argument);
    nlohmann::json verdict = record;
    verdict["paper"]["monte_carlo"]["correction_verdict"] = "FAILED";
    CHECK_THROWS_WITH_AS(sweep_point_from_json(verdict), doctest::Contains("\"correction_verdict\" names no verdict (\"FAILED\""),
                         std::invalid_argument);
  }

  TEST_CASE("a number that is not finite is written null and read back as NaN") {
    SweepPointResult point = computed_point();
    point.main.mean_ratio = NAN;
    point.main.bound_upper = HUGE_VAL;
    const nlohmann::json record = sweep_point_json(point);
    CHECK(record["mean_ratio"].is_null());
    CHECK(record["ball_bound"][1].is_null());
    const SweepPointResult back = sweep_point_from_json(record);
    CHECK(std::isnan(back.main.mean_ratio));
    CHECK(std::isnan(back.main.bound_upper));
  }

  TEST_CASE("a damaged record is refused, naming what is wrong") {
    const nlohmann::json record = sweep_point_json(computed_point());
    nlohmann::json missing = record;
    missing.erase("quantiles");
    CHECK_THROWS_WITH_AS(sweep_point_from_json(missing), doctest::Contains("\"quantiles\""), std::invalid_argument);
    nlohmann::json no_window = record;
    no_window.erase("window");
    CHECK_THROWS_WITH_AS(sweep_point_from_json(no_window), doctest::Contains("\"window\""), std::invalid_argument);
    nlohmann::json rule = record;
    rule["contrast"]["bias_rule"] = "exact-lowest";
    CHECK_THROWS_WITH_AS(sweep_point_from_json(rule), doctest::Contains("exact-lowest"), std::invalid_argument);
    nlohmann::json verdict = record;
    verdict["hypotheses"][0]["verdict"] = "TRUE";
    CHECK_THROWS_WITH_AS(sweep_point_from_json(verdict), doctest::Contains("TRUE"), std::invalid_argument);
  }
}
