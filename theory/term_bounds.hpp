// Explicit bounds on the term classes of the expected oracle gradient (Theorem 3.2 of Rangamani
// et al., ISIT 2018; docs/theory.md §4 and §6): for every row i, ‖class_i‖₂ <= B_class with the
// constants below, for the uniform support law of fixed size k (the Bernoulli law is not covered:
// std::invalid_argument). The classes are those of expected_gradient.hpp; loss ½‖ŷ − y‖².
//
// Quantities (each enclosed in MPFI from the exact binary entries of A*, W, ε):
//   q_r = k(k−1)…(k−r+1) / (h(h−1)…(h−r+1)), m1, m2;  H1 = h − 1, H2 = max(h − 2, 0);
//   c  = max_{j≠l} |M_jl|, M = W A*  (neighbourhood.hpp certifies c <= c0 + δ A, c0 = μ/√n);
//   δ  = max_i ‖W_i − A*_i‖,  R = max_j ‖W_j‖,  A = max_l ‖A*_l‖,  ε = max_j |ε_j|;
//   [d−, d+] the range of M_jj,  Λ = max(|d−|, |d+|),  δ' = max(1 − d−, d+ − 1);
//   σ_W >= ‖W‖₂, σ_A >= ‖A*‖₂, σ_E >= ‖W − A*ᵀ‖₂ with S(B) = (max row-sum of |X^16|)^{1/32},
//   X = BᵀB (or BBᵀ): ‖B‖₂² = ‖X‖₂ and ‖X‖₂^16 = ‖X^16‖₂ <= ‖X^16‖_∞ (X^16 symmetric), so
//   S(B) >= ‖B‖₂ rigorously (no floating-point estimate); σ_W = S(W), σ_A = S(A*),
//   σ_E = min(S(W − A*ᵀ), √h δ);
// and the derived
//   c_g = c + R δ            (|G_ia| <= c_g for a ≠ i: G_ia = M_ia + <W_i, W_a − A*_a>),
//   η = 2δ' + R δ            (|M_aa + G_ii − 2| <= η, as G_ii − M_ii = <W_i, W_i − A*_i>),
//   η1 = δ' + R δ            (|1 − G_ii| <= η1),
//   N_r = min(√H1 c, σ_A R)  (‖any row of M without its diagonal entry‖₂),
//   N_c = min(√H1 c, σ_W A)  (same for columns),  N_g = min(√H1 c_g, σ_W R)  (row i of G off i),
//   M_o = min(√(H1 H2) c, σ_W σ_A + Λ)  (‖M restricted to {a ≠ i}² with zero diagonal‖₂).
//
// Bounds, valid for every row i (every coefficient is >= 0 and each bound increases in every
// quantity, so plugging the enclosures gives an enclosure of the bound at the exact quantities):
//   diagonal          <= q1 m2 Λ (Λ δ + η A)
//   two_index         <= q2 [ (m1² Λ √H1 + m2 N_r)(Λ σ_E + η σ_A) + m2 Λ σ_W N_c + m1² c σ_W min(N_r, N_c)
//                            + R (2 m1² Λ √H1 N_r + m2 N_r²) + A (m1² √H1 (η N_r + R Λ σ_E) + m2 N_g N_c)
//                            + m1² σ_A min(c_g N_c, c N_g) + m2 Λ σ_A N_g ]
//   three_index       <= q3 [ m1² H2 N_r² R + m1² Λ σ_W √H1 M_o + m1² σ_W min(√H2 N_c N_r, H2 c N_r)
//                            + m1² σ_W min(√H2 N_r², √H1 c M_o) + m1² H2 N_r (Λ σ_E + η σ_A) + m2 σ_W M_o N_r
//                            + m1² σ_A √H1 N_g N_c + m1² A √H1 N_g M_o + m1² H2 Λ σ_A N_g
//                            + m1² σ_A min(√H1 c_g M_o, √H2 N_g N_r) + m2 σ_A M_o N_g ]
//   four_index        <= q4 m1² [ σ_W (min(√(H1 H2) N_r M_o, H2^{3/2} N_r²) + M_o N_r)
//                                 + σ_A (H2 min(√H1 c_g M_o, √H2 N_g N_r) + M_o N_g) ]
//   bias_diagonal     <= q1 ε [ (ε + 2 m1 Λ) R + m1 η1 A ]
//   bias_two_index    <= q2 ε [ σ_W ((ε + 2 m1 Λ) √H1 + m1 (N_r + N_c)) + 2 m1 √H1 N_r R
//                               + m1 σ_A (η1 √H1 + N_g) + m1 √H1 N_g A ]
//   bias_three_index  <= q3 m1 ε [ σ_W (H2 N_r + √H1 M_o) + σ_A H2 N_g ]
//
// Derivation. For row i write the class (expected_gradient.cpp lists every summand by its
// partition of {i,j,k,l}) in its original form Σ_a (coefficient) W_a + Σ_a (coefficient) A*_a over
// the other indices a, b, c ∉ {i}, with m_a = M_ia, n_a = M_ai, g_a = G_ia, d_a = M_aa, λ = M_ii,
// γ = G_ii, e_a = W_a − A*_a, ρ_a = Σ_{b∉{a,i}} m_b, t = M_o 1, z = M_o m, u = M_oᵀ g, and bound
// ‖Σ_a x_a W_a‖ <= σ_W ‖x‖₂, ‖Σ_a x_a A*_a‖ <= σ_A ‖x‖₂, ‖Σ_a x_a e_a‖ <= σ_E ‖x‖₂, with the
// entrywise/2-norm facts |m_a|, |n_a| <= c, |g_a| <= c_g, ‖m‖ <= N_r, ‖n‖ <= N_c, ‖g‖ <= N_g,
// |ρ_a|, |t_a| <= √H2 N_r, ‖ρ‖ <= H2 N_r (ρ = (J − I) m), ‖t‖ <= √H1 M_o, ‖z‖ <= M_o N_r,
// ‖u‖ <= M_o N_g, ‖x ⊙ y‖ <= min(‖x‖_∞ ‖y‖, ‖x‖ ‖y‖_∞), |Σ x_a y_a| <= ‖x‖ ‖y‖. The summands whose
// coefficients are O(1) are first paired so that they cancel at W = A*ᵀ:
//   diagonal: m2 λ (λ W_i + (γ − 2) A*_i) = m2 λ (λ e_i + (λ + γ − 2) A*_i);
//   two/three-index: x_a (d_a W_a + (γ − 2) A*_a) = x_a (d_a e_a + (d_a + γ − 2) A*_a) for
//     x_a = m1² λ, m2 m_a (two) and m1² ρ_a (three: A1 (a,b,a) + B + C (i,a,b));
//   two-index A*_i coefficient: m1²((γ − 2) m_a + g_a d_a) = m1²((γ − 2 + d_a) m_a + <W_i, e_a> d_a).
// four_index: the W_a coefficient is ρ_a t_a − z_a and the A*_c coefficient (gᵀt − g_c t_c) − u_c.
// Each term of each bound is one summand group of expected_gradient.cpp, in the order listed there.
//
// Orders (docs/theory.md §6). With ‖W‖₂, ‖A*‖₂ <= √h·O(1) (the crude count), σ_E <= √h δ,
// c = O(h^κ), κ = max(−ξ, −p − ν²) (c <= c0 + δ A, c0 = h^−ξ, δ = h^{−p−ν²}), q_r/q1 = Θ(h^{(r−1)(p−1)}),
// ε = h^b, the bounds relative to q_i m2 have the exponents (class_exponents below):
//   diagonal          −p − ν²                         (O(δ))
//   two_index         max(p − ξ, −ν²)                 (O(h^{p−ξ}), O(h^p δ))
//   three_index       max(2p − ξ, p − ν²)             (O(h^{2p−ξ}), O(h^{2p} δ))
//   four_index        max(3p − 2ξ, p − 2ν²)           (O(h^{3p−2ξ}), O(h^{3p} δ²))
//   bias_diagonal     max(b, 2b)                      (O(ε))
//   bias_two_index    p + max(b, 2b)                  (O(h^p ε))
//   bias_three_index  max(2p − ξ, p − ν²) + b         (O(h^{2p−ξ} ε))
// For tight frames the spectral norms make the bounds smaller than these crude orders (e.g.
// ‖W‖₂ ≈ √(h/n)), never larger. The exponents assume k = h^p → ∞; a class with r > k distinct
// indices vanishes (q_r = 0), so along a path of fixed k only the classes with r <= k count.
// (δ' <= δ A + |‖A*_i‖² − 1| is taken as O(δ): unit columns up to rounding.)
//
// Certification (certify_term_bounds): the bound is evaluated in MPFI from the certified
// quantities, the class vectors of the requested rows with ExpectedGradient<interval> on the exact
// inputs, and `bound − max_i ‖class_i‖ >= 0` is certified with certify_positive (PROVEN expected;
// `constant_factor` < 1 scales every bound down: a deliberately false variant). Cost (one core,
// measured): the ExpectedGradient<interval> construction is O(h²n), done by midpoint-radius GEMMs
// with fast_products; every row is then O(hn + n²) MPFI operations for its seven class vectors
// (about 0.6 s per row at h = 512, n = 256); the spectral bounds are O(hn² + 4n³) in GEMMs. Totals:
// 0.8 s for n = 32, h = 64 (all rows), 9 s for h = 512, n = 256 with 8 rows, 5 min 15 s with all
// 512 rows — pass a list of rows for large instances.
#pragma once

#include "numerics/model/code_model.hpp"
#include "theory/expected_gradient.hpp"
#include "theory/neighbourhood.hpp"
#include "numerics/core/scalar.hpp"
#include "theory/spectral_norm_bound.hpp"
#include "theory/verdict.hpp"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace scae {

// The quantities the bounds are stated in (T = interval: certified enclosures; T = mpfr: a plain
// high-precision evaluation, used as a reference in the tests).
template <class T> struct TermBoundInputs {
  int n = 0, h = 0, k = 0;
  T q1, q2, q3, q4, m1, m2;
  T c0;                       // coherence μ/√n (reported; the bounds use c)
  T c, delta, r_max, a_max, eps_max, d_min, d_max;
  T sigma_w, sigma_a, sigma_e;  // upper bounds of ‖W‖₂, ‖A*‖₂, ‖W − A*ᵀ‖₂
  // Derived (finish_term_bound_inputs): Λ, δ', c_g, η, η1, N_r, N_c, N_g, M_o, H1, H2.
  T lambda, delta_diag, c_g, eta, eta1, n_r, n_c, n_g, m_o, h1, h2;
};

// Certified quantities at nb.bits (nb must be neighbourhood(a, w, ·)). Throws std::invalid_argument
// for the Bernoulli support law or mismatched shapes. fast_products: see spectral_norm_bound.
TermBoundInputs<interval> certified_term_bound_inputs(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps,
                                                      const CodeModel& code, const Neighbourhood& nb,
                                                      bool fast_products = true);
// The same quantities in mpfr at the current default precision, each computed directly (c by a full
// scan of M, d± of diag M, ...): a reference for the tests, not a certificate.
TermBoundInputs<mpfr> reference_term_bound_inputs(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps,
                                                  const CodeModel& code);

// The same quantities as maxima over the whole ball ‖W_i − A*_i‖ <= δ, δ = the upper end of
// nb.delta (so the regime's W lies in it), for the bias eps (docs/theory.md, "Theorem 3.2"):
//   c = μ/√n + δ A,  R = A + δ,  d± = A² + δ A and a² − δ a (a, A the smallest and largest ‖A*_l‖),
//   σ_E = √h δ (Frobenius; attained when every row moves along one direction),  σ_W = σ_A + σ_E.
// Each is at least its value at every W of the ball, and every bound above increases in each
// quantity (Λ and δ' in the range of d), so the bounds evaluated at these hold for the whole ball.
// sigma_a: a certified upper bound of ‖A*‖₂ (dictionary_norm_bound).
TermBoundInputs<interval> ball_term_bound_inputs(const Neighbourhood& nb, const interval& sigma_a, const VectorXd& eps,
                                                 const CodeModel& code);
// A certified upper bound of ‖A*‖₂: exactly √(1 + s² n) for identity+Hadamard [I, sH] (H Hᵀ = n I),
// else spectral_norm_bound.
interval dictionary_norm_bound(const MatrixXd& a, unsigned bits);
interval dictionary_norm_bound(const IdentityHadamard& a, unsigned bits);

// The right-hand side of the class's inequality (times `factor`).
template <class T> T term_bound(TermClass cls, const TermBoundInputs<T>& in, const T& factor);
template <class T> T term_bound(TermClass cls, const TermBoundInputs<T>& in) { return term_bound(cls, in, T(1)); }

// The inequality in words, with its constants (the lines of the header comment above).
std::string term_bound_inequality(TermClass cls);

struct TermBound {
  TermClass cls = TermClass::diagonal;
  std::string inequality;        // human-readable, with constants
  interval bound;                // constant_factor × right-hand side
  interval largest_class_norm;   // encloses max_i ‖class_i‖₂ over the rows checked
  int worst_row = 0;             // a row attaining the largest upper end
  double slack = 0;              // bound / largest_class_norm (midpoints; inf when the class vanishes)
  Verdict verdict;               // PROVEN: bound >= ‖class_i‖ for every row checked
};

// One TermBound per class (order of all_term_classes). `rows` empty means all rows.
// constant_factor = 1 is the claim; < 1 is a deliberately false variant. fast_products is passed
// to the spectral bounds and to ExpectedGradient<interval> (its O(h²n) products by midpoint-radius
// GEMMs); the per-row class vectors are MPFI in either case. A class that vanishes identically
// only through cancellation (e.g. the diagonal class at W = A*ᵀ with exactly unit columns, where
// its bound is exactly 0) comes out UNDECIDED: intervals cannot show 0 >= [0, tiny].
// `shared`: work the caller already holds, used instead of being computed again (runs/claim_context.hpp):
// the inputs as certified_term_bound_inputs(a, w, eps, code, nb, fast_products) gives them, and
// row i of ExpectedGradient<interval>(a, w, eps, code, fast_products) built and evaluated at nb.bits.
struct TermBoundShared {
  const TermBoundInputs<interval>* inputs = nullptr;
  std::function<const ExpectedGradientTerms<interval>&(int)> row;
};
std::vector<TermBound> certify_term_bounds(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps,
                                           const CodeModel& code, const Neighbourhood& nb,
                                           const std::vector<int>& rows = {}, const rational& constant_factor = 1,
                                           bool fast_products = true, const TermBoundShared& shared = {});

// Predicted decay exponents of the class bounds relative to q_i m2 along a path of growing h with
// k = h^p, c0 = h^−ξ, δ = h^{−p−ν²}, ε = h^{bias_exponent} (−inf for ε = 0; ν² = +inf for δ = 0).
std::vector<std::pair<TermClass, double>> class_exponents(double p, double xi, double nu_squared, double bias_exponent);

struct PredictedExponent {
  double exponent = 0;    // max over the classes: ‖E∇_{W_i}‖/(q_i m2) = O(h^exponent)
  TermClass dominant = TermClass::diagonal;  // first class (all_term_classes order) attaining it
  std::string name;
};
PredictedExponent predicted_exponent(double p, double xi, double nu_squared, double bias_exponent);

}  // namespace scae
