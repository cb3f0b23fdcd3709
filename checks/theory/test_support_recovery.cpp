// Covers theory/support_recovery.hpp: the exact per-unit windows against exhaustive enumeration,
// the certified conditions (PROVEN on the default regime, REFUTED on the authors' Gaussian sizes
// and for a bias below the window), the bias rules, and the Hoeffding bound against exact
// conditional failure probabilities and the Monte Carlo rate.
#include <doctest/doctest.h>

#include "numerics/model/dictionary.hpp"
#include "input/instance_builder.hpp"
#include "numerics/estimate/monte_carlo.hpp"
#include "numerics/model/near_point.hpp"
#include "theory/support_recovery.hpp"
#include "checks/test_support.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>

#include <omp.h>

using namespace scae;

namespace {
struct Case {
  MatrixXd a, w;
  CodeModel code;
};

Case default_case() {
  const MatrixXd a = identity_hadamard_dictionary(256);
  return {a, point_at_distance(a, 0.02, 2), {SupportLaw::uniform_fixed(512, 3), ValueLaw::uniform(rational(1), rational(2))}};
}

Case gaussian_case() {
  const MatrixXd a = gaussian_dictionary(100, 256, 1);
  return {a, point_at_distance(a, 0.05, 2), {SupportLaw::uniform_fixed(256, 3), ValueLaw::uniform(rational(1), rational(2))}};
}

bool inside(double x, const interval& box, double slack) {
  return lower(box).convert_to<double>() - slack <= x && x <= upper(box).convert_to<double>() + slack;
}
}  // namespace

TEST_SUITE("support_recovery") {
  TEST_CASE("exact windows equal enumeration over all supports and value extremes (n=4, h=8, k=2)") {
    const MatrixXd a = gaussian_dictionary(4, 8, scae::testing::seed());
    const MatrixXd w = point_at_distance(a, 0.1, scae::testing::seed() + 1);
    const CodeModel code{SupportLaw::uniform_fixed(8, 2), ValueLaw::two_point(rational(1), rational(3), rational(1, 2))};
    const Neighbourhood nb = neighbourhood(a, w);
    const ExactWindows ew = exact_windows(nb, code);
    const MatrixXd m = w * a;
    for (int j = 0; j < 8; ++j) {
      double off = -HUGE_VAL, on = HUGE_VAL;
      for (int l1 = 0; l1 < 8; ++l1)
        for (int l2 = l1 + 1; l2 < 8; ++l2)
          for (const double x1 : {1.0, 3.0})
            for (const double x2 : {1.0, 3.0}) {
              const double u = x1 * m(j, l1) + x2 * m(j, l2);
              if (l1 == j || l2 == j) on = std::min(on, u);
              else off = std::max(off, u);
            }
      CHECK(inside(off, ew.off_max[j], 1e-15));
      CHECK(inside(on, ew.on_min[j], 1e-15));
      PrecisionGuard guard(128);
      CHECK(width(ew.off_max[j]) < mpfr("1e-12"));
    }
  }

  TEST_CASE("default regime: sufficient window, bias, deterministic recovery and (a) => (b) are PROVEN") {
    const Case c = default_case();
    const Neighbourhood nb = neighbourhood(c.a, c.w);
    const SufficientWindow sw = sufficient_window(nb, c.code);
    const ExactWindows ew = exact_windows(nb, c.code);
    const VectorXd eps = VectorXd::Constant(512, 0.57);
    CHECK(median(sw.lower).convert_to<double>() == doctest::Approx(0.495).epsilon(1e-3));
    CHECK(median(sw.upper).convert_to<double>() == doctest::Approx(0.65).epsilon(1e-3));
    CHECK(check_window_nonempty(sw).outcome == Outcome::proven);
    CHECK(check_bias_in_sufficient_window(sw, eps).outcome == Outcome::proven);
    CHECK(check_deterministic_recovery(ew, eps).outcome == Outcome::proven);
    CHECK(check_sufficient_implies_exact(sw, ew).outcome == Outcome::proven);
    // Deliberately wrong: a bias below the sufficient window (0.40) and below the exact ones (0.30).
    CHECK(check_bias_in_sufficient_window(sw, VectorXd::Constant(512, 0.40)).outcome == Outcome::refuted);
    CHECK(check_deterministic_recovery(ew, VectorXd::Constant(512, 0.30)).outcome == Outcome::refuted);
    // The Monte Carlo rate is 1 and the bound holds.
    const RecoveryBound bound = recovery_probability_bound(nb, c.code, eps);
    CHECK(bound.rate > 0.99);
    MonteCarloOptions o;
    o.samples = 20000;
    o.batches = 20;
    const auto mc = estimate(c.a, c.w, eps, c.code, o);
    CHECK(mc.recovery.successes == mc.recovery.trials);
    CHECK(check_recovery_bound(bound, mc.recovery.successes, mc.recovery.trials, 0.99).outcome == Outcome::consistent);
  }

  TEST_CASE("bias rules: window-mid lies in the sufficient window, exact-mid in every exact window, paper below it") {
    const Case c = default_case();
    const Neighbourhood nb = neighbourhood(c.a, c.w);
    const SufficientWindow sw = sufficient_window(nb, c.code);
    const ExactWindows ew = exact_windows(nb, c.code);
    CHECK(check_bias_in_sufficient_window(sw, bias_from_rule(BiasRule::window_mid, nb, c.code)).outcome == Outcome::proven);
    CHECK(check_deterministic_recovery(ew, bias_from_rule(BiasRule::exact_mid, nb, c.code)).outcome == Outcome::proven);
    const VectorXd paper = bias_from_rule(BiasRule::paper, nb, c.code);
    CHECK(paper(0) == doctest::Approx(1.5 * 3 * (0.0625 + 0.02)).epsilon(1e-9));
    CHECK(bias_from_rule(BiasRule::paper_half, nb, c.code)(0) == doctest::Approx(paper(0) / 2));
    CHECK(check_bias_in_sufficient_window(sw, paper).outcome == Outcome::refuted);
    CHECK(find_name<BiasRule>("exact-mid") == BiasRule::exact_mid);
    CHECK(find_name<BiasRule>("exact-low") == BiasRule::exact_low);
    CHECK_FALSE(find_name<BiasRule>("middle"));
    CHECK(accepted_names<BiasRule>() == "paper, paper-half, window-mid, window-low, exact-mid, exact-low, exact-above");
  }

  TEST_CASE("exact-above is (1 + θ) off_j inside each exact window, paper takes its constant C, and the range of C") {
    const Case c = default_case();
    const Neighbourhood nb = neighbourhood(c.a, c.w);
    const SufficientWindow sw = sufficient_window(nb, c.code);
    const ExactWindows ew = exact_windows(nb, c.code);
    const VectorXd above = bias_from_rule({BiasRule::exact_above, rational(1, 20)}, nb, c.code);
    for (std::size_t j = 0; j < ew.off_max.size(); ++j) {
      const double off = median(ew.off_max[j]).convert_to<double>();
      REQUIRE(off > 0);
      CHECK(above(static_cast<Eigen::Index>(j)) == doctest::Approx(1.05 * off).epsilon(1e-12));
    }
    CHECK(check_deterministic_recovery(ew, above).outcome == Outcome::proven);
    // Deliberately wrong: three times the bias passes on_j and is REFUTED.
    CHECK(check_deterministic_recovery(ew, above * 3).outcome == Outcome::refuted);
    // paper with C = 3/2 is 3/2 times paper with C = 1, and paper-half is C = 1/2.
    const VectorXd one = bias_from_rule(BiasRule::paper, nb, c.code);
    CHECK(bias_from_rule({BiasRule::paper, 0, rational(3, 2)}, nb, c.code)(0) == doctest::Approx(1.5 * one(0)).epsilon(1e-15));
    CHECK(BiasChoice(BiasRule::paper, 0, rational(3, 2)).text() == "paper (constant 3/2)");
    // The smallest C that puts every unit in its window: C s = max off_j; just above it recovers, just below not.
    const PaperConstantRange range = paper_constant_range(ew, sw, c.code);
    double worst_off = 0;
    for (const interval& x : ew.off_max) worst_off = std::max(worst_off, median(x).convert_to<double>());
    CHECK(median(range.smallest).convert_to<double>() == doctest::Approx(worst_off / one(0)).epsilon(1e-12));
    REQUIRE(lower(range.largest) > upper(range.smallest));
    const double smallest = upper(range.smallest).convert_to<double>();
    CHECK(check_deterministic_recovery(ew, one * smallest * (1 + 1e-9)).outcome == Outcome::proven);
    CHECK(check_deterministic_recovery(ew, one * smallest * (1 - 1e-9)).outcome == Outcome::refuted);
  }

  TEST_CASE("the rules' limits: exact-above and paper vanish, the -low rules keep the floor θ a1, -mid a1/2") {
    CHECK(vanishes_with_h(BiasChoice{BiasRule::exact_above}));
    CHECK(vanishes_with_h(BiasChoice{BiasRule::paper}));
    CHECK(vanishes_with_h(BiasChoice{BiasRule::exact_low, rational(0)}));
    // Deliberately wrong for "limit 0": exact-low with θ = 1/50 has the floor θ a1.
    CHECK_FALSE(vanishes_with_h(BiasChoice{BiasRule::exact_low, rational(1, 50)}));
    CHECK(bias_limit_in_a1(BiasChoice{BiasRule::exact_low, rational(1, 50)}) == rational(1, 50));
    CHECK(bias_limit_in_a1(BiasChoice{BiasRule::window_low, rational(1, 10)}) == rational(1, 10));
    CHECK(bias_limit_in_a1(BiasChoice{BiasRule::exact_mid}) == rational(1, 2));
  }

  TEST_CASE("authors' Gaussian sizes: the sufficient window is empty (REFUTED) while the rate is still measured") {
    const Case c = gaussian_case();
    const Neighbourhood nb = neighbourhood(c.a, c.w);
    const SufficientWindow sw = sufficient_window(nb, c.code);
    CHECK(check_window_nonempty(sw).outcome == Outcome::refuted);
    const VectorXd eps = VectorXd::Constant(256, 0.5);
    CHECK(check_bias_in_sufficient_window(sw, eps).outcome == Outcome::refuted);
    CHECK(check_sufficient_implies_exact(sw, exact_windows(nb, c.code)).outcome == Outcome::proven);
    MonteCarloOptions o;
    o.samples = 20000;
    o.batches = 20;
    const auto mc = estimate(c.a, c.w, eps, c.code, o);
    CHECK(mc.recovery.rate < 0.2);
    const RecoveryBound bound = recovery_probability_bound(nb, c.code, eps);
    // The union bound exceeds 1 here: vacuous, so it can be neither confirmed nor contradicted.
    REQUIRE(bound.failure >= 1);
    CHECK(check_recovery_bound(bound, mc.recovery.successes, mc.recovery.trials, 0.99).outcome == Outcome::inconclusive);
    // Deliberately wrong: claiming recovery with probability 0.9.
    RecoveryBound wrong = bound;
    wrong.rate = 0.9;
    CHECK(check_recovery_bound(wrong, mc.recovery.successes, mc.recovery.trials, 0.99).outcome == Outcome::inconsistent);
  }

  TEST_CASE("per-unit Chernoff bounds dominate the exact conditional failure probabilities (enumeration)") {
    const MatrixXd a = gaussian_dictionary(6, 10, scae::testing::seed() + 5);
    const MatrixXd w = point_at_distance(a, 0.05, 3);
    const CodeModel code{SupportLaw::uniform_fixed(10, 2), ValueLaw::two_point(rational(1), rational(2), rational(1, 2))};
    const VectorXd eps = VectorXd::Constant(10, 0.9);
    const Neighbourhood nb = neighbourhood(a, w);
    const RecoveryBound bound = recovery_probability_bound(nb, code, eps);
    const MatrixXd m = w * a;
    double exact_failure = 0;
    for (int j = 0; j < 10; ++j) {
      double off = 0, on = 0, off_count = 0, on_count = 0;
      for (int l1 = 0; l1 < 10; ++l1)
        for (int l2 = l1 + 1; l2 < 10; ++l2)
          for (const double x1 : {1.0, 2.0})
            for (const double x2 : {1.0, 2.0}) {
              const double u = x1 * m(j, l1) + x2 * m(j, l2);
              if (l1 == j || l2 == j) { on += u <= eps(j); on_count += 1; }
              else { off += u > eps(j); off_count += 1; }
            }
      CHECK(off / off_count <= bound.off[j] + 1e-12);
      CHECK(on / on_count <= bound.on[j] + 1e-12);
      exact_failure += 0.8 * off / off_count + 0.2 * on / on_count;
    }
    CHECK(exact_failure <= bound.failure + 1e-12);
  }
}

TEST_SUITE("support_recovery") {
  TEST_CASE("a regime with bias rule window-mid builds an instance whose bias is inside the sufficient window") {
    const std::string text = scae::testing::RegimeText{.name = "rule",
                                                       .dictionary = "family = \"identity-hadamard\"\nn = 64",
                                                       .bias = "rule = \"window-mid\"",
                                                       .monte_carlo = "samples = 1000"}
                                 .text();
    const Regime regime = parse_regime(text, "rule.toml");
    CHECK(build_instance_without_bias(regime).eps.size() == 0);
    const Instance instance = build_instance(regime);
    REQUIRE(instance.eps.size() == 128);
    const Neighbourhood nb = neighbourhood(instance.a, instance.w);
    CHECK(check_bias_in_sufficient_window(sufficient_window(nb, instance.code), instance.eps).outcome == Outcome::proven);
    CHECK_THROWS_WITH_AS(parse_regime(text.substr(0, text.find("window-mid")) + "middle\"\n[monte_carlo]\nsamples = 1000\n", "r.toml"),
                         doctest::Contains("key 'bias.rule'"), RegimeError);
  }
}

TEST_SUITE("support_recovery") {
  TEST_CASE("the probability bound does not depend on the thread count") {
    const MatrixXd a = gaussian_dictionary(20, 60, 2);
    const CodeModel code{SupportLaw::uniform_fixed(60, 2), ValueLaw::uniform(rational(1), rational(2))};
    const Neighbourhood nb = neighbourhood(a, point_at_distance(a, 0.05, 3));
    const VectorXd eps = VectorXd::Constant(60, 0.6);
    omp_set_num_threads(1);
    const double one = recovery_probability_bound(nb, code, eps).failure;
    omp_set_num_threads(3);
    const double three = recovery_probability_bound(nb, code, eps).failure;
    omp_set_num_threads(omp_get_num_procs());
    CHECK(one == three);
  }
}

TEST_SUITE("support_recovery") {
  TEST_CASE("deliberately false: a sufficient window with its lower end halved is not inside the exact windows") {
    const Case c = default_case();
    const Neighbourhood nb = neighbourhood(c.a, c.w);
    SufficientWindow sw = sufficient_window(nb, c.code);
    const ExactWindows ew = exact_windows(nb, c.code);
    CHECK(check_sufficient_implies_exact(sw, ew).outcome == Outcome::proven);
    sw.lower = sw.lower / 2;
    CHECK(check_sufficient_implies_exact(sw, ew).outcome == Outcome::refuted);
  }
}

TEST_SUITE("support_recovery") {
  TEST_CASE("the -low rules: a fraction of the way into their windows, certified inside even at fraction 0") {
    const Case c = default_case();
    const Neighbourhood nb = neighbourhood(c.a, c.w);
    const SufficientWindow sw = sufficient_window(nb, c.code);
    const ExactWindows ew = exact_windows(nb, c.code);
    for (const rational& theta : {rational(0), rational(1, 50), rational(99, 100)}) {
      CAPTURE(theta.str());
      const VectorXd low = bias_from_rule({BiasRule::exact_low, theta}, nb, c.code);
      CHECK(check_deterministic_recovery(ew, low).outcome == Outcome::proven);
      const double t = theta.convert_to<double>();
      for (const int j : {0, 100, 511}) {
        const double off = median(ew.off_max[j]).convert_to<double>(), on = median(ew.on_min[j]).convert_to<double>();
        CHECK(low(j) == doctest::Approx(off + t * (on - off)).epsilon(1e-12));
      }
      const VectorXd window = bias_from_rule({BiasRule::window_low, theta}, nb, c.code);
      CHECK(check_bias_in_sufficient_window(sw, window).outcome == Outcome::proven);
      const double lo = median(sw.lower).convert_to<double>(), hi = median(sw.upper).convert_to<double>();
      CHECK(window(3) == doctest::Approx(lo + t * (hi - lo)).epsilon(1e-12));
    }
    // Deliberately wrong: a bias just below each exact window's lower end is REFUTED.
    VectorXd below = bias_from_rule({BiasRule::exact_low, rational(0)}, nb, c.code);
    below(7) = median(ew.off_max[7]).convert_to<double>() * (1 - 1e-6);
    CHECK(check_deterministic_recovery(ew, below).outcome == Outcome::refuted);
    // The default fraction is 1/20.
    CHECK(BiasChoice{BiasRule::exact_low}.fraction == rational(1, 20));
  }

  TEST_CASE("window-low is refused where the sufficient window is empty, naming bias.rule") {
    const Case c = gaussian_case();
    const Neighbourhood nb = neighbourhood(c.a, c.w);
    CHECK_THROWS_WITH_AS(bias_from_rule({BiasRule::window_low}, nb, c.code), doctest::Contains("not certified non-empty"),
                         std::invalid_argument);
    // The shipped regime of the authors' sizes, its bias turned into the rule.
    std::ifstream file(std::string(SCAE_SOURCE_DIR) + "/regimes/gaussian-v1.toml");
    std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    REQUIRE(text.find("value = 0.5") != std::string::npos);
    text.replace(text.find("value = 0.5"), 11, "rule = \"window-low\"\nfraction = 0.1");
    CHECK_THROWS_WITH_AS(build_instance(parse_regime(text, "empty.toml")), doctest::Contains("key 'bias.rule'"),
                         RegimeError);
  }

  TEST_CASE("degenerate laws: p_high in {0, 1} is a constant law, a forced Bernoulli atom has no off window, paper uses E|S|") {
    CHECK(ValueLaw::two_point(rational(1), rational(2), rational(0)).kind() == ValueLaw::Kind::constant);
    CHECK(ValueLaw::two_point(rational(1), rational(2), rational(1)).a1() == rational(2));
    // A two-point law that never draws a2: its windows are those of the constant law a1 (with a2 in
    // them the exact window would be wider than the truth and a bias could be called REFUTED wrongly).
    const MatrixXd a = identity_hadamard_dictionary(16);
    const MatrixXd w = point_at_distance(a, 0.01, 2);
    const Neighbourhood nb = neighbourhood(a, w);
    const CodeModel never_high{SupportLaw::uniform_fixed(32, 2), ValueLaw::two_point(rational(1), rational(2), rational(0))};
    const CodeModel constant{SupportLaw::uniform_fixed(32, 2), ValueLaw::constant(rational(1))};
    const ExactWindows e1 = exact_windows(nb, never_high), e2 = exact_windows(nb, constant);
    for (int j = 0; j < 32; ++j) CHECK(median(e1.off_max[j]) == median(e2.off_max[j]));

    // Bernoulli with atom 0 forced (q = 1): unit 0 has no off-support window, and atom 0's term
    // enters every other unit's sums whatever its sign.
    std::vector<rational> q(32, rational(1, 16));
    q[0] = 1;
    const CodeModel forced{SupportLaw::bernoulli(q), ValueLaw::uniform(rational(1), rational(2))};
    const ExactWindows ew = exact_windows(nb, forced);
    CHECK(upper(ew.off_max[0]) == -HUGE_VAL);
    const double m10 = nb.m.value(1, 0);
    std::vector<rational> q_free = q;
    q_free[0] = rational(1, 16);
    const ExactWindows free = exact_windows(nb, CodeModel{SupportLaw::bernoulli(q_free), ValueLaw::uniform(rational(1), rational(2))});
    const double shift = median(ew.off_max[1] - free.off_max[1]).convert_to<double>();
    CHECK(shift == doctest::Approx(m10 >= 0 ? 0.0 : m10).epsilon(1e-9));  // a negative forced term now counts
    // The paper rule with Bernoulli supports scales with the expected support size, not h.
    const VectorXd paper = bias_from_rule({BiasRule::paper}, nb, forced);
    const double expected_size = forced.support.expected_size().convert_to<double>();
    const double scale = median(sufficient_window(nb, forced).paper_scale).convert_to<double>();
    CHECK(paper(0) == doctest::Approx(1.5 * expected_size * scale).epsilon(1e-9));
  }
}

namespace {
// log E e^{s x} for the three value laws, in long double from the definition (log-sum-exp form).
long double reference_log_mgf(long double s, int law) {
  const long double a1 = 1, a2 = 2;
  if (law == 0) return s * a1;
  if (law == 1) {  // two-point, p_high = 1/2
    const long double hi = s * a2, lo = s * a1, top = std::max(hi, lo);
    return top + std::log(0.5L * std::exp(hi - top) + 0.5L * std::exp(lo - top));
  }
  const long double t = s * (a2 - a1);  // uniform on [1, 2]: (e^{s a2} − e^{s a1}) / t
  if (std::fabs(t) < 1e-12L) return s * 1.5L;
  const long double top = std::max(s * a2, s * a1);
  return top + std::log(std::fabs(std::exp(s * a2 - top) - std::exp(s * a1 - top)) / std::fabs(t));
}

// min over a grid of log λ of the unit's Chernoff exponent: off (−λε + k log mean_l mgf(λ M_jl)) or on.
long double reference_log_bound(const MatrixXd& m, int j, int k, double eps, int law, bool on) {
  const auto h = m.cols();
  long double best = 0;
  for (int g = 0; g <= 4000; ++g) {
    const long double lambda = std::exp(std::log(1e-6L) + (std::log(1e8L) - std::log(1e-6L)) * g / 4000);
    const long double sign = on ? -1 : 1;
    long double top = -HUGE_VALL;
    for (Eigen::Index l = 0; l < h; ++l)
      if (l != j) top = std::max(top, reference_log_mgf(sign * lambda * m(j, l), law));
    long double sum = 0;
    for (Eigen::Index l = 0; l < h; ++l)
      if (l != j) sum += std::exp(reference_log_mgf(sign * lambda * m(j, l), law) - top);
    const long double others = (on ? k - 1 : k) * (top + std::log(sum / (h - 1)));
    const long double value = on ? lambda * eps + reference_log_mgf(-lambda * m(j, j), law) + others : -lambda * eps + others;
    best = std::min(best, value);
  }
  return best;
}
}  // namespace

TEST_SUITE("support_recovery") {
  TEST_CASE("each unit's bound is the minimum over λ of its Chernoff exponent (grid reference, three value laws)") {
    const MatrixXd a = gaussian_dictionary(12, 30, scae::testing::seed() + 9);
    const MatrixXd w = point_at_distance(a, 0.1, 4);
    const MatrixXd m = w * a;
    const std::vector<ValueLaw> laws{ValueLaw::constant(rational(1)), ValueLaw::two_point(rational(1), rational(2), rational(1, 2)),
                                     ValueLaw::uniform(rational(1), rational(2))};
    for (int law = 0; law < 3; ++law) {
      CAPTURE(law);
      const CodeModel code{SupportLaw::uniform_fixed(30, 3), laws[static_cast<std::size_t>(law)]};
      const VectorXd eps = VectorXd::Constant(30, 0.7);
      const RecoveryBound bound = recovery_probability_bound(m, code, eps);
      for (int j : {0, 7, 29}) {
        CAPTURE(j);
        const long double off = reference_log_bound(m, j, 3, 0.7, law, false), on = reference_log_bound(m, j, 3, 0.7, law, true);
        CHECK(std::fabs(std::log(static_cast<long double>(bound.off[j])) - off) < 1e-4L);
        CHECK(std::fabs(std::log(static_cast<long double>(bound.on[j])) - on) < 1e-4L);
        // Deliberately wrong: the reference at a bias 5 % higher is not this bound.
        CHECK(std::fabs(std::log(static_cast<long double>(bound.off[j])) - reference_log_bound(m, j, 3, 0.735, law, false)) > 1e-3L);
      }
    }
  }
}
