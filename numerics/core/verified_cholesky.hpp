// Verified positive definiteness (Rump, "Verification of positive definiteness", BIT 46 (2006); INTLAB's
// isspd), for a symmetric matrix known by an enclosure: every symmetric H with |H_ij − mid_ij| <= rad_ij
// (i >= j; only the lower triangles are read).
//
// Claim proven: λ_min(H) > λ for every such H. Method: one floating-point Cholesky factorization
// R̂ᵀR̂ of B̃ = fl(mid − s̃ I), s̃ = fl(λ + σ) with an a-priori shift σ, then an a-posteriori margin.
//  * Higham (Accuracy and Stability of Numerical Algorithms, Thm 10.3; the proof uses only the equations
//    the algorithm evaluates, so it holds for any symmetric B̃ on which the factorization runs to
//    completion, any summation order, FMA or not): R̂ᵀR̂ = B̃ + ΔB, |ΔB| <= γ_{n+1} |R̂ᵀ||R̂|. We use
//    γ_{n+2} (one spare rounding), so ‖ΔB‖₂ <= γ_{n+2} ‖ |R̂| ‖₂² <= γ_{n+2} ‖R̂‖_F². Gradual underflow adds
//    at most η/2 (η = 2^-1074) per product and per quotient (times r̂_jj once the equation is multiplied
//    out): at most n η (1 + max r̂_jj) per entry, n² η (1 + max r̂_jj) in the 2-norm; 2 n² η (1 + max r̂_jj)
//    is added.
//  * The shift: B̃_ii = fl(mid_ii − s̃) is off by at most u |B̃_ii| (a difference is exact on underflow);
//    off-diagonal entries are copied exactly.
//  * The enclosure: H − mid = E symmetric with |E| <= R (R the mirrored lower triangle of rad), so
//    ‖E‖₂ <= ‖R‖₂ <= ‖R‖_∞.
// Since R̂ᵀR̂ is positive semi-definite, Weyl's inequality gives
//   λ_min(H) − λ >= (s̃ − λ) − γ_{n+2} ‖R̂‖_F² − 2 n² η (1 + max r̂_jj) − u max|B̃_ii| − ‖R‖_∞ =: margin,
// evaluated in MPFI from exact doubles; margin > 0 proves the claim. A breakdown (a pivot <= 0 or not a
// number) or margin <= 0 proves nothing. The factorization is our own left-looking loop (true divisions,
// no reciprocals), O(n³/3) flops in double; the norms are MPFI sums, O(n²).
#pragma once

#include "numerics/core/scalar.hpp"

#include <optional>

namespace scae {

struct SymmetricEnclosure {
  MatrixXd mid;  // n × n; its lower triangle is read
  MatrixXd rad;  // n × n, entries >= 0; |H_ij − mid_ij| <= rad_ij for i >= j
};

struct DefinitenessCheck {
  bool certified = false;  // λ_min(H) > lambda for every H of the enclosure
  double lambda = 0;
  double shift = 0;         // s̃: the factorization was of fl(mid − s̃ I)
  interval margin;          // the margin above (at 128 bits); meaningful when the factorization ran
  int breakdown = -1;       // the column where the factorization broke down, −1 when it ran to completion
};

// The claim λ_min(H) > lambda for every H of the enclosure. Throws std::invalid_argument when mid is not
// square or rad has another shape. Sets 128 bits of interval precision for its own MPFI work.
DefinitenessCheck verify_lower_eigenvalue(const SymmetricEnclosure& h, double lambda);

struct CertifiedEigenvalueBound {
  std::optional<double> lower;  // a certified λ with λ_min(H) > λ, when one was found
  double estimate = 0;          // λ_min(mid) from Eigen's symmetric eigensolver (estimate, not certified)
  DefinitenessCheck last;       // the check that certified `lower`, else the last one tried
};

// The largest λ below the estimate that verify_lower_eigenvalue certifies among up to `tries` candidates
// λ_t = estimate − 4^t g (g = twice the a-priori shift at λ = estimate, t = 0, 1, …): guess and verify.
CertifiedEigenvalueBound certified_lower_eigenvalue(const SymmetricEnclosure& h, int tries = 8);

// An enclosure of the Rayleigh quotient vᵀHv / vᵀv over every H of the enclosure (MPFI at the current
// precision, O(n²)); v must not vanish. Its upper end below λ certifies λ_min(H) < λ for every H.
interval rayleigh_quotient(const SymmetricEnclosure& h, const VectorXd& v);

// The interval matrix as an enclosure: midpoints and radii of its ends rounded outward to doubles.
SymmetricEnclosure symmetric_enclosure(const Matrix<interval>& h);

}  // namespace scae
