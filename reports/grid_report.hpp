// The phase diagram over target (p, ξ) rendered (`scae sweep REGIME --grid ...`): grid.json from a
// computed grid (runs/grid_run.hpp) as its record (runs/grid_report_record.hpp), and grid.md with a
// table per cell and the heat map phase.svg, both rendered from the record read back from grid.json.
// Timings go to the "context" object only.
#pragma once

#include "input/regime.hpp"
#include "runs/grid_report_record.hpp"
#include "runs/grid_run.hpp"

#include <filesystem>
#include <string>

namespace scae {

// grid.md without its header: the heat map, the status counts and a table per cell.
std::string grid_markdown(const GridRecord& grid);
// Writes DIR/phase.{dat,gp,svg}: cells coloured by status, annotated with the mean ratio (or "no
// firing" where no checked unit fired in any sample).
void write_grid_figure(const std::filesystem::path& dir, const GridRecord& grid);
// Writes DIR/grid.json, DIR/grid.md and the figure (rank 0 only); returns the path of grid.md.
std::filesystem::path write_grid(const Regime& regime, const GridRun& run, const std::filesystem::path& directory);

}  // namespace scae
