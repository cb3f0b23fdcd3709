// Covers reports/grid_report.hpp: a small phase diagram with known statuses (one cell deliberately
// violating p < xi/2, one xi out of reach), resume from the cell files, the files written, and
// refusals before anything is written.
#include <doctest/doctest.h>

#include "grid_report.hpp"
#include "test_support.hpp"

#include <filesystem>
#include <fstream>

using namespace scae;

namespace {
const std::string regime_text = scae::testing::grid_regime_toml();

nlohmann::json without_context(nlohmann::json j) {
  j.erase("context");
  return j;
}

nlohmann::json read(const std::filesystem::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

GridOptions options(const std::filesystem::path& dir, bool resume = false) {
  GridOptions o;
  o.directory = dir;
  o.threads = 2;
  o.resume = resume;
  o.progress = false;
  return o;
}

// p in {0.15, 0.3} x xi in {0.1, 0.4375}: at xi = 0.4375 (h = 256) p = 0.15 gives k = 2 and the
// hypotheses hold, p = 0.3 gives k = 5 and p > xi/2; xi = 0.1 is out of the family's reach.
const GridSpec grid = parse_grid("p=0.15:0.3:0.15,xi=0.1:0.4375:0.3375");
}  // namespace

TEST_SUITE("grid_report") {
  TEST_CASE("a small grid gives the statuses known for it, cell by cell in p-major order") {
    const Regime regime = parse_regime(regime_text, "grid.toml");
    scae::testing::TempDir dir("grid-known");
    const nlohmann::json g = grid_json(regime, grid, options(dir.path));
    REQUIRE(g["cells"].size() == 4);
    const auto& cells = g["cells"];
    CHECK(cells[0]["p_target"] == "0.15");
    CHECK(cells[0]["xi_target"] == "0.1");
    CHECK(cells[0]["status"] == "not reachable");
    CHECK(cells[0]["point"].is_null());
    CHECK(cells[1]["xi_target"] == "0.4375");
    CHECK(cells[1]["h"] == 256);
    CHECK(cells[1]["k"] == 2);
    CHECK(cells[1]["hypotheses_state"] == "hold");
    CHECK(cells[1]["status"].get<std::string>().starts_with("hypotheses hold & recovery "));
    CHECK(cells[1]["point"]["mean_ratio"].is_number());
    CHECK(cells[2]["status"] == "not reachable");
    CHECK(cells[3]["k"] == 5);
    CHECK(cells[3]["status"].get<std::string>().starts_with("hypotheses fail & recovery "));
    bool refuted = false;
    for (const auto& h : cells[3]["hypotheses"]) refuted = refuted || (h["id"] == "p_below_xi_half" && h["verdict"] == "REFUTED");
    CHECK(refuted);
    CHECK(g["counts"]["not reachable"] == 2);
  }

  TEST_CASE("a resumed grid reads its cells back and gives the same grid / a changed key is recomputed") {
    const Regime regime = parse_regime(regime_text, "grid.toml");
    scae::testing::TempDir dir("grid-resume");
    const nlohmann::json reference = grid_json(regime, grid, options(dir.path));
    const std::filesystem::path cell = dir.path / "grid_cells" / "p-0.3_xi-0.4375.json";
    REQUIRE(std::filesystem::exists(cell));
    const nlohmann::json resumed = grid_json(regime, grid, options(dir.path, true));
    CHECK(without_context(resumed) == without_context(reference));
    CHECK(resumed["context"]["resumed"].size() == 4);  // two xi searches and the two reachable cells
    CHECK(resumed["context"]["cell_seconds"].empty());

    nlohmann::json stored = read(cell);
    stored["result"]["point"]["mean_ratio"] = 123.0;
    std::ofstream(cell) << stored.dump();
    CHECK(grid_json(regime, grid, options(dir.path, true))["cells"][3]["point"]["mean_ratio"] == 123.0);
    stored["key"]["k"] = 4;
    std::ofstream(cell) << stored.dump();
    CHECK(grid_json(regime, grid, options(dir.path, true))["cells"][3] == reference["cells"][3]);
  }

  TEST_CASE("write_grid writes grid.md, grid.json, the heat map with its data and script, and the cell files") {
    const Regime regime = parse_regime(regime_text, "grid.toml");
    scae::testing::TempDir dir("grid-write");
    CHECK(write_grid(regime, grid, options(dir.path)) == dir.path / "grid.md");
    for (const char* f : {"grid.md", "grid.json", "phase.svg", "phase.dat", "phase.gp", "grid_cells/xi-0.1.json",
                          "grid_cells/xi-0.4375.json", "grid_cells/p-0.15_xi-0.4375.json"})
      CHECK_MESSAGE(std::filesystem::exists(dir.path / f), f);
    CHECK_FALSE(std::filesystem::exists(dir.path / "grid_cells" / "p-0.15_xi-0.1.json"));  // not reachable: nothing to store
    std::ifstream in(dir.path / "grid.md");
    const std::string md((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(md.find("## Phase diagram") != std::string::npos);
    CHECK(md.find("![") != std::string::npos);
    CHECK(md.find("| 0.4375 | A ") != std::string::npos);
    CHECK(md.find("p < xi/2 REFUTED") != std::string::npos);
    std::ifstream svg(dir.path / "phase.svg");
    std::string head(5, ' ');
    svg.read(head.data(), 5);
    CHECK(head == "<?xml");
  }

  TEST_CASE("bad options and rules are refused before anything is written") {
    scae::testing::TempDir dir("grid-bad");
    const auto message_of = [&](const Regime& r, const GridOptions& o) -> std::string {
      try {
        grid_json(r, grid, o);
      } catch (const std::invalid_argument& e) {
        return e.what();
      }
      return "(accepted)";
    };
    const Regime regime = parse_regime(regime_text, "grid.toml");
    GridOptions o = options(dir.path / "out");
    o.h = 5000;
    CHECK(message_of(regime, o) == "--grid-h: h = 5000; accepted: an integer in [8, 4096]");
    o.h = 0;
    o.xi_tolerance = 0;
    CHECK(message_of(regime, o) == "--xi-tolerance = 0; accepted: (0, 0.5]");
    const std::string fixed_k = scae::testing::grid_regime_toml("3");
    CHECK(message_of(parse_regime(fixed_k, "fixed-k.toml"), options(dir.path / "out")).starts_with("--grid: [sweep] k = \"3\" does not use p"));
    CHECK_FALSE(std::filesystem::exists(dir.path / "out"));
  }
}
