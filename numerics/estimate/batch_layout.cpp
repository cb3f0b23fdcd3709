#include "numerics/estimate/batch_layout.hpp"

#include <algorithm>

namespace scae::engine {

namespace {

// Copies `count` doubles between the block and a result's field, moving along the block.
struct Cursor {
  double* at;
  void put(const double* from, std::size_t count) {
    std::copy_n(from, count, at);
    at += count;
  }
  void put(double value) { *at++ = value; }
};

struct Reader {
  const double* at;
  void get(double* to, std::size_t count) {
    std::copy_n(at, count, to);
    at += count;
  }
  double get() { return *at++; }
};

}  // namespace

void BatchLayout::pack(const BatchResult& result, double* out) const {
  Cursor c{out};
  if (sums > 0) {
    for (const Coefficients* s : {&result.oracle_sums, &result.correction_sums}) {
      if (s == &result.oracle_sums && !oracle) continue;
      c.put(s->q.data(), s->q.size());
      c.put(s->p.data(), static_cast<std::size_t>(s->p.size()));
    }
  } else {
    Eigen::Map<MatrixXd>(c.at, n, wanted) = result.oracle.topRows(n);
    Eigen::Map<MatrixXd>(c.at + cells(), n, wanted) = result.correction.topRows(n);
    c.at += 2 * cells();
  }
  for (const double x : {result.loss, result.loss_m2, static_cast<double>(result.recovered), static_cast<double>(result.active),
                         static_cast<double>(result.fired), static_cast<double>(result.size), result.loss_rounding, result.product_seconds})
    c.put(x);
  for (const VectorXd* v : {&result.oracle_rounding, &result.correction_rounding, &result.gradient_squares,
                            &result.oracle_squares, &result.correction_squares})
    c.put(v->data(), static_cast<std::size_t>(wanted));
}

void BatchLayout::unpack(const double* in, BatchResult& result) const {
  Reader r{in};
  result.sums = sums > 0;
  if (result.sums) {
    for (Coefficients* s : {&result.oracle_sums, &result.correction_sums}) {
      if (s == &result.oracle_sums && !oracle) continue;
      s->q.resize(static_cast<std::size_t>(sums) * (static_cast<std::size_t>(sums) + 1) / 2);
      s->p.resize(sums, sums);
      r.get(s->q.data(), s->q.size());
      r.get(s->p.data(), static_cast<std::size_t>(s->p.size()));
    }
    result.oracle.resize(n, 0);
    result.correction.resize(n, 0);
  } else {
    result.oracle = Eigen::Map<const MatrixXd>(r.at, n, wanted);
    result.correction = Eigen::Map<const MatrixXd>(r.at + cells(), n, wanted);
    r.at += 2 * cells();
  }
  result.loss = r.get();
  result.loss_m2 = r.get();
  result.recovered = static_cast<std::uint64_t>(r.get());
  result.active = static_cast<std::uint64_t>(r.get());
  result.fired = static_cast<std::uint64_t>(r.get());
  result.size = static_cast<std::uint64_t>(r.get());
  result.loss_rounding = r.get();
  result.product_seconds = r.get();
  for (VectorXd* v : {&result.oracle_rounding, &result.correction_rounding, &result.gradient_squares,
                      &result.oracle_squares, &result.correction_squares}) {
    v->resize(wanted);
    r.get(v->data(), static_cast<std::size_t>(wanted));
  }
}

}  // namespace scae::engine
