// Covers runs/grid_run.hpp and grid_record.hpp: a small phase diagram with known statuses (one cell
// deliberately violating p < xi/2, one xi out of reach), resume from the cell files, a broken cell
// file refused by name, and refusals before anything is written.
#include <doctest/doctest.h>

#include "runs/grid_record.hpp"
#include "runs/grid_run.hpp"
#include "checks/grid_fixture.hpp"
#include "checks/test_support.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace scae;

namespace {
const std::string regime_text = scae::testing::grid_regime_toml();

// Every cell as grid.json shows it, as text: equal text means equal bits.
std::string cells_of(const GridRun& run) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : run.cells) out.push_back(phase_cell_json(c));
  return out.dump();
}

nlohmann::json read(const std::filesystem::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

GridOptions options(const std::filesystem::path& dir, bool resume = false) { return scae::testing::grid_options(dir, resume); }
const GridSpec grid = scae::testing::small_grid();
}  // namespace

TEST_SUITE("grid_run") {
  TEST_CASE("a small grid gives the statuses known for it, cell by cell in p-major order") {
    const Regime regime = parse_regime(regime_text, "grid.toml");
    scae::testing::TempDir dir("grid-known");
    const GridRun g = run_grid(regime, grid, options(dir.path));
    REQUIRE(g.cells.size() == 4);
    const auto& cells = g.cells;
    CHECK(decimal_text(cells[0].p_target) == "0.15");
    CHECK(decimal_text(cells[0].xi_target) == "0.1");
    CHECK(cells[0].status == "not reachable");
    CHECK(!cells[0].result);
    CHECK(decimal_text(cells[1].xi_target) == "0.4375");
    CHECK(cells[1].point.h == 256);
    CHECK(cells[1].point.k == 2);
    REQUIRE(cells[1].result);
    CHECK(hypotheses_state(cells[1].result->hypotheses) == "hold");
    CHECK(cells[1].status.starts_with("hypotheses hold & recovery "));
    CHECK(std::isfinite(cells[1].result->main.mean_ratio));
    CHECK(cells[2].status == "not reachable");
    CHECK(cells[3].point.k == 5);
    CHECK(cells[3].status.starts_with("hypotheses fail & recovery "));
    bool refuted = false;
    for (const auto& h : cells[3].result->hypotheses) refuted = refuted || (h.id == "p_below_xi_half" && h.verdict.outcome == Outcome::refuted);
    CHECK(refuted);
  }

  TEST_CASE("a resumed grid reads its cells back and gives the same grid / a changed key is recomputed") {
    const Regime regime = parse_regime(regime_text, "grid.toml");
    scae::testing::TempDir dir("grid-resume");
    const GridRun reference = run_grid(regime, grid, options(dir.path));
    const std::filesystem::path cell = dir.path / "grid_cells" / "p-0.3_xi-0.4375.json";
    REQUIRE(std::filesystem::exists(cell));
    const GridRun resumed = run_grid(regime, grid, options(dir.path, true));
    CHECK(cells_of(resumed) == cells_of(reference));
    CHECK(resumed.resumed.size() == 4);  // two xi searches and the two reachable cells
    CHECK(resumed.cell_seconds.empty());

    nlohmann::json stored = read(cell);
    stored["result"]["point"]["mean_ratio"] = 123.0;
    std::ofstream(cell) << stored.dump();
    CHECK(run_grid(regime, grid, options(dir.path, true)).cells[3].result->main.mean_ratio == 123.0);
    stored["result"]["point"]["mean_ratio"] = "large";  // a broken file under the right key is refused by name
    std::ofstream(cell) << stored.dump();
    CHECK_THROWS_WITH_AS(run_grid(regime, grid, options(dir.path, true)), doctest::Contains("p-0.3_xi-0.4375.json"),
                         std::invalid_argument);
    stored["key"]["k"] = 4;
    std::ofstream(cell) << stored.dump();
    CHECK(cells_of(run_grid(regime, grid, options(dir.path, true))) == cells_of(reference));
  }

  TEST_CASE("bad options and rules are refused before anything is written") {
    scae::testing::TempDir dir("grid-bad");
    const auto message_of = [&](const Regime& r, const GridOptions& o) -> std::string {
      try {
        validate_grid(r, grid, o);
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
