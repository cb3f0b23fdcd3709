// Covers reports/report.hpp: the JSON is the same for 1 and 2 threads apart from its "context",
// the Markdown is generated from it with every section, and failing claims stand out.
#include <doctest/doctest.h>

#include "report.hpp"
#include "support_recovery.hpp"

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
}  // namespace

TEST_SUITE("report") {
  TEST_CASE("report.json is identical for 1 and 2 threads apart from the context") {
    const Regime regime = parse_regime(regime_text, "small.toml");
    const Instance instance = build_instance_with_bias(regime);
    ReportOptions one, two;
    one.threads = 1;
    two.threads = 2;
    nlohmann::json a = report_json(regime, instance, one), b = report_json(regime, instance, two);
    CHECK(a["context"]["threads"] == 1);
    CHECK(b["context"]["threads"] == 2);
    a.erase("context");
    b.erase("context");
    CHECK(a.dump() == b.dump());
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
    CHECK(md.find("Support recovery is not certified here") != std::string::npos);
    CHECK(md.find(report["build"]["commit"].get<std::string>()) != std::string::npos);
  }
}
