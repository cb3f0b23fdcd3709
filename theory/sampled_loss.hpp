// Monte Carlo loss and gradient of the autoencoder (docs/theory.md §1, §3; loss ½‖ŷ − y‖²) over samples
// of a chosen Philox stream, for the paper's experiments (loss slices, gradient descent). Sample s
// is the code drawn from Philox(seed, stream, s), so a caller can give each experiment its own
// stream and pass global sample indices as counters. Samples are cut into fixed index ranges
// (batches), each summed sequentially by one thread and combined in batch order: results are
// bitwise identical for any thread count. Sparse evaluation as in numerics/estimate/monte_carlo.hpp:
// u = W y = (W A*) x*_S costs h|S|, and only the units that fire enter e = Wᵀ r − y.
#pragma once

#include "numerics/model/code_model.hpp"
#include "numerics/core/philox_stream.hpp"
#include "numerics/core/scalar.hpp"

#include <cstdint>
#include <span>

namespace scae {

struct SampleRange {
  std::uint64_t seed = 1;
  Stream stream = Stream::descent;
  std::uint64_t first = 0;  // global index of the first sample
  std::uint64_t count = 0;
  int batches = 1;          // fixed sub-ranges: [first + count b / B, first + count (b + 1) / B)
};

// Draws sample `index` of (seed, stream): its support atoms and values; returns the support size.
int draw_code(const CodeModel& code, std::uint64_t seed, Stream stream, std::uint64_t index, int* atoms, double* values);

// Batch means of L along the line W(t) = centre + t · direction (h × n each) for every t in `ts`,
// with common random numbers (the same samples for every t): a batches × |ts| matrix. An empty
// direction (0 × 0) stands for D = 0: the loss at the centre alone.
MatrixXd line_batch_losses(const MatrixXd& a, const MatrixXd& centre, const MatrixXd& direction, const VectorXd& eps,
                           const CodeModel& code, std::span<const double> ts, const SampleRange& range, int threads);

// Mean over the samples of the true per-sample gradient ∇_W L (h × n).
MatrixXd sampled_gradient(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                          const SampleRange& range, int threads);
// Mean over the samples of ∇_W L − ∇_W L_oracle (numerics/model/autoencoder.hpp: the oracle uses the
// support S of x*); zero on every sample whose support the ReLU recovers.
MatrixXd sampled_correction(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                            const SampleRange& range, int threads);

}  // namespace scae
