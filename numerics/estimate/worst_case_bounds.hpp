// Worst-case per-sample quantities of the Monte Carlo engine (monte_carlo.hpp), for the Hoeffding
// and McDiarmid statements and the correction bound. Internal to numerics/estimate.
#pragma once

#include "numerics/estimate/engine_types.hpp"

namespace scae::engine {

// Worst-case ‖∇_{W_i}‖ (and of the oracle gradient) over every possible sample, and the largest
// loss, for supports of at most K atoms with values in [0, a2]:
//   ‖y‖ <= Y = a2 (sum of the K largest ‖A*_l‖);  r_j <= Σ_{l∈S} x_l max(M_jl, 0) + max(-eps_j, 0);
//   ‖W^T r‖ <= a2 (sum of the K largest P_l) + Σ_j max(-eps_j, 0)‖W_j‖, P_l = Σ_j max(M_jl, 0)‖W_j‖;
//   ‖∇_{W_i}‖ <= |r_i| ‖e‖ + ‖W_i‖ ‖e‖ Y.
struct Bounds {
  VectorXd gradient, oracle;
  double loss = 0;
};

Bounds worst_case_bounds(const Shared& sh, const MatrixXd& w);

}  // namespace scae::engine
