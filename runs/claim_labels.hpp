// The ids of every verdict a run reports (the claim catalog, the paper's experiments, the sweep
// path's checks) and the names of the evidence runs/ writes that the report looks up: each spelled
// here once, for the writer and for every reader (reports/, the regime's [expect] table by its text),
// so that renaming one in C++ is a compile error instead of a silently dropped sentence.
// checks/architecture refuses the same text as a string literal in reports/ or cli/.
#pragma once

#include "theory/evidence_labels.hpp"

namespace scae::claim_id {

inline constexpr const char* h_above_n = "hypotheses.h_above_n";
inline constexpr const char* a1_positive = "hypotheses.a1_positive";
inline constexpr const char* p_below_one_third = "hypotheses.p_below_one_third";
inline constexpr const char* p_below_xi_half = "hypotheses.p_below_xi_half";
inline constexpr const char* delta_below_h_to_minus_p = "hypotheses.delta_below_h_to_minus_p";
inline constexpr const char* off_diagonal = "neighbourhood.off_diagonal";
inline constexpr const char* diagonal = "neighbourhood.diagonal";
inline constexpr const char* row_norm = "neighbourhood.row_norm";
inline constexpr const char* coherence_bounds_every_pair = "neighbourhood.coherence_bounds_every_pair";
inline constexpr const char* window_nonempty = "recovery.window_nonempty";
inline constexpr const char* bias_in_sufficient_window = "recovery.bias_in_sufficient_window";
inline constexpr const char* deterministic_recovery = "recovery.deterministic";
inline constexpr const char* sufficient_implies_exact = "recovery.sufficient_implies_exact";
inline constexpr const char* bias_rules_inside_windows = "recovery.bias_rules_inside_windows";
inline constexpr const char* recovery_probability_bound = "recovery.probability_bound";
inline constexpr const char* closed_form_matches_oracle = "gradient.closed_form_matches_oracle_monte_carlo";
inline constexpr const char* correction_within_failure_bound = "gradient.correction_within_failure_bound";
inline constexpr const char* loss_matches_closed_form = "loss.monte_carlo_matches_closed_form";
inline constexpr const char* closed_form_matches_enumeration = "gradient.closed_form_matches_enumeration";
inline constexpr const char* certified_enclosure = "gradient.certified_enclosure";
inline constexpr const char* theorem_3_2_bound = "gradient.theorem_3_2_bound";
inline constexpr const char* theorem_3_2_uniform = "gradient.theorem_3_2_uniform";
inline constexpr const char* term_bounds = "gradient.term_bounds";

inline constexpr const char* loss_well = "experiment.loss_well";
inline constexpr const char* gradient_descent = "experiment.gradient_descent";
inline constexpr const char* gradient_norms = "experiment.gradient_norms";

inline constexpr const char* uniform_bound_decreases = "sweep.uniform_bound_decreases";
inline constexpr const char* slope_matches_bias_term = "sweep.slope_matches_bias_term";

}  // namespace scae::claim_id

namespace scae::evidence_label {

inline constexpr const char* true_bound = "B_true";                 // B_true, the bound on the true gradient over the ball
inline constexpr const char* true_bound_reason = "B_true holds by";  // why B_true holds (uniform recovery or the failure bound)

}  // namespace scae::evidence_label
