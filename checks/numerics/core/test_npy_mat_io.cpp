// NumPy .npy and MATLAB .mat readers (numerics/matrix_io): every accepted form reads the same
// numbers, the .npy writer round-trips bit-exactly, and every malformed file gives one message
// naming the file, the problem and the accepted forms.
#include <doctest/doctest.h>

#include "numerics/core/matrix_io.hpp"
#include "checks/test_support.hpp"

#include <matio.h>

#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using scae::InputError;
using scae::MatrixXd;
using scae::VectorXd;

namespace {

const std::string npy_accepted =
    "; accepted: a NumPy .npy file (format 1.0, 2.0 or 3.0) of float64 or float32 ('<f8', '<f4'), little-endian, C or "
    "Fortran order";

// A .npy file: version `major`.0, the given header dict, then `data`.
std::string npy(int major, const std::string& dict, const std::string& data) {
  std::string header = dict + "\n";
  std::string out = std::string("\x93NUMPY", 6) + static_cast<char>(major) + '\0';
  const std::size_t length = header.size();
  for (int i = 0; i < (major == 1 ? 2 : 4); ++i) out += static_cast<char>((length >> (8 * i)) & 0xff);
  return out + header + data;
}

template <class T> std::string raw(const std::vector<T>& values) {
  std::string out(values.size() * sizeof(T), '\0');
  std::memcpy(out.data(), values.data(), out.size());
  return out;
}

MatrixXd reference_2x3() { return (MatrixXd(2, 3) << 1, 2, 3, 4, 5, 6.5).finished(); }

MatrixXd parse(const std::string& bytes, const std::string& name = "m.npy") {
  return scae::parse_matrix(bytes, name, scae::MatrixFormat::npy);
}

void write_mat(const fs::path& path, const std::vector<std::pair<std::string, MatrixXd>>& variables, bool single = false) {
  mat_t* mat = Mat_CreateVer(path.c_str(), nullptr, MAT_FT_MAT5);
  REQUIRE(mat != nullptr);
  for (const auto& [name, m] : variables) {
    std::size_t dims[2] = {static_cast<std::size_t>(m.rows()), static_cast<std::size_t>(m.cols())};
    std::vector<float> floats(m.data(), m.data() + m.size());
    MatrixXd copy = m;
    matvar_t* v = single ? Mat_VarCreate(name.c_str(), MAT_C_SINGLE, MAT_T_SINGLE, 2, dims, floats.data(), 0)
                         : Mat_VarCreate(name.c_str(), MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dims, copy.data(), 0);
    REQUIRE(v != nullptr);
    Mat_VarWrite(mat, v, MAT_COMPRESSION_NONE);
    Mat_VarFree(v);
  }
  Mat_Close(mat);
}

}  // namespace

TEST_SUITE("matrix_io") {

TEST_CASE("npy: versions 1-3, float64 and float32, C and Fortran order read the same matrix") {
  const std::string c_order = raw(std::vector<double>{1, 2, 3, 4, 5, 6.5});
  const std::string f_order = raw(std::vector<double>{1, 4, 2, 5, 3, 6.5});
  for (const int major : {1, 2, 3}) {
    CHECK(parse(npy(major, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", c_order)) == reference_2x3());
    CHECK(parse(npy(major, "{\"descr\": \"<f8\", \"fortran_order\": True, \"shape\": (2,3)}", f_order)) == reference_2x3());
  }
  CHECK(parse(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", raw(std::vector<float>{1, 2, 3, 4, 5, 6.5f}))) ==
        reference_2x3());
}

TEST_CASE("npy: the writer round-trips, and 1-D arrays are vectors, not matrices") {
  scae::testing::TempDir dir("npy");
  const MatrixXd m = reference_2x3();
  scae::write_npy(dir.path / "m.npy", m);
  CHECK(scae::read_matrix(dir.path / "m.npy") == m);
  const VectorXd v = (VectorXd(3) << 0.1, -2, 1e-300).finished();
  scae::write_npy(dir.path / "v.npy", v);
  CHECK(scae::read_vector(dir.path / "v.npy") == v);
  const std::string path = (dir.path / "v.npy").string();
  CHECK_THROWS_WITH_AS(scae::read_matrix(dir.path / "v.npy"),
                       (path + ": a 1-D array of 3 values; accepted for a matrix: a 2-D .npy array").c_str(), InputError);
}

TEST_CASE("npy: malformed headers, big-endian, wrong dtype, wrong dimension and truncated data are refused") {
  const std::string six = raw(std::vector<double>{1, 2, 3, 4, 5, 6});
  struct Case {
    std::string bytes, message;
  };
  const std::vector<Case> cases = {
      {"PK\x03\x04 not numpy", ": not a NumPy .npy file (no \\x93NUMPY magic string)"},
      {npy(4, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", six), ": format version 4.0"},
      {npy(1, "{'descr': '<f8', 'shape': (2, 3), }", six),
       ": malformed header: 'descr', 'fortran_order' and 'shape' are required"},
      {npy(1, "{'descr': '<f8', 'fortran_order': maybe, 'shape': (2, 3), }", six),
       ": malformed header: 'fortran_order' is neither True nor False"},
      {npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, x), }", six),
       ": malformed header: 'shape' entry 'x' is not a size"},
      {npy(1, "'descr': '<f8'", six), ": malformed header: not a {...} dictionary"},
      {npy(1, "{'descr': '>f8', 'fortran_order': False, 'shape': (2, 3), }", six), ": big-endian dtype '>f8'"},
      {npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2, 3), }", six), ": dtype '<i8'"},
      {npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2, 3), }", six),
       ": 3-D array of shape (1, 2, 3) (accepted: 2-D for a matrix, 1-D for a vector)"},
      {npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", six.substr(0, 40)),
       ": truncated data: 40 bytes for the 6 values of shape (2, 3), expected 48"},
      {npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", six + "x"), ": 1 bytes after the data"},
      {npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", "").substr(0, 30),
       ": truncated header (60 bytes announced)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.message);
    CHECK_THROWS_WITH_AS(parse(c.bytes), ("m.npy" + c.message + npy_accepted).c_str(), InputError);
  }
  const std::string nan = raw(std::vector<double>{1, 2, 3, 4, 5, std::numeric_limits<double>::quiet_NaN()});
  CHECK_THROWS_WITH_AS(parse(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", nan)),
                       "m.npy: entry (2, 3) is not finite; accepted: finite numbers", InputError);
  CHECK_THROWS_WITH_AS(scae::parse_matrix(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", six), "m.npy",
                                          scae::MatrixFormat::npy, 5),
                       "m.npy: an array of shape (2, 3) is more than accepted here; accepted: at most 5 entries", InputError);
}

TEST_CASE("mat: the only numeric variable or FILE.mat:NAME is read, double and single") {
  scae::testing::TempDir dir("mat");
  const fs::path one = dir.path / "one.mat", two = dir.path / "two.mat", single = dir.path / "single.mat";
  write_mat(one, {{"A", reference_2x3()}});
  write_mat(two, {{"A", reference_2x3()}, {"eps", MatrixXd::Constant(3, 1, 0.5)}});
  write_mat(single, {{"W", reference_2x3()}}, true);
  CHECK(scae::read_matrix(one) == reference_2x3());
  CHECK(scae::read_matrix(single) == reference_2x3());
  CHECK(scae::read_matrix(two.string() + ":A") == reference_2x3());
  CHECK(scae::read_vector(two.string() + ":eps") == VectorXd::Constant(3, 0.5));
  CHECK(scae::matrix_file(two.string() + ":eps") == two);
  const std::string accepted =
      "; accepted: a MATLAB .mat file (v4, v5 or v7.3) with one real double or single 2-D variable, or FILE.mat:NAME naming one";
  CHECK_THROWS_WITH_AS(scae::read_matrix(two), (two.string() + ": holds 2 real double or single 2-D variables (A, eps)" + accepted).c_str(),
                       InputError);
  CHECK_THROWS_WITH_AS(scae::read_matrix(two.string() + ":B"),
                       (two.string() + ":B: no variable 'B' (variables: A, eps)" + accepted).c_str(), InputError);
  const fs::path fake = dir.write("fake.mat", "not a mat file at all");
  CHECK_THROWS_WITH_AS(scae::read_matrix(fake), (fake.string() + ": not a MATLAB .mat file libmatio can read" + accepted).c_str(),
                       InputError);
  CHECK_THROWS_WITH_AS(scae::read_matrix(one, 5), (one.string() + ": a 2x3 matrix is more than accepted here; accepted: at most 5 entries").c_str(),
                       InputError);
}

}  // TEST_SUITE
