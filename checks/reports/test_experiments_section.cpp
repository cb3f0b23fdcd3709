// Covers reports/experiments_section.hpp: the section's JSON is identical for 1 and 2 threads apart
// from its timings, the Markdown carries each experiment with its verdict, and the three figures
// are written with their data and scripts.
#include <doctest/doctest.h>

#include "experiments_section.hpp"
#include "test_instances.hpp"
#include "test_support.hpp"

#include <algorithm>

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
}  // namespace

TEST_SUITE("experiments_section") {
  TEST_CASE("the experiments' JSON is identical for 1 and 2 threads apart from the timings") {
    const Instance instance = tiny_instance();
    nlohmann::json one = experiments_json(instance, quick(instance, 1));
    nlohmann::json two = experiments_json(instance, quick(instance, 2));
    CHECK(one["seconds"].contains("descent"));
    one.erase("seconds");
    two.erase("seconds");
    CHECK(one.dump() == two.dump());
    CHECK(one["loss_well"]["curves"].size() == 3);  // two random directions and the scaling direction
    CHECK(one["descent"]["runs"].size() == 3);
    CHECK(one["gradient_norms"]["points"].size() == 4);
  }

  TEST_CASE("the section's Markdown and figures") {
    const Instance instance = tiny_instance();
    const nlohmann::json e = experiments_json(instance, quick(instance, 2));
    const std::string md = experiments_markdown(e);
    for (const char* part : {"## The paper's experiments, reproduced", "### The loss well", "### Gradient descent from far away",
                             "### Gradient norm against the distance to A*", "experiments_loss_well.svg",
                             "experiments_descent.svg", "experiments_gradient_norms.svg"})
      CHECK(md.find(part) != std::string::npos);
    CHECK(md.find("Verdict on \"A* sits at the bottom of a well\" along random directions: **" +
                  e["loss_well"]["verdict"]["verdict"].get<std::string>() + "**") != std::string::npos);
    // Each experiment states its rule; the descent's threshold is one constant, the same for every start.
    CHECK(md.find("Rule: a direction has A*ᵀ at its bottom") != std::string::npos);
    CHECK(md.find("Rule, the same for every start: CONSISTENT when the final max_i ‖W_i − A*_i‖ ≤ 0.25") != std::string::npos);
    CHECK(md.find("Rule: CONSISTENT when every point at the smallest δ") != std::string::npos);
    for (const auto& run : e["descent"]["runs"]) CHECK(md.find(run["behaviour"].get<std::string>()) != std::string::npos);
    CHECK(e["gradient_norms"]["verdict"]["verdict"].is_string());
    const scae::testing::TempDir dir("experiments");
    write_experiment_figures(dir.path, e);
    std::vector<std::string> files = dir.entries();
    std::sort(files.begin(), files.end());
    CHECK(files == std::vector<std::string>{"experiments_descent.dat", "experiments_descent.gp", "experiments_descent.svg",
                                            "experiments_gradient_norms.dat", "experiments_gradient_norms.gp",
                                            "experiments_gradient_norms.svg", "experiments_loss_well.dat",
                                            "experiments_loss_well.gp", "experiments_loss_well.svg"});
  }
}

TEST_SUITE("experiments_section") {
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
}
