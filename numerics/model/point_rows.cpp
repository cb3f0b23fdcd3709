#include "numerics/model/point_rows.hpp"

#include "numerics/core/certified_product.hpp"
#include "numerics/core/philox_stream.hpp"

#include <omp.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace scae {

namespace {
constexpr Eigen::Index block_rows = 256;  // rows of W made at a time
constexpr Eigen::Index chunk = 512;       // output rows per task of the transposed product
}  // namespace

void point_row(const double* a_col, Eigen::Index n, double delta, std::uint64_t seed, Eigen::Index i, VectorXd& direction,
               double* out) {
  direction.resize(n);
  PhiloxStream stream(seed, Stream::point, static_cast<std::uint64_t>(i));
  do {
    for (Eigen::Index t = 0; t < n; ++t) direction(t) = stream.normal();
  } while (direction.norm() == 0);
  const double scale = delta / direction.norm();
  for (Eigen::Index t = 0; t < n; ++t) out[t] = a_col[t] + scale * direction(t);
}

PointRows::PointRows(const MatrixXd& w) : stored_(&w), h_(w.rows()), n_(w.cols()) {}

PointRows::PointRows(const IdentityHadamard& a, double delta, std::uint64_t seed)
    : a_(a), delta_(delta), seed_(seed), h_(a.h()), n_(a.n) {
  if (!(delta >= 0) || !std::isfinite(delta))
    throw std::invalid_argument("delta = " + std::to_string(delta) + " must lie in [0, inf)");
}

void PointRows::row(Eigen::Index i, double* out) const {
  if (i < 0 || i >= h_) throw std::out_of_range("row " + std::to_string(i) + " outside [0, " + std::to_string(h_) + ")");
  if (stored_) {
    for (Eigen::Index t = 0; t < n_; ++t) out[t] = (*stored_)(i, t);
    return;
  }
  thread_local VectorXd column, direction;
  column.resize(n_);
  a_.column(i, column.data());
  if (delta_ == 0) {
    std::copy(column.data(), column.data() + n_, out);
    return;
  }
  point_row(column.data(), n_, delta_, seed_, i, direction, out);
}

VectorXd PointRows::row(Eigen::Index i) const {
  VectorXd out(n_);
  row(i, out.data());
  return out;
}

void PointRows::rows_transposed(Eigen::Index first, Eigen::Index count, MatrixXd& out) const {
  out.resize(n_, count);
  if (stored_) {
    out = stored_->middleRows(first, count).transpose();
    return;
  }
#pragma omp parallel for schedule(dynamic, 4)
  for (Eigen::Index r = 0; r < count; ++r) row(first + r, out.col(r).data());
}

void stream_product_rows(const IdentityHadamard& a, const PointRows& w, const HadamardRowVisit& row,
                         const std::function<void(Eigen::Index, Eigen::Index)>& block_done) {
  const Eigen::Index n = a.n, h = a.h();
  if (w.rows() != h || w.cols() != n)
    throw std::invalid_argument("W is " + std::to_string(w.rows()) + "x" + std::to_string(w.cols()) + ", expected " +
                                std::to_string(h) + "x" + std::to_string(n));
  MatrixXd t;
  for (Eigen::Index first = 0; first < h; first += block_rows) {
    const Eigen::Index count = std::min(block_rows, h - first);
    w.rows_transposed(first, count, t);  // column r is W_{first + r}
#pragma omp parallel
    {
      std::vector<double> value(static_cast<std::size_t>(h));
#pragma omp for schedule(dynamic, 4)
      for (Eigen::Index r = 0; r < count; ++r) {
        const double bound = identity_hadamard_row(t.col(r).data(), n, a.s, value.data());
        row(first + r, value.data(), bound);
      }
    }
    if (block_done) block_done(first, count);
  }
}

namespace {

// W X for a regenerated W: each block of rows times X, by one single-threaded product per block.
void rows_times(const PointRows& w, const MatrixXd& xm, const MatrixXd& y, MatrixXd& mid, MatrixXd& rad) {
  const Eigen::Index h = w.rows();
  mid.resize(h, xm.cols());
  rad.resize(h, xm.cols());
  const Eigen::Index blocks = (h + block_rows - 1) / block_rows;
#pragma omp parallel
  {
    omp_set_num_threads(1);
    MatrixXd part;
#pragma omp for schedule(dynamic, 1)
    for (Eigen::Index b = 0; b < blocks; ++b) {
      const Eigen::Index first = b * block_rows, count = std::min(block_rows, h - first);
      part.resize(w.cols(), count);
      for (Eigen::Index r = 0; r < count; ++r) w.row(first + r, part.col(r).data());
      mid.middleRows(first, count).noalias() = part.transpose() * xm;
      part = part.cwiseAbs();
      rad.middleRows(first, count).noalias() = part.transpose() * y;
    }
  }
}

// Wᵀ X for a regenerated W: blocks of rows in order, each block's part added to every output entry
// (the entries shared out in fixed chunks, so each is summed by one thread in block order).
void transposed_rows_times(const PointRows& w, const MatrixXd& xm, const MatrixXd& y, MatrixXd& mid, MatrixXd& rad) {
  const Eigen::Index h = w.rows(), n = w.cols();
  mid = MatrixXd::Zero(n, xm.cols());
  rad = MatrixXd::Zero(n, xm.cols());
  MatrixXd part, part_abs;
  const Eigen::Index chunks = (n + chunk - 1) / chunk;
  for (Eigen::Index first = 0; first < h; first += block_rows) {
    const Eigen::Index count = std::min(block_rows, h - first);
    w.rows_transposed(first, count, part);  // column r is W_{first + r}
    part_abs = part.cwiseAbs();
#pragma omp parallel
    {
      omp_set_num_threads(1);
#pragma omp for schedule(dynamic, 1)
      for (Eigen::Index c = 0; c < chunks; ++c) {
        const Eigen::Index top = c * chunk, rows = std::min(chunk, n - top);
        mid.middleRows(top, rows).noalias() += part.middleRows(top, rows) * xm.middleRows(first, count);
        rad.middleRows(top, rows).noalias() += part_abs.middleRows(top, rows) * y.middleRows(first, count);
      }
    }
  }
}

}  // namespace

Matrix<Ball> enclose_rows_product(const PointRows& w, const Matrix<Ball>& x, bool transposed) {
  if (const MatrixXd* stored = w.stored()) return enclose_product(*stored, x, transposed);
  const Eigen::Index inner = transposed ? w.rows() : w.cols();
  if (x.rows() != inner)
    throw std::invalid_argument("enclose_rows_product: " + std::to_string(x.rows()) + " rows, expected " + std::to_string(inner));
  const MatrixXd xm = x.unaryExpr([](const Ball& b) { return b.m; }), xr = x.unaryExpr([](const Ball& b) { return b.r; });
  const ProductRadius radius(inner);
  const MatrixXd y = radius.weights(xm, xr);
  MatrixXd mid, rad;
  if (transposed) transposed_rows_times(w, xm, y, mid, rad);
  else rows_times(w, xm, y, mid, rad);
  Matrix<Ball> out(mid.rows(), mid.cols());
  for (Eigen::Index j = 0; j < out.cols(); ++j)
    for (Eigen::Index i = 0; i < out.rows(); ++i) out(i, j) = Ball(mid(i, j), radius.finish(rad(i, j)));
  return out;
}

}  // namespace scae
