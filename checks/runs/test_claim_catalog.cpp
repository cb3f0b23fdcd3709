// Covers runs/claim_catalog.hpp with claim_context.hpp and claim_checks.hpp: the catalog's entries, a run on a certified-recovery regime
// (every claim holds, the enclosure is PROVEN), a run on a Gaussian regime (the sufficient
// condition REFUTED, statistics still reported), Bonferroni splitting, and the statistical
// comparison of the closed form with Monte Carlo failing for a deliberately wrong closed form.
#include <doctest/doctest.h>

#include "numerics/model/autoencoder.hpp"
#include "runs/claim_catalog.hpp"
#include "runs/claim_checks.hpp"
#include "theory/conditional_loss.hpp"
#include "numerics/model/dictionary.hpp"
#include "numerics/core/mutation.hpp"
#include "numerics/model/near_point.hpp"
#include "theory/support_recovery.hpp"

#include <map>
#include <set>

using namespace scae;

namespace {
Instance small_instance(bool hadamard) {
  Instance in;
  in.name = hadamard ? "hadamard" : "gaussian";
  in.a = hadamard ? identity_hadamard_dictionary(64) : gaussian_dictionary(12, 24, 3);
  in.w = point_at_distance(in.a, hadamard ? 0.01 : 0.05, 4);
  in.code = {SupportLaw::uniform_fixed(in.h(), 2), ValueLaw::uniform(rational(1), rational(2))};
  in.eps = hadamard ? bias_from_rule(BiasRule::window_mid, neighbourhood(in.a, in.w), in.code) : VectorXd::Constant(in.h(), 0.3);
  in.monte_carlo.samples = 50000;
  in.monte_carlo.batches = 50;
  return in;
}

const ClaimResult& find(const std::vector<ClaimResult>& results, const std::string& id) {
  for (const auto& r : results)
    if (r.claim->id == id) return r;
  throw std::logic_error("no claim " + id);
}
}  // namespace

TEST_SUITE("claim_catalog") {
  TEST_CASE("catalog entries are unique and complete") {
    std::set<std::string> ids;
    for (const auto& claim : claim_catalog()) {
      CHECK(ids.insert(claim.id).second);
      CHECK_FALSE(claim.statement.empty());
      CHECK(static_cast<bool>(claim.evaluate));
    }
    CHECK(ids.count("recovery.deterministic") == 1);
    CHECK(ids.count("gradient.certified_enclosure") == 1);
  }

  TEST_CASE("every entry has a kind, and paper claims are the statements data could refute") {
    std::map<Kind, int> kinds;
    for (const auto& claim : claim_catalog()) ++kinds[claim.kind];
    CHECK(kinds[Kind::claim] == 2);
    CHECK(kinds[Kind::hypothesis] == 8);
    CHECK(kinds[Kind::consistency] == 13);
    for (const auto& claim : claim_catalog()) {
      INFO(claim.id);
      if (claim.id.rfind("hypotheses.", 0) == 0) CHECK(claim.kind == Kind::hypothesis);
      if (claim.id.rfind("neighbourhood.", 0) == 0) CHECK(claim.kind == Kind::consistency);
    }
    CHECK(to_name(Kind::consistency) == "consistency");
  }

  TEST_CASE("certified-recovery regime: no claim fails, recovery and the enclosure are PROVEN") {
    const Instance in = small_instance(true);
    const auto results = run_claims(in, default_rows(in.h()), 2);
    for (const auto& r : results) {
      INFO(r.claim->id << ": " << r.verdict.summary);
      CHECK_FALSE(fails(r.verdict.outcome));
    }
    CHECK(find(results, "recovery.deterministic").verdict.outcome == Outcome::proven);
    CHECK(find(results, "gradient.certified_enclosure").verdict.outcome == Outcome::proven);
    CHECK(find(results, "gradient.closed_form_matches_oracle_monte_carlo").verdict.outcome == Outcome::consistent);
    // Certified recovery leaves nothing for the rate to contradict: not informative, never CONSISTENT.
    const Verdict& rate = find(results, "recovery.probability_bound").verdict;
    CHECK(rate.outcome == Outcome::inconclusive);
    CHECK(rate.summary.rfind("not informative: recovery is certified", 0) == 0);
    // B_ball names the gradient it bounds, and the true-gradient bound says how it holds.
    const Verdict& ball = find(results, "gradient.theorem_3_2_uniform").verdict;
    CHECK(ball.summary.rfind("oracle gradient: for every W with", 0) == 0);
    CHECK(ball.summary.find("; true gradient: <= B_true = ") != std::string::npos);
  }

  TEST_CASE("Gaussian regime: the sufficient condition is REFUTED, the statistics are still reported") {
    const Instance in = small_instance(false);
    const auto results = run_claims(in, {0, 5}, 2, {"recovery", "gradient"});
    CHECK(find(results, "recovery.window_nonempty").verdict.outcome == Outcome::refuted);
    CHECK(find(results, "gradient.certified_enclosure").verdict.outcome == Outcome::undecided);
    CHECK_FALSE(fails(find(results, "gradient.correction_within_failure_bound").verdict.outcome));
    CHECK_FALSE(fails(find(results, "recovery.probability_bound").verdict.outcome));
  }

  TEST_CASE("Bonferroni: each comparison is made at the family level divided by their number") {
    const Instance in = small_instance(false);
    ClaimContext context(in, {0, 1, 2}, 1, 7);
    CHECK(context.family_level() == doctest::Approx(0.05));
    CHECK(context.comparison_confidence() == doctest::Approx(1 - 0.05 / 7));
    CHECK(context.monte_carlo().confidence == doctest::Approx(1 - 0.05 / 7));
  }

  TEST_CASE("a closed form for the wrong point is INCONSISTENT with the Monte Carlo oracle mean") {
    const Instance in = small_instance(true);
    ClaimContext context(in, {0, 100}, 2, 2);
    const auto& mc = context.monte_carlo();
    const MatrixXd shifted_w = point_at_distance(in.a, 0.3, 9);
    const ExpectedGradient<double> wrong(in.a, shifted_w, in.eps, in.code);
    for (Eigen::Index r = 0; r < 2; ++r) {
      const int row = context.rows()[static_cast<std::size_t>(r)];
      const VectorXd right = context.closed_form().row(row).total, bad = wrong.row(row).total;
      const double radius = mc.oracle_gradient.norm_radius(r);
      const auto good = compare_statistically((mc.oracle_gradient.mean.row(r).transpose() - right).norm(), radius,
                                              right.norm(), mc.samples, mc.confidence, "test");
      const auto off = compare_statistically((mc.oracle_gradient.mean.row(r).transpose() - bad).norm(), radius,
                                             bad.norm(), mc.samples, mc.confidence, "test");
      INFO("radius " << radius << " right " << right.norm() << " bad " << bad.norm() << " mean " << mc.oracle_gradient.mean.row(r).norm());
      CHECK(good.outcome == Outcome::consistent);
      CHECK(off.outcome == Outcome::inconsistent);
    }
  }
}

TEST_SUITE("claim_catalog") {
  TEST_CASE("an UNDECIDED certified claim is retried at 256 and 512 bits before it is reported") {
    // identity+Hadamard n = 16, h = 32, k = 2: p = log 2 / log 32 = 1/5 = xi/2 exactly, so the strict
    // claim p < xi/2 straddles at every precision.
    Instance in = small_instance(true);
    in.a = identity_hadamard_dictionary(16);
    in.w = point_at_distance(in.a, 0.01, 4);
    in.code = {SupportLaw::uniform_fixed(32, 2), ValueLaw::uniform(rational(1), rational(2))};
    in.eps = VectorXd::Constant(32, 0.5);
    const auto results = run_claims(in, {0}, 1, {"hypotheses.p_below_xi_half"});
    REQUIRE(results.size() == 1);
    const Verdict& v = results.front().verdict;
    CHECK(v.outcome == Outcome::undecided);
    CHECK(v.precision_bits == 512);
    CHECK(v.evidence.back().text() == "retried at 512 bits");
  }
}

TEST_SUITE("claim_catalog") {
  TEST_CASE("conditional loss: equals the per-sample loss when the values are constant and the support is recovered") {
    Instance in = small_instance(true);
    in.code.values = ValueLaw::constant(rational(3, 2));
    in.eps = bias_from_rule(BiasRule::window_mid, neighbourhood(in.a, in.w), in.code);
    for (std::uint64_t s = 0; s < 20; ++s) {
      int atoms[2];
      double x[2];
      const int size = in.code.sample(3, s, atoms, x);
      VectorXd y = VectorXd::Zero(in.n());
      for (int t = 0; t < size; ++t) y += x[t] * in.a.col(atoms[t]);
      REQUIRE(relu_activation<double>(in.w, in.eps, y).indicator.sum() == size);
      CHECK(conditional_loss(in.a, in.w, in.eps, in.code, std::span<const int>(atoms, 2)) ==
            doctest::Approx(loss<double>(in.w, in.eps, y)).epsilon(1e-12));
    }
  }

  TEST_CASE("conditional loss mean: the Gram form equals the direct form averaged over the same supports") {
    const Instance in = small_instance(false);
    const ScalarEstimate mean = conditional_loss_mean(in.a, in.w, in.eps, in.code, 40, 9, 4, 0.95, 2);
    double direct = 0;
    for (std::uint64_t s = 0; s < 40; ++s) {
      int atoms[2];
      double x[2];
      in.code.sample(9, s, atoms, x);
      direct += conditional_loss(in.a, in.w, in.eps, in.code, std::span<const int>(atoms, 2)) / 40;
    }
    CHECK(mean.mean == doctest::Approx(direct).epsilon(1e-12));
    CHECK(mean.halfwidth > 0);
  }

  TEST_CASE("loss claim: CONSISTENT on a certified-recovery regime, INCONSISTENT for a loss without its 1/2") {
    const Instance in = small_instance(true);
    const Verdict right = find(run_claims(in, {0}, 2, {"loss."}), "loss.monte_carlo_matches_closed_form").verdict;
    INFO(right.summary);
    CHECK(right.outcome == Outcome::consistent);
#ifdef SCAE_MUTANTS  // the mutant half runs where the hooks are compiled in (numerics/core/mutation.hpp)
    const MutantGuard guard(Mutant::loss_half_dropped);
    CHECK(find(run_claims(in, {0}, 2, {"loss."}), "loss.monte_carlo_matches_closed_form").verdict.outcome ==
          Outcome::inconsistent);
#endif
  }

  TEST_CASE("bias rules claim: PROVEN where the window is non-empty, REFUTED for a doubled rule, UNDECIDED without a window") {
    const Instance in = small_instance(true);
    const auto claim = [](const Instance& x) {
      return find(run_claims(x, {0}, 1, {"recovery.bias_rules"}), "recovery.bias_rules_inside_windows").verdict.outcome;
    };
    CHECK(claim(in) == Outcome::proven);
    CHECK(claim(small_instance(false)) == Outcome::undecided);
#ifdef SCAE_MUTANTS  // the mutant half runs where the hooks are compiled in (numerics/core/mutation.hpp)
    for (const Mutant m : {Mutant::bias_rule_doubled, Mutant::exact_low_below_window, Mutant::window_low_from_upper_end}) {
      CAPTURE(mutant_info(m).id);
      const MutantGuard guard(m);
      CHECK(claim(in) == Outcome::refuted);
    }
#endif
  }

  TEST_CASE("Theorem 3.2 claims: PROVEN at W and for the ball, REFUTED for a bound without its bias classes") {
    const Instance in = small_instance(true);
    const auto claim = [&](const std::string& id) { return find(run_claims(in, {0, 64}, 1, {id}), id).verdict; };
    const Verdict at_w = claim("gradient.theorem_3_2_bound"), ball = claim("gradient.theorem_3_2_uniform");
    INFO(at_w.summary);
    INFO(ball.summary);
    CHECK(at_w.outcome == Outcome::proven);
    CHECK(ball.outcome == Outcome::proven);
#ifdef SCAE_MUTANTS  // the mutant half runs where the hooks are compiled in (numerics/core/mutation.hpp)
    const MutantGuard guard(Mutant::theorem_3_2_bound_without_bias_classes);
    CHECK(claim("gradient.theorem_3_2_bound").outcome == Outcome::refuted);
    CHECK(claim("gradient.theorem_3_2_uniform").outcome == Outcome::refuted);
#endif
  }

  TEST_CASE("correction claim: against the independent bound P_fail x G, INCONSISTENT beyond it, not informative at P_fail 1") {
    GradientEstimate correction;
    correction.mean = MatrixXd::Zero(2, 3);
    correction.norm = correction.norm_radius = VectorXd::Zero(2);
    correction.rounding = VectorXd::Constant(2, 1e-15);
    const auto verdict = [&](double failure) { return check_correction_bound(correction, failure, 10.0, {0, 5}, 1000, 0.99); };
    CHECK(verdict(0).outcome == Outcome::consistent);
    correction.mean(1, 2) = 1e-3;  // nonzero although no sample can fail (P_fail = 0)
    CHECK(verdict(0).outcome == Outcome::inconsistent);
    CHECK(verdict(1e-3).outcome == Outcome::consistent);  // up to 1e-3 x 10 is allowed
    correction.mean(1, 2) = 0.5;
    CHECK(verdict(1e-3).outcome == Outcome::inconsistent);
    const Verdict vacuous = verdict(1);
    CHECK(vacuous.outcome == Outcome::inconclusive);
    CHECK(vacuous.summary.rfind("not informative: the failure bound is 1", 0) == 0);
  }
}

TEST_SUITE("claim_catalog") {
  TEST_CASE("enumeration claim: CONSISTENT, and INCONSISTENT for a closed form without its q_ijk classes") {
    const Instance in = small_instance(false);  // h = 24 with k = 3 below, so that q_ijk > 0
    Instance k3 = in;
    k3.code = {SupportLaw::uniform_fixed(in.h(), 3), ValueLaw::uniform(rational(1), rational(2))};
    const auto claim = [&] {
      return find(run_claims(k3, {0, 5}, 1, {"gradient.closed_form_matches_enumeration"}),
                  "gradient.closed_form_matches_enumeration").verdict.outcome;
    };
    CHECK(claim() == Outcome::consistent);
#ifdef SCAE_MUTANTS  // the mutant half runs where the hooks are compiled in (numerics/core/mutation.hpp)
    const MutantGuard guard(Mutant::three_index_class_dropped);
    CHECK(claim() == Outcome::inconsistent);
#endif
  }
}
