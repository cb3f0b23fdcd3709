// Covers theory/expected_gradient_enclosed.hpp: M and G of the dense interval closed form kept as
// midpoints and radii. Each entry is the interval enclose_product gives, and M x is bit for bit
// Eigen's product of the interval matrix (both endpoints equal, not only overlapping), over shapes
// on both sides of Eigen's block rules (fewer than 128 columns; strides below and above 500 rows,
// blocks of 16 and of 4 columns; a last chunk of 128 to 255 columns). The comparison is shown to
// fail for a chunking that ignores those rules (chunks of 100 columns), so the equality is not vacuous.
#include <doctest/doctest.h>

#include "numerics/core/certified_product.hpp"
#include "theory/expected_gradient.hpp"
#include "theory/expected_gradient_enclosed.hpp"
#include "numerics/core/philox_stream.hpp"
#include "checks/test_support.hpp"

#include <utility>

using namespace scae;

namespace {

Matrix<interval> random_intervals(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  PhiloxStream stream(seed, Stream::point, 7);
  Matrix<interval> out(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i) {
      const double mid = stream.normal(), rad = 1e-12 * std::abs(stream.normal());
      out(i, j) = interval(mpfr(mid - rad), mpfr(mid + rad));
    }
  return out;
}

bool same_bits(const interval& x, const interval& y) {
  return bmp::lower(x) == bmp::lower(y) && bmp::upper(x) == bmp::upper(y);
}

int differing(const Vector<interval>& x, const Vector<interval>& y) {
  int count = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) count += same_bits(x(i), y(i)) ? 0 : 1;
  return count;
}

}  // namespace

TEST_CASE("enclosed product: every entry is enclose_product's interval, bit for bit") {
  const PrecisionGuard guard(128);
  const std::uint64_t seed = scae::testing::seed();
  const Matrix<interval> x = random_intervals(30, 12, seed), y = random_intervals(12, 20, seed + 1);
  const Matrix<interval> dense = enclose_product(x, y);
  const EnclosedMatrix compact = enclosed_product(x, false, y, false);
  const EnclosedMatrix transposed =
      enclosed_product(Matrix<interval>(x.transpose()), true, Matrix<interval>(y.transpose()), true);
  int mismatches = 0;
  for (Eigen::Index j = 0; j < dense.cols(); ++j)
    for (Eigen::Index i = 0; i < dense.rows(); ++i)
      mismatches += (same_bits(compact(i, j), dense(i, j)) && same_bits(transposed(i, j), dense(i, j))) ? 0 : 1;
  CHECK(mismatches == 0);
  CHECK(differing(compact.row(3), dense.row(3).transpose()) == 0);
  CHECK(differing(compact.col(5), dense.col(5)) == 0);
  CHECK(differing(compact.diagonal(), dense.diagonal()) == 0);
}

TEST_CASE("enclosed product: M x is Eigen's interval product bit for bit, and a chunking against Eigen's blocks is not") {
  const PrecisionGuard guard(128);
  const std::uint64_t seed = scae::testing::seed() + 11;
  // (rows, columns): stride below 500 rows (blocks of 16 columns) and above (blocks of 4); fewer than
  // 128 columns (one block); last chunks of 128, 200 and 255 columns.
  const std::pair<Eigen::Index, Eigen::Index> shapes[] = {{40, 100}, {40, 256}, {40, 456}, {40, 383}, {520, 200}, {520, 328}};
  for (const auto& shape : shapes) {
    const Eigen::Index rows = shape.first, cols = shape.second;  // not a structured binding: CAPTURE's lambda takes them
    CAPTURE(rows);
    CAPTURE(cols);
    EnclosedMatrix m;
    m.mid.resize(rows, cols);
    m.rad.resize(rows, cols);
    PhiloxStream stream(seed, Stream::point, static_cast<std::uint64_t>(rows * cols));
    for (Eigen::Index j = 0; j < cols; ++j)
      for (Eigen::Index i = 0; i < rows; ++i) m.mid(i, j) = stream.normal(), m.rad(i, j) = 1e-13 * std::abs(stream.normal());
    const Vector<interval> x = random_intervals(cols, 1, seed + 2);
    const Matrix<interval> stored = m.columns(0, cols);
    const Vector<interval> eigen = stored * x;
    CHECK(differing(m.times(x), eigen) == 0);
    if (cols >= 256) {  // chunks of 100 columns, not a multiple of Eigen's blocks: other sums, other last bits
      Vector<interval> chunked = Vector<interval>::Zero(rows);
      for (Eigen::Index first = 0; first < cols; first += 100) {
        const Eigen::Index count = std::min<Eigen::Index>(100, cols - first);
        chunked.noalias() += m.columns(first, count) * x.segment(first, count);
      }
      CHECK(differing(chunked, eigen) > 0);
    }
  }
}
