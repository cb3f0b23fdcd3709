// The claim catalog: every claim scae checks, as a table of its id, one-line statement, source in
// the paper, method and the function that evaluates it on a regime (a theory/ check, or a named
// check of claim_checks.hpp). `scae claims` lists it and `scae check` runs it. Statistical claims share the family-wise level of the run: with level α
// (1 - the regime's confidence) and m statistical comparisons, each is made at α/m (Bonferroni).
#pragma once

#include "runs/claim_context.hpp"
#include "runs/verdict_record.hpp"
#include "input/regime.hpp"
#include "theory/verdict.hpp"

#include <array>
#include <functional>
#include <string>
#include <vector>

namespace scae {

struct Claim {
  std::string id;
  std::string statement;
  Kind kind;
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

// The record of a claim's verdict: the claim's id, statement, kind, source and method, and the
// regime's [expect] entry for it.
VerdictRecord claim_record(const ClaimResult& result, const Regime& regime);

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

}  // namespace scae
