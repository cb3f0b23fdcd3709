#include "numerics/core/ball.hpp"
#include "numerics/core/certified_product.hpp"
#include "numerics/model/dictionary.hpp"
#include "numerics/core/hadamard_product.hpp"
#include "numerics/model/near_point.hpp"
#include "numerics/core/philox_stream.hpp"
#include "numerics/model/point_rows.hpp"

#include <doctest/doctest.h>

#include <omp.h>

#include <algorithm>
#include <cstring>
#include <vector>

using namespace scae;

namespace {
bool same_bits(const MatrixXd& x, const MatrixXd& y) {
  return x.rows() == y.rows() && x.cols() == y.cols() && std::memcmp(x.data(), y.data(), sizeof(double) * x.size()) == 0;
}

Matrix<Ball> random_balls(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  PhiloxStream stream(seed, Stream::directions, 0);
  Matrix<Ball> x(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i) x(i, j) = Ball(stream.normal(), 1e-12 * stream.uniform01());
  return x;
}

// Each entry of `a` overlaps the matching one of `b` and has about its width.
bool same_enclosures(const Matrix<Ball>& a, const Matrix<Ball>& b) {
  for (Eigen::Index j = 0; j < a.cols(); ++j)
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
      const Ball &x = a(i, j), &y = b(i, j);
      if (std::abs(x.m - y.m) > x.r + y.r || x.r > 2 * y.r || y.r > 2 * x.r) return false;
    }
  return true;
}
}  // namespace

TEST_CASE("regenerated rows of a point are the stored point's rows, bit for bit, on any number of threads") {
  for (const int n : {8, 64}) {
    const IdentityHadamard structure(n);
    const MatrixXd a = identity_hadamard_dictionary(n);
    for (const double delta : {0.0, 0.05}) {
      CAPTURE(n);
      CAPTURE(delta);
      const MatrixXd w = point_at_distance(a, delta, 7);
      const PointRows regenerated(structure, delta, 7), stored(w);
      MatrixXd rows(2 * n, n);
      for (Eigen::Index i = 0; i < 2 * n; ++i) rows.row(i) = regenerated.row(i).transpose();
      CHECK(same_bits(rows, w));
      MatrixXd one, two;
      omp_set_num_threads(1);
      regenerated.rows_transposed(3, n, one);
      omp_set_num_threads(2);
      regenerated.rows_transposed(3, n, two);
      CHECK(same_bits(one, two));
      CHECK(same_bits(one, MatrixXd(w.middleRows(3, n).transpose())));
      stored.rows_transposed(3, n, two);
      CHECK(same_bits(one, two));
    }
  }
}

TEST_CASE("the point's rows keep the definition of the first release: A*_i + (delta / |d|) d in Eigen") {
  const int n = 64;
  const MatrixXd a = identity_hadamard_dictionary(n);
  const MatrixXd w = point_at_distance(a, 0.03, 11);
  for (const Eigen::Index i : {Eigen::Index{0}, Eigen::Index{5}, Eigen::Index{n}, Eigen::Index{2 * n - 1}}) {
    PhiloxStream stream(11, Stream::point, static_cast<std::uint64_t>(i));
    VectorXd d(n);
    for (Eigen::Index t = 0; t < n; ++t) d(t) = stream.normal();
    MatrixXd reference(1, n);
    reference.row(0) = a.col(i).transpose();
    reference.row(0) += (0.03 / d.norm()) * d.transpose();
    CHECK(same_bits(reference, MatrixXd(w.row(i))));
  }
}

TEST_CASE("products with a regenerated W enclose what the stored W's products enclose") {
  const int n = 256;  // 512 rows: two blocks of rows, and a partial output chunk
  const IdentityHadamard structure(n);
  const MatrixXd a = identity_hadamard_dictionary(n);
  const MatrixXd w = point_at_distance(a, 0.04, 3);
  const PointRows regenerated(structure, 0.04, 3), stored(w);
  const Matrix<Ball> x = random_balls(n, 5, 1), y = random_balls(2 * n, 5, 2);
  const Matrix<Ball> wx = enclose_rows_product(regenerated, x, false), wty = enclose_rows_product(regenerated, y, true);
  CHECK(same_enclosures(wx, enclose_rows_product(stored, x, false)));
  CHECK(same_enclosures(wty, enclose_rows_product(stored, y, true)));
  omp_set_num_threads(1);
  const Matrix<Ball> wty_one = enclose_rows_product(regenerated, y, true), wx_one = enclose_rows_product(regenerated, x, false);
  omp_set_num_threads(2);
  for (Eigen::Index j = 0; j < 5; ++j)
    for (Eigen::Index i = 0; i < n; ++i) CHECK((wty_one(i, j).m == wty(i, j).m && wty_one(i, j).r == wty(i, j).r));
  for (Eigen::Index j = 0; j < 5; ++j)
    for (Eigen::Index i = 0; i < 2 * n; ++i) CHECK((wx_one(i, j).m == wx(i, j).m && wx_one(i, j).r == wx(i, j).r));
  // A W one entry away from the point: its product no longer matches the regenerated one.
  MatrixXd moved = w;
  moved(7, 3) += 1e-3;
  CHECK_FALSE(same_enclosures(wx, enclose_rows_product(PointRows(moved), x, false)));
}

TEST_CASE("the row stream gives the dense product's rows bit for bit, blocks in order") {
  const int n = 512;  // h = 1024: four blocks
  const MatrixXd a = identity_hadamard_dictionary(n);
  const MatrixXd w = point_at_distance(a, 0.1, 5);
  const BoundedProduct dense = identity_hadamard_product(w, a);
  std::vector<char> equal(2 * n, 0);
  Eigen::Index next = 0;
  bool in_order = true;
  stream_product_rows(
      IdentityHadamard(n), PointRows(w),
      [&](Eigen::Index i, const double* value, double right_error) {
        bool same = true;
        for (Eigen::Index l = 0; l < 2 * n; ++l)
          same = same && value[l] == dense.value(i, l) && (l < n ? 0.0 : right_error) == dense.error(i, l);
        equal[static_cast<std::size_t>(i)] = same;
      },
      [&](Eigen::Index first, Eigen::Index count) {
        in_order = in_order && first == next;
        next = first + count;
      });
  CHECK(std::count(equal.begin(), equal.end(), 1) == 2 * n);
  CHECK(in_order);
  CHECK(next == 2 * n);
  // A deliberately wrong row (W_0 scaled by 1 + 1e-12) is told apart.
  VectorXd row(2 * n);
  VectorXd w0 = w.row(0).transpose() * (1 + 1e-12);
  identity_hadamard_row(w0.data(), n, a(0, n), row.data());
  CHECK(row.transpose() != dense.value.row(0));
  CHECK_THROWS_AS(stream_product_rows(IdentityHadamard(n / 2), PointRows(w), [](Eigen::Index, const double*, double) {}),
                  std::invalid_argument);
}

TEST_CASE("the structure of a stored [I, c H] keeps its own c, so its coherence is c, not 1/sqrt(n)") {
  MatrixXd a = identity_hadamard_dictionary(8);
  a.rightCols(8) *= 1.5;  // [I, c H] with c = 1.5 s: still recognised as identity+Hadamard
  REQUIRE(is_identity_hadamard(a));
  CHECK(IdentityHadamard::of(a).s == a(0, 8));
  CHECK(certified_coherence(a).value == a(0, 8));
  CHECK(IdentityHadamard(8).s != a(0, 8));  // the structure from n alone would be another matrix
  CHECK_THROWS_AS(IdentityHadamard::of(gaussian_dictionary(8, 16, 1)), std::invalid_argument);
}

TEST_CASE("a point row outside the matrix or a negative distance is refused") {
  const IdentityHadamard structure(8);
  CHECK_THROWS_AS(PointRows(structure, -0.1, 1), std::invalid_argument);
  CHECK_THROWS_AS(PointRows(structure, 0.1, 1).row(16), std::out_of_range);
  CHECK_THROWS_AS(IdentityHadamard(12), std::invalid_argument);
}
