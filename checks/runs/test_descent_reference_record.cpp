// Covers runs/descent_reference_record.hpp: the descent end points against W° read back are written
// again byte for byte (a comparison not made stays null), t* and the ratio are null unless W° was
// computed, and a record missing a field or with a wrong type is refused by the field's name.
#include <doctest/doctest.h>

#include "runs/descent_reference_record.hpp"

#include <cmath>

using namespace scae;

namespace {

DescentReferenceRecord record(bool computed) {
  DescentReferenceRecord r;
  r.reference = {computed, 0.25, 1e-9, true, computed ? "W° by Newton–CG" : "recovery is not certified at A*ᵀ"};
  r.runs.push_back({0.02, {0.5, 0.1, 0.99, 0.995}, {0.01, 0.002, 0.9999, 0.99995}});
  r.runs.push_back({0.04, {0.6, 0.2, 0.98, 0.99}, {}});  // no comparison with W°: NaN
  return r;
}

}  // namespace

TEST_SUITE("descent_reference_record") {
  TEST_CASE("a record read back is written again byte for byte") {
    for (const bool computed : {true, false}) {
      const nlohmann::json j = descent_reference_json(record(computed));
      const DescentReferenceRecord back = descent_reference_from_json(nlohmann::json::parse(j.dump()));
      CHECK(descent_reference_json(back).dump() == j.dump());
      CHECK(back.runs.size() == 2);
      CHECK(std::isnan(back.runs[1].to_critical_point.max_row));
      CHECK(j["radial_root"].is_null() == !computed);
      CHECK(std::isnan(back.reference.radial_root) == !computed);
    }
  }

  TEST_CASE("a record missing a field or holding a wrong type is refused by the field's name") {
    nlohmann::json missing = descent_reference_json(record(true));
    missing["runs"][0]["to_a_star"].erase("min_cosine");
    CHECK_THROWS_WITH_AS(descent_reference_from_json(missing), doctest::Contains("descent reference record: no field \"min_cosine\""),
                         std::invalid_argument);
    nlohmann::json wrong = descent_reference_json(record(true));
    wrong["radial_root"] = "0.25";
    CHECK_THROWS_WITH_AS(descent_reference_from_json(wrong), doctest::Contains("\"radial_root\" holds the wrong type (string)"),
                         std::invalid_argument);
    wrong = descent_reference_json(record(true));
    wrong["computed"] = 1;
    CHECK_THROWS_WITH_AS(descent_reference_from_json(wrong), doctest::Contains("\"computed\" holds the wrong type (number)"),
                         std::invalid_argument);
  }
}
