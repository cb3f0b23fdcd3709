// The paper's "gradient descent started far away ends up columnwise very close to A*" (docs/theory.md §2
// item 3; the authors' code starts every column at distance 2 from A*_i), measured: gradient
// descent W ← W − η ∇E[L] on the population loss (L = ½‖ŷ − y‖², the regime's fixed bias ε) from
// starts with every row at distance d from A*_i (numerics/model/near_point.hpp, the same random unit
// directions for every d), with η = step_scale / (q_1 m2), q_1 m2 being the natural scale of
// ‖E∇_{W_i}‖ (docs/theory.md §6).
//
// The gradient of each step is the closed form of the oracle gradient E∇_oracle
// (theory/expected_gradient.hpp, in double) plus the correction E[∇ − ∇_oracle] (docs/theory.md §4):
//  * when deterministic support recovery is certified at the iterate (theory/support_recovery.hpp:
//    every ε_j inside its exact window [off_j, on_j), in MPFI from the rigorous bounds of M = W A*),
//    the correction is zero and the step uses the exact population gradient;
//  * otherwise the correction is the mean over a mini-batch of B samples of Philox (seed,
//    Stream::descent) with counters (run r, step t) → (r · steps + t) · B + s, s < B
//    (theory/sampled_loss.hpp: identical for any thread count). This is an unbiased mini-batch
//    estimate of the population gradient whose noise comes only from the samples the ReLU does not
//    recover (a control variate: near A* almost every sample is recovered).
// Optionally (normalise_rows) every row is rescaled to unit norm after each step; off by default
// (plain gradient descent). Recorded per iteration: max, mean and min of ‖W_i − A*_i‖ over rows,
// and the loss E[L] estimated on a fixed evaluation set (the first `loss_samples` samples of the
// regime's stream (seed, Stream::codes), the same for every iteration).
//
// Verdict per start, with one threshold for every start (the paper claims columnwise closeness at
// the end, not a relative improvement): CONSISTENT when the final max_i ‖W_i − A*_i‖ <=
// close_distance; otherwise INCONCLUSIVE while the run is still approaching (the max distance fell
// by more than 1 % over the last tenth of the steps: more steps would be needed) and INCONSISTENT
// when it is not (stalled or moving away), or when the iterate became non-finite.
// close_distance = 1/4 by default: a row within 1/4 of a unit column A*_i has <W_i, A*_i> >= 3/4
// and |<W_i, A*_j>| <= μ/√n + 1/4 for j ≠ i, so whenever μ/√n < 1/2 it is nearer its own atom
// than any other, and its cosine with A*_i is at least cos(asin(1/4)) ≈ 0.968.
#pragma once

#include "numerics/model/code_model.hpp"
#include "numerics/core/scalar.hpp"
#include "theory/verdict.hpp"

#include <cstdint>
#include <limits>
#include <vector>

namespace scae {

struct DescentOptions {
  std::vector<double> distances = {2, 1, 0.5};  // each in [0, 10]
  int steps = 40;                               // in [1, 100000]
  double step_scale = 0.25;                     // η q_1 m2, in (0, 100]
  std::uint64_t batch = 4096;                   // mini-batch samples, in [chunks, 1e8]
  int chunks = 16;                              // fixed sub-ranges of a mini-batch, in [1, 1024]
  std::uint64_t loss_samples = 4096;            // evaluation set, in [1, 1e8]
  bool normalise_rows = false;
  double close_distance = 0.25;                 // the verdict's threshold, in (0, 10]
  std::uint64_t seed = 1;
  int threads = 0;
  // A point to compare every end point with (h × n): the critical point W° of E L nearest A*ᵀ
  // (theory/critical_point.hpp); empty: none.
  MatrixXd reference;
};

// An end point W against a point R row by row: ‖W − R‖_F, max_i ‖W_i − R_i‖ and the smallest and mean
// columnwise cosine cos(W_i, R_i) (the paper's "columnwise close"). NaN throughout when R is empty
// (and for a diverged run).
struct RowComparison {
  static constexpr double none = std::numeric_limits<double>::quiet_NaN();
  double frobenius = none, max_row = none, min_cosine = none, mean_cosine = none;
};
// Throws std::invalid_argument when R is neither empty nor of W's shape.
RowComparison compare_rows(const MatrixXd& w, const MatrixXd& r);

// Throws std::invalid_argument naming the option and its accepted range.
void validate(const DescentOptions& options);

struct DescentRun {
  double start_distance = 0;
  // Per iteration 0..steps (iteration 0 is the start); a diverged run stops at its last finite iterate.
  std::vector<double> max_distance, mean_distance, min_distance, loss;
  std::vector<bool> exact;  // per step 1..steps: the exact gradient was used
  int exact_steps = 0;
  bool diverged = false;             // W became non-finite (INCONSISTENT)
  double final_mean_norm = 0;        // mean ‖W_i‖ at the end
  double final_min_cosine = 0;       // min_i cos(W_i, A*_i) at the end
  RowComparison to_a_star;           // the end point against A*ᵀ
  RowComparison to_reference;        // the end point against DescentOptions::reference (NaN without one)
  Outcome outcome = Outcome::inconclusive;
};

struct Descent {
  double step_size = 0;  // η
  std::vector<DescentRun> runs;
  Verdict verdict;       // every start ends within close_distance
};

// What a run did, in words: within the threshold, still approaching, stalled, moved away or diverged.
std::string run_behaviour(const DescentRun& run, const DescentOptions& options);

// One run from w0 (h × n); `run` numbers the mini-batch counters.
DescentRun descend(const MatrixXd& a, const MatrixXd& w0, const VectorXd& eps, const CodeModel& code,
                   const DescentOptions& options, int run);

// Runs one descent per start distance; under MPI the runs are shared out across processes
// (distribute_tasks) and every process gets all of them, bit for bit as one process computes them.
Descent gradient_descent(const MatrixXd& a, const VectorXd& eps, const CodeModel& code, const DescentOptions& options);

}  // namespace scae
