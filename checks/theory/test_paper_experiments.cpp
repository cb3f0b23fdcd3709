// Covers theory/sampled_loss.hpp, theory/loss_well.hpp, theory/gradient_descent.hpp and
// theory/gradient_norms.hpp: agreement of the sampled loss and gradient with the Monte Carlo
// engine on the same samples, thread independence, the loss well (at the bottom at A*ᵀ, not at a
// shifted centre), descent with the exact gradient (converging, and diverging with a step far too
// large), the gradient norm at δ = 0 against the closed form, and the refusal of bad options.
#include <doctest/doctest.h>

#include "theory/critical_point.hpp"
#include "numerics/model/dictionary.hpp"
#include "theory/expected_gradient.hpp"
#include "theory/gradient_descent.hpp"
#include "theory/gradient_norms.hpp"
#include "theory/loss_well.hpp"
#include "numerics/estimate/dense_estimate.hpp"
#include "numerics/estimate/monte_carlo.hpp"
#include "numerics/model/near_point.hpp"
#include "theory/sampled_loss.hpp"
#include "checks/test_support.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

using namespace scae;

namespace {

// [I_8, H_8/√8] (coherence 1/√8), supports of 2 atoms, values uniform on [1, 2], a small bias.
struct Tiny {
  MatrixXd a = identity_hadamard_dictionary(8);
  CodeModel code{SupportLaw::uniform_fixed(16, 2), ValueLaw::uniform(rational(1), rational(2))};
  VectorXd eps = VectorXd::Constant(16, 0.1);
};

// A* = I_16 with one atom of value 1 per sample: deterministic recovery holds whenever every row
// is within δ of A*_i and δ <= ε < 1 − δ, so ε = 1/2 certifies it up to δ < 1/2.
struct Orthonormal {
  MatrixXd a = MatrixXd::Identity(16, 16);
  CodeModel code{SupportLaw::uniform_fixed(16, 1), ValueLaw::constant(rational(1))};
  VectorXd eps = VectorXd::Constant(16, 0.5);
};

LossWellOptions small_well() {
  LossWellOptions o;
  o.directions = 3;
  o.half_width = 0.5;
  o.points = 21;
  o.samples = 20000;
  o.batches = 20;
  o.scaling_direction = false;
  o.gradient_direction = false;
  o.seed = scae::testing::seed();
  return o;
}

// One random point at distance delta, 40000 samples.
GradientNormOptions one_point(double delta) {
  GradientNormOptions o;
  o.deltas = {delta};
  o.points = 1;
  o.samples = 40000;
  o.seed = scae::testing::seed();
  return o;
}

template <class F> std::string message_of(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_SUITE("paper_experiments") {
  TEST_CASE("sampled gradient and loss equal the Monte Carlo engine on the same samples") {
    const Tiny c;
    const MatrixXd w = point_at_distance(c.a, 0.1, scae::testing::seed());
    const std::uint64_t seed = scae::testing::seed(), samples = 4000;
    const SampleRange range{seed, Stream::codes, 0, samples, 8};
    const MatrixXd sampled = sampled_gradient(c.a, w, c.eps, c.code, range, 2);
    const MatrixXd dense = estimate_gradient_dense(c.a, w, c.eps, c.code, samples, seed);
    CHECK((sampled - dense).cwiseAbs().maxCoeff() < 1e-12 * (1 + dense.cwiseAbs().maxCoeff()));
    MonteCarloOptions mc;
    mc.samples = samples;
    mc.seed = seed;
    mc.batches = 8;
    const double at[] = {0.0};
    const MatrixXd losses = line_batch_losses(c.a, w, MatrixXd::Zero(16, 8), c.eps, c.code, at, range, 2);
    CHECK(losses.mean() == doctest::Approx(estimate(c.a, w, c.eps, c.code, mc).loss.mean).epsilon(1e-12));
    // A different stream gives different samples, hence a different mean.
    const MatrixXd other = sampled_gradient(c.a, w, c.eps, c.code, {seed, Stream::descent, 0, samples, 8}, 2);
    CHECK((other - dense).cwiseAbs().maxCoeff() > 1e-6);
  }

  TEST_CASE("sampled gradient, loss well and mini-batch descent are identical for 1 and 2 threads") {
    const Tiny c;
    const MatrixXd w = point_at_distance(c.a, 0.3, scae::testing::seed());
    const SampleRange range{scae::testing::seed(), Stream::descent, 12345, 3001, 7};
    CHECK(sampled_gradient(c.a, w, c.eps, c.code, range, 1) == sampled_gradient(c.a, w, c.eps, c.code, range, 2));
    LossWellOptions o = small_well();
    o.samples = 2000;
    o.threads = 1;
    const LossWell one = loss_well(c.a, c.a.transpose(), c.eps, c.code, o);
    o.threads = 2;
    const LossWell two = loss_well(c.a, c.a.transpose(), c.eps, c.code, o);
    for (std::size_t k = 0; k < one.curves.size(); ++k) CHECK(one.curves[k].loss == two.curves[k].loss);
    DescentOptions d;
    d.steps = 5;
    d.batch = 500;
    d.seed = scae::testing::seed();
    d.threads = 1;
    const DescentRun r1 = descend(c.a, w, c.eps, c.code, d, 0);
    d.threads = 2;
    const DescentRun r2 = descend(c.a, w, c.eps, c.code, d, 0);
    CHECK(r1.exact_steps == 0);  // recovery is not certified here: every step is a mini-batch step
    CHECK(r1.max_distance == r2.max_distance);
    CHECK(r1.loss == r2.loss);
  }

  TEST_CASE("A*ᵀ is at the bottom of the loss along random directions (orthonormal A*, n = h = 16, small bias)") {
    Orthonormal c;
    c.eps.setConstant(0.05);  // the bias moves the critical point radially by O(ε) (docs/theory.md §4)
    const LossWell well = loss_well(c.a, c.a.transpose(), c.eps, c.code, small_well());
    CHECK(well.verdict.outcome == Outcome::consistent);
    for (const auto& curve : well.curves) {
      INFO(curve.direction);
      CHECK(curve.argmin_t == 0);
      CHECK(curve.second_difference.lower() > 0);
      CHECK(curve.fit_curvature.lower() > 0);
      // The second difference and the quadratic fit measure the same curvature.
      CHECK(std::abs(curve.second_difference.value - curve.fit_curvature.value) < 0.1 * curve.fit_curvature.value);
    }
  }

  TEST_CASE("along the radial and descent lines the loss falls from A*ᵀ to the bias's minimiser (orthonormal A*)") {
    const Orthonormal c;  // ε = 0.5: at A*ᵀ, E∇_{W_i} = q_i ε (ε − 2 m1) A*_i points along −A*_i
    LossWellOptions o = small_well();
    o.directions = 1;
    o.scaling_direction = o.gradient_direction = true;
    const LossWell well = loss_well(c.a, c.a.transpose(), c.eps, c.code, o);
    REQUIRE(well.curves.size() == 3);
    CHECK(well.curves[1].direction == "radial");
    CHECK(well.curves[2].direction == "descent");
    // Independently: one atom of value 1, so L((1 + t) I) = ½((1 + t)(1 + t − ε) − 1)², zero at
    // 1 + t = (ε + √(ε² + 4)) / 2; the grid step is 0.05.
    const double t_star = (0.5 + std::sqrt(0.25 + 4)) / 2 - 1;  // 0.2808
    for (std::size_t k = 1; k < 3; ++k) {
      INFO(well.curves[k].direction);
      CHECK(std::abs(well.curves[k].argmin_t - t_star) <= 0.025 + 1e-12);
      CHECK(well.curves[k].gap.upper() < 0);
      CHECK(well.curves[k].outcome == Outcome::inconsistent);
    }
    CHECK(well.scaling_verdict.outcome == Outcome::inconsistent);
    CHECK(well.descent_verdict.outcome == Outcome::inconsistent);
    // Here −E∇(A*ᵀ) is a positive multiple of A*ᵀ with equal rows: scaled to unit rows it is A*ᵀ itself.
    CHECK((descent_direction(c.a, c.a.transpose(), c.eps, c.code) - MatrixXd::Identity(16, 16)).norm() < 1e-12);
  }

  TEST_CASE("a centre shifted to A*ᵀ + 0.3 D is not at the bottom along D") {
    const Tiny c;
    const LossWellOptions o = small_well();
    const MatrixXd d0 = loss_directions(16, 8, o.directions, o.seed)[0];
    CHECK((d0.rowwise().squaredNorm().array() - 1).abs().maxCoeff() < 1e-12);
    const LossWell well = loss_well(c.a, c.a.transpose() + 0.3 * d0, c.eps, c.code, o);
    CHECK(well.verdict.outcome == Outcome::inconsistent);
    CHECK(well.curves[0].outcome == Outcome::inconsistent);
    CHECK(well.curves[0].argmin_t < -0.15);
    CHECK(well.curves[0].gap.upper() < 0);
  }

  TEST_CASE("descent with the exact gradient from distance 0.4 moves every row closer to A*") {
    const Orthonormal c;
    DescentOptions o;
    o.distances = {0.4};
    o.steps = 40;
    o.loss_samples = 2000;
    o.close_distance = 0.4 / 1.2;
    o.seed = scae::testing::seed();
    const Descent d = gradient_descent(c.a, c.eps, c.code, o);
    const DescentRun& run = d.runs.front();
    CHECK(run.exact_steps == o.steps);
    CHECK(run.max_distance.front() == doctest::Approx(0.4));
    CHECK(run.max_distance.back() < 0.4 / 1.2);
    CHECK(run.loss.back() < run.loss.front());
    CHECK(d.verdict.outcome == Outcome::consistent);
    // With a step far beyond the stable range the same start does not approach A*.
    o.step_scale = 20;
    o.steps = 10;
    const Descent wild = gradient_descent(c.a, c.eps, c.code, o);
    CHECK((wild.runs.front().diverged || wild.runs.front().max_distance.back() > 0.4 / 1.2));
    CHECK(wild.verdict.outcome == Outcome::inconsistent);
    const std::string behaviour = run_behaviour(wild.runs.front(), o);
    CHECK((behaviour.starts_with("diverged") || behaviour.starts_with("moved away") || behaviour.starts_with("stalled")));
  }

  TEST_CASE("descent's end point against W°: zero from W° itself, non-zero against a wrong W°") {
    // Orthonormal A*, k = 1: E L's critical point near A*ᵀ, recovery certified there (ε = 1/2).
    const Orthonormal c;
    const ExpectedLoss loss(c.a, c.eps, c.code);
    const RadialRoot radial = radial_root(loss);
    REQUIRE(std::isfinite(radial.t));
    const CriticalPoint point = find_critical_point(loss, (1 + radial.t) * c.a.transpose(), NewtonOptions{});
    REQUIRE(point.converged);
    DescentOptions o;
    o.steps = 3;
    o.loss_samples = 100;
    o.seed = scae::testing::seed();
    o.reference = point.w;
    const DescentRun still = descend(c.a, point.w, c.eps, c.code, o, 0);
    CHECK(still.exact_steps == o.steps);
    CHECK(still.to_reference.frobenius < 1e-8);
    CHECK(still.to_reference.max_row < 1e-8);
    CHECK(still.to_reference.min_cosine == doctest::Approx(1).epsilon(1e-12));
    CHECK(still.to_a_star.frobenius == doctest::Approx(std::abs(radial.t) * 4).epsilon(1e-6));  // 16 rows at |t*|
    CHECK(still.to_a_star.min_cosine == doctest::Approx(1).epsilon(1e-12));
    // A wrong W° (rows moved by 0.01 along e_0): the distance is seen.
    MatrixXd wrong = point.w;
    wrong.col(0).array() += 0.01;
    o.reference = wrong;
    const DescentRun off = descend(c.a, point.w, c.eps, c.code, o, 0);
    CHECK(off.to_reference.frobenius == doctest::Approx(0.04).epsilon(1e-4));
    CHECK(off.to_reference.max_row == doctest::Approx(0.01).epsilon(1e-4));
    CHECK(off.to_reference.min_cosine < 1 - 1e-6);
    // Without a reference the comparison is NaN; a reference of another shape is refused.
    o.reference = MatrixXd();
    CHECK(std::isnan(descend(c.a, point.w, c.eps, c.code, o, 0).to_reference.frobenius));
    CHECK_THROWS_AS(compare_rows(point.w, MatrixXd::Zero(3, 3)), std::invalid_argument);
  }

  TEST_CASE("the descent verdict has one threshold for every start: runs ending alike are judged alike") {
    const Orthonormal c;
    DescentOptions o;
    o.distances = {0.4, 0.2};
    o.steps = 40;
    o.loss_samples = 500;
    o.seed = scae::testing::seed();
    // With ε = 1/2 the minimiser is W = s A*ᵀ, s (s − 1/2) = 1: both starts end at distance s − 1 ≈ 0.281.
    o.close_distance = 0.3;
    const Descent d = gradient_descent(c.a, c.eps, c.code, o);
    REQUIRE(d.runs.size() == 2);
    CHECK(d.runs[0].max_distance.back() == doctest::Approx(d.runs[1].max_distance.back()).epsilon(1e-6));
    for (const DescentRun& run : d.runs) {
      CHECK(run.max_distance.back() <= o.close_distance);
      CHECK(run.outcome == Outcome::consistent);
      CHECK(run_behaviour(run, o).starts_with("ended close"));
    }
    // A threshold no run reaches: a run that is still falling is INCONCLUSIVE, never CONSISTENT.
    o.close_distance = 1e-9;
    o.steps = 4;
    const Descent short_runs = gradient_descent(c.a, c.eps, c.code, o);
    for (const DescentRun& run : short_runs.runs) {
      CHECK(run.outcome == Outcome::inconclusive);
      CHECK(run_behaviour(run, o).starts_with("still approaching"));
    }
    // A start that ends far away and is not approaching is INCONSISTENT, whatever the start.
    o.steps = 200;
    const Descent stalled = gradient_descent(c.a, c.eps, c.code, o);
    for (const DescentRun& run : stalled.runs) CHECK(run.outcome == Outcome::inconsistent);
    CHECK(stalled.verdict.outcome == Outcome::inconsistent);
  }

  TEST_CASE("rows stay unit with normalise_rows") {
    const Orthonormal c;
    DescentOptions o;
    o.distances = {0.3};
    o.steps = 5;
    o.loss_samples = 100;
    o.normalise_rows = true;
    const Descent d = gradient_descent(c.a, c.eps, c.code, o);
    CHECK(d.runs.front().final_mean_norm == doctest::Approx(1).epsilon(1e-12));
  }

  TEST_CASE("gradient norm at delta = 0 equals the closed form within its interval") {
    const Orthonormal c;
    const GradientNormOptions o = one_point(0);
    const GradientNorms g = gradient_norms(c.a, c.eps, c.code, o);
    const GradientNormPoint& p = g.points.front();
    CHECK(p.recovery_certified);
    const MatrixXd closed = ExpectedGradient<double>(c.a, c.a.transpose(), c.eps, c.code).all_rows();
    double mean_norm = 0;
    for (Eigen::Index i = 0; i < closed.rows(); ++i) mean_norm += closed.row(i).norm() / static_cast<double>(closed.rows());
    CHECK(p.closed_form == doctest::Approx(mean_norm));
    // Recovery is certified: the correction is zero on every sample, so the corrected value is the closed form.
    CHECK(p.corrected_radius == 0);
    CHECK(p.corrected == p.closed_form);
    CHECK(std::abs(p.plain - p.closed_form) <= p.plain_radius);
    // The interval is narrow enough to reject a value 20 % off.
    CHECK(std::abs(p.plain - 1.2 * p.closed_form) > p.plain_radius);
  }

  TEST_CASE("away from certified recovery the plain and corrected estimates agree") {
    const Tiny c;
    const GradientNormOptions o = one_point(0.2);
    const GradientNormPoint p = gradient_norms(c.a, c.eps, c.code, o).points.front();
    CHECK_FALSE(p.recovery_certified);
    CHECK(p.corrected_radius > 0);
    CHECK(std::abs(p.plain - p.corrected) <= p.plain_radius + p.corrected_radius);
  }

  TEST_CASE("bad options are refused with the option's name and accepted range") {
    const Tiny c;
    GradientNormOptions g;
    g.deltas = {0.1, -0.1};
    CHECK(message_of([&] { gradient_norms(c.a, c.eps, c.code, g); }) == "delta = -0.10000000000000001; accepted: [0, 10]");
    DescentOptions d;
    d.steps = 0;
    CHECK(message_of([&] { gradient_descent(c.a, c.eps, c.code, d); }) == "steps = 0; accepted: [1, 100000]");
    d = DescentOptions{};
    d.distances = {-1};
    CHECK(message_of([&] { gradient_descent(c.a, c.eps, c.code, d); }).starts_with("distance = -1; accepted: [0, 10]"));
    LossWellOptions w = small_well();
    w.half_width = 0;
    CHECK(message_of([&] { loss_well(c.a, c.a.transpose(), c.eps, c.code, w); }) == "half_width T = 0; accepted: (0, 10]");
    w = small_well();
    w.points = 20;
    CHECK(message_of([&] { loss_well(c.a, c.a.transpose(), c.eps, c.code, w); }) == "points = 20; accepted: odd numbers in [5, 401]");
  }
}
