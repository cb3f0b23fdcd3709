// The critical point W° of the expected loss nearest to A*ᵀ (issue 25; docs/theory.md, "The landscape
// near A*"). A numerical search, not a proof: the certificate that W° is a strict local minimum is
// theory/landscape_certificate (another file).
//
// 1. Radial root. Along W = (1 + t) A*ᵀ, g(t) = ⟨E∇((1 + t)A*ᵀ), A*ᵀ⟩ = d/dt E L((1 + t)A*ᵀ) and each
//    row's g_i(t) = ⟨E∇_{W_i}, A*_i⟩ are cubics in t: four evaluations of E∇ (t = −½, 0, ½, 1)
//    determine them exactly (Lagrange interpolation), and the root of each nearest to t = 0 in
//    [−1, 3] is bracketed on a grid of step 1/1000 and bisected to double precision.
// 2. Newton–CG from (1 + t*) A*ᵀ: the step d solves H d = −∇ by conjugate gradients with the exact
//    Hessian-vector products of hessian_vector.hpp, to the relative residual min(0.1, ‖∇‖/‖∇_0‖)
//    (quadratic convergence); CG stops early on a direction of non-positive curvature (then d is the
//    CG iterate so far, or −∇ on the first). Step length by backtracking from 1: accepted when E L
//    falls by at least 10⁻⁴ α |⟨∇, d⟩| (Armijo), or, where a change of E L is below its rounding
//    (10⁻¹² |E L|), when ‖∇‖_F falls. Stops when max_i ‖E∇_{W_i}‖ / (q_i m2) < tolerance.
#pragma once

#include "theory/expected_loss.hpp"

#include <vector>

namespace scae {

struct RadialRoot {
  double t = 0;            // root of g nearest to 0 (NaN when g has none in [−1, 3])
  VectorXd row_t;          // each row's root of g_i nearest to 0 (NaN where none)
  double ratio = 0;        // max_i ‖E∇_{W_i}‖ / (q_i m2) at (1 + t) A*ᵀ, evaluated (not interpolated)
  VectorXd row_ratio;      // the same per row
};
RadialRoot radial_root(const ExpectedLoss& loss);

struct NewtonOptions {
  double tolerance = 1e-10;  // on max_i ‖E∇_{W_i}‖ / (q_i m2)
  int max_newton = 30;
  int max_cg = 200;          // per Newton step
};

struct NewtonIterate {
  double ratio = 0;     // max row ratio at the iterate
  double loss = 0;      // E L at the iterate
  int cg_steps = 0;     // Hessian products of the step that left it (0 for the last)
  double step = 0;      // accepted step length α (0 for the last)
};

struct CriticalPoint {
  MatrixXd w;                         // W°
  MatrixXd gradient;                  // E∇ at W°
  VectorXd row_ratio;                 // ‖E∇_{W_i}‖ / (q_i m2) at W°
  double ratio = 0;                   // their maximum
  double loss = 0;                    // E L(W°)
  bool converged = false;             // ratio < tolerance
  std::vector<NewtonIterate> iterates;  // the start first
};

// Newton–CG from `start`. Throws std::invalid_argument on a start of the wrong shape.
CriticalPoint find_critical_point(const ExpectedLoss& loss, const MatrixXd& start, const NewtonOptions& options);

}  // namespace scae
