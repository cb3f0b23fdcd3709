// The checks of the claim catalog that need more than one call into theory/: each takes the run's
// ClaimContext and answers with a Verdict. The catalog (claim_catalog.cpp) names them beside their
// ids and statements; the mathematics each one tests lives in the theory module it calls.
#pragma once

#include "runs/claim_context.hpp"
#include "numerics/core/confidence.hpp"
#include "theory/verdict.hpp"

#include <string>
#include <vector>

namespace scae {

// The verdict of one hypothesis of Theorem 3.2 (hypotheses.hpp) by its id.
Verdict hypothesis_verdict(ClaimContext& c, const std::string& id);

// The closed form against a Monte Carlo mean, row by row (|closed form (+ correction) - mean| within
// the confidence radius); each row's closed form with its digit-loss check (closed_form_digits.hpp):
// its error bound widens the radius, and a row whose closed form lost its digits is INCONCLUSIVE.
// `correction`, when given, is added to the closed form and its radius to the radius. A row whose
// estimate has zero variance (radius 0, e.g. no unit fires on any sample) is INCONCLUSIVE, named
// degenerate, never INCONSISTENT.
Verdict compare_closed_form_rows(ClaimContext& context, const GradientEstimate& mc, const GradientEstimate* correction,
                                 std::uint64_t samples, const std::string& how, const std::string& what);

// gradient.correction_within_failure_bound: the oracle correction grad - grad_oracle vanishes on every
// recovered sample, so |E correction_i| <= P(fail) G. Its Monte Carlo mean, row by row, against an
// independent bound: failure_bound (ball_recovery.hpp (b), for every W of the delta-ball, the
// regime's W included) times sample_difference (G of (c)), plus the mean's confidence radius and
// rounding bound. CONSISTENT / INCONSISTENT; not informative when failure_bound >= 1.
Verdict check_correction_bound(const GradientEstimate& correction, double failure_bound, double sample_difference,
                               const std::vector<int>& rows, std::uint64_t samples, double confidence);

// A comparison that could not have failed (docs/verification.md, "Not informative"): INCONCLUSIVE,
// its summary opening with "not informative: <reason>", the reason also as evidence.
void mark_not_informative(Verdict& v, const std::string& reason);

// recovery.probability_bound: the Monte Carlo recovery rate against the Chernoff-Hoeffding bound;
// not informative where recovery is certified.
Verdict check_recovery_rate_bound(ClaimContext& c);
// gradient.closed_form_matches_oracle_monte_carlo.
Verdict check_closed_form_against_oracle(ClaimContext& c);
// loss.monte_carlo_matches_closed_form: E[L] by Monte Carlo against E[L | S] over the same supports
// (two Student t intervals at half the level each); INCONCLUSIVE when recovery is not certified.
Verdict check_loss_against_closed_form(ClaimContext& c);
// gradient.closed_form_matches_enumeration: the closed form against the sum over every support.
Verdict check_closed_form_by_enumeration(ClaimContext& c);
// gradient.certified_enclosure: |E grad_{W_i}| enclosed to 6 digits where recovery is certified.
Verdict check_certified_enclosure(ClaimContext& c);
// gradient.theorem_3_2_bound: B(W) at the regime's W, from the context's cached inputs.
Verdict check_bound_at_point(ClaimContext& c);
// gradient.theorem_3_2_uniform, with whether the bias recovers every W of the ball.
Verdict check_uniform_bound_and_window(ClaimContext& c);
// gradient.term_bounds: each of the 7 term classes below its explicit bound (term_bounds.hpp).
Verdict check_term_bound_classes(ClaimContext& c);

}  // namespace scae
