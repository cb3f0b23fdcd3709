// grid.json's record (`scae sweep REGIME --grid ...`): the axes and the rules every cell follows, the
// counts of the cells' statuses, the cells in p-major order (each read back by phase_cell_from_json,
// grid_record.hpp), the level of each cell's Monte Carlo intervals, the build, the regime's name,
// source and seed, and the run's context. Written and read back here only: grid.md and the heat map
// are rendered from the record read back from grid.json (reports/grid_report.hpp). Reading a record
// back and writing it again gives the same JSON; a missing or mistyped field is refused by name.
#pragma once

#include "runs/build_info.hpp"
#include "runs/grid_run.hpp"
#include "runs/phase_cell.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace scae {

// "grid": the p and ξ axes (exact, written as decimals) and the rules of every cell.
struct GridAxes {
  std::vector<rational> p, xi;
  int h = 0;
  std::string family;
  double xi_tolerance = 0;
  std::string k_rule, delta_rule, bias_rule;
};

// "context": the run's timings, what was resumed, threads and processes; never part of the numbers.
struct GridContext {
  std::map<std::string, double> search_seconds, cell_seconds;
  std::vector<std::string> resumed;
  double seconds = 0;
  int threads = 1, processes = 1;
};

struct GridRecord {
  int schema_version = json_schema_version;
  GridAxes grid;
  std::map<std::string, int> counts;  // cells per status
  std::vector<PhaseCell> cells;       // p-major: cell (ip, ix) at ip * |xi| + ix
  double cell_confidence = 0;
  BuildInfo build;
  std::string regime_name, regime_source;
  std::uint64_t seed = 0;
  GridContext context;
};

// The record of a computed grid of `regime`, run by `processes` processes.
GridRecord grid_record(const Regime& regime, const GridRun& run, const BuildInfo& build, int processes);
nlohmann::json grid_record_json(const GridRecord& record);
// Throws std::invalid_argument "grid record: no field "NAME"" or "...: the field "NAME" holds the wrong
// type (...)", and a cell's own refusals (grid cell record: ...).
GridRecord grid_record_from_json(const nlohmann::json& record);

}  // namespace scae
