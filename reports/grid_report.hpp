// `scae sweep REGIME --grid p=LIST,xi=LIST` (issue #6): the phase diagram over target (p, ξ).
// For every ξ the dictionary sizes that hit it are searched once (runs/xi_target.hpp) and kept in
// DIR/grid_cells/xi-X.json; every cell (runs/phase_cell.hpp) is kept in
// DIR/grid_cells/p-P_xi-X.json as soon as it is known, each with a key of everything its numbers
// depend on, so `resume` reuses them. Searches and cells are handed out across processes largest
// first (numerics/core/distributed.hpp: distribute_tasks; each process writes the files of the work it
// does, rank 0 writes grid.json, grid.md and the heat map phase.svg). Results do not depend on the
// number of processes or threads. Timings go to the "context" object only.
//
// h: the grid's h is --grid-h, else the regime's [dictionary] h: Gaussian dictionaries use it for
// every cell and choose n to hit ξ; identity+Hadamard takes the power of two h <= it closest in ξ
// (n = h/2). k and δ follow the [sweep] rules at (h, target p); the k rule must use p.
#pragma once

#include "grid_spec.hpp"
#include "regime.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace scae {

struct GridOptions {
  std::filesystem::path directory = "grid";
  int threads = 1;
  bool resume = false;
  bool progress = true;       // a progress bar on stderr when it is a terminal
  int h = 0;                  // 0: the regime's [dictionary] h; else in [8, 4096]
  double xi_tolerance = 0.01; // in (0, 0.5]: a cell is reachable when |realised ξ - target| <= it
};

// Everything a bad grid or option can be refused for, before anything is written: throws
// std::invalid_argument naming the option and the accepted range.
void validate_grid(const Regime& regime, const GridSpec& grid, const GridOptions& options);

// Validates, searches and evaluates the cells (writing their files); returns
// {"grid", "cells", "counts", "cell_confidence", "context"}; cells in p-major order.
nlohmann::json grid_json(const Regime& regime, const GridSpec& grid, const GridOptions& options);
// grid.md without its header: the heat map, the status counts and a table per cell.
std::string grid_markdown(const nlohmann::json& grid);
// Writes DIR/phase.{dat,gp,svg}: cells coloured by status, annotated with the mean ratio.
void write_grid_figure(const std::filesystem::path& dir, const nlohmann::json& grid);
// Runs the grid and writes DIR/grid.json, DIR/grid.md and the figure; returns the path of grid.md.
std::filesystem::path write_grid(const Regime& regime, const GridSpec& grid, const GridOptions& options);

}  // namespace scae
