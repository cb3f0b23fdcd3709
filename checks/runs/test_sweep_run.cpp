// Covers runs/sweep_run.hpp: point files, resume (a stored point is reused only under its key), the
// refusal of a path without points, and a corrupt stored point refused by name.
#include <doctest/doctest.h>

#include "runs/sweep_point_record.hpp"
#include "runs/sweep_run.hpp"
#include "checks/test_support.hpp"

#include <filesystem>
#include <fstream>

using namespace scae;

namespace {
const std::string regime_text =
    scae::testing::RegimeText{.name = "sweep-run",
                              .dictionary = "family = \"identity-hadamard\"\nn = 8",
                              .monte_carlo = "samples = 10000\nbatches = 10",
                              .sweep = "h = [8, 16, 32, 64]\np = 0.2\nk = \"round(h^p)\"\ndelta = \"h^(-1)\""}
        .text();

nlohmann::json read(const std::filesystem::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

void write(const std::filesystem::path& p, const nlohmann::json& j) { std::ofstream(p) << j.dump(); }

// Everything but the context, as text: equal text means equal bits.
std::string numbers_of(const SweepRun& run) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : run.points) out.push_back(sweep_point_json(p));
  for (const auto& f : {run.fit, run.contrast_fit})
    out.push_back(f ? nlohmann::json{f->series, f->fit.points, f->fit.slope, f->fit.intercept, f->fit.lower, f->fit.upper,
                                     f->error_bars.first, f->error_bars.second, f->first_ratio, f->last_ratio}
                    : nlohmann::json(nullptr));
  for (const auto& v : run.verdicts) out.push_back({v.id, to_name(v.verdict.outcome), v.verdict.summary});
  out.push_back({run.series.text(), run.vanishing_bias, run.bias_slope, run.predicted_slope, run.point_confidence});
  return out.dump();
}
}  // namespace

TEST_SUITE("sweep_run") {
  TEST_CASE("an interrupted sweep resumed from its point files gives the same numbers as an uninterrupted one") {
    const Regime regime = parse_regime(regime_text, "sweep.toml");
    scae::testing::TempDir full("sweep-full"), part("sweep-part");
    const SweepRun reference = run_sweep(regime, {full.path, 2, false});
    REQUIRE(reference.points.size() == 4);
    REQUIRE(reference.fit);
    CHECK(reference.fit->fit.points == 4);
    CHECK(reference.verdicts.size() == 2);
    CHECK(reference.resumed.empty());
    CHECK(reference.point_seconds.size() == 4);

    // "Interrupt": keep only the first two point files, as if the run stopped at h = 32.
    run_sweep(regime, {part.path, 1, false});
    std::filesystem::remove(part.path / "sweep_points" / "h-32.json");
    std::filesystem::remove(part.path / "sweep_points" / "h-64.json");
    const SweepRun resumed = run_sweep(regime, {part.path, 1, true});
    CHECK(numbers_of(resumed) == numbers_of(reference));
    CHECK(resumed.resumed == std::vector<int>{8, 16});

    // A stored point is reused only when its parameters match: a doctored result with the right key
    // is read back (so resume really reads the files), one with another key is recomputed.
    const std::filesystem::path file = part.path / "sweep_points" / "h-8.json";
    nlohmann::json stored = read(file);
    stored["result"]["mean_ratio"] = 123.0;
    write(file, stored);
    CHECK(run_sweep(regime, {part.path, 1, true}).points[0].main.mean_ratio == 123.0);
    stored["key"]["samples"] = 1;
    write(file, stored);
    CHECK(sweep_point_json(run_sweep(regime, {part.path, 1, true}).points[0]) == sweep_point_json(reference.points[0]));
    // Without --resume the files are ignored.
    stored["key"] = read(full.path / "sweep_points" / "h-8.json")["key"];
    write(file, stored);
    CHECK(sweep_point_json(run_sweep(regime, {part.path, 1, false}).points[0]) == sweep_point_json(reference.points[0]));
  }

  TEST_CASE("a stored point with the right key and a broken result is refused, naming its file") {
    const Regime regime = parse_regime(regime_text, "sweep.toml");
    scae::testing::TempDir dir("sweep-broken");
    run_sweep(regime, {dir.path, 1, false});
    const std::filesystem::path file = dir.path / "sweep_points" / "h-16.json";
    nlohmann::json stored = read(file);
    stored["result"]["mean_ratio"] = "large";
    write(file, stored);
    CHECK_THROWS_WITH_AS(run_sweep(regime, {dir.path, 1, true}), doctest::Contains("sweep_points/h-16.json"), std::invalid_argument);
    stored["result"]["mean_ratio"] = 0.5;
    stored["result"].erase("quantiles");  // a field missing: the file and the field named
    write(file, stored);
    try {
      run_sweep(regime, {dir.path, 1, true});
      FAIL("a record without quantiles was accepted");
    } catch (const std::invalid_argument& e) {
      CHECK(std::string(e.what()).find("sweep_points/h-16.json") != std::string::npos);
      CHECK(std::string(e.what()).find("\"quantiles\"") != std::string::npos);
    }
  }

  TEST_CASE("a regime without a sweep path is refused") {
    const std::string text = regime_text.substr(0, regime_text.find("[sweep]"));
    const Regime regime = parse_regime(text, "plain.toml");
    scae::testing::TempDir dir("sweep-none");
    CHECK_THROWS_AS(run_sweep(regime, {dir.path, 1, false}), std::invalid_argument);
  }
}
