#include "checks/fuzz/fuzz_inputs.hpp"

#include "numerics/core/matrix_io.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace scae::fuzz {

void require_finite(const MatrixXd& m, const char* what) {
  if (!m.allFinite()) throw std::logic_error(std::string(what) + " holds a non-finite entry after a successful read");
}

void matrix_input(std::string_view bytes) {
  for (const MatrixFormat format : {MatrixFormat::csv, MatrixFormat::matrix_market, MatrixFormat::npy}) {
    try {
      require_finite(parse_matrix(std::string(bytes), "fuzz", format, 65536), "the matrix");
    } catch (const InputError&) {
    }
  }
  // libmatio reads files only: the bytes go to a file of this process's own, removed afterwards.
  const std::filesystem::path file = std::filesystem::temp_directory_path() / ("scae-fuzz-" + std::to_string(::getpid()) + ".mat");
  std::ofstream(file, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  try {
    require_finite(read_matrix(file, 65536), "the .mat matrix");
  } catch (const InputError&) {
  }
  std::error_code ignored;
  std::filesystem::remove(file, ignored);
}

}  // namespace scae::fuzz
