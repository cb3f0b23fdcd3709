// Covers runs/experiments_run.hpp: the paper's experiments give the same numbers and verdicts for 1
// and 2 threads, and the gradient-norm and loss-well verdicts follow their rules, the regime's bias
// included.
#include <doctest/doctest.h>

#include "runs/experiments_run.hpp"
#include "checks/test_instances.hpp"
#include "checks/test_support.hpp"

using namespace scae;

namespace {
Instance tiny_instance() {
  Instance instance = scae::testing::hadamard_instance("tiny", 8, 2, 0, 0);  // delta 0: W = A*ᵀ
  instance.eps = VectorXd::Constant(16, 0.1);
  instance.monte_carlo.seed = scae::testing::seed();
  return instance;
}

ExperimentOptions quick(const Instance& instance, int threads) {
  ExperimentOptions o = experiment_options(instance, threads);
  o.well.samples = 2000;
  o.well.directions = 2;
  o.descent.steps = 4;
  o.descent.batch = 300;
  o.descent.loss_samples = 200;
  o.norms.deltas = {0, 0.1};
  o.norms.samples = 2000;
  return o;
}

void check_same_verdict(const Verdict& a, const Verdict& b) {
  CHECK(a.outcome == b.outcome);
  CHECK(a.summary == b.summary);
  CHECK(a.evidence == b.evidence);
}
}  // namespace

TEST_SUITE("experiments_run") {
  TEST_CASE("the experiments give the same numbers and verdicts for 1 and 2 threads") {
    const Instance instance = tiny_instance();
    const ExperimentsRun one = run_experiments(instance, quick(instance, 1));
    const ExperimentsRun two = run_experiments(instance, quick(instance, 2));
    REQUIRE(one.loss_well.curves.size() == 4);  // two random directions, the radial and the descent direction
    CHECK(one.loss_well.curves[2].direction == "radial");
    CHECK(one.loss_well.curves[3].direction == "descent");
    REQUIRE(one.descent.runs.size() == 3);
    REQUIRE(one.gradient_norms.points.size() == 4);
    REQUIRE(two.loss_well.curves.size() == 4);
    REQUIRE(two.descent.runs.size() == 3);
    REQUIRE(two.gradient_norms.points.size() == 4);
    for (std::size_t c = 0; c < 4; ++c) {
      CHECK(one.loss_well.curves[c].loss == two.loss_well.curves[c].loss);
      CHECK(one.loss_well.curves[c].halfwidth == two.loss_well.curves[c].halfwidth);
      CHECK(one.loss_well.curves[c].fit_curvature.value == two.loss_well.curves[c].fit_curvature.value);
    }
    for (std::size_t r = 0; r < 3; ++r) {
      CHECK(one.descent.runs[r].max_distance == two.descent.runs[r].max_distance);
      CHECK(one.descent.runs[r].loss == two.descent.runs[r].loss);
    }
    for (std::size_t p = 0; p < 4; ++p) {
      CHECK(one.gradient_norms.points[p].plain == two.gradient_norms.points[p].plain);
      CHECK(one.gradient_norms.points[p].corrected == two.gradient_norms.points[p].corrected);
      CHECK(one.gradient_norms.points[p].corrected_radius == two.gradient_norms.points[p].corrected_radius);
    }
    check_same_verdict(one.loss_well.verdict, two.loss_well.verdict);
    check_same_verdict(one.loss_well.scaling_verdict, two.loss_well.scaling_verdict);
    check_same_verdict(one.well_verdict, two.well_verdict);
    check_same_verdict(one.descent.verdict, two.descent.verdict);
    check_same_verdict(one.norms_verdict, two.norms_verdict);
    CHECK(one.seconds.descent > 0);
  }

  TEST_CASE("gradient-norm verdict: small norms CONSISTENT, large ones INCONSISTENT, INCONCLUSIVE when the bias alone is large") {
    GradientNorms g;
    g.scale = 1;
    g.level = 0.99;
    g.points = {{0.01, 0, false, 0, 0, 0, 0.03, 0.01, 1}, {0.1, 0, false, 0, 0, 0, 0.5, 0.01, 1}};
    const GradientNormOptions o;
    CHECK(norms_verdict(g, o, 0.01).outcome == Outcome::consistent);
    g.points[0].corrected = 0.5;  // far above 0.1 q_1 m2 at the smallest delta
    CHECK(norms_verdict(g, o, 0.01).outcome == Outcome::inconsistent);
    // The same norms with a fixed bias whose own term is 0.59 q_1 m2: the experiment cannot judge.
    const Verdict fixed = norms_verdict(g, o, 0.59);
    CHECK(fixed.outcome == Outcome::inconclusive);
    CHECK(fixed.summary.find("the regime's bias alone gives 0.59") != std::string::npos);
  }

  TEST_CASE("loss-well verdict: a fall along the radial line is stated, and INCONCLUSIVE only when the bias alone explains it") {
    const auto curve = [](const char* name, Outcome o, double argmin_t) {
      LossCurve c;
      c.direction = name;
      c.outcome = o;
      c.argmin_t = argmin_t;
      c.gap = {argmin_t == 0 ? 0 : -0.1, 0.01};
      return c;
    };
    LossWell well;
    well.curves = {curve("random 0", Outcome::consistent, 0), curve("random 1", Outcome::consistent, 0),
                   curve("radial", Outcome::inconsistent, 0.2)};
    LossWell small_bias = well;
    const Verdict v = well_verdict(small_bias, 0.01);  // a bias too small to move the minimum by itself
    CHECK(v.outcome == Outcome::inconsistent);
    CHECK(v.summary.find("at the bottom along 2 of 2 random directions; the loss falls from A*^T: the radial line has its "
                         "grid minimum at t = 0.2") != std::string::npos);
    LossWell large_bias = well;
    const Verdict w = well_verdict(large_bias, 0.59);
    CHECK(w.outcome == Outcome::inconclusive);
    CHECK(w.summary.find("the loss falls from A*^T: the radial line") != std::string::npos);
    CHECK(w.summary.find("the fall is the bias's") != std::string::npos);
    CHECK(large_bias.curves[2].outcome == Outcome::inconclusive);  // the row agrees with the verdict
    // A fall along a random direction is not the bias's doing: INCONSISTENT whatever the bias.
    LossWell random_fall = well;
    random_fall.curves[0] = curve("random 0", Outcome::inconsistent, 0.3);
    CHECK(well_verdict(random_fall, 0.59).outcome == Outcome::inconsistent);
    // Every line at the bottom: CONSISTENT.
    LossWell bottom = well;
    bottom.curves[2] = curve("radial", Outcome::consistent, 0);
    CHECK(well_verdict(bottom, 0.59).outcome == Outcome::consistent);
  }
}
