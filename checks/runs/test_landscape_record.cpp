// Covers runs/landscape_record.hpp: `scae landscape`'s record read back is written again byte for byte
// (the row groups, the Hessian estimates, the verdicts with their evidence, a number that is not
// finite), and a record missing a field, with a wrong type or an unknown verdict is refused by name.
#include <doctest/doctest.h>

#include "runs/landscape_record.hpp"
#include "runs/record_field.hpp"

#include <cmath>

using namespace scae;

namespace {

LandscapeRecord record() {
  LandscapeRecord r;
  r.schema_version = 1;
  r.commit = "abc123";
  r.regime = "default";
  r.loss = record_loss;
  r.n = 64;
  r.h = 128;
  r.k = 3;
  r.delta = 0.02;
  r.eps_median = 0.57;
  r.radial_root = 0.19;
  r.radial_ratio = 1e-3;
  r.converged = true;
  r.ratio = 1e-12;
  r.expected_loss = 0.05;
  r.max_row_distance = 0.19;
  r.frobenius_distance = 2.1;
  r.scale = 1.19;
  r.predicted_scale = 1.19;
  r.newton = {{1e-3, 0.06, 12, 1}, {1e-12, 0.05, 0, 0}};
  r.groups = {{"typical", {1, 2, 3}, 0.18, 0.19, 1.18, 1.19, 0.18, 0.19}, {"atypical", {0, 64}, 0.3, NAN, 1.3, 1.3, 0.3, 0.31}};
  r.at_point = {0.01, 4.5, 1e-5, 40};
  r.at_a = {-0.02, 4.4, NAN, 60};
  VerdictRecord v;
  v.id = "landscape.local_minimum";
  v.outcome = Outcome::proven;
  v.method = Method::certified;
  v.summary = "lambda = 0.01 > 0";
  v.how = "MPFI";
  v.evidence = {{"lambda", "[0.01, 0.011]"}};
  v.precision_bits = 128;
  r.verdicts = {v};
  r.seconds = 1.5;
  return r;
}

}  // namespace

TEST_SUITE("landscape_record") {
  TEST_CASE("a record read back is written again byte for byte") {
    const nlohmann::json j = landscape_record_json(record());
    const LandscapeRecord back = landscape_record_from_json(nlohmann::json::parse(j.dump()));
    CHECK(landscape_record_json(back).dump() == j.dump());
    CHECK(j["row_groups"][1]["count"] == 2);
    CHECK(j["critical_point"]["max_row_distance_over_delta"].get<double>() == doctest::Approx(9.5));
    CHECK(std::isnan(back.groups.at(1).distance_max));
    CHECK(std::isnan(back.at_a.residual));
    REQUIRE(back.verdicts.size() == 1);
    CHECK(back.verdicts[0] == record().verdicts[0]);
  }

  TEST_CASE("a record missing a field, with a wrong type or an unknown verdict is refused by name") {
    nlohmann::json missing = landscape_record_json(record());
    missing["hessian"]["at_a_star"].erase("lambda_min");
    CHECK_THROWS_WITH_AS(landscape_record_from_json(missing), doctest::Contains("landscape record: no field \"lambda_min\""),
                         std::invalid_argument);
    nlohmann::json wrong = landscape_record_json(record());
    wrong["row_groups"][0]["scale"] = 1.2;
    CHECK_THROWS_WITH_AS(landscape_record_from_json(wrong), doctest::Contains("\"scale\" is not a pair of numbers"),
                         std::invalid_argument);
    wrong = landscape_record_json(record());
    wrong["critical_point"]["newton"][0]["cg_steps"] = "twelve";
    CHECK_THROWS_WITH_AS(landscape_record_from_json(wrong), doctest::Contains("\"cg_steps\" holds the wrong type (string)"),
                         std::invalid_argument);
    wrong = landscape_record_json(record());
    wrong["verdicts"][0]["verdict"] = "TRUE";
    CHECK_THROWS_WITH_AS(landscape_record_from_json(wrong), doctest::Contains("verdict record: the field \"verdict\" names no verdict (\"TRUE\""),
                         std::invalid_argument);
  }
}
