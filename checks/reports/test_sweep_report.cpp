// Covers reports/sweep_report.hpp: sweep.json, the figure and the Markdown section of a computed run.
#include <doctest/doctest.h>

#include "input/sweep_path.hpp"
#include "reports/sweep_report.hpp"
#include "checks/test_support.hpp"

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


  TEST_CASE("the paper series' Monte Carlo estimate gets its table and sentence, and none without it") {
    const Regime regime = parse_regime(regime_text + "paper_constant = \"1\"\n", "sweep.toml");
    scae::testing::TempDir dir("sweep-paper");
    SweepRun run = run_sweep(regime, {dir.path, 1, false});
    REQUIRE(run.points.front().paper);
    const std::string plain = sweep_markdown(concluded_sweep_record(run));
    CHECK(plain.find("rate ≥ bound") == std::string::npos);
    PaperEstimate e;
    e.rows = {0, 5};
    e.atypical = {true, false};
    e.ratio = {0.5123, 0.25};
    e.lower = {0.5071, 0.2475};
    e.upper = {0.5175, 0.2525};
    e.oracle_ratio = {0.4987, 0.2501};
    e.correction = {0.0421, 0.001};
    e.correction_lower = {0.0371, 0};
    e.correction_upper = {0.0471, 0.0035};
    e.share = {0.0822, 0.004};
    e.share_lower = {0.0717, 0};
    e.share_upper = {0.0929, 0.0141};
    e.comparison = {RatioComparison::above, RatioComparison::not_resolved};
    e.samples_given = {1000, 2000};
    e.samples_without = {100, 200};
    e.fired_without = {0, 3};
    e.recovery_rate = 0.9987;
    e.recovery_lower = 0.9981;
    e.recovery_upper = 0.9992;
    e.recovery_bound = 0.25;
    e.recovery_samples = 20000;
    e.recovery_verdict = Outcome::consistent;
    e.correction_verdict = Outcome::inconsistent;
    run.points.front().paper->estimate = e;
    const std::string md = sweep_markdown(concluded_sweep_record(run));
    CHECK(md.find("rate ≥ bound") != std::string::npos);
    CHECK(md.find("| 8 | 0.0013 [0.0008, 0.0019] (20000) | 0.75 | CONSISTENT | 0 (atypical) | 0.5123 [0.5071, 0.5175] | 0.4987 | above |") !=
          std::string::npos);
    CHECK(md.find("| 8 | | | | 5 (typical) | 0.25 [0.2475, 0.2525] | 0.2501 | not resolved |") != std::string::npos);
    CHECK(md.find("at the rate 0.0013 [0.0008, 0.0019] at h = 8 (bound 0.75)") != std::string::npos);
  }

  TEST_CASE("sweep.json renders the run as computed: a missing fit is null with its plain sentence, verdicts as given") {
    const Regime regime = parse_regime(regime_text, "sweep.toml");
    scae::testing::TempDir dir("sweep-render");
    SweepRun run = run_sweep(regime, {dir.path, 1, false});
    nlohmann::json s = sweep_record_json(concluded_sweep_record(run));
    REQUIRE(s["points"].size() == 4);
    CHECK(s["fit"]["slope"] == run.fit->fit.slope);
    CHECK(s["verdicts"][0]["verdict"] == to_name(run.verdicts[0].verdict.outcome));
    run.verdicts[0].verdict.outcome = Outcome::refuted;  // a deliberately different verdict shows as such
    run.fit.reset();
    s = sweep_record_json(concluded_sweep_record(run));
    CHECK(s["verdicts"][0]["verdict"] == "REFUTED");
    CHECK(s["fit"].is_null());
    CHECK(s["conclusion"] == "Fewer than two points were computed, so no slope can be fitted.");
  }

  TEST_CASE("each sentence of the conclusion follows its verdict and numbers: every template has a case that omits it") {
    const Regime regime = parse_regime(regime_text, "sweep.toml");
    scae::testing::TempDir dir("sweep-sentences");
    SweepRun run = run_sweep(regime, {dir.path, 1, false});
    REQUIRE(run.fit);
    PathVerdict* slope = nullptr;
    for (PathVerdict& v : run.verdicts)
      if (v.id == "sweep.slope_matches_bias_term") slope = &v;
    REQUIRE(slope);
    CHECK(slope->verdict.method == Method::deterministic);
    const auto text = [&] { return concluded_sweep_record(run).conclusion; };
    const auto has = [&](const std::string& phrase) { return text().find(phrase) != std::string::npos; };
    const std::string negligible = "becomes negligible";
    // A vanishing bias, a falling ratio and a CONSISTENT slope: the "negligible" sentence.
    run.vanishing_bias = true;
    run.bias_limit = 0;
    run.fit->fit.slope = -0.3;
    slope->verdict.outcome = Outcome::consistent;
    CHECK(has(negligible));
    CHECK(has("the rule's limit is 0"));
    // The case: slope -0.084 with INCONCLUSIVE must not say it.
    run.fit->fit.slope = -0.084;
    slope->verdict.outcome = Outcome::inconclusive;
    CHECK_FALSE(has(negligible));
    CHECK(has("these points do not establish a rate"));
    slope->verdict.outcome = Outcome::inconsistent;
    CHECK_FALSE(has(negligible));
    // A floor: CONSISTENT, falling, but the rule does not vanish.
    slope->verdict.outcome = Outcome::consistent;
    run.vanishing_bias = false;
    run.bias_limit = rational(1, 50);
    CHECK_FALSE(has(negligible));
    CHECK_FALSE(has("the rule's limit is 0"));
    CHECK(has("the rule has the floor 0.02"));
    CHECK(has("does not make the ratio tend to 0"));
    // A rising ratio.
    run.vanishing_bias = true;
    run.fit->fit.slope = 0.1;
    CHECK_FALSE(has(negligible));
    CHECK(has("the ratio does not decrease"));
    // B_ball: the true gradient only at the points whose bias lies in the sufficient window.
    for (auto& p : run.points) p.main.ball_recovery = Outcome::refuted;
    CHECK(has("sufficient window), at h = none; at h = 8, 16, 32, 64 it bounds the oracle gradient only"));
    run.points[0].main.ball_recovery = Outcome::proven;
    CHECK(has("sufficient window), at h = 8; at h = 16, 32, 64 it bounds the oracle gradient only"));
    // The contrast: "a nearly fixed fraction" only for a flat contrast slope.
    run.contrast_fit = run.fit;
    run.contrast_fit->fit.slope = -0.3;
    CHECK_FALSE(has("nearly fixed fraction"));
    run.contrast_fit->fit.slope = -0.01;
    CHECK(has("nearly fixed fraction"));
    // The absolute gradient: "falls with q_i" only when it falls.
    run.points.back().main.mean_gradient_norm = run.points.front().main.mean_gradient_norm * 2;
    CHECK_FALSE(has("falls with q_i = k/h"));
  }
}
