// Reading and writing dense matrices: CSV (one row per line, comma separated) and Matrix Market
// (coordinate or array, real, general). Readers reject files that do not parse, hold a non-finite
// number or have ragged rows, with one message naming the file, the line and the problem.
// Writers print 17 significant digits (round-trip exact) and write to a temporary name that is
// renamed into place, so no half-written file is ever left behind.
#pragma once

#include "scalar.hpp"

#include <filesystem>
#include <stdexcept>
#include <string>

namespace scae {

struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Chooses the format by extension: .mtx is Matrix Market, everything else CSV.
MatrixXd read_matrix(const std::filesystem::path& path);
// Vector files: one number per line, or a single CSV row or column.
VectorXd read_vector(const std::filesystem::path& path);

void write_csv(const std::filesystem::path& path, const MatrixXd& m);
void write_vector(const std::filesystem::path& path, const VectorXd& v);

// Writes `text` to `path` atomically (temporary name in the same folder, then rename).
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace scae
