// Covers theory/asymptotic_sweep.hpp: the log-log slope fit and the evaluation of sweep points
// (certified closed form where recovery is certified, Monte Carlo otherwise).
#include <doctest/doctest.h>

#include "asymptotic_sweep.hpp"
#include "expected_gradient.hpp"
#include "support_recovery.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

using namespace scae;

namespace {
std::string regime_text(const std::string& bias_rule, const std::string& delta) {
  return R"(name = "sweep-test"
[dictionary]
family = "identity-hadamard"
n = 16
[code]
support = "uniform"
k = 2
values = "constant"
a1 = 1
[point]
kind = "random-direction"
delta = 0.01
[bias]
rule = "exact-mid"
[monte_carlo]
samples = 20000
batches = 20
seed = 5
[sweep]
h = [16, 32, 64]
delta = ")" + delta + R"("
bias = ")" + bias_rule + "\"\n";
}
}  // namespace

TEST_SUITE("asymptotic_sweep") {
  TEST_CASE("the slope of an exact power law is recovered with a tight interval / a noisy one is covered") {
    const std::vector<double> h = {64, 128, 256, 512, 1024};
    std::vector<double> exact, noisy;
    for (std::size_t i = 0; i < h.size(); ++i) {
      exact.push_back(3 * std::pow(h[i], -0.5));
      noisy.push_back(exact.back() * (i % 2 == 0 ? 1.1 : 0.9));
    }
    const SlopeFit f = fit_log_log(h, exact, 0.95);
    CHECK(f.slope == doctest::Approx(-0.5).epsilon(1e-12));
    CHECK(std::exp(f.intercept) == doctest::Approx(3).epsilon(1e-10));
    CHECK(f.upper - f.lower < 1e-10);
    const SlopeFit g = fit_log_log(h, noisy, 0.95);
    CHECK(g.lower < -0.5);
    CHECK(g.upper > -0.5);
    CHECK(g.upper - g.lower > 0.01);
    // A slope of -0.4 is outside the interval of the exact law: the interval can reject.
    CHECK_FALSE((f.lower <= -0.4 && -0.4 <= f.upper));
    const SlopeFit two = fit_log_log({10, 100}, {1, 0.1}, 0.95);
    CHECK(two.slope == doctest::Approx(-1));
    CHECK(std::isinf(two.lower));
    CHECK_THROWS_AS(fit_log_log({10}, {1}, 0.95), std::invalid_argument);
    CHECK_THROWS_AS(fit_log_log({10, 20}, {1, 0}, 0.95), std::invalid_argument);
    CHECK_THROWS_AS(fit_log_log({10, 10}, {1, 2}, 0.95), std::invalid_argument);
  }

  TEST_CASE("a certified point encloses the closed-form ratio computed independently") {
    const Regime regime = parse_regime(regime_text("exact-mid", "h^(-1)"), "sweep.toml");
    const auto points = sweep_points(regime);
    const SweepPointResult r = evaluate_sweep_point(regime, points[1], 1, 0.99);
    REQUIRE(r.recovery == "PROVEN");
    CHECK(r.method == "certified closed form");
    const Instance instance = build_instance_with_bias(regime_at(regime, points[1]));
    const ExpectedGradient<double> closed(instance.a, instance.w, instance.eps, instance.code);
    const double scale = (instance.code.support.q_uniform(1) * instance.code.values.m2()).convert_to<double>();
    REQUIRE(r.rows.size() == 3);
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
      const double ratio = closed.row(r.rows[i]).total.norm() / scale;
      CHECK(r.lower[i] <= ratio);
      CHECK(ratio <= r.upper[i]);
      CHECK(r.upper[i] - r.lower[i] < 1e-12 * ratio);
      // The enclosure is tight enough to tell a 1e-9 change.
      CHECK_FALSE((r.lower[i] <= ratio * (1 + 1e-9) && ratio * (1 + 1e-9) <= r.upper[i]));
    }
    CHECK(r.p == doctest::Approx(std::log(2.0) / std::log(32.0)));
    CHECK(r.xi == doctest::Approx(-std::log(0.25) / std::log(32.0)));
  }

  TEST_CASE("a point without certified recovery falls back to Monte Carlo with an interval") {
    const Regime regime = parse_regime(regime_text("paper-half", "0.3"), "sweep.toml");
    const SweepPointResult r = evaluate_sweep_point(regime, sweep_points(regime)[0], 2, 0.99);
    CHECK(r.recovery != "PROVEN");
    CHECK(r.method == "Monte Carlo");
    CHECK(r.samples == 20000);
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
      CHECK(r.lower[i] <= r.ratio[i]);
      CHECK(r.ratio[i] <= r.upper[i]);
      CHECK(r.upper[i] > r.lower[i]);
    }
  }
}
