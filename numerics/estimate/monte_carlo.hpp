// Monte Carlo engine: estimates, for (A*, W, eps, code law), E[∇_W L] (all rows or chosen rows),
// E[L], the support-recovery rate P(supp ReLU(W y - eps) = supp x*), the oracle gradient
// E[∇_oracle] and the oracle correction E[∇ - ∇_oracle] (docs/theory.md §3, §4).
//
// Sparse path. y = A* x* has |S| nonzeros, so u = W y = M x*_S with M = W A* precomputed costs
// h|S|; only the units J that fire get a gradient, ∇_{W_j} = r_j e + <W_j, e> y with
// e = W^T r - y = Σ_{j∈J} r_j W_j - y, costing O(n(|J| + |S|)) per sample. The oracle gradient
// (J = S, r_j = u_j - eps_j) is accumulated for every sample and the correction ∇ - ∇_oracle only
// for samples whose support is not recovered (it is exactly zero otherwise); ∇ is their sum.
//
// Accumulation. Either in vector space (each firing unit adds r_j e + c_j y to its row, O(n) per
// unit) or in coefficient space: with e = W^T r - y and y = A* x*, the per-sample gradient rows
// of J are r_J e^T + c_J y^T = r_J r_J^T W_J - (r_J - c_J) x*_S^T A*_S^T, so a batch sums the h x h
// matrices Q = Σ r r^T and P = Σ (c - r) x*^T (O(|J|^2 + |J||S|) scalars per sample). With all rows
// the batches' sums are added up in batch order and the run ends with one product Q W + P A*^T
// (coefficient_totals.hpp); with named rows each batch ends with the product restricted to them.
// c_J = G_JJ r_J - u_J (G = W W^T) and ½‖e‖² = ½(r·c - r·u_J + x*^T (A*^T A*) x*).
// Q, G and A*^T A* are kept as packed upper triangles (half the cache footprint).
// `automatic` takes coefficients when its products, counted at an eighth (GEMM speed), and the
// adding up of the batches' sums cost less than the 4 n k multiply-adds per sample the vector path
// spends at least (k = E|S|), and when its h x h matrices take less than a quarter of the memory.
//
// Rounding. Near A* the coefficient-space loss cancels terms of size ‖y‖², and Q W + P A*^T terms
// of the size of the rows; every loss and gradient row carries a bound on its floating-point error
// (ScalarEstimate::rounding, GradientEstimate::rounding; derivation at rounding_terms in
// accumulation_rounding.hpp) that comparisons add to their statistical radius.
//
// Screening. At large h, u = M x* is first computed from a float copy of M (half the memory
// traffic) and recomputed exactly, as without screening, for the units whose float value exceeds
// eps_j minus a rigorous bound of the float rounding: the firing set and every number are the
// same as without screening (derivation at the thresholds in engine_plan.cpp). Where an upper bound
// of u over blocks of 8 units skips most blocks (at R2 and R3), only the blocks that pass it are
// tested in float (block screening, derivation at choose_block_screening in engine_plan.cpp).
//
// Pipeline. A worker draws sample s + 3 (fetching its columns of M or of the block bounds),
// selects the blocks of sample s + 2 (fetching their lines of M), and fires sample s + 1 (fetching
// the entries of the sums it will update) while it accumulates sample s; the order of every
// operation on a number is that of one sample after the other.
//
// Reproducibility. Sample s is Philox(seed, Stream::codes, s). The samples are cut into B batches
// of fixed index ranges; each batch is summed sequentially by one thread and batch results are
// combined in batch order (run_reduction.hpp), so results are bitwise identical for any thread or
// process count.
//
// Confidence (see confidence.hpp). The samples are i.i.d.; batches only fix the order of the sums.
// Per row norm, for every row: the normal approximation with the trace of the covariance of the
// mean from the samples' second moments Σ ‖g_i‖² (one scalar per firing unit and sample,
// row_moments.hpp) and Gaussian concentration, and McDiarmid with a worst-case bound of the row.
// Per coordinate, for named rows (options.rows) only: Student t on the B batch means (whose
// products are restricted to those rows) and Hoeffding. The loss: normal approximation with the
// samples' variance (Chan's pairwise update over the batches, in batch order). Clopper-Pearson for
// the recovery rate.
#pragma once

#include "numerics/model/code_model.hpp"
#include "numerics/core/confidence.hpp"
#include "numerics/core/enum_names.hpp"
#include "numerics/core/scalar.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace scae {

enum class Accumulation { automatic, vectors, coefficients };
template <> struct Vocabulary<Accumulation> {
  static constexpr std::string_view what = "accumulation";
  static constexpr std::array<EnumName<Accumulation>, 3> names{
      {{Accumulation::automatic, "automatic"}, {Accumulation::vectors, "vectors"}, {Accumulation::coefficients, "coefficients"}}};
};

// How the firing test found its candidates: the exact test at every unit, a float copy of M, or
// blocks of 8 units first (same firing units in every case).
enum class Screening { off, float_copy, blocks };
template <> struct Vocabulary<Screening> {
  static constexpr std::string_view what = "screening";
  static constexpr std::array<EnumName<Screening>, 3> names{
      {{Screening::off, "off"}, {Screening::float_copy, "float"}, {Screening::blocks, "blocks"}}};
};

struct MonteCarloOptions {
  std::uint64_t samples = 100000;
  std::uint64_t seed = 1;
  double confidence = 0.95;
  int batches = 64;
  std::vector<int> rows;  // empty: all rows (then no per-coordinate Student t intervals)
  bool oracle = true;     // also estimate the oracle gradient and the correction
  int threads = 0;        // 0: OpenMP's default
  Accumulation accumulation = Accumulation::automatic;  // results agree to rounding
  std::optional<bool> screening;  // float screening of u (unset: when M = W A* exceeds 2 MB); same results
  // Under MPI (distributed.hpp): process p runs the batches b with b % processes = p, and every
  // process combines all batches in batch order, so the result is bitwise that of one process.
  bool distributed = false;
  // Under MPI with more than one process: each process holds a contiguous block of rows of M = W A*
  // and finds which of its units fire; the firing sets are gathered in unit order and every process
  // runs every batch on them, so the result is bitwise that of one process (shared_rows.hpp). Needs
  // oracle = false and vector accumulation; takes precedence over `distributed`.
  bool share_rows = false;
};

struct GradientEstimate {
  std::vector<int> rows;
  MatrixXd mean;                 // |rows| x n
  MatrixXd halfwidth;            // per coordinate, batch means + Student t (named rows only; else 0 x n)
  MatrixXd halfwidth_bounded;    // per coordinate, Hoeffding
  VectorXd norm;                 // ‖mean row‖
  VectorXd norm_radius;          // trace from per-sample second moments, Gaussian concentration
  VectorXd norm_radius_bounded;  // McDiarmid
  VectorXd bound;                // worst-case ‖∇_{W_i}‖ over all samples, used by the bounded methods
  VectorXd rounding;             // bound on ‖computed mean row - exact mean of the samples' rows‖
};

struct ScalarEstimate {
  double mean = 0;
  double halfwidth = 0;          // per-sample variance + normal quantile
  double halfwidth_bounded = 0;  // Hoeffding
  double rounding = 0;           // bound on the floating-point error of mean (0: not tracked)
};

struct MonteCarloResult {
  std::uint64_t samples = 0;
  int batches = 0;
  double confidence = 0;
  std::uint64_t seed = 0;
  GradientEstimate gradient;
  GradientEstimate oracle_gradient;    // E[∇_oracle] (empty unless options.oracle)
  GradientEstimate correction;         // E[∇ - ∇_oracle]
  ScalarEstimate loss;
  RateEstimate recovery;
  double mean_active_units = 0;        // average number of units that fire
  std::uint64_t fired = 0;             // runs given a unit (row_conditional.hpp): samples where it fires; else all
  double product_seconds = 0;          // thread-seconds in the batch products Q W + P A*^T (timing only)
  Accumulation accumulation = Accumulation::vectors;  // the one used (never automatic)
  Screening screening = Screening::off;               // the one used
  std::string method() const;
};

MonteCarloResult estimate(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                          const MonteCarloOptions& options);

}  // namespace scae
