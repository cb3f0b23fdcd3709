// Theorem 3.2 (the expected gradient is negligible near A*) as explicit finite-h claims, for the
// uniform support law of fixed size k (derivation: docs/theory.md, "Theorem 3.2 as scae checks it").
// The oracle expected gradient of row i is the sum of its seven term classes (expected_gradient.hpp),
// each bounded by term_bounds.hpp, so by the triangle inequality
//     ‖E∇_{W_i}‖ / (q_i m2)  <=  B := Σ_classes bound_class / (q1 m2)        for every row i.
//  (a) At the regime's W: B(W) from the certified quantities of W (certified_term_bound_inputs).
//  (b) Uniform: B_ball from the ball maxima (ball_term_bound_inputs) holds for every W with
//      ‖W_i − A*_i‖ <= δ for all i. It bounds the oracle gradient everywhere in the ball, and the true
//      one wherever recovery is certified; when the bias lies in the sufficient window (support
//      recovery (a), stated for the whole ball) that is every W of the ball.
// Checks: B(W) and B_ball against the certified closed-form ratio of every checked row at W, and
// B_ball >= B(W) and against the rows at a second point of the ball, W' = A*ᵀ + δ' 1 vᵀ (every row
// moved along one unit direction v, δ' just below δ), where ‖W' − A*ᵀ‖₂ = √h δ' is as large as the
// ball allows. PROVEN when every inequality is certified; REFUTED means a bound is wrong.
#pragma once

#include "numerics/model/code_model.hpp"
#include "numerics/model/instance.hpp"
#include "theory/neighbourhood.hpp"
#include "theory/term_bounds.hpp"
#include "theory/verdict.hpp"

#include <functional>
#include <vector>

namespace scae {

// Σ_classes term_bound(class, in) / (q1 m2).
interval gradient_bound_ratio(const TermBoundInputs<interval>& in);

// The certified ratio ‖E∇_{W_i}‖ / (q_i m2) of the oracle closed form, per row (MPFI, rows on demand).
std::vector<interval> certified_ratios(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                                       const std::vector<int>& rows, unsigned bits = 128);

// What (a) and (b) both use at the regime's W, asked for only under the uniform law of fixed size
// (a caller computes each once for both): certified_term_bound_inputs(a, w, eps, code, nb) and
// certified_ratios(a, w, eps, code, rows, nb.bits).
struct AtPoint {
  std::function<const TermBoundInputs<interval>&()> inputs;
  std::function<const std::vector<interval>&()> ratios;
};

// (a): PROVEN when B(W) >= every row's certified ratio. `recovery_certified` says whether the closed
// form is the true expected gradient (evidence only).
Verdict check_gradient_bound_at_point(const Instance& instance, const Neighbourhood& nb, const std::vector<int>& rows,
                                      bool recovery_certified, const AtPoint& at_w);
// (b): the ball bound against B(W), the rows at W and the rows at the spread point W'.
Verdict check_gradient_bound_uniform(const Instance& instance, const Neighbourhood& nb, const std::vector<int>& rows,
                                     const AtPoint& at_w);

// W' = A*ᵀ + δ' 1 vᵀ with v a seeded unit direction and δ' = δ (1 − 2^-20): a point of the ball with
// ‖W' − A*ᵀ‖₂ = √h δ'.
MatrixXd spread_point(const MatrixXd& a, double delta, std::uint64_t seed);

}  // namespace scae
