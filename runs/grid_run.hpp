// `scae sweep REGIME --grid p=LIST,xi=LIST` (the phase diagram over target (p, ξ)), computed. For
// every ξ the dictionary sizes that hit it are searched once (xi_target.hpp) and kept in
// DIR/grid_cells/xi-X.json; every cell (phase_cell.hpp) is kept in DIR/grid_cells/p-P_xi-X.json as
// soon as it is known, each under a key of everything its numbers depend on, so `resume` reuses them
// (resume_store.hpp, grid_record.hpp). Searches and cells are handed out across processes largest
// first (distribute_tasks); each process writes the files of the work it does. Results do not depend
// on the number of processes or threads.
//
// h: the grid's h is --grid-h, else the regime's [dictionary] h: Gaussian dictionaries use it for
// every cell and choose n to hit ξ; identity+Hadamard takes the power of two h <= it closest in ξ
// (n = h/2). k and δ follow the [sweep] rules at (h, target p); the k rule must use p.
#pragma once

#include "input/grid_spec.hpp"
#include "runs/phase_cell.hpp"
#include "input/regime.hpp"
#include "runs/xi_target.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace scae {

struct GridOptions {
  std::filesystem::path directory = "grid";
  int threads = 1;
  bool resume = false;
  bool progress = true;       // a progress bar on stderr when it is a terminal
  int h = 0;                  // 0: the regime's [dictionary] h; else in [8, 4096]
  double xi_tolerance = 0.01; // in (0, 0.5]: a cell is reachable when |realised ξ - target| <= it
};

struct GridRun {
  GridSpec grid;
  int h = 0;
  std::string family, k_rule, delta_rule, bias_rule;  // the rules every cell follows, as text
  double xi_tolerance = 0;
  std::vector<XiTarget> targets;  // the search of each grid.xi
  std::vector<PhaseCell> cells;   // p-major: cell (ip, ix) at ip * |xi| + ix
  double cell_confidence = 0;     // level of each Monte Carlo interval (Bonferroni over cells and rows)
  // Context only: never part of the numbers.
  std::map<std::string, double> search_seconds, cell_seconds;  // computed searches and cells, by file name
  std::vector<std::string> resumed;                            // searches and cells read back
  double seconds = 0;
  int threads = 1;
};

// "p-0.15_xi-0.4375": the cell's file name without ".json".
std::string cell_name(const rational& p, const rational& xi);

// Everything a bad grid or option can be refused for, before anything is written: throws
// std::invalid_argument naming the option and the accepted range.
void validate_grid(const Regime& regime, const GridSpec& grid, const GridOptions& options);

// Validates, then searches and evaluates the cells (writing their files).
GridRun run_grid(const Regime& regime, const GridSpec& grid, const GridOptions& options);

}  // namespace scae
