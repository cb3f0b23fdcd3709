// Covers reports/sweep_report.hpp: sweep.json, the figure and the Markdown section of a computed run.
#include <doctest/doctest.h>

#include "sweep_path.hpp"
#include "sweep_report.hpp"
#include "test_support.hpp"

#include <filesystem>
#include <fstream>

using namespace scae;

namespace {
const std::string regime_text =
    scae::testing::RegimeText{.name = "sweep-report",
                              .dictionary = "family = \"identity-hadamard\"\nn = 8",
                              .monte_carlo = "samples = 10000\nbatches = 10",
                              .sweep = "h = [8, 16, 32, 64]\np = 0.2\nk = \"round(h^p)\"\ndelta = \"h^(-1)\""}
        .text();

}  // namespace

TEST_SUITE("sweep_report") {
  TEST_CASE("write_sweep writes sweep.md, sweep.json and the figure with its data and script") {
    const Regime regime = parse_regime(regime_text, "sweep.toml");
    scae::testing::TempDir dir("sweep-write");
    const auto md = write_sweep(regime, run_sweep(regime, {dir.path, 1, false}), dir.path);
    CHECK(md == dir.path / "sweep.md");
    for (const char* f : {"sweep.md", "sweep.json", "asymptotics.svg", "asymptotics.dat", "asymptotics.gp"})
      CHECK(std::filesystem::exists(dir.path / f));
    std::ifstream in(md);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find("## Asymptotics") != std::string::npos);
    CHECK(text.find("![") != std::string::npos);
    CHECK(text.find("| 64 | 32 |") != std::string::npos);
  }


  TEST_CASE("sweep.json renders the run as computed: a missing fit is null with its plain sentence, verdicts as given") {
    const Regime regime = parse_regime(regime_text, "sweep.toml");
    scae::testing::TempDir dir("sweep-render");
    SweepRun run = run_sweep(regime, {dir.path, 1, false});
    nlohmann::json s = sweep_json(run);
    REQUIRE(s["points"].size() == 4);
    CHECK(s["fit"]["slope"] == run.fit->fit.slope);
    CHECK(s["verdicts"][0]["verdict"] == outcome_name(run.verdicts[0].verdict.outcome));
    run.verdicts[0].verdict.outcome = Outcome::refuted;  // a deliberately different verdict shows as such
    run.fit.reset();
    s = sweep_json(run);
    CHECK(s["verdicts"][0]["verdict"] == "REFUTED");
    CHECK(s["fit"].is_null());
    CHECK(s["conclusion"] == "Fewer than two points were computed, so no slope can be fitted.");
  }
}
