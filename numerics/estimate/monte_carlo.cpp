#include "numerics/estimate/monte_carlo.hpp"

#include "numerics/model/autoencoder.hpp"
#include "numerics/estimate/batch_layout.hpp"
#include "numerics/estimate/batch_worker.hpp"
#include "numerics/core/distributed.hpp"
#include "numerics/estimate/engine_plan.hpp"
#include "numerics/estimate/engine_run.hpp"
#include "numerics/estimate/engine_types.hpp"
#include "numerics/estimate/run_reduction.hpp"
#include "numerics/estimate/worst_case_bounds.hpp"

#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace scae {

namespace engine {

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

}  // namespace engine

using namespace engine;

std::string MonteCarloResult::method() const {
  std::ostringstream s;
  s << samples << " samples in " << batches << " batches, confidence " << confidence
    << "; per row norm: normal approximation with the trace of the covariance from the samples' second moments "
       "and Gaussian concentration, and McDiarmid; per coordinate (named rows): batch means with Student t ("
    << batches - 1 << " dof), and Hoeffding with the worst-case bound; loss: normal approximation with the "
       "samples' variance; recovery rate: Clopper-Pearson";
  return s.str();
}

// Rows shared over processes (shared_rows.hpp): every process runs every batch, `threads` batches
// at a time, on the firing sets of their samples gathered from all processes, and hands them to
// combine(result, b) in batch order.
template <class Range, class Combine>
void run_batches_sharing_rows(const Shared& sh, const MonteCarloOptions& options, int threads, const Range& batch_range,
                              Combine& combine) {
  const int batches = options.batches;
  std::vector<BatchResult> results(static_cast<std::size_t>(threads));
  for (int first = 0; first < batches; first += threads) {
    const int count = std::min(threads, batches - first);
    const FiringLists lists = sh.block->fire(sh, options.seed, batch_range(first).first, batch_range(first + count - 1).second);
#pragma omp parallel num_threads(count)
    {
      omp_set_num_threads(1);
#pragma omp for schedule(dynamic, 1)
      for (int t = 0; t < count; ++t) {
        BatchWorker worker(sh, options.oracle);
        const auto [begin, end] = batch_range(first + t);
        worker.run(options.seed, begin, end, results[static_cast<std::size_t>(t)], &lists);
      }
    }
    for (int t = 0; t < count; ++t) combine(results[static_cast<std::size_t>(t)], first + t);
  }
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
  if (sh.block) {
    run_batches_sharing_rows(sh, options, threads, batch_range, combine);
  } else if (processes == 1) {
#pragma omp parallel num_threads(threads)
    {
      omp_set_num_threads(1);  // Eigen's products in a worker stay on its thread, also when threads = 1
      BatchWorker worker(sh, options.oracle);
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
      BatchWorker worker(sh, options.oracle);
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

MonteCarloResult engine::run_planned(const Shared& sh, const Bounds& bounds, const MonteCarloOptions& options, int threads) {
  RunReduction reduction(sh, options.oracle);
  run_batches(sh, options, threads, [&](const BatchResult& result, int) { reduction.add(result); });
  MonteCarloResult out = reduction.finish(sh.rows, bounds, options.samples, options.confidence);
  out.samples = options.samples;
  out.batches = options.batches;
  out.confidence = options.confidence;
  out.seed = options.seed;
  out.accumulation = sh.coefficients ? Accumulation::coefficients : Accumulation::vectors;
  out.screening = sh.block_screening ? Screening::blocks : sh.screening ? Screening::float_copy : Screening::off;
  return out;
}

MonteCarloResult estimate(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                          const MonteCarloOptions& options) {
  validate(a, w, eps, code, options);
  const auto h = static_cast<int>(a.cols());
  std::vector<int> rows = options.rows;
  if (rows.empty())
    for (int i = 0; i < h; ++i) rows.push_back(i);
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  const Shared sh = plan_run(a, w, eps, code, options, rows, threads);
  return run_planned(sh, worst_case_bounds(sh, w), options, threads);
}

}  // namespace scae
