// The expected loss E L(W) on the support-recovery event, in closed form (docs/theory.md, "The landscape
// near A*"), loss ½‖ŷ − y‖². Where every support is recovered, the loss is the oracle loss
//   L(W; y) = ½‖W_Sᵀ(W_S y − ε_S) − y‖²,  S = supp x*,
// a polynomial of degree 4 in W whose W-gradient is the oracle gradient of theory/expected_gradient.hpp,
// so E∇ is ∇E L exactly. Along the segment t ↦ tW, g(t) = ⟨E∇(tW), W⟩ = d/dt E L(tW) is a cubic in t,
// and two-point Gauss–Legendre quadrature integrates cubics exactly:
//   E L(W) = ½ E‖y‖² + ½ [ g(½ − √3/6) + g(½ + √3/6) ],
//   ½ E‖y‖² = ½ [ c_1 m2 Σ_a w_a ‖A*_a‖² + c_2 m1² (‖A* w‖² − Σ_a w_a² ‖A*_a‖²) ]
// (Q(D) = c_|D| Π w_d as in expected_gradient.hpp; L(0) = ½‖y‖²). Exact up to the rounding of the
// double evaluation of E∇; only m1, m2 and the support probabilities enter. Off the recovery event this
// is the expectation of the oracle loss, not of the true loss.
//
// Checked (checks/theory/test_expected_loss.cpp): exact enumeration of supports with E[L | S] of
// theory/conditional_loss.hpp; finite differences of E L against E∇; the Monte Carlo mean of E[L | S];
// a wrong second moment (m2 → m1²) is caught.
#pragma once

#include "numerics/model/code_model.hpp"
#include "numerics/core/scalar.hpp"

namespace scae {

class ExpectedLoss {
public:
  // a: A* (n × h), eps: ε (h). Copies both. Throws std::invalid_argument on a shape mismatch.
  ExpectedLoss(const MatrixXd& a, const VectorXd& eps, const CodeModel& code);

  int n() const { return static_cast<int>(a_.rows()); }
  int h() const { return static_cast<int>(a_.cols()); }
  const MatrixXd& a() const { return a_; }
  const VectorXd& eps() const { return eps_; }
  const CodeModel& code() const { return code_; }

  // E L(W) (W: h × n); two evaluations of E∇, O(h²n).
  double value(const MatrixXd& w) const;
  // E∇ L(W), h × n (every row of ExpectedGradient<double>, dense storage); O(h²n).
  MatrixXd gradient(const MatrixXd& w) const;
  // ½ E‖y‖², the loss at W = 0.
  double half_data_energy() const { return half_energy_; }
  // q_i m2 per row: the natural scale of ‖E∇_{W_i}‖ (docs/theory.md §6).
  const VectorXd& row_scale() const { return row_scale_; }
  // max_i ‖G_i‖ / (q_i m2) for a gradient G (h × n).
  double ratio(const MatrixXd& gradient) const;

private:
  MatrixXd a_;
  VectorXd eps_;
  CodeModel code_;
  double half_energy_ = 0;
  VectorXd row_scale_;
};

}  // namespace scae
