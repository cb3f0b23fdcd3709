// Figures made with gnuplot (Debian's gnuplot-nox): for each figure DIR/NAME.dat (the data),
// DIR/NAME.gp (the script) and DIR/NAME.svg are kept side by side, so a reader can redraw or
// restyle it. Files are written atomically; a missing gnuplot or a failing script is an error
// naming the figure.
#pragma once

#include "numerics/core/scalar.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace scae {

struct Figure {
  std::string name;                 // file stem
  std::vector<std::string> columns; // data column names (a comment line of the .dat)
  MatrixXd data;                    // one row per point
  std::string plot;                 // gnuplot commands after the terminal and output are set
};

// Writes NAME.dat, NAME.gp and NAME.svg into `dir`; returns the path of the SVG.
std::filesystem::path write_figure(const std::filesystem::path& dir, const Figure& figure);

}  // namespace scae
