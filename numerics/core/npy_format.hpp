// NumPy .npy for matrix_io.hpp: format 1.0-3.0, float64 or float32, little-endian, C or Fortran
// order, read from bytes in memory; written as format 1.0, '<f8', C order.
#pragma once

#include "numerics/core/scalar.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace scae {

// The array as rows x columns (a 1-D array of n values as n x 1); `dimensions` gets 1 or 2.
MatrixXd parse_npy(const std::string& bytes, const std::string& name, std::uint64_t max_cells, int& dimensions);
// A 2-D array only (InputError for a 1-D one).
MatrixXd parse_npy_matrix(const std::string& bytes, const std::string& name, std::uint64_t max_cells);
// The file's bytes for `data` of the given shape (C order).
std::string npy_bytes(const double* data, const std::vector<long long>& shape);

}  // namespace scae
