// The claim catalog: every claim scae checks, with its id, one-line statement, source in the
// paper, method and the function that evaluates it on a regime. `scae claims` lists it and
// `scae check` runs it. Statistical claims share the family-wise level of the run: with level α
// (1 - the regime's confidence) and m statistical comparisons, each is made at α/m (Bonferroni).
#pragma once

#include "claim_context.hpp"
#include "verdict.hpp"

#include <functional>
#include <string>
#include <vector>

namespace scae {

enum class Source { theorem_3_1, theorem_3_2, experiment, derived };
std::string source_name(Source s);

struct Claim {
  std::string id;
  std::string statement;
  Source source;
  Method method;
  bool per_row = false;  // statistical claims: one comparison per checked row (else one in all)
  std::function<Verdict(ClaimContext&)> evaluate;
};

const std::vector<Claim>& claim_catalog();

struct ClaimResult {
  const Claim* claim;
  Verdict verdict;
};

// The claims whose id starts with one of `only` (all when empty), and the number of statistical
// comparisons they make on `rows` checked rows (the Bonferroni divisor).
std::vector<const Claim*> select_claims(const std::vector<std::string>& only);
int statistical_comparisons(const std::vector<const Claim*>& claims, std::size_t rows);

// Runs the claims on a context made with their statistical_comparisons(). A certified claim that
// comes out UNDECIDED is evaluated again with every interval quantity at 256 and then 512 bits
// before it is reported UNDECIDED.
std::vector<ClaimResult> run_claims(ClaimContext& context, const std::vector<const Claim*>& claims);
std::vector<ClaimResult> run_claims(const Instance& instance, const std::vector<int>& rows, int threads,
                                    const std::vector<std::string>& only = {});

// The rule of `scae check`: a claim holds when its verdict equals the regime's [expect] entry for
// it or, without one, when it is neither REFUTED nor INCONSISTENT.
bool as_expected(const ClaimResult& result, const std::vector<Expectation>& expect);

// The closed form against a Monte Carlo mean, row by row (|closed form (+ correction) - mean| within
// the confidence radius); each row's closed form with its digit-loss check (closed_form_digits.hpp):
// its error bound widens the radius, and a row whose closed form lost its digits is INCONCLUSIVE.
// `correction`, when given, is added to the closed form and its radius to the radius. A row whose
// estimate has zero variance (radius 0, e.g. no unit fires on any sample) is INCONCLUSIVE, named
// degenerate, never INCONSISTENT.
Verdict compare_closed_form_rows(ClaimContext& context, const GradientEstimate& mc, const GradientEstimate* correction,
                                 std::uint64_t samples, const std::string& how, const std::string& what);

// The oracle correction's Monte Carlo mean against the failure fraction times its worst case
// (GradientEstimate::bound): the correction vanishes on every sample whose support is recovered.
Verdict check_correction_bound(const GradientEstimate& correction, const RateEstimate& recovery, const std::vector<int>& rows);

// Rows checked by default: 0, h/2 and h - 1.
std::vector<int> default_rows(int h);

}  // namespace scae
