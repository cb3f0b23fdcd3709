// The expected loss given the support, in closed form, on the support-recovery event (the loss of
// docs/theory.md §1, L = ½‖ŷ − y‖²; the same computation as §4 one degree lower). On the event
// supp ReLU(W y − ε) = S, with x = x*_S (k = |S| values, independent given S, E x = m1 1,
// E x xᵀ = m1² 11ᵀ + (m2 − m1²) I):
//   e = Wᵀ r − y = B x − d,   B = W_Sᵀ M_SS − A*_S (n × k, column l: Σ_{j∈S} M_jl W_j − A*_l),
//   d = W_Sᵀ ε_S,   E[L | S] = ½ [ (m2 − m1²) ‖B‖_F² + ‖m1 B 1 − d‖² ].
// When every sample's support is recovered (recovery.deterministic PROVEN), E[L] = E_S E[L | S]:
// averaging E[L | S] over Monte Carlo supports estimates E[L] with the values integrated out, an
// estimate independent of the Monte Carlo engine's loss (claim loss.monte_carlo_matches_closed_form).
#pragma once

#include "numerics/model/code_model.hpp"
#include "numerics/estimate/monte_carlo.hpp"
#include "numerics/core/scalar.hpp"

#include <cstdint>
#include <span>

namespace scae {

// E[L | S] for one support S (distinct atoms), assuming S is recovered.
double conditional_loss(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                        std::span<const int> support);

// Mean of E[L | S] (from the Gram matrices W A*, W Wᵀ, A*ᵀA*: O(k³) per support, k <= 16) over the
// supports of samples [0, samples) of Philox(seed, Stream::codes) (the Monte Carlo engine's
// samples), cut into `batches` fixed index ranges combined in order (the same result for any
// thread count); halfwidth: Student t on the batch means at `confidence`; rounding: a bound on
// |mean − exact mean of the same E[L | S]| (derivation at GramForm in conditional_loss.cpp).
ScalarEstimate conditional_loss_mean(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                                     std::uint64_t samples, std::uint64_t seed, int batches, double confidence,
                                     int threads);

}  // namespace scae
