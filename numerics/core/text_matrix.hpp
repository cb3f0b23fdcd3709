// The text matrix formats of matrix_io.hpp: CSV (one row per line, comma separated) and Matrix
// Market (coordinate or array, real, general). Each reader names the file, the line and the problem
// (InputError) and refuses more than `max_cells` entries as soon as that shows.
#pragma once

#include "numerics/core/scalar.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace scae {

MatrixXd parse_csv(std::string text, const std::string& name, std::uint64_t max_cells);
MatrixXd parse_matrix_market(std::string text, const std::string& name, std::uint64_t max_cells);
// ASCII lower case (file extensions, Matrix Market keywords).
std::string lower(std::string_view s);

}  // namespace scae
