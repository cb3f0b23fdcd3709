// Worst-case per-sample quantities of the Monte Carlo engine (monte_carlo.hpp), for the Hoeffding
// and McDiarmid statements and the correction bound. Internal to numerics/estimate.
#pragma once

#include "numerics/estimate/engine_types.hpp"

#include <vector>

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

// The pieces of worst_case_bounds, for M's rows held in blocks (shared_rows.hpp). With the rows
// [first, first + m.rows()) of M: adds P_l's terms of those rows to p in row order; sets r_max and
// r_oracle of those rows (eps_rows their biases). Then the bounds from p, every row's r_max and r_oracle.
void add_positive_column_sums(const MatrixXd& m, Eigen::Index first, const VectorXd& w_norms, std::vector<double>& p);
void row_extremes(const MatrixXd& m, const VectorXd& eps_rows, double a2, int kmax, int threads, double* r_max, double* r_oracle);
Bounds bounds_from_rows(const Shared& sh, const VectorXd& w_norms, const std::vector<double>& p,
                        const std::vector<double>& r_max, const std::vector<double>& r_oracle);

}  // namespace scae::engine
