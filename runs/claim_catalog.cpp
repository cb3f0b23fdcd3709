#include "runs/claim_catalog.hpp"

#include "runs/claim_checks.hpp"
#include "runs/claim_labels.hpp"
#include "theory/coherence_check.hpp"
#include "theory/support_recovery.hpp"
#include "theory/theorem_3_2.hpp"

#include <algorithm>
#include <memory>

namespace scae {

bool as_expected(const ClaimResult& result, const std::vector<Expectation>& expect) {
  const auto e = std::find_if(expect.begin(), expect.end(), [&](const Expectation& x) { return x.claim == result.claim->id; });
  return e != expect.end() ? result.verdict.outcome == e->verdict : !fails(result.verdict.outcome);
}

VerdictRecord claim_record(const ClaimResult& result, const Regime& regime) {
  const Claim& c = *result.claim;
  return verdict_record(result.verdict, c.id, c.statement, c.kind, c.source, c.method, regime);
}

namespace {

// The catalog's rows: id, statement, kind, source, method, per-row comparisons (statistical claims), check.
using enum Source;
using enum Kind;
constexpr Method certified = Method::certified, statistical = Method::statistical;

std::vector<Claim> hypothesis_claims() {
  return {
      {claim_id::h_above_n, "the dictionary is overcomplete: h > n", hypothesis, theorem_3_2, certified, false,
       [](ClaimContext& c) { return hypothesis_verdict(c, "h_above_n"); }},
      {claim_id::a1_positive, "nonzero code values are bounded below: a1 > 0", hypothesis, theorem_3_2, certified, false,
       [](ClaimContext& c) { return hypothesis_verdict(c, "a1_positive"); }},
      {claim_id::p_below_one_third, "sparsity exponent p = log k / log h < 1/3", hypothesis, theorem_3_2, certified, false,
       [](ClaimContext& c) { return hypothesis_verdict(c, "p_below_one_third"); }},
      {claim_id::p_below_xi_half, "p < xi/2, xi = -log(coherence)/log h", hypothesis, theorem_3_2, certified, false,
       [](ClaimContext& c) { return hypothesis_verdict(c, "p_below_xi_half"); }},
      {claim_id::delta_below_h_to_minus_p, "delta < h^-p, i.e. nu^2 > 0 in delta = h^(-p-nu^2)", hypothesis, theorem_3_2, certified,
       false, [](ClaimContext& c) { return hypothesis_verdict(c, "delta_below_h_to_minus_p"); }},  };
}

std::vector<Claim> neighbourhood_claims() {
  return {
      {claim_id::off_diagonal, "|<W_j, A*_l>| <= mu/sqrt(n) + delta for j != l", consistency, derived, certified, false,
       [](ClaimContext& c) { return check_off_diagonal(c.neighbourhood()); }},
      {claim_id::diagonal, "<W_i, A*_i> >= 1 - delta (|A*_i|^2 - delta |A*_i| for stored columns)", consistency, derived,
       certified, false, [](ClaimContext& c) { return check_diagonal(c.neighbourhood()); }},
      {claim_id::row_norm, "|W_i| <= 1 + delta (|A*_i| + delta for stored columns)", consistency, derived, certified, false,
       [](ClaimContext& c) { return check_row_norm(c.neighbourhood()); }},
      {claim_id::coherence_bounds_every_pair,
       "|<A*_j, A*_l>| <= mu/sqrt(n), the certified coherence, for every pair j != l (Gram recomputed independently)",
       consistency, derived, certified, false,
       [](ClaimContext& c) {
         return check_coherence_bounds_every_pair(c.instance().a, c.neighbourhood().coherence.enclosure, c.bits());
       }},  };
}

std::vector<Claim> recovery_claims() {
  return {
      {claim_id::window_nonempty, "the sufficient bias window is non-empty: a1 (1 - delta) > (2k - 1) a2 c", hypothesis, theorem_3_1,
       certified, false,
       [](ClaimContext& c) { return check_window_nonempty(sufficient_window(c.neighbourhood(), c.instance().code)); }},
      {claim_id::bias_in_sufficient_window, "every bias lies in [k a2 c, a1 (1 - delta) - (k - 1) a2 c)", hypothesis, theorem_3_1,
       certified, false,
       [](ClaimContext& c) {
         return check_bias_in_sufficient_window(sufficient_window(c.neighbourhood(), c.instance().code), c.instance().eps);
       }},
      {claim_id::deterministic_recovery, "every sample's support is recovered: eps_j in the exact window [off_j, on_j) of every unit",
       hypothesis, theorem_3_1, certified, false,
       [](ClaimContext& c) {
         return check_deterministic_recovery(exact_windows(c.neighbourhood(), c.instance().code), c.instance().eps);
       }},
      {claim_id::sufficient_implies_exact, "the sufficient window lies inside every exact window", consistency, derived, certified,
       false,
       [](ClaimContext& c) {
         return check_sufficient_implies_exact(sufficient_window(c.neighbourhood(), c.instance().code),
                                               exact_windows(c.neighbourhood(), c.instance().code));
       }},
      {claim_id::bias_rules_inside_windows,
       "the exact-mid and exact-low rules' biases lie in every unit's exact window; where the sufficient window is "
       "non-empty, the window-mid and window-low rules' biases lie in it",
       consistency, derived, certified, false,
       [](ClaimContext& c) { return check_bias_rules_inside_windows(c.neighbourhood(), c.instance()); }},
      {claim_id::recovery_probability_bound,
       "the Monte Carlo recovery rate is at least the Chernoff-Hoeffding bound with union over units", claim, theorem_3_1,
       statistical, false, check_recovery_rate_bound},  };
}

std::vector<Claim> gradient_claims() {
  return {
      {claim_id::closed_form_matches_oracle,
       "the closed form of docs/theory.md §4 equals the Monte Carlo mean of the oracle gradient", consistency, derived, statistical,
       true, check_closed_form_against_oracle},
      {claim_id::correction_within_failure_bound,
       "the Monte Carlo mean of the oracle correction grad - grad_oracle is at most P_fail x G, an independent bound: "
       "P_fail the Chernoff-Hoeffding bound on a recovery failure for every W of the delta-ball, G the certified "
       "per-sample worst case of |grad_i - grad_oracle_i| over the ball (plus the mean's confidence radius)",
       consistency, derived, statistical, false,
       [](ClaimContext& c) {
         const auto& mc = c.monte_carlo();
         if (c.instance().code.support.kind() != SupportLaw::Kind::uniform_fixed) {
           Verdict v;
           v.outcome = Outcome::inconclusive;
           v.method = Method::statistical;
           v.summary = "not evaluated: G is stated for the uniform fixed-size support law only";
           return v;
         }
         const BallRecovery& ball = c.ball_recovery();
         return check_correction_bound(mc.correction, ball.failure, outward_doubles(ball.sample_difference).second,
                                       c.rows(), mc.samples, c.comparison_confidence());
       }},
      {claim_id::loss_matches_closed_form,
       "where recovery is certified, the Monte Carlo mean of L = 1/2 |y_hat - y|^2 equals the mean over the same "
       "supports of the closed form E[L | S]",
       consistency, derived, statistical, false, check_loss_against_closed_form},
      {claim_id::closed_form_matches_enumeration,
       "the closed form of docs/theory.md §4 equals the direct sum of E[g_i | S] over every support S containing i (uniform "
       "supports; agreement in double precision within 1e-9 of the summed magnitudes, not certified)",
       consistency, derived, Method::exhaustive, false, check_closed_form_by_enumeration},
      {claim_id::certified_enclosure,
       "where recovery is certified, the closed form is the true E grad and |E grad_{W_i}| is enclosed to 6 digits",
       consistency, theorem_3_2, certified, false, check_certified_enclosure},
      {claim_id::theorem_3_2_bound,
       "oracle gradient: |E grad_oracle_{W_i}|/(q_i m2) <= B(W), the sum of the explicit class bounds at the regime's W, for every row checked",
       consistency, theorem_3_2, certified, false, check_bound_at_point},
      {claim_id::theorem_3_2_uniform,
       "oracle gradient: |E grad_oracle_{W_i}|/(q_i m2) <= B_ball for every W with |W_i - A*_i| <= delta for all i "
       "(class bounds at the ball maxima), checked at W and at a second point of the ball; true gradient: <= B_true, "
       "= B_ball where the bias recovers every sample for every W of the ball, else B_ball + P_fail G/(q_i m2) "
       "(evidence)",
       claim, theorem_3_2, certified, false, check_uniform_bound_and_window},
      {claim_id::term_bounds,
       "each term class of E grad_{W_i} (diagonal, q_ij, q_ijk, q_ijkl; with and without eps) is below its explicit bound",
       consistency, theorem_3_2, certified, false, check_term_bound_classes},
  };
}

}  // namespace

const std::vector<Claim>& claim_catalog() {
  static const std::vector<Claim> catalog = [] {
    std::vector<Claim> all;
    for (auto part : {hypothesis_claims(), neighbourhood_claims(), recovery_claims(), gradient_claims()})
      all.insert(all.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
    return all;
  }();
  return catalog;
}

std::vector<const Claim*> select_claims(const std::vector<std::string>& only) {
  std::vector<const Claim*> chosen;
  for (const Claim& claim : claim_catalog()) {
    const bool wanted = only.empty() || std::any_of(only.begin(), only.end(), [&](const std::string& prefix) {
                          return claim.id.rfind(prefix, 0) == 0;
                        });
    if (wanted) chosen.push_back(&claim);
  }
  return chosen;
}

int statistical_comparisons(const std::vector<const Claim*>& claims, std::size_t rows) {
  int comparisons = 0;
  for (const Claim* claim : claims)
    if (claim->method == Method::statistical) comparisons += claim->per_row ? static_cast<int>(rows) : 1;
  return comparisons;
}

std::vector<ClaimResult> run_claims(ClaimContext& context, const std::vector<const Claim*>& claims) {
  std::vector<std::unique_ptr<ClaimContext>> finer;  // contexts at 256 and 512 bits, made on demand
  std::vector<ClaimResult> out;
  for (const Claim* claim : claims) {
    Verdict verdict = claim->evaluate(context);
    for (unsigned bits = 256; claim->method == Method::certified && verdict.outcome == Outcome::undecided && bits <= 512;
         bits *= 2) {
      const std::size_t level = bits == 256 ? 0 : 1;
      if (finer.size() <= level)
        finer.push_back(std::make_unique<ClaimContext>(context.instance(), context.rows(), context.threads(),
                                                       context.statistical_comparisons(), bits));
      verdict = claim->evaluate(*finer[level]);
      verdict.add("precision", "retried at " + std::to_string(bits) + " bits");
    }
    out.push_back({claim, std::move(verdict)});
  }
  return out;
}

std::vector<ClaimResult> run_claims(const Instance& instance, const std::vector<int>& rows, int threads,
                                    const std::vector<std::string>& only) {
  const auto claims = select_claims(only);
  ClaimContext context(instance, rows, threads, statistical_comparisons(claims, rows.size()));
  return run_claims(context, claims);
}

}  // namespace scae
