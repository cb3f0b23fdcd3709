// The dense Monte Carlo estimator: the speed baseline of `scae bench` and an independent
// cross-check of the sparse engine (monte_carlo.hpp), over the same samples.
#pragma once

#include "numerics/model/code_model.hpp"
#include "numerics/core/scalar.hpp"

#include <cstdint>

namespace scae {

// Dense batched-GEMM estimator of E[∇_W L] over the same samples (4 GEMMs per batch, as a NumPy
// user would write it): the speed baseline and an independent cross-check of the sparse path.
MatrixXd estimate_gradient_dense(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                                 std::uint64_t samples, std::uint64_t seed, int batch = 1024);

}  // namespace scae
