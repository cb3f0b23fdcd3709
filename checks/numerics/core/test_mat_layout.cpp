// Covers numerics/core/mat_layout.hpp through read_matrix: a .mat file of every version libmatio
// writes (v4, v5, v5 compressed, v7.3) is read whole, and refused at every length it is cut to,
// with "truncated data: ..." once its header shows what it is; v5 files whose top-level sizes agree
// but whose data element or zlib stream is short are refused too.
#include <doctest/doctest.h>

#include "numerics/core/mat_layout.hpp"
#include "numerics/core/matrix_io.hpp"
#include "checks/test_support.hpp"

#include <matio.h>

#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
using scae::InputError;
using scae::MatrixXd;

namespace {

MatrixXd reference_3x4() {
  MatrixXd m(3, 4);
  for (Eigen::Index t = 0; t < m.size(); ++t) m.data()[t] = 1.0 + 0.37 * static_cast<double>(t);
  return m;
}

std::string write_mat(const fs::path& path, mat_ft version, matio_compression compression) {
  mat_t* mat = Mat_CreateVer(path.c_str(), nullptr, version);
  REQUIRE(mat != nullptr);
  MatrixXd m = reference_3x4();
  std::size_t dims[2] = {3, 4};
  matvar_t* v = Mat_VarCreate("W", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dims, m.data(), 0);
  REQUIRE(v != nullptr);
  REQUIRE(Mat_VarWrite(mat, v, compression) == 0);
  Mat_VarFree(v);
  Mat_Close(mat);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void overwrite_u32(std::string& bytes, std::size_t at, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[at + static_cast<std::size_t>(i)] = static_cast<char>((value >> (8 * i)) & 0xff);
}

std::string message_of(const fs::path& path) {
  try {
    scae::read_matrix(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(read without an error)";
}

}  // namespace

TEST_SUITE("matrix_io") {

TEST_CASE("mat: every version is read whole and refused at every length it is cut to") {
  scae::testing::TempDir dir("mat-layout");
  struct Case {
    const char* name;
    mat_ft version;
    matio_compression compression;
    std::size_t recognised;  // from this many bytes on the header shows the format: "truncated data"
    std::size_t step;
  };
  const Case cases[] = {{"v4", MAT_FT_MAT4, MAT_COMPRESSION_NONE, 20, 1},
                        {"v5", MAT_FT_MAT5, MAT_COMPRESSION_NONE, 6, 1},
                        {"v5-zlib", MAT_FT_MAT5, MAT_COMPRESSION_ZLIB, 6, 1},
                        {"v7.3", MAT_FT_MAT73, MAT_COMPRESSION_NONE, 6, 61}};
  for (const Case& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    const fs::path whole = dir.path / (name + ".mat");
    const std::string bytes = write_mat(whole, c.version, c.compression);
    CHECK(scae::mat_layout_problem(whole).empty());
    CHECK(scae::read_matrix(whole) == reference_3x4());
    for (std::size_t size = 0; size < bytes.size(); size += c.step) {
      CAPTURE(size);
      const fs::path cut = dir.write("cut.mat", bytes.substr(0, size));
      const std::string message = message_of(cut);
      CHECK(message.starts_with(cut.string() + ": "));
      if (c.version == MAT_FT_MAT5 && size == 128)  // cut between variables: a whole file with none
        CHECK(message.starts_with(cut.string() + ": holds 0 real double or single 2-D variables"));
      else if (size >= c.recognised)
        CHECK(message.starts_with(cut.string() + ": truncated data: " + std::to_string(size) + " bytes, expected at least "));
    }
  }
}

TEST_CASE("mat: the data element of a v5 variable must hold rows x cols values") {
  scae::testing::TempDir dir("mat-layout");
  std::string bytes = write_mat(dir.path / "whole.mat", MAT_FT_MAT5, MAT_COMPRESSION_NONE);
  // 128-byte header, then the variable: tag, flags (16), dims (16), name "W" (small, 8), data tag at 176.
  REQUIRE(bytes.size() == 128 + 8 + 48 + 96);
  overwrite_u32(bytes, 132, 48 + 88);  // the variable's length and its data's, each 8 bytes short
  overwrite_u32(bytes, 180, 88);
  const fs::path short_data = dir.write("short-data.mat", bytes.substr(0, bytes.size() - 8));
  CHECK(message_of(short_data) ==
        short_data.string() + ": truncated data: variable 'W' holds 88 bytes for its 3x4 values, expected 96; accepted: a MATLAB .mat file (v4, "
                              "v5 or v7.3) with one real double or single 2-D variable, or FILE.mat:NAME naming one");
}

TEST_CASE("mat: a compressed v5 variable whose zlib stream ends early is refused") {
  scae::testing::TempDir dir("mat-layout");
  std::string bytes = write_mat(dir.path / "whole.mat", MAT_FT_MAT5, MAT_COMPRESSION_ZLIB);
  const auto length = static_cast<std::uint32_t>(bytes.size() - 128 - 8);
  overwrite_u32(bytes, 132, length - 20);  // the element's size agrees with the file, its stream is cut
  const fs::path cut_stream = dir.write("cut-stream.mat", bytes.substr(0, bytes.size() - 20));
  CHECK(message_of(cut_stream).starts_with(cut_stream.string() + ": truncated data: a compressed variable inflates to "));
  // The same file whole, with the right size, reads.
  overwrite_u32(bytes, 132, length);
  CHECK(scae::read_matrix(dir.write("whole-again.mat", bytes)) == reference_3x4());
}

}  // TEST_SUITE
