// Support recovery for every W of the δ-ball, and what it makes of the Theorem 3.2 ball bound
// (docs/theory.md §5 and "Theorem 3.2 as scae checks it"; docs/verification.md, "Which gradient").
//
// The ball: ‖W_i − A*_i‖ <= δ for every i. For such W, M_jl = <W_j, A*_l> = G_jl + <W_j − A*_j, A*_l>
// with G = A*ᵀ A*, so for every j and l (j = l included)
//     G_jl − δ ‖A*_l‖  <=  M_jl  <=  G_jl + δ ‖A*_l‖.
//  (a) Ball windows. The exact windows of exact_windows.hpp are monotone in every M_jl, so summed
//      over these ends their enclosures hold off_j and on_j of every W of the ball: a bias above the
//      upper end of every off_j and below the lower end of every on_j recovers every sample for every
//      W of the ball (check_deterministic_recovery: PROVEN); below the lower end of an off_j (or
//      above the upper end of an on_j) for every W: REFUTED; in between, some W of the ball may fail:
//      UNDECIDED (certified, MPFI; the ends of G from bounded_product, δ the upper end of the
//      neighbourhood's enclosure).
//  (b) Ball failure probability. The Chernoff–Hoeffding bounds of support_recovery.hpp (c) increase
//      in every off-support M_jl (the off bound, λ > 0, values >= 0) and decrease in M_jj and the
//      M_jl of the on bound, so evaluated at the upper ends (off) and the lower ends (on), with the
//      union over units, they bound P(supp ReLU(W y − ε) != S) for every W of the ball. Evaluated in
//      double like (c) there (not enclosed in MPFI).
//  (c) Per-sample gradient difference. For W in the ball, supports of size k and values in [0, a2]:
//      ‖y‖ <= Y = σ_A max(|a1|, |a2|) √k, ‖W_i‖ <= R, ‖W‖₂ <= σ_W (the ball maxima of term_bounds.hpp), and with
//      ε₋ = max(0, −min_j ε_j), ε₊ = max_j |ε_j|:
//        ‖∇_{W_i}‖   <= (2 R Y + ε₋)(σ_W (σ_W Y + √h ε₋) + Y)       (r_j <= |u_j| + ε₋, |u_i| <= R Y)
//        ‖∇°_{W_i}‖  <= (2 R Y + ε₊)(σ_W (σ_W Y + √k ε₊) + Y)       (r°_j = u_j − ε_j on S only)
//      and G = their sum bounds ‖∇_{W_i} − ∇°_{W_i}‖ on every sample (certified, MPFI).
//  (d) True gradient over the ball. E∇ − E∇° = E[(∇ − ∇°) 1_fail], so for every W of the ball
//        ‖E∇_{W_i}‖/(q_i m2) <= B_ball + P_fail G / (q_i m2) =: B_true,
//      with P_fail from (b); where (a) holds, P(fail) = 0 for every W and B_true = B_ball.
#pragma once

#include "numerics/model/code_model.hpp"
#include "theory/exact_windows.hpp"
#include "theory/neighbourhood.hpp"
#include "numerics/core/scalar.hpp"
#include "theory/support_recovery.hpp"
#include "theory/term_bounds.hpp"
#include "theory/verdict.hpp"

#include <string>

namespace scae {

// The entry bounds of M over the ball of radius delta_upper (>= 0): value ± error holds every
// M_jl = <W_j, A*_l> of every W of the ball.
BoundedProduct ball_product_bounds(const MatrixXd& a, double delta_upper);

// (a) enclosures of off_j and on_j over every W of the ball, at `bits`.
ExactWindows ball_exact_windows(const MatrixXd& a, double delta_upper, const CodeModel& code, unsigned bits = 128);

// (b) the failure bound for every W of the ball; off and on per unit as in RecoveryBound.
RecoveryBound ball_failure_bound(const MatrixXd& a, double delta_upper, const CodeModel& code, const VectorXd& eps);

// (c) G from the ball maxima (ball_term_bound_inputs; uniform law of fixed size), at the current precision.
interval sample_gradient_difference_bound(const TermBoundInputs<interval>& ball, const VectorXd& eps, const CodeModel& code);

// (a)–(d) for one instance and bias, the ball being the neighbourhood's δ.
struct BallRecovery {
  double delta = 0;              // the ball's radius: the upper end of nb.delta
  Verdict uniform;               // (a): PROVEN when every ε_j lies in its ball window
  double failure = 1;            // (b), capped at 1
  interval sample_difference;    // (c)
  interval b_ball;               // the oracle bound of theorem_3_2.hpp (b)
  interval b_true;               // (d): B_ball where (a) is PROVEN, else B_ball + failure G / (q1 m2)
  std::string which;             // "uniform recovery" or "failure bound": how b_true was obtained
};

// Uniform law of fixed size only (std::invalid_argument otherwise). sigma_a: dictionary_norm_bound.
BallRecovery ball_recovery(const MatrixXd& a, const Neighbourhood& nb, const interval& sigma_a, const VectorXd& eps,
                           const CodeModel& code);

}  // namespace scae
