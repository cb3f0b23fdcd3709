// One thread's batches of the Monte Carlo engine (monte_carlo.cpp), which alone includes it: the
// hot loops of its kernels stay in one translation unit. Internal to numerics/estimate.
#pragma once

#include "numerics/estimate/accumulation_rounding.hpp"
#include "numerics/estimate/coefficient_accumulation.hpp"
#include "numerics/estimate/engine_types.hpp"
#include "numerics/estimate/firing.hpp"
#include "numerics/estimate/row_moments.hpp"
#include "numerics/estimate/sample_draw.hpp"
#include "numerics/estimate/shared_rows.hpp"
#include "numerics/estimate/vector_accumulation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <vector>

namespace scae::engine {

// The samples of a batch drawn (sample_draw.hpp), fired (firing.hpp) and accumulated
// in vector or coefficient space (vector_accumulation.hpp, coefficient_accumulation.hpp) with
// their rounding bounds (accumulation_rounding.hpp).
class BatchWorker {
public:
  BatchWorker(const Shared& sh, bool oracle)
      : sh_(sh), oracle_(oracle), firing_(sh), vectors_(sh), coefficients_(sh), oracle_r_(sh.max_support),
        oracle_c_(sh.max_support) {
    for (Sample& sample : ring_) sample.allocate(sh);
  }

  // Samples [begin, end): the oracle gradient is accumulated for every sample, the correction
  // ∇ - ∇_oracle only for samples whose support is not recovered (it is exactly zero otherwise),
  // and ∇ = oracle + correction.
  // With `lists` (rows shared over processes, shared_rows.hpp) the firing sets are read from them.
  void run(std::uint64_t seed, std::uint64_t begin, std::uint64_t end, BatchResult& out, const FiringLists* lists = nullptr) {
    lists_ = lists;
    out.sums = sh_.coefficients && sh_.all_rows;
    const Eigen::Index columns = out.sums ? 0 : sh_.wanted;
    out.oracle.setZero(sh_.padded, columns);
    out.correction.setZero(sh_.padded, columns);
    for (VectorXd* v : {&out.oracle_rounding, &out.correction_rounding, &out.gradient_squares, &out.oracle_squares,
                        &out.correction_squares})
      v->setZero(sh_.wanted);
    if (out.sums) {  // the sums handed on with the last batch, already added up: one set per worker
      std::swap(out.oracle_sums, coefficients_.oracle_sums);
      std::swap(out.correction_sums, coefficients_.correction_sums);
    }
    if (sh_.coefficients) coefficients_.reset();
    out.size = end - begin;
    out.recovered = out.active = out.fired = 0;
    // The loss's sums, and those of its deviations from the batch's first loss (for its variance).
    double loss_sum = 0, loss_abs = 0, rounding_sum = 0, shift = 0, deviation = 0, deviation_squares = 0;
    // A pipeline over a ring of four samples: while sample s is accumulated, sample s + 1 has
    // fired and the entries it will update are being fetched, sample s + 2 has its blocks
    // selected (block screening) and their lines of M are being fetched, and sample s + 3 is
    // drawn and its columns are being fetched.
    const auto at = [&](std::uint64_t s) -> Sample& { return ring_[s % 4]; };
    for (std::uint64_t s = begin; s < std::min(begin + 3, end); ++s) draw(sh_, seed, s, at(s));
    for (std::uint64_t s = begin; s < std::min(begin + 2, end); ++s) firing_.select_blocks(at(s));
    fire(at(begin), begin);
    for (std::uint64_t s = begin; s < end; ++s) {
      if (s + 1 < end) {
        fire(at(s + 1), s + 1);
        prefetch_entries(at(s + 1), out);
      }
      if (s + 2 < end) firing_.select_blocks(at(s + 2));
      if (s + 3 < end) draw(sh_, seed, s + 3, at(s + 3));
      const Sample& sample = at(s);
      if (sample.skipped) continue;  // given a unit that does not fire (sample_draw.hpp): adds nothing to its row
      ++out.fired;
      out.active += static_cast<std::uint64_t>(sample.na);
      out.recovered += sample.recovered;
      const Loss loss = accumulate(sample, out);
      loss_sum += loss.value;
      loss_abs += std::abs(loss.value);
      rounding_sum += loss.rounding;
      if (s == begin) shift = loss.value;
      deviation += loss.value - shift;
      deviation_squares += (loss.value - shift) * (loss.value - shift);
    }
    out.loss_m2 = std::max(0.0, deviation_squares - deviation * deviation / static_cast<double>(out.size));
    finish(loss_sum, loss_abs, rounding_sum, out);
  }

private:
  void fire(Sample& sample, std::uint64_t index) {
    if (lists_)
      lists_->fill(sample, index, sh_.condition);
    else
      firing_.fire(sample);
  }

  // A sample's loss and a bound on its floating-point error.
  struct Loss {
    double value = 0, rounding = 0;
  };

  // Adds the gradients of `sample` to the batch (the gradient alone, kept in `correction`, or
  // the oracle gradient and, when the support is not recovered, ∇ - ∇_oracle), and the squared
  // norms of their rows (row_moments.hpp); returns its loss.
  Loss accumulate(const Sample& sample, BatchResult& out) {
    if (sh_.coefficients)
      coefficients_.set_sample(sample);
    else
      vectors_.set_sample(sample);
    const int* active = sample.active.data();
    if (!oracle_) {
      const Loss loss = add(sample, coefficients_.correction_sums, out.correction, out.correction_rounding, active, sample.r.data(), sample.na, +1.0);
      add_row_squares(sh_, scalars(active, sample.r.data(), sample.na), out.gradient_squares);
      return loss;
    }
    const int* atoms = sample.atoms.data();
    for (int t = 0; t < sample.size; ++t) oracle_r_[t] = sample.u[atoms[t]] - sh_.eps(atoms[t]);
    Loss loss = add(sample, coefficients_.oracle_sums, out.oracle, out.oracle_rounding, atoms, oracle_r_.data(), sample.size, +1.0);
    ActivationScalars oracle = scalars(atoms, oracle_r_.data(), sample.size);
    add_row_squares(sh_, oracle, out.oracle_squares);
    if (sample.recovered) {
      add_row_squares(sh_, oracle, out.gradient_squares);  // ∇ = ∇_oracle
      return loss;
    }
    std::copy_n(oracle.c, sample.size, oracle_c_.data());  // the next add() overwrites them
    oracle.c = oracle_c_.data();
    if (!sh_.coefficients) oracle_e_ = vectors_.e();
    loss = add(sample, coefficients_.correction_sums, out.correction, out.correction_rounding, active, sample.r.data(), sample.na, +1.0);
    const ActivationScalars gradient = scalars(active, sample.r.data(), sample.na);
    add_row_squares(sh_, gradient, out.gradient_squares);
    const double ee = sh_.coefficients ? coefficients_.cross(gradient, oracle, sample) : vectors_.cross(oracle_e_);
    add_difference_squares(sh_, gradient, oracle, ee, out.correction_squares);
    add(sample, coefficients_.correction_sums, out.correction, out.correction_rounding, atoms, oracle_r_.data(), sample.size, -1.0);
    return loss;
  }

  // The scalars of the activation last added (row_moments.hpp).
  ActivationScalars scalars(const int* units, const double* r, int count) const {
    return sh_.coefficients ? coefficients_.scalars(units, r, count) : vectors_.scalars(units, r, count);
  }

  // Adds sign ∇ of the activation (units ascending, r) of `sample` to `sums` in coefficient space
  // or to `acc` in vector space, and the rows' rounding terms to `rows`.
  Loss add(const Sample& sample, Coefficients& sums, MatrixXd& acc, VectorXd& rows, const int* units, const double* r,
           int count, double sign) {
    Loss loss;
    loss.rounding = rounding_terms(sh_, sample, units, r, count, rows);
    loss.value = sh_.coefficients ? coefficients_.add(sums, sample, units, r, count, sign) : vectors_.add(acc, units, r, count, sign);
    return loss;
  }

  // Prefetches what accumulating `sample` will read and write: in coefficient space the entries
  // of G, Q and P; in vector space, when W^T is beyond L2, the columns of W^T and of the
  // accumulators.
  void prefetch_entries(const Sample& sample, const BatchResult& out) {
    if (sample.skipped) return;
    const int* atoms = sample.atoms.data();
    if (sh_.coefficients) {
      if (!oracle_ || !sample.recovered)
        coefficients_.prefetch(coefficients_.correction_sums, sample.active.data(), sample.na, atoms, sample.size);
      if (oracle_) coefficients_.prefetch(coefficients_.oracle_sums, atoms, sample.size, atoms, sample.size);
    } else if (sh_.prefetch) {
      vectors_.prefetch(sample.active.data(), sample.na, out.correction);
      if (oracle_) vectors_.prefetch(atoms, sample.size, out.oracle);
    }
  }

  // The batch means from the sums over its samples, and their rounding bounds; with all rows in
  // coefficient space the sums themselves (out.sums), turned into rows once per run.
  void finish(double loss_sum, double loss_abs, double rounding_sum, BatchResult& out) {
    out.product_seconds = 0;
    const double scale = 1.0 / static_cast<double>(out.size);
    out.loss = loss_sum * scale;
    scale_rounding(sh_, rounding_sum, loss_abs, scale, out);
    if (out.sums) {
      std::swap(out.oracle_sums, coefficients_.oracle_sums);  // the next run() takes them back
      std::swap(out.correction_sums, coefficients_.correction_sums);
      return;
    }
    if (sh_.coefficients) {
      const auto start = std::chrono::steady_clock::now();
      if (oracle_) coefficients_.to_gradient(coefficients_.oracle_sums, out.oracle);
      coefficients_.to_gradient(coefficients_.correction_sums, out.correction);
      out.product_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    out.oracle *= scale;
    out.correction *= scale;
  }

  const Shared& sh_;
  bool oracle_;
  const FiringLists* lists_ = nullptr;
  Firing firing_;
  VectorAccumulation vectors_;
  CoefficientAccumulation coefficients_;
  Sample ring_[4];  // the pipeline of run()
  std::vector<double> oracle_r_;  // the oracle's ReLU outputs at the support
  std::vector<double> oracle_c_;  // and its c = <W_j, e'>, kept for the correction's squares
  VectorXd oracle_e_;             // and e' (vector space)
};

}  // namespace scae::engine
