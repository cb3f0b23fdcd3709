// Covers reports/report.hpp: report.json is byte-identical for 1, 2 and 8 threads and across two
// runs apart from its top-level "context", the Markdown is generated from it with every section,
// and failing claims stand out.
#include <doctest/doctest.h>

#include "instance_builder.hpp"
#include "markdown_text.hpp"
#include "report.hpp"
#include "test_support.hpp"

#include <fstream>
#include <sstream>

using namespace scae;

namespace {
const std::string regime_text =
    scae::testing::RegimeText{.name = "small",
                              .description = "a small Gaussian regime for report tests",
                              .dictionary = "family = \"gaussian\"\nn = 12\nh = 24\nseed = 3",
                              .point = "kind = \"random-direction\"\ndelta = 0.05",
                              .bias = "value = 0.3",
                              .expect = "\"recovery.window_nonempty\" = \"REFUTED\""}
        .text();

// The bytes of DIR/report.json written by write_report with `threads`, without the "context"
// object. The file is first checked to be the JSON's own serialisation, so removing "context"
// and serialising again compares every other byte of the file.
std::string report_bytes_without_context(const Regime& regime, int threads) {
  const testing::TempDir dir("report-bytes");
  ReportOptions options;
  options.directory = dir.path;
  options.threads = threads;
  write_report(regime, build_instance(regime), options);
  std::ifstream in(dir.path / "report.json", std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  nlohmann::json report = nlohmann::json::parse(bytes.str());
  REQUIRE(report.dump(2) + "\n" == bytes.str());
  CHECK(report["context"]["threads"] == threads);
  report.erase("context");
  return report.dump(2) + "\n";
}
}  // namespace

TEST_SUITE("report") {
  TEST_CASE("report.json is byte-identical for 1, 2 and 8 threads and across runs, apart from the context") {
    const Regime regime = parse_regime(regime_text, "small.toml");
    const std::string first = report_bytes_without_context(regime, 1);
    CHECK(report_bytes_without_context(regime, 1) == first);
    CHECK(report_bytes_without_context(regime, 2) == first);
    CHECK(report_bytes_without_context(regime, 8) == first);
  }

  TEST_CASE("the byte comparison sees a different Monte Carlo seed") {
    Regime regime = parse_regime(regime_text, "small.toml");
    const std::string first = report_bytes_without_context(regime, 1);
    regime.monte_carlo.seed += 1;
    CHECK(report_bytes_without_context(regime, 1) != first);
  }

  TEST_CASE("report.md has every section, the expected verdicts, and failing claims in bold") {
    const Regime regime = parse_regime(regime_text, "small.toml");
    const Instance instance = build_instance(regime);
    const nlohmann::json report = report_json(regime, instance, ReportOptions{});
    const std::string md = report_markdown(report);
    for (const char* heading : {"# scae report: small", "## Regime", "## Verdicts", "## Is the expected gradient negligible?",
                                "## Monte Carlo summary", "## Evidence", "## Asymptotics", "## Method"})
      CHECK(md.find(heading) != std::string::npos);
    CHECK(md.find("| `recovery.window_nonempty` |") != std::string::npos);
    CHECK(md.find("**REFUTED** | REFUTED |") != std::string::npos);  // fails, as expected: still bold
    CHECK(md.find("Seed 1") != std::string::npos);
    CHECK(md.find("Here support recovery is not certified") != std::string::npos);
    CHECK(md.find(report["build"]["commit"].get<std::string>()) != std::string::npos);
  }

  TEST_CASE("report.md opens with a summary that counts every verdict, and every verdict is in the tables") {
    const Regime regime = parse_regime(regime_text, "small.toml");
    const nlohmann::json report = report_json(regime, build_instance(regime), ReportOptions{});
    const std::string md = report_markdown(report);
    // For programs, every interval in the evidence also comes as a pair of numbers, its ends.
    int pairs = 0;
    for (const auto& c : report["claims"])
      for (const auto& e : c["evidence"])
        if (e.contains("interval")) {
          ++pairs;
          CHECK(e["interval"][0].get<double>() <= e["interval"][1].get<double>());
          CHECK(e["value"].get<std::string>().front() == '[');
        } else if (!e["value"].get<std::string>().empty()) {
          CHECK(e["value"].get<std::string>().front() != '[');  // an interval text without its pair
        }
    CHECK(pairs > 10);
    const std::size_t summary = md.find("## Summary"), regime_heading = md.find("## Regime");
    REQUIRE(summary != std::string::npos);
    CHECK(summary < regime_heading);
    CHECK(md.find("\n## ") == summary - 1);  // the first section
    // The experiments' verdicts are listed with the claims' and counted with them.
    std::size_t total = report["claims"].size(), failing = 0;
    for (const auto& c : report["claims"]) failing += c["fails"].get<bool>();
    for (const char* id : {"experiment.loss_well", "experiment.gradient_descent", "experiment.gradient_norms"}) {
      bool found = false;
      for (const auto& v : report["other_verdicts"]) found = found || v["id"] == id;
      CHECK(found);
      CHECK(md.find(std::string("| `") + id + "` |") != std::string::npos);
    }
    for (const auto& v : report["other_verdicts"]) {
      ++total;
      failing += v["fails"].get<bool>();
      if (v["fails"].get<bool>()) CHECK(md.find("- `" + v["id"].get<std::string>() + "` ") < regime_heading);
    }
    CHECK(md.find(std::to_string(report["claims"].size()) + " claims and " + std::to_string(report["other_verdicts"].size()) +
                  " experiment and path verdicts") < regime_heading);
    CHECK(md.find(std::to_string(failing) + " fail (REFUTED or INCONSISTENT)") < regime_heading);
    CHECK(md.find(std::to_string(failing) + " of the " + std::to_string(total) + " verdicts above are REFUTED or INCONSISTENT") !=
          std::string::npos);
    CHECK(md.find("**Is the expected gradient negligible?** At this size ") < regime_heading);
  }

  TEST_CASE("report.md shows numbers with 6 digits at most and no stray emphasis") {
    const Regime regime = parse_regime(regime_text, "small.toml");
    const std::string md = report_markdown(report_json(regime, build_instance(regime), ReportOptions{}));
    CHECK(short_numbers(md) == md);  // nothing left to shorten
    CHECK(escape_emphasis(md) == md);  // nothing left to escape
    CHECK(md.find("q\\_i m2") != std::string::npos);
    CHECK(md.find("Symbols: q\\_r = k(k−1)") != std::string::npos);  // the term bounds' legend
    CHECK(md.find("Lam") == std::string::npos);
  }
}
