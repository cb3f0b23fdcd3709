// Covers runs/sweep_record.hpp: a computed sweep's record written, read back and written again gives
// the same JSON (points, fits, verdicts, context and source included), a changed record does not, and
// a damaged record is refused naming the field (a missing one, a wrong type, an unknown name of a
// vocabulary with the accepted list).
#include <doctest/doctest.h>

#include "input/sweep_path.hpp"
#include "runs/sweep_record.hpp"
#include "checks/test_support.hpp"

#include <cmath>
#include <string>

using namespace scae;

namespace {
// A path of four identity+Hadamard points with the contrast and the paper's rule: fits, verdicts and a context.
SweepRecord computed_record() {
  const Regime regime = parse_regime(
      scae::testing::RegimeText{.name = "sweep-record",
                                .dictionary = "family = \"identity-hadamard\"\nn = 8",
                                .monte_carlo = "samples = 10000\nbatches = 10",
                                .sweep = "h = [8, 16, 32, 64]\np = 0.2\nk = \"round(h^p)\"\ndelta = \"h^(-1)\"\n"
                                          "bias = \"exact-above\"\nbias_fraction = \"1/20\"\npaper_constant = \"1\""}
          .text(),
      "sweep-record.toml");
  scae::testing::TempDir dir("sweep-record");
  SweepRecord record = sweep_record(run_sweep(regime, {dir.path, 1, false, false}));
  record.conclusion = "a conclusion";
  record.context->threads = 1;
  record.context->processes = 1;
  record.source = SweepSource{1, build_info(), "sweep-record", "sweep-record.toml", 7};
  return record;
}

std::string refusal(const nlohmann::json& j) {
  try {
    sweep_record_from_json(j);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}
}  // namespace

TEST_SUITE("sweep_record") {
  TEST_CASE("a computed sweep's record is written, read back and written again to the same JSON") {
    const SweepRecord record = computed_record();
    REQUIRE(record.fit);
    REQUIRE(record.points.size() == 4);
    REQUIRE(record.points.front().contrast);
    REQUIRE(record.points.front().paper);
    REQUIRE(record.contrast_fit);
    REQUIRE_FALSE(record.verdicts.empty());
    const nlohmann::json json = sweep_record_json(record);
    const SweepRecord back = sweep_record_from_json(nlohmann::json::parse(json.dump()));
    CHECK(sweep_record_json(back).dump() == json.dump());
    CHECK(back.verdicts == record.verdicts);
    CHECK(back.fit->fit.slope == record.fit->fit.slope);
    CHECK(back.context->point_seconds == record.context->point_seconds);
    CHECK(back.source->seed == 7);
    CHECK(back.points.back().main.method == record.points.back().main.method);
    // A changed record writes a different JSON: the comparison above can fail.
    SweepRecord changed = back;
    changed.typical_slope = record.typical_slope + 1;
    CHECK(sweep_record_json(changed).dump() != json.dump());
  }

  TEST_CASE("report.json's asymptotics, without context and source, reads back without them") {
    SweepRecord record = computed_record();
    record.context.reset();
    record.source.reset();
    nlohmann::json json = sweep_record_json(record);
    CHECK_FALSE(json.contains("context"));
    CHECK_FALSE(json.contains("schema_version"));
    const SweepRecord back = sweep_record_from_json(json);
    CHECK_FALSE(back.context);
    CHECK_FALSE(back.source);
    CHECK(sweep_record_json(back) == json);
    // A fit that is not finite is written null and read back NaN; a missing fit stays missing.
    record.fit->fit.lower = -HUGE_VAL;
    record.contrast_fit.reset();
    json = sweep_record_json(record);
    CHECK(json["fit"]["lower"].is_null());
    CHECK(json["contrast_fit"].is_null());
    const SweepRecord nan = sweep_record_from_json(json);
    CHECK(std::isnan(nan.fit->fit.lower));
    CHECK_FALSE(nan.contrast_fit);
  }

  TEST_CASE("a damaged record is refused, naming the field") {
    const nlohmann::json json = sweep_record_json(computed_record());
    for (const char* name : {"conclusion", "bias_term_slope", "verdicts", "series", "contrast_fit", "point_confidence"}) {
      nlohmann::json missing = json;
      missing.erase(name);
      CHECK(refusal(missing) == std::string("sweep record: no field \"") + name + "\"");
    }
    nlohmann::json wrong = json;
    wrong["vanishing_bias"] = "yes";
    CHECK(refusal(wrong).find("the field \"vanishing_bias\" holds the wrong type (string)") != std::string::npos);
    wrong = json;
    wrong["typical_slope"] = "0.5";
    CHECK(refusal(wrong).find("the field \"typical_slope\" holds the wrong type (string)") != std::string::npos);
    wrong = json;
    wrong["fit"].erase("slope");
    CHECK(refusal(wrong) == "sweep record: no field \"slope\"");
    wrong = json;
    wrong["fit"]["error_bar_range"] = {1};
    CHECK(refusal(wrong).find("\"error_bar_range\" is not a pair of numbers") != std::string::npos);
    wrong = json;
    wrong["context"]["point_seconds"]["h8"] = 1.0;
    CHECK(refusal(wrong).find("\"point_seconds\" has the key \"h8\"") != std::string::npos);
    wrong = json;
    wrong["regime"].erase("seed");
    CHECK(refusal(wrong) == "sweep record: no field \"seed\"");
    wrong = json;
    wrong["verdicts"][0]["verdict"] = "TRUE";
    CHECK(refusal(wrong).find("\"TRUE\"") != std::string::npos);
    wrong = json;
    wrong["points"][1]["contrast"]["recovery"] = 1;
    CHECK(refusal(wrong) == "sweep point record: the field \"recovery\" holds the wrong type (number)");
  }

  TEST_CASE("an unknown name of a vocabulary is refused with the accepted names") {
    const nlohmann::json json = sweep_record_json(computed_record());
    nlohmann::json wrong = json;
    wrong["points"][0]["method"] = "closed form";
    CHECK(refusal(wrong) == "sweep point record: the field \"method\" names no series method (\"closed form\"; accepted: "
                            "certified closed form, oracle closed form, Monte Carlo, not computed)");
    wrong = json;
    wrong["points"][0]["ball_recovery"] = "proven";
    CHECK(refusal(wrong) == "sweep point record: the field \"ball_recovery\" names no verdict (\"proven\"; accepted: PROVEN, "
                            "REFUTED, UNDECIDED, CONSISTENT, INCONSISTENT, INCONCLUSIVE)");
    wrong = json;
    wrong["points"][0]["recovery"] = "UNKNOWN";
    CHECK(refusal(wrong).find("the field \"recovery\" names no verdict (\"UNKNOWN\"") != std::string::npos);
  }
}
