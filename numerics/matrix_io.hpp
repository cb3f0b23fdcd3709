// Reading and writing dense matrices: CSV (one row per line, comma separated) and Matrix Market
// (coordinate or array, real, general). Readers reject files that do not parse, hold a non-finite
// number or have ragged rows, with one message naming the file, the line and the problem. A file
// holding more than `max_cells` entries is refused as soon as that shows (for Matrix Market from
// the size line, before anything is allocated); by default max_matrix_cells(), and callers that
// know the shape they need pass it.
// Writers print 17 significant digits (round-trip exact) and write to a temporary name that is
// renamed into place, so no half-written file is ever left behind.
#pragma once

#include "scalar.hpp"

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace scae {

struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class MatrixFormat { csv, matrix_market };

// Default largest number of entries of a matrix file: physical memory / 128 bytes (every regime
// needs at least 128 bytes per entry of A*, see estimated_memory_bytes).
std::uint64_t max_matrix_cells();

// Chooses the format by extension: .mtx is Matrix Market, everything else CSV.
MatrixXd read_matrix(const std::filesystem::path& path, std::uint64_t max_cells = max_matrix_cells());
// The same readers on text held in memory; `name` stands for the file in messages.
MatrixXd parse_matrix(std::string text, const std::string& name, MatrixFormat format,
                      std::uint64_t max_cells = max_matrix_cells());
// Vector files: one number per line, or a single CSV row or column.
VectorXd read_vector(const std::filesystem::path& path, std::uint64_t max_cells = max_matrix_cells());

void write_csv(const std::filesystem::path& path, const MatrixXd& m);
void write_vector(const std::filesystem::path& path, const VectorXd& v);

// Writes `text` to `path` atomically (temporary name in the same folder, then rename).
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace scae
