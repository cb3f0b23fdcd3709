#include "monte_carlo.hpp"

#include "accumulation_rounding.hpp"
#include "autoencoder.hpp"
#include "batch_layout.hpp"
#include "coefficient_accumulation.hpp"
#include "engine_plan.hpp"
#include "engine_types.hpp"
#include "firing.hpp"
#include "row_moments.hpp"
#include "run_reduction.hpp"
#include "sample_draw.hpp"
#include "vector_accumulation.hpp"
#include "worst_case_bounds.hpp"
#include "budget.hpp"
#include "certified_product.hpp"
#include "distributed.hpp"
#include "mutation.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>

namespace scae {

namespace {

using namespace engine;

// One thread's batches: the samples drawn (sample_draw.hpp), fired (firing.hpp) and accumulated
// in vector or coefficient space (vector_accumulation.hpp, coefficient_accumulation.hpp) with
// their rounding bounds (accumulation_rounding.hpp).
class Worker {
public:
  Worker(const Shared& sh, bool oracle)
      : sh_(sh), oracle_(oracle), firing_(sh), vectors_(sh), coefficients_(sh), oracle_r_(sh.max_support),
        oracle_c_(sh.max_support) {
    for (Sample& sample : ring_) sample.allocate(sh);
  }

  // Samples [begin, end): the oracle gradient is accumulated for every sample, the correction
  // ∇ - ∇_oracle only for samples whose support is not recovered (it is exactly zero otherwise),
  // and ∇ = oracle + correction.
  void run(std::uint64_t seed, std::uint64_t begin, std::uint64_t end, BatchResult& out) {
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
    out.recovered = out.active = 0;
    // The loss's sums, and those of its deviations from the batch's first loss (for its variance).
    double loss_sum = 0, loss_abs = 0, rounding_sum = 0, shift = 0, deviation = 0, deviation_squares = 0;
    // A pipeline over a ring of four samples: while sample s is accumulated, sample s + 1 has
    // fired and the entries it will update are being fetched, sample s + 2 has its blocks
    // selected (block screening) and their lines of M are being fetched, and sample s + 3 is
    // drawn and its columns are being fetched.
    const auto at = [&](std::uint64_t s) -> Sample& { return ring_[s % 4]; };
    for (std::uint64_t s = begin; s < std::min(begin + 3, end); ++s) draw(sh_, seed, s, at(s));
    for (std::uint64_t s = begin; s < std::min(begin + 2, end); ++s) firing_.select_blocks(at(s));
    firing_.fire(at(begin));
    for (std::uint64_t s = begin; s < end; ++s) {
      if (s + 1 < end) {
        firing_.fire(at(s + 1));
        prefetch_entries(at(s + 1), out);
      }
      if (s + 2 < end) firing_.select_blocks(at(s + 2));
      if (s + 3 < end) draw(sh_, seed, s + 3, at(s + 3));
      const Sample& sample = at(s);
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
  Firing firing_;
  VectorAccumulation vectors_;
  CoefficientAccumulation coefficients_;
  Sample ring_[4];  // the pipeline of run()
  std::vector<double> oracle_r_;  // the oracle's ReLU outputs at the support
  std::vector<double> oracle_c_;  // and its c = <W_j, e'>, kept for the correction's squares
  VectorXd oracle_e_;             // and e' (vector space)
};

void validate(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
              const MonteCarloOptions& o) {
  check_model_shapes(a, w, eps, code);
  const auto h = a.cols();
  if (!a.allFinite() || !w.allFinite() || !eps.allFinite()) throw std::invalid_argument("A*, W and eps must be finite");
  if (o.batches < 2) throw std::invalid_argument("batches = " + std::to_string(o.batches) + "; accepted: [2, samples]");
  if (o.samples < static_cast<std::uint64_t>(o.batches))
    throw std::invalid_argument("samples = " + std::to_string(o.samples) + "; accepted: [batches, inf) = [" + std::to_string(o.batches) + ", inf)");
  if (!(o.confidence > 0 && o.confidence < 1)) throw std::invalid_argument("confidence must lie in (0, 1)");
  for (const int r : o.rows)
    if (r < 0 || r >= h) throw std::invalid_argument("row " + std::to_string(r) + "; accepted: [0, " + std::to_string(h - 1) + "]");
}

}  // namespace

std::string to_string(Accumulation a) {
  switch (a) {
    case Accumulation::automatic: return "automatic";
    case Accumulation::vectors: return "vectors";
    case Accumulation::coefficients: return "coefficients";
  }
  return "";
}

std::string MonteCarloResult::method() const {
  std::ostringstream s;
  s << samples << " samples in " << batches << " batches, confidence " << confidence
    << "; per row norm: normal approximation with the trace of the covariance from the samples' second moments "
       "and Gaussian concentration, and McDiarmid; per coordinate (named rows): batch means with Student t ("
    << batches - 1 << " dof), and Hoeffding with the worst-case bound; loss: normal approximation with the "
       "samples' variance; recovery rate: Clopper-Pearson";
  return s.str();
}

// Runs the batches on `threads` threads (and, when distributed, across processes) and hands their
// results to combine(result, b) in batch order, so the bits do not depend on either count.
template <class Combine> void run_batches(const Shared& sh, const MonteCarloOptions& options, int threads, Combine&& combine) {
  const Eigen::Index n = sh.a.rows();
  const int batches = options.batches;
  const std::uint64_t total = options.samples;
  const auto batch_range = [&](int b) {
    return std::pair{total * static_cast<std::uint64_t>(b) / batches, total * static_cast<std::uint64_t>(b + 1) / batches};
  };

  const int processes = options.distributed ? process_count() : 1;
  if (processes == 1) {
#pragma omp parallel num_threads(threads)
    {
      omp_set_num_threads(1);  // Eigen's products in a worker stay on its thread, also when threads = 1
      Worker worker(sh, options.oracle);
      BatchResult result;
#pragma omp for ordered schedule(dynamic, 1)
      for (int b = 0; b < batches; ++b) {
        const auto [begin, end] = batch_range(b);
        worker.run(options.seed, begin, end, result);
#pragma omp ordered
        combine(result, b);
      }
    }
  } else {
    // This process's batches, packed (batch_layout.hpp); all batches are then gathered on every
    // process and combined in batch order as above.
    const BatchLayout layout{n, sh.wanted, sh.coefficients && sh.all_rows ? static_cast<int>(sh.a.cols()) : 0, sh.oracle};
    // With all rows in coefficient space a block carries the batch's h x h sums: MPI's int counts
    // bound the gather.
    if (static_cast<double>(layout.size()) * batches > std::numeric_limits<int>::max())
      throw std::invalid_argument("batches = " + std::to_string(batches) + " of " + std::to_string(layout.size()) +
                                  " doubles each exceed one MPI gather; accepted: fewer batches or named rows");
    const int block = static_cast<int>(layout.size());
    std::vector<int> mine;
    for (int b = process_rank(); b < batches; b += processes) mine.push_back(b);
    std::vector<double> packed(mine.size() * layout.size());
#pragma omp parallel num_threads(threads)
    {
      omp_set_num_threads(1);
      Worker worker(sh, options.oracle);
      BatchResult result;
#pragma omp for schedule(dynamic, 1)
      for (std::size_t i = 0; i < mine.size(); ++i) {
        const auto [begin, end] = batch_range(mine[i]);
        worker.run(options.seed, begin, end, result);
        layout.pack(result, packed.data() + i * layout.size());
      }
    }
    const std::vector<double> all = gather_round_robin_blocks(packed, batches, block);
    BatchResult result;
    for (int b = 0; b < batches; ++b) {
      layout.unpack(all.data() + static_cast<std::size_t>(b) * layout.size(), result);
      combine(result, b);
    }
  }

}

MonteCarloResult estimate(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                          const MonteCarloOptions& options) {
  validate(a, w, eps, code, options);
  const auto h = static_cast<int>(a.cols());
  std::vector<int> rows = options.rows;
  if (rows.empty())
    for (int i = 0; i < h; ++i) rows.push_back(i);

  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  Shared sh = plan_run(a, w, eps, code, options, rows, threads);
  const Bounds bounds = worst_case_bounds(sh, w);

  RunReduction reduction(sh, options.oracle);
  run_batches(sh, options, threads, [&](const BatchResult& result, int) { reduction.add(result); });
  MonteCarloResult out = reduction.finish(rows, bounds, options.samples, options.confidence);
  out.samples = options.samples;
  out.batches = options.batches;
  out.confidence = options.confidence;
  out.seed = options.seed;
  out.accumulation = sh.coefficients ? Accumulation::coefficients : Accumulation::vectors;
  return out;
}

}  // namespace scae
