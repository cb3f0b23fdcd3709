// Covers reports/report.hpp: report.json is byte-identical for 1, 2 and 8 threads and across two
// runs apart from its top-level "context", the Markdown is generated from it with every section,
// and failing claims stand out.
#include <doctest/doctest.h>

#include "report.hpp"
#include "support_recovery.hpp"
#include "test_support.hpp"

#include <fstream>
#include <sstream>

using namespace scae;

namespace {
const char* regime_text = R"(name = "small"
description = "a small Gaussian regime for report tests"
[dictionary]
family = "gaussian"
n = 12
h = 24
seed = 3
[code]
support = "uniform"
k = 2
values = "uniform"
a1 = 1
a2 = 2
[point]
kind = "random-direction"
delta = 0.05
[bias]
value = 0.3
[monte_carlo]
samples = 20000
batches = 20
[expect]
"recovery.window_nonempty" = "REFUTED"
)";

// The bytes of DIR/report.json written by write_report with `threads`, without the "context"
// object. The file is first checked to be the JSON's own serialisation, so removing "context"
// and serialising again compares every other byte of the file.
std::string report_bytes_without_context(const Regime& regime, int threads) {
  const testing::TempDir dir("report-bytes");
  ReportOptions options;
  options.directory = dir.path;
  options.threads = threads;
  write_report(regime, build_instance_with_bias(regime), options);
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
    const Instance instance = build_instance_with_bias(regime);
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
}
