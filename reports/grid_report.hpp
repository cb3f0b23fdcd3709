// The phase diagram over target (p, ξ) rendered (`scae sweep REGIME --grid ...`): grid.json from a
// computed grid (runs/grid_run.hpp), grid.md with a table per cell, and the heat map phase.svg.
// Timings go to the "context" object only.
#pragma once

#include "runs/grid_run.hpp"
#include "input/regime.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace scae {

// {"grid", "cells", "counts", "cell_confidence", "context"}; cells in p-major order.
nlohmann::json grid_json(const GridRun& run);
// grid.md without its header: the heat map, the status counts and a table per cell.
std::string grid_markdown(const nlohmann::json& grid);
// Writes DIR/phase.{dat,gp,svg}: cells coloured by status, annotated with the mean ratio (or "no
// firing" where no checked unit fired in any sample).
void write_grid_figure(const std::filesystem::path& dir, const nlohmann::json& grid);
// Writes DIR/grid.json, DIR/grid.md and the figure (rank 0 only); returns the path of grid.md.
std::filesystem::path write_grid(const Regime& regime, const GridRun& run, const std::filesystem::path& directory);

}  // namespace scae
