// Covers reports/sweep_report.hpp: point files, resume, the figure and the Markdown section.
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

nlohmann::json without_context(nlohmann::json j) {
  j.erase("context");
  return j;
}

nlohmann::json read(const std::filesystem::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}
}  // namespace

TEST_SUITE("sweep_report") {
  TEST_CASE("an interrupted sweep resumed from its point files gives the same numbers as an uninterrupted one") {
    const Regime regime = parse_regime(regime_text, "sweep.toml");
    scae::testing::TempDir full("sweep-full"), part("sweep-part");
    const nlohmann::json reference = sweep_json(regime, {full.path, 2, false});
    REQUIRE(reference["points"].size() == 4);
    CHECK(reference["fit"]["points"] == 4);
    CHECK(!reference["conclusion"].get<std::string>().empty());

    // "Interrupt": keep only the first two point files, as if the run stopped at h = 32.
    sweep_json(regime, {part.path, 1, false});
    std::filesystem::remove(part.path / "sweep_points" / "h-32.json");
    std::filesystem::remove(part.path / "sweep_points" / "h-64.json");
    const nlohmann::json resumed = sweep_json(regime, {part.path, 1, true});
    CHECK(without_context(resumed) == without_context(reference));
    CHECK(resumed["context"]["resumed_points"] == nlohmann::json::array({8, 16}));

    // A stored point is reused only when its parameters match: a doctored result with the right key
    // is read back (so resume really reads the files), one with another key is recomputed.
    nlohmann::json stored = read(part.path / "sweep_points" / "h-8.json");
    stored["result"]["mean_ratio"] = 123.0;
    std::ofstream(part.path / "sweep_points" / "h-8.json") << stored.dump();
    CHECK(sweep_json(regime, {part.path, 1, true})["points"][0]["mean_ratio"] == 123.0);
    stored["key"]["samples"] = 1;
    std::ofstream(part.path / "sweep_points" / "h-8.json") << stored.dump();
    CHECK(sweep_json(regime, {part.path, 1, true})["points"][0] == reference["points"][0]);
    // Without --resume the files are ignored.
    stored["key"] = read(full.path / "sweep_points" / "h-8.json")["key"];
    std::ofstream(part.path / "sweep_points" / "h-8.json") << stored.dump();
    CHECK(sweep_json(regime, {part.path, 1, false})["points"][0] == reference["points"][0]);
  }

  TEST_CASE("write_sweep writes sweep.md, sweep.json and the figure with its data and script") {
    const Regime regime = parse_regime(regime_text, "sweep.toml");
    scae::testing::TempDir dir("sweep-write");
    const auto md = write_sweep(regime, {dir.path, 1, false});
    CHECK(md == dir.path / "sweep.md");
    for (const char* f : {"sweep.md", "sweep.json", "asymptotics.svg", "asymptotics.dat", "asymptotics.gp"})
      CHECK(std::filesystem::exists(dir.path / f));
    std::ifstream in(md);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find("## Asymptotics") != std::string::npos);
    CHECK(text.find("![") != std::string::npos);
    CHECK(text.find("| 64 | 32 |") != std::string::npos);
  }

  TEST_CASE("a regime without a sweep path is refused") {
    const std::string text = regime_text.substr(0, regime_text.find("[sweep]"));
    const Regime regime = parse_regime(text, "plain.toml");
    scae::testing::TempDir dir("sweep-none");
    CHECK_THROWS_AS(sweep_json(regime, {dir.path, 1, false}), std::invalid_argument);
  }
}
