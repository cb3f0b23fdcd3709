// Covers runs/landscape_path.hpp through the sweep point (runs/asymptotic_sweep.hpp): t*/δ at a small
// path point against a radial root computed independently here (the exact oracle gradient by
// enumeration of supports, theory/support_enumeration.hpp, and bisection on a grid), which another
// point's δ does not match; the limits choose the search; the record keeps the numbers.
#include <doctest/doctest.h>

#include "runs/asymptotic_sweep.hpp"
#include "input/instance_builder.hpp"
#include "runs/landscape_path.hpp"
#include "theory/support_enumeration.hpp"
#include "input/sweep_path.hpp"
#include "runs/sweep_point_record.hpp"
#include "checks/test_support.hpp"

#include <cmath>
#include <string>

using namespace scae;

namespace {

Regime path_regime() {
  const scae::testing::RegimeText text{.name = "landscape-path-test",
                                       .code = "support = \"uniform\"\nk = 1\nvalues = \"uniform\"\na1 = 1\na2 = 2",
                                       .monte_carlo = "samples = 20000\nbatches = 20\nseed = 5",
                                       .sweep = "h = [16, 32]\ndelta = \"h^(-1)\"\nbias = \"exact-mid\"\n"};
  return parse_regime(text.text(), "path.toml");
}

SweepPointOptions with_limits(const LandscapePathLimits& limits) {
  SweepPointOptions o{1, 0.99, 0, std::nullopt, false, std::nullopt};
  o.landscape = limits;
  return o;
}

// Σ_i ⟨E∇_{W_i}, A*_i⟩ at W = (1 + t) A*ᵀ, each row by enumeration of supports.
double radial_derivative(const Instance& instance, double t) {
  const MatrixXd w = (1 + t) * instance.a.transpose();
  const MatrixXd m = w * instance.a;
  double sum = 0;
  for (int i = 0; i < instance.h(); ++i)
    sum += enumerate_oracle_gradient_row(instance.a, w, m, instance.eps, instance.code, i).value.dot(instance.a.col(i));
  return sum;
}

// The root of the radial derivative nearest 0 in [−1, 1]: a sign change on a grid of step 1/200, then bisection.
double independent_radial_root(const Instance& instance) {
  for (int s = 0; s < 200; ++s)
    for (const double sign : {1.0, -1.0}) {
      double lo = sign * s / 200.0, hi = sign * (s + 1) / 200.0;
      double f_lo = radial_derivative(instance, lo);
      if ((f_lo > 0) == (radial_derivative(instance, hi) > 0)) continue;
      for (int it = 0; it < 60; ++it) {
        const double mid = (lo + hi) / 2, f_mid = radial_derivative(instance, mid);
        if ((f_mid > 0) == (f_lo > 0)) lo = mid, f_lo = f_mid;
        else hi = mid;
      }
      return (lo + hi) / 2;
    }
  return NAN;
}

}  // namespace

TEST_SUITE("landscape_path") {
  TEST_CASE("t*/delta at a path point equals an independent radial root over the point's delta, not another point's") {
    const Regime regime = path_regime();
    const auto points = sweep_points(regime);
    REQUIRE(points.size() == 2);
    const SweepPointResult r = evaluate_sweep_point(regime, points[0], with_limits({16, 0}));
    const PathLandscape& l = r.landscape;
    INFO(l.note);
    REQUIRE(l.method == LandscapeSearch::radial_root);
    const Instance instance = build_instance(regime_at(regime, points[0]));
    const double t = independent_radial_root(instance);
    REQUIRE(std::isfinite(t));
    CHECK(l.t == doctest::Approx(t).epsilon(1e-9));
    const double delta = points[0].delta.convert_to<double>(), other = points[1].delta.convert_to<double>();
    CHECK(l.delta == delta);
    CHECK(l.t_over_delta == doctest::Approx(t / delta).epsilon(1e-9));
    // With the other point's δ the column would be wrong by the ratio of the two radii.
    CHECK_FALSE(l.t_over_delta == doctest::Approx(t / other).epsilon(1e-6));
    // Unit columns: the radial point (1 + t*) A*ᵀ lies |t*| from A*ᵀ in every row.
    CHECK(l.distance == doctest::Approx(std::abs(t)).epsilon(1e-9));
    CHECK(l.distance_over_delta == doctest::Approx(std::abs(t) / delta).epsilon(1e-9));
    CHECK_FALSE(l.local_minimum);
  }

  TEST_CASE("the limits choose the search: Newton-CG with the certificate, the radial root, or nothing") {
    const Regime regime = path_regime();
    const auto points = sweep_points(regime);
    const SweepPointResult newton = evaluate_sweep_point(regime, points[0], with_limits({16, 16}));
    const PathLandscape& l = newton.landscape;
    REQUIRE(l.method == LandscapeSearch::newton_cg);
    CHECK(l.converged);
    CHECK(l.ratio < 1e-9);
    CHECK(l.local_minimum);
    CHECK(l.critical_point_in_delta_ball);
    // W° moves off the radial line, but not far: the radial root's distance is of the same order.
    CHECK(l.distance > 0);
    const SweepPointResult none = evaluate_sweep_point(regime, points[1], with_limits({16, 16}));
    CHECK(none.landscape.method == LandscapeSearch::not_computed);
    CHECK(std::isnan(none.landscape.t_over_delta));
    CHECK(none.landscape.note.find("--landscape-max-h") != std::string::npos);
    CHECK(landscape_path_method(no_landscape_path, 16) == LandscapeSearch::not_computed);
    CHECK(landscape_path_method({32, 16}, 32) == LandscapeSearch::radial_root);
  }

  TEST_CASE("the record keeps the landscape numbers, and the key the search") {
    const Regime regime = path_regime();
    const auto points = sweep_points(regime);
    const SweepPointResult r = evaluate_sweep_point(regime, points[0], with_limits({16, 0}));
    const SweepPointResult back = sweep_point_from_json(sweep_point_json(r));
    CHECK(back.landscape.t == r.landscape.t);
    CHECK(back.landscape.t_over_delta == r.landscape.t_over_delta);
    CHECK(back.landscape.method == r.landscape.method);
    CHECK(back.landscape.local_minimum == r.landscape.local_minimum);
    nlohmann::json bad = sweep_point_json(r);
    bad["landscape"]["method"] = "Newton";  // a search no vocabulary names
    CHECK_THROWS_WITH_AS(sweep_point_from_json(bad), doctest::Contains("accepted: Newton-CG, radial root, not computed"),
                         std::invalid_argument);
    bad = sweep_point_json(r);
    bad["landscape"]["recovery_there"] = "proven";
    CHECK_THROWS_WITH_AS(sweep_point_from_json(bad), doctest::Contains("\"recovery_there\" names no"), std::invalid_argument);
    CHECK(sweep_point_key(regime, points[0], 0.99, {16, 0}) != sweep_point_key(regime, points[0], 0.99, {16, 16}));
  }
}
