// All rows in coefficient space (monte_carlo.cpp): the batches' sums Q and P added up in batch order
// and turned into the mean rows with one product per run, W^T ΣQ + A* ΣP^T, instead of one per
// batch (the 64 products that dominated at R2). Internal to numerics/estimate.
//
// Rounding. Every entry of ΣQ and ΣP is a sum over all N samples of the run, in batch order and
// within a batch in sample order: like any order of summation it is within γ_{N-1} of its absolute
// terms (Higham §4.2), so rounding_terms' derivation (accumulation_rounding.hpp) holds with N for
// the batch size: the rows' terms, summed over the batches, times row_rounding_factor(N) / N. Their
// own sum over B batches of nonnegative numbers is at most γ_{B+3} below its exact value. ∇ =
// ∇_oracle + correction adds the two bounds and the rounding of the sum.
#pragma once

#include "numerics/estimate/accumulation_rounding.hpp"
#include "numerics/estimate/batch_statistics.hpp"
#include "numerics/core/certified_product.hpp"
#include "numerics/estimate/coefficient_accumulation.hpp"
#include "numerics/estimate/engine_types.hpp"

#include <chrono>

namespace scae::engine {

class CoefficientTotals {
public:
  CoefficientTotals(const Shared& sh, bool oracle) : sh_(sh), with_oracle_(oracle) {
    const auto h = sh.m.rows();
    for (Coefficients* sums : {&oracle_sums_, &correction_sums_})
      if (sums != &oracle_sums_ || oracle) sums->empty(static_cast<int>(h), false);
    for (VectorXd* v : {&oracle_.rounding, &correction_.rounding, &oracle_.squares, &correction_.squares, &gradient_.squares})
      v->setZero(h);
  }

  // Adds one batch's sums, rows' rounding terms and squared norms (in batch order).
  void add(const BatchResult& batch) {
    if (with_oracle_) batch.oracle_sums.add_to(oracle_sums_);
    batch.correction_sums.add_to(correction_sums_);
    oracle_.rounding += batch.oracle_rounding;
    correction_.rounding += batch.correction_rounding;
    oracle_.squares += batch.oracle_squares;
    correction_.squares += batch.correction_squares;
    gradient_.squares += batch.gradient_squares;
    ++batches_;
  }

  // The mean rows of the run's `samples` samples; returns the seconds spent in the products.
  double finish(std::uint64_t samples) {
    const auto start = std::chrono::steady_clock::now();
    const auto count = static_cast<double>(samples);
    const double factor = (1 + higham_gamma(batches_ + 3)) * row_rounding_factor(sh_, count) / count;
    CoefficientAccumulation products(sh_);
    for (RowTotals* rows : {&oracle_, &correction_}) {
      if (rows == &oracle_ && !with_oracle_) continue;
      MatrixXd acc(sh_.padded, sh_.m.rows());
      products.to_gradient(rows == &oracle_ ? oracle_sums_ : correction_sums_, acc, sh_.threads);
      rows->mean = acc.topRows(sh_.a.rows()).transpose() / count;
      rows->rounding *= factor;
    }
    if (with_oracle_) {
      gradient_.mean = oracle_.mean + correction_.mean;
      gradient_.rounding = (1 + higham_gamma(2)) * (oracle_.rounding + correction_.rounding +
                                                    higham_gamma(1) * gradient_.mean.rowwise().norm());
    } else {
      gradient_.mean = correction_.mean;  // without the oracle, `correction` holds ∇
      gradient_.rounding = correction_.rounding;
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  const RowTotals& gradient() const { return gradient_; }
  const RowTotals& oracle() const { return oracle_; }
  const RowTotals& correction() const { return correction_; }

private:
  const Shared& sh_;
  bool with_oracle_;
  Coefficients oracle_sums_, correction_sums_;
  RowTotals gradient_, oracle_, correction_;
  int batches_ = 0;
};

}  // namespace scae::engine
