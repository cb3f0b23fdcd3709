#include "monte_carlo.hpp"

#include "accumulation_rounding.hpp"
#include "autoencoder.hpp"
#include "batch_layout.hpp"
#include "batch_statistics.hpp"
#include "coefficient_accumulation.hpp"
#include "engine_plan.hpp"
#include "engine_types.hpp"
#include "firing.hpp"
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
      : sh_(sh), oracle_(oracle), firing_(sh), vectors_(sh), coefficients_(sh), oracle_r_(sh.max_support) {
    for (Sample& sample : ring_) sample.allocate(sh);
  }

  // Samples [begin, end): the oracle gradient is accumulated for every sample, the correction
  // ∇ - ∇_oracle only for samples whose support is not recovered (it is exactly zero otherwise),
  // and ∇ = oracle + correction.
  void run(std::uint64_t seed, std::uint64_t begin, std::uint64_t end, BatchResult& out) {
    out.oracle.setZero(sh_.padded, sh_.wanted);
    out.correction.setZero(sh_.padded, sh_.wanted);
    out.oracle_rounding.setZero(sh_.wanted);
    out.correction_rounding.setZero(sh_.wanted);
    if (sh_.coefficients) coefficients_.reset();
    out.size = end - begin;
    out.recovered = out.active = 0;
    double loss_sum = 0, loss_abs = 0, rounding_sum = 0;
    // A pipeline over a ring of three samples: while sample s is accumulated, sample s + 1 has
    // fired and the entries it will update are being fetched, and sample s + 2 is drawn and its
    // columns of M are being fetched.
    const auto at = [&](std::uint64_t s) -> Sample& { return ring_[s % 3]; };
    draw(sh_, seed, begin, at(begin));
    firing_.fire(at(begin));
    if (begin + 1 < end) draw(sh_, seed, begin + 1, at(begin + 1));
    for (std::uint64_t s = begin; s < end; ++s) {
      if (s + 1 < end) {
        firing_.fire(at(s + 1));
        prefetch_entries(at(s + 1), out);
      }
      if (s + 2 < end) draw(sh_, seed, s + 2, at(s + 2));
      const Sample& sample = at(s);
      out.active += static_cast<std::uint64_t>(sample.na);
      out.recovered += sample.recovered;
      const Loss loss = accumulate(sample, out);
      loss_sum += loss.value;
      loss_abs += std::abs(loss.value);
      rounding_sum += loss.rounding;
    }
    finish(loss_sum, loss_abs, rounding_sum, out);
  }

private:
  // A sample's loss and a bound on its floating-point error.
  struct Loss {
    double value = 0, rounding = 0;
  };

  // Adds the gradients of `sample` to the batch (the gradient alone, kept in `correction`, or
  // the oracle gradient and, when the support is not recovered, ∇ - ∇_oracle); returns its loss.
  Loss accumulate(const Sample& sample, BatchResult& out) {
    if (sh_.coefficients)
      coefficients_.set_sample(sample);
    else
      vectors_.set_sample(sample);
    const int* active = sample.active.data();
    if (!oracle_)
      return add(sample, coefficients_.correction_sums, out.correction, out.correction_rounding, active, sample.r.data(), sample.na, +1.0);
    const int* atoms = sample.atoms.data();
    for (int t = 0; t < sample.size; ++t) oracle_r_[t] = sample.u[atoms[t]] - sh_.eps(atoms[t]);
    Loss loss = add(sample, coefficients_.oracle_sums, out.oracle, out.oracle_rounding, atoms, oracle_r_.data(), sample.size, +1.0);
    if (!sample.recovered) {
      loss = add(sample, coefficients_.correction_sums, out.correction, out.correction_rounding, active, sample.r.data(), sample.na, +1.0);
      add(sample, coefficients_.correction_sums, out.correction, out.correction_rounding, atoms, oracle_r_.data(), sample.size, -1.0);
    }
    return loss;
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

  // The batch means from the sums over its samples, and their rounding bounds.
  void finish(double loss_sum, double loss_abs, double rounding_sum, BatchResult& out) {
    out.product_seconds = 0;
    if (sh_.coefficients) {
      const auto start = std::chrono::steady_clock::now();
      if (oracle_) coefficients_.to_gradient(coefficients_.oracle_sums, out.oracle);
      coefficients_.to_gradient(coefficients_.correction_sums, out.correction);
      out.product_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    const double scale = 1.0 / static_cast<double>(out.size);
    out.oracle *= scale;
    out.correction *= scale;
    out.loss = loss_sum * scale;
    scale_rounding(sh_, rounding_sum, loss_abs, scale, out);
  }

  const Shared& sh_;
  bool oracle_;
  Firing firing_;
  VectorAccumulation vectors_;
  CoefficientAccumulation coefficients_;
  Sample ring_[3];  // the pipeline of run()
  std::vector<double> oracle_r_;  // the oracle's ReLU outputs at the support
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
    << "; per coordinate: batch means with Student t (" << batches - 1
    << " dof) and Hoeffding with the worst-case bound; per row norm: batch-means trace with Gaussian "
       "concentration and McDiarmid; recovery rate: Clopper-Pearson";
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
    const BatchLayout layout{n, sh.wanted};
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

  const Eigen::Index n = a.rows();
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  Shared sh = plan_run(a, w, eps, code, options, rows, threads);
  const Bounds bounds = worst_case_bounds(sh, w);

  const int batches = options.batches;
  const std::uint64_t total = options.samples;
  BatchStatistics grad_stats, corr_stats, oracle_stats;
  double loss_mean = 0, loss_m2 = 0, loss_total = 0, loss_abs_total = 0, rounding_total = 0;
  std::uint64_t recovered = 0, active = 0;
  double product_seconds = 0;
  run_batches(sh, options, threads, [&](const BatchResult& result, int b) {
    const Eigen::Ref<const MatrixXd> oracle = result.oracle.topRows(n), correction = result.correction.topRows(n);
    if (options.oracle) {
      grad_stats.add(oracle, &correction, result.size, result.oracle_rounding + result.correction_rounding);
      corr_stats.add(correction, nullptr, result.size, result.correction_rounding);
      oracle_stats.add(oracle, nullptr, result.size, result.oracle_rounding);
    } else {
      grad_stats.add(correction, nullptr, result.size, result.correction_rounding);
    }
    const double delta = result.loss - loss_mean;
    loss_mean += delta / (b + 1);
    loss_m2 += delta * (result.loss - loss_mean);
    loss_total += result.loss * static_cast<double>(result.size);
    loss_abs_total += std::abs(result.loss) * static_cast<double>(result.size);
    rounding_total += result.loss_rounding * static_cast<double>(result.size);
    recovered += result.recovered;
    active += result.active;
    product_seconds += result.product_seconds;
  });

  MonteCarloResult out;
  out.samples = total;
  out.batches = batches;
  out.confidence = options.confidence;
  out.seed = options.seed;
  out.gradient = summarise(grad_stats, rows, bounds.gradient, total, options.confidence);
  if (options.oracle) {
    out.oracle_gradient = summarise(oracle_stats, rows, bounds.oracle, total, options.confidence);
    out.correction = summarise(corr_stats, rows, bounds.gradient + bounds.oracle, total, options.confidence);
  }
  const double t = student_t_quantile(1 - (1 - options.confidence) / 2, batches - 1);
  out.loss.mean = loss_total / static_cast<double>(total);
  out.loss.halfwidth = t * std::sqrt(loss_m2 / (static_cast<double>(batches - 1) * batches));
  out.loss.halfwidth_bounded = hoeffding_halfwidth(bounds.loss, total, options.confidence);
  // The batches' bounds, the weighted sum over batches and the division (each product of a batch
  // size and a mean, and the division, rounds once more).
  out.loss.rounding = (1 + higham_gamma(3)) * (rounding_total + higham_gamma(batches + 4) * loss_abs_total) / static_cast<double>(total);
  out.recovery = clopper_pearson(recovered, total, options.confidence);
  out.mean_active_units = static_cast<double>(active) / static_cast<double>(total);
  out.product_seconds = product_seconds;
  out.accumulation = sh.coefficients ? Accumulation::coefficients : Accumulation::vectors;
  return out;
}

}  // namespace scae
