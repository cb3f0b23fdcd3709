// Covers runs/experiments_record.hpp: the experiments read back from their JSON are written again byte
// for byte (every curve, descent run and gradient-norm point, the verdicts, W° when present and when
// not), and a record missing a field, with a wrong type or an unknown outcome is refused by name.
#include <doctest/doctest.h>

#include "checks/report_fixture.hpp"
#include "runs/experiments_record.hpp"

using namespace scae;

TEST_SUITE("experiments_record") {
  TEST_CASE("the experiments read back are written again byte for byte") {
    const ExperimentsRecord record = experiments_record(scae::testing::hand_built_experiments());
    const nlohmann::json j = experiments_record_json(record);
    const ExperimentsRecord back = experiments_record_from_json(nlohmann::json::parse(j.dump()));
    CHECK(experiments_record_json(back).dump() == j.dump());
    CHECK(back.loss_well.radial_verdict.has_value());
    CHECK(!back.loss_well.descent_verdict.has_value());
    CHECK(back.descent.runs.at(0).max_distance == record.descent.runs.at(0).max_distance);
    CHECK(back.gradient_norms.points.at(1).corrected == record.gradient_norms.points.at(1).corrected);
    nlohmann::json without = j;
    without.erase("descent_critical_point");  // a report written before W° was compared
    CHECK(!experiments_record_from_json(without).critical_point.has_value());
    CHECK(experiments_record_json(experiments_record_from_json(without)).dump() == without.dump());
  }

  TEST_CASE("a record missing a field, with a wrong type or an unknown outcome is refused by the field's name") {
    const nlohmann::json j = experiments_record_json(experiments_record(scae::testing::hand_built_experiments()));
    nlohmann::json missing = j;
    missing["descent"]["runs"][0].erase("behaviour");
    CHECK_THROWS_WITH_AS(experiments_record_from_json(missing), doctest::Contains("experiments record: no field \"behaviour\""),
                         std::invalid_argument);
    nlohmann::json wrong = j;
    wrong["loss_well"]["curves"][0]["loss"][1] = "0.5";
    CHECK_THROWS_WITH_AS(experiments_record_from_json(wrong), doctest::Contains("\"loss\" is not an array of numbers"),
                         std::invalid_argument);
    wrong = j;
    wrong["gradient_norms"]["points"][0]["point"] = "one";
    CHECK_THROWS_WITH_AS(experiments_record_from_json(wrong), doctest::Contains("\"point\" holds the wrong type (string)"),
                         std::invalid_argument);
    wrong = j;
    wrong["loss_well"]["curves"][0]["outcome"] = "TRUE";
    CHECK_THROWS_WITH_AS(experiments_record_from_json(wrong), doctest::Contains("\"outcome\" holds \"TRUE\"; accepted: PROVEN"),
                         std::invalid_argument);
    wrong = j;
    wrong["descent"]["verdict"].erase("summary");
    CHECK_THROWS_WITH_AS(descent_record_from_json(wrong["descent"]), doctest::Contains("no field \"summary\""), std::invalid_argument);
  }
}
