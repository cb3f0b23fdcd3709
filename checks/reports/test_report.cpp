// Covers reports/report.hpp on a hand-built run (checks/report_fixture.hpp), so that only rendering
// is tested: report.json is written as its own serialisation with the run's context apart, the
// Markdown is generated from it with every section, every verdict is counted and listed, failing
// claims stand out, and a verdict changed in the run shows as changed. The run itself is covered by
// checks/runs/test_report_run.cpp.
#include <doctest/doctest.h>

#include "reports/markdown_text.hpp"
#include "reports/report.hpp"
#include "runs/report_record.hpp"
#include "checks/report_fixture.hpp"
#include "checks/test_support.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

using namespace scae;
using scae::testing::hand_built_report_run;

TEST_SUITE("report") {
  TEST_CASE("write_report writes report.json as its own serialisation, the Markdown and the figures") {
    const testing::TempDir dir("report-write");
    const ReportRun run = hand_built_report_run();
    CHECK(write_report(run, dir.path) == dir.path / "report.md");
    std::ifstream in(dir.path / "report.json", std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const nlohmann::json report = nlohmann::json::parse(bytes.str());
    CHECK(report.dump(2) + "\n" == bytes.str());
    CHECK(report == report_json(run));
    CHECK(report["context"]["threads"] == 2);
    CHECK(report["context"]["experiment_seconds"]["gradient_norms"] == 3);
    CHECK(report["context"]["sweep"].is_null());
    CHECK(!report["experiments"].contains("seconds"));
    for (const char* f : {"report.md", "recovery_windows.svg", "experiments_loss_well.svg", "experiments_descent.svg",
                          "experiments_gradient_norms.svg"})
      CHECK(std::filesystem::exists(dir.path / f));
  }

  TEST_CASE("report.json carries the run's numbers: regime, windows, claims with their expectation, method") {
    const nlohmann::json r = report_json(hand_built_report_run());
    CHECK(r["regime"]["name"] == "hand");
    CHECK(r["regime"]["q1"] == "1/2");
    CHECK(r["regime"]["rows_checked"] == nlohmann::json({0, 3}));
    CHECK(r["recovery_windows"]["sufficient"] == nlohmann::json({0.1, 0.9}));
    CHECK(r["monte_carlo"]["gradient_row_norm"]["mean"] == 0.02);
    REQUIRE(r["claims"].size() == 2);
    CHECK(r["claims"][0]["id"] == "recovery.window_nonempty");
    CHECK(r["claims"][0]["expected"] == "PROVEN");
    CHECK(r["claims"][1]["expected"].is_null());
    CHECK(r["claims"][0]["kind"] == "hypothesis");
    for (const auto& v : r["other_verdicts"]) CHECK(v["kind"] == "claim");  // the paper's experiments
    CHECK(r["other_verdicts"][1]["summary"].get<std::string>().find("scae's choices, not the paper's: step size") !=
          std::string::npos);
    CHECK(r["method"]["family_level"] == 0.05);
    CHECK(r["bias_form"] == 0.2);
    CHECK(!r.contains("asymptotics"));
  }

  TEST_CASE("report.md has every section and opens with a summary that counts every verdict") {
    const nlohmann::json r = report_json(hand_built_report_run());
    const std::string md = report_markdown(report_record_from_json(r));
    for (const char* heading : {"# scae report: hand", "## Summary", "## Regime", "## Verdicts", "## Is the expected gradient negligible?",
                                "## Monte Carlo summary", "## Evidence", "## Asymptotics", "## The paper's experiments", "## Method"})
      CHECK(md.find(heading) != std::string::npos);
    const std::size_t regime_heading = md.find("## Regime");
    CHECK(md.find("\n## ") == md.find("## Summary") - 1);  // the first section
    // Paper claims (here the three experiments) are counted apart from the two hypotheses.
    CHECK(md.find("5 verdicts (the catalog's 2 entries, the paper's experiments and the path's checks), counted by kind "
                  "(paper claims include the experiments): 3 paper claims: 3 hold (PROVEN or CONSISTENT), 0 fail (REFUTED "
                  "or INCONSISTENT), 0 undecided (UNDECIDED or INCONCLUSIVE); 2 hypotheses: 2 hold") < regime_heading);
    CHECK(md.find("No verdict above is REFUTED or INCONSISTENT. By kind: 3 paper claims") != std::string::npos);
    CHECK(md.find("| `recovery.window_nonempty` | hypothesis |") != std::string::npos);
    CHECK(md.find("| `experiment.loss_well` | claim |") != std::string::npos);
    CHECK(md.find("| `recovery.window_nonempty` |") != std::string::npos);
    CHECK(md.find("| PROVEN | PROVEN | non-empty |") != std::string::npos);
    CHECK(md.find("Here support recovery is not certified") != std::string::npos);
    CHECK(md.find("Seed 1, 2 threads, 2026-01-01T00:00:00Z on hand, 4.5 s.") != std::string::npos);
    CHECK(md.find("This regime has no [sweep] path") != std::string::npos);
    CHECK(short_numbers(md) == md);    // nothing left to shorten
    CHECK(escape_emphasis(md) == md);  // nothing left to escape
  }

  TEST_CASE("a verdict changed in the run shows as changed: in bold, in the summary and in the counts") {
    ReportRun run = hand_built_report_run();
    run.claims[0].verdict.outcome = Outcome::refuted;
    run.claims[0].verdict.summary = "changed by hand";
    run.experiments.descent.verdict.outcome = Outcome::inconsistent;
    const nlohmann::json r = report_json(run);
    CHECK(r["claims"][0]["verdict"] == "REFUTED");
    CHECK(r["claims"][0]["fails"] == true);
    const std::string md = report_markdown(report_record_from_json(r));
    const std::size_t regime_heading = md.find("## Regime");
    CHECK(md.find("- `recovery.window_nonempty` REFUTED: changed by hand") < regime_heading);
    CHECK(md.find("- `experiment.gradient_descent` INCONSISTENT: ") < regime_heading);
    CHECK(md.find("3 paper claims: 2 hold (PROVEN or CONSISTENT), 1 fails (REFUTED or INCONSISTENT), 0 undecided") < regime_heading);
    CHECK(md.find("2 hypotheses: 1 holds (PROVEN or CONSISTENT), 1 fails (REFUTED or INCONSISTENT)") < regime_heading);
    CHECK(md.find("| **REFUTED** | PROVEN | changed by hand |") != std::string::npos);  // against its expectation
    CHECK(md.find("2 of the 5 verdicts above are REFUTED or INCONSISTENT (in bold).") != std::string::npos);
    CHECK(md.find("### `recovery.window_nonempty`: REFUTED") != std::string::npos);
  }

  TEST_CASE("evidence typed as an interval also comes as the pair of its ends, and the term bounds carry their legend") {
    ReportRun run = hand_built_report_run();
    run.claims[1].verdict.add("an enclosure", IntervalEnds{0.125, 0.25});
    run.claims[1].verdict.add("not an interval", "[0.25, 0.125]");  // a text that looks like one
    run.claims.push_back({&scae::testing::catalog_claim("gradient.term_bounds"),
                          scae::testing::hand_verdict(Outcome::proven, Method::certified, "every term bounded")});
    const nlohmann::json r = report_json(run);
    const auto& evidence = r["claims"][1]["evidence"];
    REQUIRE(evidence.size() == 3);
    CHECK(!evidence[0].contains("interval"));
    CHECK(evidence[1]["interval"] == nlohmann::json({0.125, 0.25}));
    CHECK(evidence[1]["type"] == "interval");
    CHECK(!evidence[2].contains("interval"));
    CHECK(evidence[2]["type"] == "text");
    const std::string md = report_markdown(report_record_from_json(r));
    CHECK(md.find("Symbols: q\\_r = k(k−1)") != std::string::npos);
    CHECK(md.find("q\\_i m2") != std::string::npos);
  }

  TEST_CASE("report.json reads back as its record: the verdicts as written, a missing or mistyped field refused by name") {
    const ReportRun run = hand_built_report_run();
    const nlohmann::json r = report_json(run);
    const ReportRecord record = report_record_from_json(r);
    REQUIRE(record.claims.size() == run.claims.size());
    CHECK(record.claims[1] == claim_record(run.claims[1], run.regime));
    CHECK(record.other_verdicts.size() == r["other_verdicts"].size());
    CHECK(record.regime.rows_checked == run.rows);
    CHECK(record.windows.off == run.windows.off);
    CHECK(record.method.family_level == run.family_level);
    // The one writer and the one reader agree: written again, the record read back gives the same JSON.
    CHECK(report_record_json(record).dump() == r.dump());
    ReportRecord changed = record;
    changed.context.experiment_seconds.descent += 1;  // a field the reader dropped would go unnoticed without this
    CHECK(report_record_json(changed).dump() != r.dump());
    changed = record;
    changed.regime.groups.reset();
    CHECK(report_record_json(changed).dump() != r.dump());
    const auto refusal = [](const nlohmann::json& j) {
      try {
        report_record_from_json(j);
      } catch (const std::invalid_argument& e) {
        return std::string(e.what());
      }
      return std::string();
    };
    CHECK(refusal(r).empty());
    nlohmann::json bad = r;
    bad["regime"].erase("seed");
    CHECK(refusal(bad) == "report record: no field \"seed\"");
    bad = r;
    bad["context"]["experiment_seconds"].erase("descent");
    CHECK(refusal(bad) == "report record: no field \"descent\"");
    bad = r;
    bad["recovery_windows"]["off"] = "none";
    CHECK(refusal(bad) == "report record: the field \"off\" is not a list: \"none\"");
    bad = r;
    bad["method"]["statistical_claims"] = 1.5;
    CHECK(refusal(bad) == "report record: the field \"statistical_claims\" is not an integer: 1.5");
    // Evidence whose type is not one of the four, and evidence said to be an interval without its ends.
    REQUIRE(!r["claims"][0]["evidence"].empty());
    bad = r;
    bad["claims"][0]["evidence"][0]["type"] = "range";
    CHECK(refusal(bad).starts_with("verdict record: the field \"type\" names no evidence type (\"range\""));
    bad = r;
    bad["claims"][0]["evidence"][0]["type"] = "interval";
    bad["claims"][0]["evidence"][0].erase("interval");
    CHECK(refusal(bad) == "verdict record: no field \"interval\"");
  }
}
