// Covers runs/grid_report_record.hpp and the cells of runs/grid_record.hpp: grid.json of a small
// computed grid read back is written again byte for byte, each cell with the ξ search it came from
// (every size tried), and a record missing a field, with a field of the wrong type or a cell whose
// search lost its trials is refused by name.
#include <doctest/doctest.h>

#include "runs/grid_record.hpp"
#include "runs/grid_report_record.hpp"
#include "checks/grid_fixture.hpp"
#include "checks/test_support.hpp"

#include <string>

using namespace scae;

namespace {

const Regime& regime() {
  static const Regime r = parse_regime(scae::testing::grid_regime_toml(), "grid.toml");
  return r;
}

const GridRun& computed() {
  static const GridRun run = [] {
    scae::testing::TempDir dir("grid-record");
    return run_grid(regime(), scae::testing::small_grid(), scae::testing::grid_options(dir.path));
  }();
  return run;
}

std::string refusal(const nlohmann::json& j) {
  try {
    grid_record_from_json(j);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_SUITE("grid_report_record") {
  TEST_CASE("grid.json read back is written again byte for byte, every cell with its xi search") {
    const nlohmann::json j = grid_record_json(grid_record(regime(), computed(), build_info(), 1));
    const GridRecord back = grid_record_from_json(nlohmann::json::parse(j.dump()));
    CHECK(grid_record_json(back).dump() == j.dump());
    REQUIRE(back.cells.size() == 4);
    CHECK(back.counts.at("not reachable") == 2);
    CHECK(back.grid.p == computed().grid.p);
    CHECK(back.grid.xi == computed().grid.xi);
    for (std::size_t i = 0; i < back.cells.size(); ++i) {
      const XiTarget &read = back.cells[i].xi, &run = computed().targets[i % 2];
      CHECK(read.trials.size() == run.trials.size());
      CHECK(read.xi == run.xi);
      CHECK(read.target == run.target);
      CHECK(read.reachable == run.reachable);
    }
    CHECK(!back.cells[1].xi.trials.empty());
    CHECK(back.cells[1].xi.trials.back().xi == computed().targets[1].trials.back().xi);
    CHECK(back.cells[1].result->main.mean_ratio == computed().cells[1].result->main.mean_ratio);
  }

  TEST_CASE("a grid record missing a field or holding a wrong value is refused by the field's name") {
    const nlohmann::json j = grid_record_json(grid_record(regime(), computed(), build_info(), 1));
    CHECK(refusal(j).empty());
    nlohmann::json bad = j;
    bad.erase("cell_confidence");
    CHECK(refusal(bad) == "grid record: no field \"cell_confidence\"");
    bad = j;
    bad["counts"]["not reachable"] = "two";
    CHECK(refusal(bad).starts_with("grid record: the field \"counts\" holds the wrong type"));
    bad = j;
    bad["grid"]["xi"].erase(1);  // deliberately one ξ short: the cells no longer fill the grid
    CHECK(refusal(bad) == "grid record: the field \"cells\" does not hold one cell per (p, xi) of \"grid\"");
    bad = j;
    bad["cells"][1]["xi_search"].erase("trials");  // a cell as grid.json wrote it before it kept its search
    CHECK(refusal(bad) == "grid cell record: no field \"trials\"");
    bad = j;
    bad["cells"][1]["xi_search"]["sizes_tried"] = 99;
    CHECK(refusal(bad) == "grid cell record: the field \"sizes_tried\" is not the number of \"trials\"");
    bad = j;
    bad["cells"][1]["xi_search"]["trials"][0] = "n=128";
    CHECK(refusal(bad).starts_with("grid cell record: the field \"trials\" holds an entry that is not [n, h, xi]"));
  }
}
