// Reading and writing matrices: round trips are bit-exact, both Matrix Market variants read, and
// every malformed file is rejected with one message naming the file, the line and the problem.
#include <doctest/doctest.h>

#include "numerics/core/budget.hpp"
#include "numerics/core/matrix_io.hpp"
#include "input/regime.hpp"
#include "checks/test_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using scae::InputError;
using scae::MatrixXd;
using scae::VectorXd;

namespace {


// Any finite double: random bit patterns (all exponents, subnormals included) mixed with
// ordinary magnitudes and the special cases.
double random_double(std::mt19937_64& rng) {
  static const double specials[] = {0.0, -0.0, 1.0, -1.0, 0.1, 1.0 / 3, std::numeric_limits<double>::max(),
                                    std::numeric_limits<double>::lowest(), std::numeric_limits<double>::min(),
                                    std::numeric_limits<double>::denorm_min(), -std::numeric_limits<double>::denorm_min()};
  switch (rng() % 3) {
    case 0: return specials[rng() % std::size(specials)];
    case 1: return std::normal_distribution<double>(0, 1)(rng);
    default:
      for (;;) {
        const double x = std::bit_cast<double>(rng());
        if (std::isfinite(x)) return x;
      }
  }
}

bool same_bits(const MatrixXd& a, const MatrixXd& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (Eigen::Index t = 0; t < a.size(); ++t)
    if (std::bit_cast<std::uint64_t>(a.data()[t]) != std::bit_cast<std::uint64_t>(b.data()[t])) return false;
  return true;
}

MatrixXd reference_3x4() {
  MatrixXd m(3, 4);
  m << 1, 0, -2.5, 0,  //
      0, 0.125, 0, 0.3,  //
      0, 0, 0, 7;
  return m;
}

}  // namespace

TEST_SUITE("matrix_io") {

TEST_CASE("CSV and vector round trips of random doubles are bit-exact") {
  std::mt19937_64 rng(scae::testing::seed());
  scae::testing::TempDir dir("matrix_io");
  for (int trial = 0; trial < 20 * scae::testing::depth(); ++trial) {
    const auto rows = static_cast<Eigen::Index>(1 + rng() % 7), cols = static_cast<Eigen::Index>(1 + rng() % 9);
    MatrixXd m(rows, cols);
    for (Eigen::Index t = 0; t < m.size(); ++t) m.data()[t] = random_double(rng);
    scae::write_csv(dir.path / "m.csv", m);
    CHECK(same_bits(scae::read_matrix(dir.path / "m.csv"), m));

    VectorXd v(rows * cols);
    for (Eigen::Index t = 0; t < v.size(); ++t) v(t) = random_double(rng);
    scae::write_vector(dir.path / "v.csv", v);
    CHECK(same_bits(scae::read_vector(dir.path / "v.csv"), v));
  }
}

TEST_CASE("CSV tolerates spaces, blank lines, comments, CRLF and a missing final newline") {
  scae::testing::TempDir dir("matrix_io");
  const MatrixXd expected = reference_3x4();
  CHECK(scae::read_matrix(dir.write("crlf.csv", "1,0,-2.5,0\r\n0,0.125,0,0.3\r\n\r\n0,0,0,7")) == expected);
  CHECK(scae::read_matrix(dir.write("spaced.csv", "\n# header\n 1 ,\t0, -2.5 , 0 \n0,.125,0,3e-1\n  # note\n0,0,0,7.\n\n"))
        == expected);
  CHECK(scae::read_matrix(fs::path(SCAE_SOURCE_DIR) / "checks/data/matrix_io/commented.csv") == expected);
}

TEST_CASE("Matrix Market array and coordinate files read as the same matrix") {
  const fs::path data = fs::path(SCAE_SOURCE_DIR) / "checks/data/matrix_io";
  CHECK(scae::read_matrix(data / "array.mtx") == reference_3x4());
  CHECK(scae::read_matrix(data / "coordinate.mtx") == reference_3x4());

  scae::testing::TempDir dir("matrix_io");
  // Header words are case-insensitive; integer fields are accepted; coordinate lists may be empty.
  const MatrixXd zeros = scae::read_matrix(dir.write("z.mtx", "%%MatrixMarket MATRIX Coordinate Integer General\n2 3 0\n"));
  CHECK(zeros == MatrixXd::Zero(2, 3));
}

TEST_CASE("a matrix file beyond the machine or the caller's limit is refused before it is allocated") {
  const std::string header = "%%MatrixMarket matrix coordinate real general\n";
  const std::string huge = header + "100000000 100000000 1\n1 1 1\n";
  const std::string cells = std::to_string(scae::max_matrix_cells());
  CHECK_THROWS_WITH_AS(scae::parse_matrix(huge, "huge.mtx", scae::MatrixFormat::matrix_market),
                       ("huge.mtx:2: a 100000000x100000000 matrix (76293945312 MiB) is more than accepted here; accepted: at most " +
                        cells + " entries").c_str(),
                       InputError);
  CHECK(scae::max_matrix_cells() == scae::physical_memory_bytes() / 128);
  // A caller that knows the shape it needs passes its own limit; CSV stops at the first entry beyond it.
  CHECK_THROWS_WITH_AS(scae::parse_matrix(header + "2 3 0\n", "small.mtx", scae::MatrixFormat::matrix_market, 5),
                       "small.mtx:2: a 2x3 matrix (0 MiB) is more than accepted here; accepted: at most 5 entries", InputError);
  CHECK_THROWS_WITH_AS(scae::parse_matrix("1,2\n3,4\n5,6\n", "small.csv", scae::MatrixFormat::csv, 5),
                       "small.csv:3: entry 6 is more than accepted here; accepted: at most 5 entries", InputError);
  CHECK(scae::parse_matrix("1,2\n3,4\n5,6\n", "six.csv", scae::MatrixFormat::csv, 6).size() == 6);
}

TEST_CASE("malformed files are rejected with the file, the line and the problem") {
  scae::testing::TempDir dir("matrix_io");
  struct Case {
    const char* name;
    const char* text;
    const char* message;  // after "<path>"
  };
  const Case cases[] = {
      {"ragged.csv", "1,2,3\n4,5,6\n7,8\n", ":3: expected 3 values, found 2"},
      {"long.csv", "1,2\n# c\n3,4,5\n", ":3: expected 2 values, found 3"},
      {"word.csv", "1,2\nabc,4\n", ":2: 'abc' is not a number"},
      {"suffix.csv", "1,2x\n", ":1: '2x' is not a number"},
      {"signs.csv", "+-1\n", ":1: '+-1' is not a number"},
      {"inf.csv", "1,inf\n", ":1: non-finite value 'inf'"},
      {"nan.csv", "\n\nnan\n", ":3: non-finite value 'nan'"},
      {"huge.csv", "1e999\n", ":1: '1e999' is outside the range of double"},
      {"hole.csv", "1,,3\n", ":1: empty value in column 2"},
      {"trailing.csv", "1,2,\n", ":1: empty value in column 3"},
      {"empty.csv", "", ": empty file (no numbers)"},
      {"comments.csv", "# only\n\n# comments\n", ": empty file (no numbers)"},
      {"header.mtx", "%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n",
       ":1: unsupported Matrix Market header '%%MatrixMarket matrix coordinate complex general'; accepted: "
       "%%MatrixMarket matrix array|coordinate real|integer general"},
      {"symmetric.mtx", "%%MatrixMarket matrix array real symmetric\n1 1\n1\n",
       ":1: unsupported Matrix Market header '%%MatrixMarket matrix array real symmetric'; accepted: "
       "%%MatrixMarket matrix array|coordinate real|integer general"},
      {"short.mtx", "%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n", ":5: expected 4 values, found 3"},
      {"extra.mtx", "%%MatrixMarket matrix array real general\n1 2\n1\n2\n3\n", ":5: more than the 2 values of a 1x2 matrix"},
      {"index.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1.0\n",
       ":3: index (3, 1) outside the 2x2 matrix (indices are 1-based)"},
      {"zero.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 1\n0 1 1.0\n",
       ":3: index (0, 1) outside the 2x2 matrix (indices are 1-based)"},
      {"twice.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n% c\n1 1 2\n", ":5: entry (1, 1) given twice"},
      {"few.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n2 2 1\n", ":4: expected 3 entries, found 2"},
      {"many.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n2 2 1\n", ":4: more than the 1 entries announced"},
      {"value.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 x\n", ":3: 'x' is not a number"},
      {"nonfinite.mtx", "%%MatrixMarket matrix array real general\n1 1\n-inf\n", ":3: non-finite value '-inf'"},
      {"fields.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1\n", ":3: expected 'row column value', found 2 fields"},
      {"size.mtx", "%%MatrixMarket matrix array real general\n2 two\n", ":2: column count 'two' is not an integer"},
      {"nosize.mtx", "%%MatrixMarket matrix array real general\n% nothing else\n", ": no size line after the header"},
      {"blank.mtx", "", ": empty file"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const fs::path path = dir.write(c.name, c.text);
    const std::string expected = path.string() + c.message;
    CHECK_THROWS_WITH_AS(scae::read_matrix(path), expected.c_str(), InputError);
  }
  const fs::path missing = dir.path / "missing.csv";
  CHECK_THROWS_WITH_AS(scae::read_matrix(missing), (missing.string() + ": file not found").c_str(), InputError);
}

TEST_CASE("vectors read from a column, a row or one number per line / matrices are refused") {
  scae::testing::TempDir dir("matrix_io");
  const VectorXd expected = (VectorXd(3) << 1.5, -2, 0.25).finished();
  CHECK(scae::read_vector(dir.write("column.csv", "1.5\n-2\n0.25\n")) == expected);
  CHECK(scae::read_vector(dir.write("row.csv", "1.5, -2, 0.25\n")) == expected);
  CHECK(scae::read_vector(dir.write("column.mtx", "%%MatrixMarket matrix array real general\n3 1\n1.5\n-2\n0.25\n")) ==
        expected);
  const fs::path square = dir.write("square.csv", "1,2\n3,4\n");
  CHECK_THROWS_WITH_AS(scae::read_vector(square),
                       (square.string() + ": expected a vector (one row or one column), found a 2x2 matrix").c_str(),
                       InputError);
}

TEST_CASE("writes are atomic and leave no temporary file behind") {
  scae::testing::TempDir dir("matrix_io");
  const fs::path target = dir.path / "out.csv";
  const MatrixXd first = MatrixXd::Constant(2, 3, 0.1);
  scae::write_csv(target, first);
  CHECK(dir.entries() == std::vector<std::string>{"out.csv"});
  CHECK(scae::read_matrix(target) == first);

  // Overwriting replaces the whole file.
  const MatrixXd second = MatrixXd::Identity(4, 2);
  scae::write_csv(target, second);
  CHECK(dir.entries() == std::vector<std::string>{"out.csv"});
  CHECK(scae::read_matrix(target) == second);

  // A refused write keeps the old file and leaves nothing else.
  MatrixXd bad = second;
  bad(1, 1) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(scae::write_csv(target, bad), std::invalid_argument);
  CHECK(dir.entries() == std::vector<std::string>{"out.csv"});
  CHECK(scae::read_matrix(target) == second);

  // A failed rename (the target is a non-empty folder) removes the temporary file.
  fs::create_directories(dir.path / "busy" / "inside");
  CHECK_THROWS(scae::write_file_atomically(dir.path / "busy", "text\n"));
  std::vector<std::string> names = dir.entries();
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"busy", "out.csv"});

  // A missing folder fails before anything is written.
  CHECK_THROWS(scae::write_file_atomically(dir.path / "absent" / "x.csv", "1\n"));
  CHECK(!fs::exists(dir.path / "absent"));

  scae::write_file_atomically(dir.path / "note.txt", "exact text\n");
  std::ifstream in(dir.path / "note.txt", std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text == "exact text\n");
}

}  // TEST_SUITE
