// Covers runs/gradient_record.hpp: a gradient record read back is written again byte for byte (term
// classes by name, the enclosure, a number that is not finite), and a record missing a field, with a
// field of the wrong type or an unknown term class is refused by name.
#include <doctest/doctest.h>

#include "runs/gradient_record.hpp"

#include <cmath>

using namespace scae;

namespace {

GradientRecord record() {
  GradientRecord r{1, "abc123", {}};
  r.run.seed = 42;
  r.run.samples = 1000;
  r.run.recovery_certified = true;
  r.run.recovery_rate.rate = 1;
  r.run.recovery_rate.lower = 0.997;
  r.run.recovery_rate.trials = 1000;
  r.run.confidence = 0.95;
  GradientRow row;
  row.row = 3;
  row.closed_form.row = 3;
  row.closed_form.total = VectorXd::Constant(2, 0.125);
  row.closed_form.terms[TermClass::diagonal] = VectorXd::Constant(2, 0.25);
  row.closed_form.terms[TermClass::bias_two_index] = VectorXd::Constant(2, -0.125);
  row.enclosure = {{0.12, 0.13}, {0.12, 0.13}};
  row.monte_carlo_norm = 0.17;
  row.monte_carlo_norm_radius = 0.01;
  row.monte_carlo = {VectorXd::Constant(2, 0.126), VectorXd::Constant(2, 0.002), 1000, 0.95, "batch means"};
  row.q = rational(3, 512);
  row.samples_given = 600;
  row.samples_without = 400;
  row.oracle_correction = {VectorXd::Constant(2, NAN), VectorXd::Zero(2), 1000, 0.95, "plain"};
  r.run.rows.push_back(row);
  return r;
}

}  // namespace

TEST_SUITE("gradient_record") {
  TEST_CASE("a record read back is written again byte for byte") {
    const nlohmann::json j = gradient_record_json(record());
    const GradientRecord back = gradient_record_from_json(nlohmann::json::parse(j.dump()));
    CHECK(gradient_record_json(back).dump() == j.dump());
    CHECK(back.run.rows.at(0).q == rational(3, 512));
    CHECK(back.run.rows.at(0).closed_form.terms.count(TermClass::bias_two_index) == 1);
    CHECK(std::isnan(back.run.rows.at(0).oracle_correction.mean(0)));
    CHECK(j["rows"][0]["terms"].contains("bias_two_index"));
    // Without certified recovery the enclosure is written null and read back empty.
    GradientRecord uncertified = record();
    uncertified.run.recovery_certified = false;
    const nlohmann::json u = gradient_record_json(uncertified);
    CHECK(u["rows"][0]["enclosure"].is_null());
    CHECK(gradient_record_from_json(u).run.rows.at(0).enclosure.empty());
  }

  TEST_CASE("a record missing a field or holding a wrong value is refused by the field's name") {
    nlohmann::json missing = gradient_record_json(record());
    missing.erase("seed");
    CHECK_THROWS_WITH_AS(gradient_record_from_json(missing), doctest::Contains("gradient record: no field \"seed\""),
                         std::invalid_argument);
    nlohmann::json wrong = gradient_record_json(record());
    wrong["rows"][0]["row"] = "three";
    CHECK_THROWS_WITH_AS(gradient_record_from_json(wrong), doctest::Contains("\"row\" holds the wrong type (string)"), std::invalid_argument);
    nlohmann::json not_numbers = gradient_record_json(record());
    not_numbers["rows"][0]["closed_form"][1] = "0.1";
    CHECK_THROWS_WITH_AS(gradient_record_from_json(not_numbers), doctest::Contains("\"closed_form\" is not an array of numbers"),
                         std::invalid_argument);
    nlohmann::json term = gradient_record_json(record());
    term["rows"][0]["terms"]["five_index"] = term["rows"][0]["terms"]["diagonal"];
    CHECK_THROWS_WITH_AS(gradient_record_from_json(term), doctest::Contains("five_index"), std::invalid_argument);
  }
}
