// Covers runs/numerics_summary_record.hpp and runs/build_info.hpp: the summary of a small real run
// (uniform and Bernoulli support) read back is written again byte for byte, a number that is not
// finite survives as null, report.json's summary fields read through the same reader, and a record
// missing a field, with a field of the wrong type or an unknown support law is refused by name.
#include <doctest/doctest.h>

#include "input/instance_builder.hpp"
#include "runs/numerics_summary_record.hpp"
#include "checks/test_support.hpp"

#include <cmath>
#include <string>

using namespace scae;

namespace {

NumericsSummaryRecord summary_of(const std::string& code) {
  scae::testing::RegimeText text;
  text.name = "summary record";
  text.code = code;
  text.monte_carlo = "samples = 2000\nbatches = 8";
  Regime regime = parse_regime(text.text(), "summary.toml");
  regime.overrides = {"monte_carlo.samples=2000"};
  return numerics_summary_record(regime, run_numerics_summary(build_instance(regime), 1), build_info());
}

const NumericsSummaryRecord& uniform() {
  static const NumericsSummaryRecord r = summary_of(scae::testing::RegimeText{}.code);
  return r;
}

// What the reader refuses in `j`, or "".
std::string refusal(const nlohmann::json& j) {
  try {
    numerics_summary_record_from_json(j);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_SUITE("numerics_summary_record") {
  TEST_CASE("a summary read back is written again byte for byte, for a uniform and a Bernoulli support") {
    const nlohmann::json j = numerics_summary_record_json(uniform());
    const NumericsSummaryRecord back = numerics_summary_record_from_json(nlohmann::json::parse(j.dump()));
    CHECK(numerics_summary_record_json(back).dump() == j.dump());
    CHECK(j["regime"]["support"] == "uniform");
    CHECK(!j["regime"].contains("q_range"));
    CHECK(back.regime.k == 2);
    CHECK(back.regime.overrides == std::vector<std::string>{"monte_carlo.samples=2000"});
    CHECK(back.monte_carlo.samples == 2000);
    CHECK(back.monte_carlo.recovery.method == "Clopper-Pearson");
    CHECK(back.build.commit == build_info().commit);
    CHECK(back.dictionary.coherence_enclosure.front() == '[');

    const NumericsSummaryRecord b =
        summary_of("support = \"bernoulli\"\nq = \"1/4\"\nvalues = \"two-point\"\na1 = 1\na2 = 3\np_high = 0.2");
    const nlohmann::json jb = numerics_summary_record_json(b);
    CHECK(jb["regime"]["support"] == "bernoulli");
    CHECK(jb["regime"]["q_range"] == nlohmann::json{"1/4", "1/4"});
    const NumericsSummaryRecord back_b = numerics_summary_record_from_json(jb);
    CHECK(back_b.regime.support == SupportLaw::Kind::bernoulli);
    CHECK(numerics_summary_record_json(back_b).dump() == jb.dump());
  }

  TEST_CASE("a number that is not finite is written null and read back as NaN") {
    NumericsSummaryRecord r = uniform();
    r.monte_carlo.loss.halfwidth = NAN;
    const nlohmann::json j = numerics_summary_record_json(r);
    CHECK(j["monte_carlo"]["loss"]["halfwidth"].is_null());
    const NumericsSummaryRecord back = numerics_summary_record_from_json(j);
    CHECK(std::isnan(back.monte_carlo.loss.halfwidth));
    CHECK(numerics_summary_record_json(back).dump() == j.dump());
  }

  TEST_CASE("a summary missing a field or holding a wrong value is refused by the field's name") {
    const nlohmann::json j = numerics_summary_record_json(uniform());
    CHECK(refusal(j).empty());
    nlohmann::json bad = j;
    bad["monte_carlo"]["gradient_row_norm"].erase("max_row");
    CHECK(refusal(bad) == "numerics summary record: no field \"max_row\"");
    bad = j;
    bad["point"]["max_row_distance"] = "small";
    CHECK(refusal(bad).starts_with("numerics summary record: the field \"max_row_distance\" holds the wrong type (string)"));
    bad = j;
    bad["regime"]["support"] = "poisson";
    CHECK(refusal(bad) == "numerics summary record: the field \"support\" is \"poisson\"; accepted: uniform, bernoulli");
    bad = j;
    bad["regime"]["support"] = "bernoulli";  // a Bernoulli law without the range of its q_i
    CHECK(refusal(bad) == "numerics summary record: no field \"q_range\"");
    bad = j;
    bad["build"]["commit"] = 7;
    CHECK(refusal(bad) == "numerics summary record: the field \"commit\" holds the wrong type (number)");
    bad = j;
    bad.erase("context");
    CHECK(refusal(bad) == "numerics summary record: no field \"context\"");
  }
}
