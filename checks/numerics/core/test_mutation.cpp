// Covers numerics/core/mutation.hpp (the mutant registry: off by default, stable ids, the guard) and
// every hook it switches: each mutant changes the value its hook computes, and nothing else runs
// mutated once the guard is gone.
#include <doctest/doctest.h>

#include "numerics/model/autoencoder.hpp"
#include "numerics/model/dictionary.hpp"
#include "theory/expected_gradient.hpp"
#include "numerics/estimate/monte_carlo.hpp"
#include "numerics/core/mutation.hpp"
#include "numerics/model/near_point.hpp"
#include "theory/support_recovery.hpp"
#include "theory/term_bounds.hpp"

#include <set>

using namespace scae;

#ifdef SCAE_MUTANTS
namespace {
struct Small {
  MatrixXd a = identity_hadamard_dictionary(16);
  MatrixXd w = point_at_distance(a, 0.02, 3);
  CodeModel code{SupportLaw::uniform_fixed(32, 3), ValueLaw::uniform(rational(1), rational(2))};  // k = 3: q_ijk > 0
  VectorXd eps = VectorXd::Constant(32, 0.4);
};

MonteCarloResult two_samples(const Small& s) {
  MonteCarloOptions o;
  o.samples = 2;
  o.batches = 2;
  o.seed = 7;
  o.threads = 1;
  return estimate(s.a, s.w, s.eps, s.code, o);
}

// Mean over samples 0 and 1 of the exact gradient and loss of numerics/model/autoencoder.hpp.
std::pair<MatrixXd, double> exact_two_samples(const Small& s) {
  MatrixXd g = MatrixXd::Zero(s.w.rows(), s.w.cols());
  double l = 0;
  for (std::uint64_t i = 0; i < 2; ++i) {
    int atoms[3];
    double x[3];
    const int size = s.code.sample(7, i, atoms, x);
    VectorXd y = VectorXd::Zero(s.a.rows());
    for (int t = 0; t < size; ++t) y += x[t] * s.a.col(atoms[t]);
    g += gradient<double>(s.w, s.eps, y) / 2;
    l += loss<double>(s.w, s.eps, y) / 2;
  }
  return {g, l};
}
}  // namespace
#endif

TEST_SUITE("mutation") {
  TEST_CASE("the registry is off by default and every id is unique and found again") {
    CHECK(active_mutant() == Mutant::none);
    CHECK(mutant_catalog().size() >= 12);
    std::set<std::string> ids;
    for (const auto& info : mutant_catalog()) {
      CHECK(ids.insert(info.id).second);
      CHECK_FALSE(info.description.empty());
      CHECK(mutant_from_id(info.id) == info.mutant);
      CHECK_FALSE(mutant_active(info.mutant));
    }
    CHECK_THROWS_WITH_AS(mutant_from_id("no_such_mutant"), doctest::Contains("accepted: gradient_decoder_sign"),
                         std::invalid_argument);
  }

#ifndef SCAE_MUTANTS
  TEST_CASE("without SCAE_MUTANTS every hook is the constant false: normal builds read no flag") {
    static_assert(!mutant_hooks_compiled_in);
    static_assert(!mutant_active(Mutant::loss_half_dropped));
    static_assert(active_mutant() == Mutant::none);
    CHECK_FALSE(mutant_hooks_compiled_in);
  }
#else
  TEST_CASE("the guard switches a mutant on for its lifetime only") {
    {
      const MutantGuard guard(Mutant::loss_half_dropped);
      CHECK(mutant_active(Mutant::loss_half_dropped));
      CHECK(active_mutant() == Mutant::loss_half_dropped);
    }
    CHECK(active_mutant() == Mutant::none);
  }

  TEST_CASE("gradient sign and loss mutants: the Monte Carlo engine leaves the exact per-sample values") {
    const Small s;
    const auto [exact_g, exact_l] = exact_two_samples(s);
    const MatrixXd right = two_samples(s).gradient.mean;
    CHECK((right - exact_g).norm() <= 1e-12 * exact_g.norm());
    CHECK(two_samples(s).loss.mean == doctest::Approx(exact_l).epsilon(1e-12));
    for (const Mutant m : {Mutant::gradient_decoder_sign, Mutant::gradient_encoder_sign}) {
      const MutantGuard guard(m);
      CHECK((two_samples(s).gradient.mean - exact_g).norm() > 0.1 * exact_g.norm());
    }
    const MutantGuard guard(Mutant::loss_half_dropped);
    CHECK(two_samples(s).loss.mean == doctest::Approx(2 * exact_l).epsilon(1e-12));
  }

  TEST_CASE("closed-form mutants change E grad") {
    const Small s;
    const VectorXd right = ExpectedGradient<double>(s.a, s.w, s.eps, s.code).row(5).total;
    for (const Mutant m : {Mutant::three_index_class_dropped, Mutant::q_ij_for_q_ijk, Mutant::m1_squared_for_m2}) {
      const MutantGuard guard(m);
      INFO(mutant_info(m).id);
      CHECK((ExpectedGradient<double>(s.a, s.w, s.eps, s.code).row(5).total - right).norm() > 1e-6 * right.norm());
    }
  }

  TEST_CASE("coherence without the absolute value misses a negative extreme inner product") {
    MatrixXd a = MatrixXd::Zero(3, 3);
    a.col(0) << 1, 0, 0;
    a.col(1) << -0.6, 0.8, 0;  // <A_0, A_1> = -0.6
    a.col(2) << 0.1, 0, std::sqrt(0.99);
    CHECK(certified_coherence(a).value == doctest::Approx(0.6));
    const MutantGuard guard(Mutant::coherence_without_abs);
    CHECK(certified_coherence(a).value < 0.2);
  }

  TEST_CASE("support sampler off by one: the last atom is drawn less often than q_i") {
    const SupportLaw law = SupportLaw::uniform_fixed(4, 2);
    const auto frequency_of_last = [&] {
      int hits = 0, atoms[2];
      for (std::uint64_t i = 0; i < 6000; ++i) {
        PhiloxStream stream(11, Stream::codes, i);
        law.sample(stream, atoms);
        hits += atoms[0] == 3 || atoms[1] == 3;
      }
      return hits / 6000.0;
    };
    CHECK(frequency_of_last() == doctest::Approx(0.5).epsilon(0.08));
    const MutantGuard guard(Mutant::support_sampler_off_by_one);
    CHECK(frequency_of_last() == doctest::Approx(1.0 / 3).epsilon(0.08));
  }

  TEST_CASE("correlated stream: the first value is a function of the first atom") {
    const CodeModel code{SupportLaw::uniform_fixed(1000, 2), ValueLaw::uniform(rational(1), rational(2))};
    const auto matches = [&] {
      int same = 0, atoms[2];
      double x[2];
      for (std::uint64_t i = 0; i < 500; ++i) {
        code.sample(5, i, atoms, x);
        same += static_cast<int>((x[0] - 1) * 999) == atoms[0];  // Floyd's first step draws from {0..998}
      }
      return same;
    };
    CHECK(matches() < 10);
    const MutantGuard guard(Mutant::correlated_rng_stream);
    CHECK(matches() > 490);
  }

  TEST_CASE("interval ignoring the covariance: the row-norm radius shrinks") {
    const Small s;
    MonteCarloOptions o;
    o.samples = 4000;
    o.batches = 20;
    o.rows = {0, 9};
    const double right = estimate(s.a, s.w, s.eps, s.code, o).gradient.norm_radius(0);
    const MutantGuard guard(Mutant::interval_ignores_covariance);
    CHECK(estimate(s.a, s.w, s.eps, s.code, o).gradient.norm_radius(0) < 0.7 * right);
  }

  TEST_CASE("term bound, window edge and bias rule mutants change their numbers") {
    const Small s;
    const Neighbourhood nb = neighbourhood(s.a, s.w);
    const auto in = certified_term_bound_inputs(s.a, s.w, s.eps, s.code, nb);
    const double bound = median(term_bound(TermClass::two_index, in)).convert_to<double>();
    const double lower = median(sufficient_window(nb, s.code).lower).convert_to<double>();
    const double mid = bias_from_rule(BiasRule::window_mid, nb, s.code)(0);
    {
      const MutantGuard guard(Mutant::term_bound_constant_halved);
      CHECK(median(term_bound(TermClass::two_index, in)).convert_to<double>() == doctest::Approx(bound / 2));
    }
    {
      const MutantGuard guard(Mutant::recovery_window_off_by_one);
      CHECK(median(sufficient_window(nb, s.code).lower).convert_to<double>() == doctest::Approx(lower * 2 / 3));  // (k - 1) / k
    }
    const MutantGuard guard(Mutant::bias_rule_doubled);
    CHECK(bias_from_rule(BiasRule::window_mid, nb, s.code)(0) == doctest::Approx(2 * mid));
  }
#endif
}
