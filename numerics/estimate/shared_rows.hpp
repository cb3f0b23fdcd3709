// A run's rows of M = W A* shared over processes (MonteCarloOptions::share_rows; docs/mpi.md,
// "One point's rows over processes"). Process p holds the rows row_block(h, N, p, shared_row_chunk)
// of M, their float copy and block bounds, and finds which of its units fire for every sample. The
// lists are gathered and concatenated in process order, which is ascending unit order, so every
// process gets each sample's firing set and ReLU outputs with the bits of one process (each u_j is
// one fma chain in the sample's atom order, on whichever process computes it); every process then
// accumulates every batch as one process does. The worst-case bounds add P_l over the rows in row
// order by passing the partial sums from process to process. Internal to numerics/estimate.
#pragma once

#include "numerics/core/distributed.hpp"
#include "numerics/estimate/engine_types.hpp"
#include "numerics/estimate/monte_carlo.hpp"
#include "numerics/estimate/sample_draw.hpp"
#include "numerics/estimate/worst_case_bounds.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace scae::engine {

// Rows per chunk: a multiple of 8 (block screening) and of 240, so that a block of rows of
// fixed_order_product has the bits of the same rows of the whole product (engine_plan.hpp).
inline constexpr int shared_row_chunk = 240;

// Bytes one of `processes` processes holds for a run sharing rows at (n, h): the caller's A* and W
// and the plan's padded W^T and A* (4nh), and of its block of h/N rows: M, its float copy and block
// bounds (1.5625 h²/N) and W's rows copied for the product (nh/N).
std::uint64_t shared_rows_bytes(Eigen::Index n, Eigen::Index h, int processes);
inline constexpr const char* shared_rows_memory_model = "8 bytes x (4nh + (1.5625h^2 + nh)/N) per process, N processes";

// The firing sets of samples [begin, begin + start.size() - 1): sample s's units (ascending) and
// ReLU outputs are units and r over [start[s - begin], start[s - begin + 1]).
struct FiringLists {
  std::uint64_t begin = 0;
  std::vector<std::size_t> start{0};
  std::vector<int> units;
  std::vector<double> r;

  // Sets the drawn sample's na, active, r, recovered and, drawn given a unit, skipped (that unit
  // does not fire; then nothing fires), as Firing::fire and draw() set them.
  void fill(Sample& sample, std::uint64_t index, const SupportCondition& condition) const;
};

// Appends one sample's list of a process to `encoded`: its count, then (first + unit, output) pairs.
void encode_firing(std::vector<double>& encoded, int first, const int* units, const double* r, int count);

// The processes' encoded lists of `samples` samples from `begin` (`all`: every process's in process
// order, `lengths` each one's length), combined in process order. Refuses (std::invalid_argument) a
// list whose units are not ascending or lie outside its process's block, blocks that are not
// contiguous from row 0 in process order, and lengths that do not add up to `samples` samples per process.
FiringLists merge_firing_lists(const std::vector<double>& all, const std::vector<int>& lengths,
                               const std::vector<RowBlock>& blocks, std::uint64_t begin, std::uint64_t samples);

class RowBlockFiring {
public:
  // Refuses (ResourceRefusal, budget.hpp) a process's part above the memory limit, naming it.
  RowBlockFiring(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                 const MonteCarloOptions& options, int threads);
  RowBlockFiring(const RowBlockFiring&) = delete;  // local_ refers to eps_
  RowBlockFiring& operator=(const RowBlockFiring&) = delete;

  // Samples [begin, end) drawn as `run` draws them (its law or condition), this process's units
  // fired, and every process's lists gathered: the whole firing sets (empty where the run's given unit
// does not fire). Collective.
  FiringLists fire(const Shared& run, std::uint64_t seed, std::uint64_t begin, std::uint64_t end) const;

  // worst_case_bounds(run, w) with M's rows held by the processes; the same bits. Collective.
  Bounds bounds(const Shared& run, const MatrixXd& w) const;

private:
  // Given run.condition's unit: per sample of [begin, end), whether that unit does not fire, decided
  // by the process that holds its row and sent to all. Collective.
  std::vector<unsigned char> skipped(const Shared& run, std::uint64_t seed, std::uint64_t begin, std::uint64_t end) const;

  std::vector<RowBlock> blocks_;
  RowBlock mine_;
  VectorXd eps_;                  // the biases of this process's rows
  std::unique_ptr<Shared> local_;  // their rows of M and screening (null: this process has none)
  int threads_;
};

}  // namespace scae::engine
