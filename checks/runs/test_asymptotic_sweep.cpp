// Covers runs/asymptotic_sweep.hpp: the log-log slope fit and its ranges, the path verdicts, the
// sampled rows and the evaluation of sweep points (certified closed form where recovery is
// certified, Monte Carlo otherwise), with an exact-low path checked point by point against an
// independently written computation (plain double windows and enumeration over supports).
#include <doctest/doctest.h>

#include "runs/asymptotic_sweep.hpp"
#include "theory/expected_gradient.hpp"
#include "input/instance_builder.hpp"
#include "theory/support_enumeration.hpp"
#include "theory/support_recovery.hpp"
#include "input/sweep_path.hpp"
#include "checks/test_support.hpp"

#include <algorithm>
#include <set>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

using namespace scae;

namespace {
scae::testing::RegimeText sweep_regime(const std::string& bias_rule, const std::string& delta, const std::string& extra = "") {
  return {.name = "sweep-test",
          .code = "support = \"uniform\"\nk = 2\nvalues = \"constant\"\na1 = 1",
          .monte_carlo = "samples = 20000\nbatches = 20\nseed = 5",
          .sweep = "h = [16, 32, 64]\ndelta = \"" + delta + "\"\nbias = \"" + bias_rule + "\"\n" + extra};
}

std::string regime_text(const std::string& bias_rule, const std::string& delta) { return sweep_regime(bias_rule, delta).text(); }

SweepPointOptions options(int threads, double confidence) { return {threads, confidence, 0, std::nullopt, true, std::nullopt}; }
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
    const SweepPointResult r = evaluate_sweep_point(regime, points[1], options(1, 0.99));
    REQUIRE(r.main.recovery == Outcome::proven);
    CHECK(r.main.method == SeriesMethod::certified_closed_form);
    const Instance instance = build_instance(regime_at(regime, points[1]));
    const ExpectedGradient<double> closed(instance.a, instance.w, instance.eps, instance.code);
    const double scale = (instance.code.support.q_uniform(1) * instance.code.values.m2()).convert_to<double>();
    REQUIRE(r.rows.size() == 3);
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
      const double ratio = closed.row(r.rows[i]).total.norm() / scale;
      CHECK(r.main.lower[i] <= ratio);
      CHECK(ratio <= r.main.upper[i]);
      CHECK(r.main.upper[i] - r.main.lower[i] < 1e-12 * ratio);
      // The enclosure is tight enough to tell a 1e-9 change.
      CHECK_FALSE((r.main.lower[i] <= ratio * (1 + 1e-9) && ratio * (1 + 1e-9) <= r.main.upper[i]));
    }
    CHECK(r.p == doctest::Approx(std::log(2.0) / std::log(32.0)));
    CHECK(r.xi == doctest::Approx(-std::log(0.25) / std::log(32.0)));
  }

  TEST_CASE("a point without certified recovery falls back to Monte Carlo with an interval") {
    const Regime regime = parse_regime(regime_text("paper-half", "0.3"), "sweep.toml");
    const SweepPointResult r = evaluate_sweep_point(regime, sweep_points(regime)[0], options(2, 0.99));
    CHECK(r.main.recovery != Outcome::proven);
    CHECK(r.main.method == SeriesMethod::monte_carlo);
    CHECK(r.main.samples == 20000);
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
      CHECK(r.main.lower[i] <= r.main.ratio[i]);
      CHECK(r.main.ratio[i] <= r.main.upper[i]);
      CHECK(r.main.upper[i] > r.main.lower[i]);
    }
  }

  TEST_CASE("checked rows: 0, h/2, h - 1 and a seeded sample of distinct further rows") {
    int fixed = 0;
    const std::vector<int> rows = checked_rows(256, 16, 42, &fixed);
    CHECK(fixed == 3);
    REQUIRE(rows.size() == 19);
    CHECK(rows[0] == 0);
    CHECK(rows[1] == 128);
    CHECK(rows[2] == 255);
    CHECK(std::set<int>(rows.begin(), rows.end()).size() == 19);
    CHECK(std::is_sorted(rows.begin() + 3, rows.end()));
    CHECK(checked_rows(256, 16, 42) == rows);
    CHECK(checked_rows(256, 16, 43) != rows);  // another seed, another sample
    CHECK(checked_rows(8, 16, 42).size() == 8);  // every row when h is small
  }

  TEST_CASE("the error-bar range of a slope is exact at the intervals' ends") {
    const std::vector<double> h = {10, 100, 1000};
    const auto [lo, hi] = slope_range(h, {0.9, 0.09, 0.009}, {1.1, 0.11, 0.011});
    CHECK(lo == doctest::Approx((std::log(0.009) - std::log(1.1)) / std::log(100.0)));
    CHECK(hi == doctest::Approx((std::log(0.011) - std::log(0.9)) / std::log(100.0)));
    const auto [a, b] = slope_range(h, {1, 0.1, 0.01}, {1, 0.1, 0.01});
    CHECK(a == doctest::Approx(-1));
    CHECK(b == doctest::Approx(-1));
    CHECK_THROWS_AS(slope_range(h, {0, 0.1, 0.01}, {1, 0.1, 0.01}), std::invalid_argument);
  }

  TEST_CASE("path verdicts: a decreasing bound is PROVEN, an increase REFUTED, overlap UNDECIDED") {
    CHECK(check_bound_decreases({1, 2, 4}, {3, 2, 1}, {3.1, 2.1, 1.1}).outcome == Outcome::proven);
    CHECK(check_bound_decreases({1, 2, 4}, {3, 3.5, 1}, {3.1, 3.6, 1.1}).outcome == Outcome::refuted);
    CHECK(check_bound_decreases({1, 2, 4}, {3, 2.9, 1}, {3.1, 3.05, 1.1}).outcome == Outcome::undecided);
    CHECK(check_bound_decreases({1}, {3}, {3.1}).outcome == Outcome::undecided);
  }

  TEST_CASE("the slope verdict against the bias term: deterministic, a computed tolerance, INCONCLUSIVE near flat") {
    // F = 0.5 (h/256)^-0.25, E = 2 % of F; R is pushed to the side of F that moves the slope most
    // (up where the weight is positive, down where negative), so the slope difference nearly reaches
    // the tolerance: within it, but outside half of it.
    const std::vector<double> h = {256, 512, 1024, 2048, 4096};
    std::vector<SlopePoint> points;
    for (std::size_t i = 0; i < h.size(); ++i) {
      const double f = 0.5 * std::pow(h[i] / 256, -0.25), e = 0.02 * f;
      points.push_back({h[i], i < 2 ? f - e : i > 2 ? f + e : f, f, e});
    }
    const SlopeComparison c = compare_slope_with_bias_term(points);
    CHECK(c.predicted == doctest::Approx(-0.25).epsilon(1e-12));
    // Independently: weights (x_i - mean)/Sxx with x = log h, each |w_i| times -log(1 - 0.02).
    double sxx = 0, sum_w = 0;
    for (int i = -2; i <= 2; ++i) sxx += i * i * std::log(2.0) * std::log(2.0);
    for (int i = -2; i <= 2; ++i) sum_w += std::abs(i * std::log(2.0)) / sxx;
    CHECK(c.tolerance == doctest::Approx(sum_w * -std::log(0.98)).epsilon(1e-12));
    CHECK(std::abs(c.measured - c.predicted) > c.tolerance / 2);
    CHECK(std::abs(c.measured - c.predicted) <= c.tolerance);
    const Verdict v = check_slope_matches_bias_term(points, -0.29);
    CHECK(v.outcome == Outcome::consistent);
    CHECK(v.method == Method::deterministic);
    CHECK(to_name(v.method) == "deterministic");
    // A tolerance halved: the same numbers are INCONSISTENT.
    CHECK(check_slope_matches_bias_term(points, -0.29, 0.5).outcome == Outcome::inconsistent);
    // A flat ratio against a falling bias term: INCONSISTENT.
    std::vector<SlopePoint> flat = points;
    for (SlopePoint& p : flat) p.ratio = 0.5;
    CHECK(check_slope_matches_bias_term(flat, -0.29).outcome == Outcome::inconsistent);
    // Three points over two octaves with a remainder of 40 %: the range reaches 0, INCONCLUSIVE.
    std::vector<SlopePoint> short_path(points.begin(), points.begin() + 3);
    for (SlopePoint& p : short_path) p.ratio = p.bias_form, p.remainder = 0.4 * p.bias_form;
    const Verdict three = check_slope_matches_bias_term(short_path, -0.29);
    CHECK(three.outcome == Outcome::inconclusive);
    CHECK(three.summary.find("cannot tell a decay from a flat ratio") != std::string::npos);
    // Two points, a point without its remainder, a remainder as large as the term: INCONCLUSIVE.
    CHECK(check_slope_matches_bias_term({points[0], points[4]}, -0.29).outcome == Outcome::inconclusive);
    std::vector<SlopePoint> monte_carlo = points;
    monte_carlo[2].remainder = std::nan("");
    CHECK(check_slope_matches_bias_term(monte_carlo, -0.29).outcome == Outcome::inconclusive);
    std::vector<SlopePoint> large = points;
    large[1].remainder = large[1].bias_form;
    CHECK(std::isinf(compare_slope_with_bias_term(large).tolerance));
    CHECK(check_slope_matches_bias_term(large, -0.29).outcome == Outcome::inconclusive);
  }

  TEST_CASE("an exact-low path (fraction 0.02) agrees point by point with an independent computation") {
    // The path h = 128, 256, 512 with values uniform on [1, 2]; independently: M = W A* by a plain
    // product, each unit's window from sorted row entries, eps_j = off_j + 0.02 (on_j - off_j), and
    // the expected gradient by enumeration over every support (not the term-class closed form).
    scae::testing::RegimeText text = sweep_regime("exact-low", "h^(-1)", "bias_fraction = 0.02\ncontrast = \"exact-mid\"\nrows = 4");
    text.code = scae::testing::RegimeText{}.code;  // values uniform on [1, 2]
    text.sweep.replace(0, 16, "h = [128, 256, 512]");
    const Regime regime = parse_regime(text.text(), "sweep.toml");
    REQUIRE(regime.sweep->bias->fraction == rational(1, 50));
    for (const SweepPoint& point : sweep_points(regime)) {
      CAPTURE(point.h);
      const SweepPointResult r = evaluate_sweep_point(regime, point, {1, 0.99, 4, regime.sweep->contrast, true});
      REQUIRE(r.main.recovery == Outcome::proven);
      REQUIRE(r.contrast);
      const Instance in = build_instance_without_bias(regime_at(regime, point));
      const MatrixXd m = in.w * in.a;
      const double a1 = 1, a2 = 2, k = in.code.support.k();
      VectorXd eps(in.h());
      for (int j = 0; j < in.h(); ++j) {
        std::vector<double> others;
        for (int l = 0; l < in.h(); ++l)
          if (l != j) others.push_back(m(j, l));
        std::sort(others.begin(), others.end());
        double off = 0, on = std::min(a1 * m(j, j), a2 * m(j, j));
        for (int t = 0; t < k; ++t) off += std::max(a1 * others[others.size() - 1 - t], a2 * others[others.size() - 1 - t]);
        for (int t = 0; t + 1 < k; ++t) on += std::min(a1 * others[t], a2 * others[t]);
        eps(j) = off + 0.02 * (on - off);
      }
      CHECK(r.main.eps_max == doctest::Approx(eps.maxCoeff()).epsilon(1e-12));
      CHECK(r.main.eps_min == doctest::Approx(eps.minCoeff()).epsilon(1e-12));
      const double scale = (in.code.support.q_uniform(1) * in.code.values.m2()).convert_to<double>();
      double vanishing = 0, fixed = 0;
      for (std::size_t t = 0; t < r.rows.size(); ++t) {
        const EnumeratedRow e = enumerate_oracle_gradient_row(in.a, in.w, m, eps, in.code, r.rows[t]);
        const double ratio = e.value.norm() / scale;
        CHECK(r.main.lower[t] <= ratio * (1 + 1e-9));
        CHECK(ratio * (1 - 1e-9) <= r.main.upper[t]);
        vanishing += r.main.ratio[t];
        fixed += r.contrast->ratio[t];
      }
      // The bias near the lower end of the window gives a smaller ratio than the middle one.
      CHECK(vanishing < fixed);
      CHECK(r.main.bound_upper >= *std::max_element(r.main.upper.begin(), r.main.upper.end()));
    }
  }

  TEST_CASE("an exact-above point with the paper series agrees with an independent computation") {
    // Independently, in double from M = W A* by a plain product: the windows, eps_j = off_j + |off_j|/20,
    // their medians, the smallest paper constant, the paper bias, the ball condition, and the remainder
    // beside the bias term from the gradient by enumeration over every support.
    scae::testing::RegimeText text = sweep_regime("exact-above", "h^(-1)", "bias_fraction = \"1/20\"\npaper_constant = \"1\"\nrows = 4");
    text.code = scae::testing::RegimeText{}.code;  // values uniform on [1, 2], k = 2
    text.sweep.replace(0, 16, "h = [128]");
    const Regime regime = parse_regime(text.text(), "sweep.toml");
    REQUIRE(regime.sweep->paper);
    const SweepPoint point = sweep_points(regime).front();
    const SweepPointResult r = evaluate_sweep_point(regime, point, {1, 0.99, 4, std::nullopt, true, regime.sweep->paper});
    REQUIRE(r.main.recovery == Outcome::proven);
    REQUIRE(r.paper);
    const Instance in = build_instance_without_bias(regime_at(regime, point));
    const MatrixXd m = in.w * in.a;
    const double a1 = 1, a2 = 2, m1 = 1.5, m2 = 7.0 / 3, k = in.code.support.k();
    VectorXd eps(in.h()), off(in.h()), on(in.h());
    double coherence = 0, delta = 0;
    for (int j = 0; j < in.h(); ++j) {
      std::vector<double> others;
      for (int l = 0; l < in.h(); ++l)
        if (l != j) others.push_back(m(j, l)), coherence = std::max(coherence, std::abs(in.a.col(j).dot(in.a.col(l))));
      std::sort(others.begin(), others.end());
      off(j) = 0, on(j) = std::min(a1 * m(j, j), a2 * m(j, j));
      for (int t = 0; t < k; ++t) off(j) += std::max(a1 * others[others.size() - 1 - t], a2 * others[others.size() - 1 - t]);
      for (int t = 0; t + 1 < k; ++t) on(j) += std::min(a1 * others[t], a2 * others[t]);
      eps(j) = off(j) + std::abs(off(j)) / 20;
      delta = std::max(delta, (in.w.row(j).transpose() - in.a.col(j)).norm());
    }
    CHECK(r.main.eps_max == doctest::Approx(eps.maxCoeff()).epsilon(1e-12));
    CHECK(r.main.eps_min == doctest::Approx(eps.minCoeff()).epsilon(1e-12));
    const auto median = [](VectorXd v) {
      std::sort(v.data(), v.data() + v.size());
      return (v(v.size() / 2 - 1) + v(v.size() / 2)) / 2;
    };
    CHECK(r.off_median == doctest::Approx(median(off)).epsilon(1e-12));
    CHECK(r.on_median == doctest::Approx(median(on)).epsilon(1e-12));
    const double paper_bias = m1 * k * (delta + coherence);
    CHECK(r.paper->eps_max == doctest::Approx(paper_bias).epsilon(1e-12));
    CHECK(r.paper_constant_smallest.first == doctest::Approx(off.maxCoeff() / paper_bias).epsilon(1e-12));
    CHECK(r.paper_constant_smallest.first <= r.paper_constant_smallest.second);
    CHECK(r.paper_constant_largest.first == doctest::Approx(on.minCoeff() / paper_bias).epsilon(1e-12));
    const bool paper_recovers = paper_bias >= off.maxCoeff() && paper_bias < on.minCoeff();
    CHECK((r.paper->recovery == Outcome::proven) == paper_recovers);
    CHECK(r.paper->method == (paper_recovers ? SeriesMethod::certified_closed_form : SeriesMethod::oracle_closed_form));
    const double c = coherence + delta, lower = k * a2 * c, upper = a1 * (1 - delta) - (k - 1) * a2 * c;
    CHECK((r.main.ball_recovery == Outcome::proven) == (eps.minCoeff() >= lower && eps.maxCoeff() < upper));
    CHECK(r.atypical_rows == std::vector<int>{0, 64});
    const double q = in.code.support.q_uniform(1).convert_to<double>();
    double remainder = 0, typical = 0;
    for (std::size_t t = 0; t < r.rows.size(); ++t) {
      const int i = r.rows[t];
      const VectorXd g = enumerate_oracle_gradient_row(in.a, in.w, m, eps, in.code, i).value;
      const VectorXd d = q * eps(i) * (eps(i) - 2 * m1) * in.a.col(i).normalized();
      remainder += (g - d).norm() / (q * m2);
      if (i != 0 && i != 64) typical += g.norm() / (q * m2);
    }
    CHECK(r.main.bias_term_remainder == doctest::Approx(remainder / static_cast<double>(r.rows.size())).epsilon(1e-9));
    CHECK(r.main.typical_mean_ratio == doctest::Approx(typical / static_cast<double>(r.rows.size() - 2)).epsilon(1e-9));
  }
}
