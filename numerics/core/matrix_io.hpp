// Reading and writing dense matrices: CSV (one row per line, comma separated), Matrix Market
// (coordinate or array, real, general), NumPy .npy (format 1.0-3.0, float64 or float32,
// little-endian, C or Fortran order; 2-D for a matrix, 1-D for a vector) and MATLAB .mat (through
// libmatio: one real double or single 2-D variable, chosen as `FILE.mat:NAME` or the file's only
// such variable). Readers reject files that do not parse, hold a non-finite number or have ragged
// rows, with one message naming the file, the line (text formats) and the problem. A file
// holding more than `max_cells` entries is refused as soon as that shows (for Matrix Market from
// the size line, before anything is allocated); by default max_matrix_cells(), and callers that
// know the shape they need pass it.
// Writers print 17 significant digits (round-trip exact) and write to a temporary name that is
// renamed into place, so no half-written file is ever left behind.
#pragma once

#include "numerics/core/scalar.hpp"

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace scae {

struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class MatrixFormat { csv, matrix_market, npy };

// Default largest number of entries of a matrix file: physical memory / 128 bytes (every regime
// needs at least 128 bytes per entry of A*, see estimated_memory_bytes).
std::uint64_t max_matrix_cells();

// Chooses the format by extension: .mtx Matrix Market, .npy NumPy, .mat MATLAB, anything else CSV.
MatrixXd read_matrix(const std::filesystem::path& path, std::uint64_t max_cells = max_matrix_cells());
// The text and .npy readers on bytes held in memory; `name` stands for the file in messages.
MatrixXd parse_matrix(std::string text, const std::string& name, MatrixFormat format,
                      std::uint64_t max_cells = max_matrix_cells());
// Vector files: one number per line, a single CSV row or column, a 1-D .npy array, or a .mat
// variable with one row or column.
VectorXd read_vector(const std::filesystem::path& path, std::uint64_t max_cells = max_matrix_cells());
// The file a matrix path names: `FILE.mat:NAME` names FILE.mat, any other path itself.
std::filesystem::path matrix_file(const std::filesystem::path& path);
// Empty when `path` is a regular file (or a link to one); else "not found", or what it is instead,
// e.g. "is a directory, not a regular file" (likewise a FIFO, a socket or a device: never opened,
// so a FIFO cannot block a read).
std::string regular_file_problem(const std::filesystem::path& path);

void write_csv(const std::filesystem::path& path, const MatrixXd& m);
void write_vector(const std::filesystem::path& path, const VectorXd& v);
// NumPy format 1.0, '<f8', C order: a 2-D array for a matrix, a 1-D array for a vector.
void write_npy(const std::filesystem::path& path, const MatrixXd& m);
void write_npy(const std::filesystem::path& path, const VectorXd& v);
// MATLAB MAT5 through libmatio: one double variable `name`, h x 1 for a vector; written to a
// temporary file in the same folder and renamed (atomic).
void write_mat(const std::filesystem::path& path, const std::string& name, const MatrixXd& m);

// Writes `text` to `path` atomically (temporary name in the same folder, then rename).
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace scae
