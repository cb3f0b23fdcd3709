// Covers reports/grid_report.hpp: grid.json and its counts, grid.md, the heat map and the cell files
// of a small computed grid, rendered from the record read back from grid.json.
#include <doctest/doctest.h>

#include "reports/grid_report.hpp"
#include "runs/build_info.hpp"
#include "checks/grid_fixture.hpp"
#include "checks/test_support.hpp"

#include <filesystem>
#include <fstream>

using namespace scae;

namespace {
const std::string regime_text = scae::testing::grid_regime_toml();
GridOptions options(const std::filesystem::path& dir, bool resume = false) { return scae::testing::grid_options(dir, resume); }
const GridSpec grid = scae::testing::small_grid();
}  // namespace

TEST_SUITE("grid_report") {
  TEST_CASE("grid.json shows every cell in p-major order with the counts of its statuses") {
    const Regime regime = parse_regime(regime_text, "grid.toml");
    scae::testing::TempDir dir("grid-json");
    GridRun run = run_grid(regime, grid, options(dir.path));
    nlohmann::json g = grid_record_json(grid_record(regime, run, build_info(), 1));
    REQUIRE(g["cells"].size() == 4);
    CHECK(g["cells"][0]["status"] == "not reachable");
    CHECK(g["cells"][0]["point"].is_null());
    CHECK(g["cells"][1]["hypotheses_state"] == "hold");
    CHECK(g["cells"][1]["point"]["mean_ratio"].is_number());
    CHECK(g["counts"]["not reachable"] == 2);
    CHECK(g["grid"]["h"] == run.h);
    run.cells[1].status = "not reachable";  // a deliberately changed status is counted as such
    g = grid_record_json(grid_record(regime, run, build_info(), 1));
    CHECK(g["counts"]["not reachable"] == 3);
  }

  TEST_CASE("write_grid writes grid.md, grid.json, the heat map with its data and script, and the cell files") {
    const Regime regime = parse_regime(regime_text, "grid.toml");
    scae::testing::TempDir dir("grid-write");
    CHECK(write_grid(regime, run_grid(regime, grid, options(dir.path)), dir.path) == dir.path / "grid.md");
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

  TEST_CASE("a cell in which no unit fires says so instead of showing its ratio 0") {
    const Regime regime = parse_regime(regime_text, "grid.toml");
    scae::testing::TempDir dir("grid-no-firing");
    GridRecord g = grid_record(regime, run_grid(regime, grid, options(dir.path)), build_info(), 1);
    REQUIRE(g.cells[1].result);
    const auto no_firing_rows = [&] {
      const std::string md = grid_markdown(g);
      std::size_t rows = 0;
      for (std::size_t at = md.find("| no unit fires (firing rate 0 in "); at != std::string::npos; at = md.find("| no unit fires (", at + 1)) ++rows;
      return rows;
    };
    CHECK(no_firing_rows() == 0);  // the computed cells fire
    for (double& x : g.cells[1].result->main.ratio) x = 0.0;  // deliberately degenerate: every row's gradient exactly 0
    g.cells[1].result->main.mean_ratio = 0.0;
    CHECK(no_firing_rows() == 1);
    CHECK(grid_markdown(g).find(" A no unit fires |") != std::string::npos);  // the heat map cell
  }

}
