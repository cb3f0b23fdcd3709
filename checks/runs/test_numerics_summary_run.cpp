// Covers runs/numerics_summary_run.hpp: the instance's sizes and constants, the coherence either
// given or computed to the same value, and Monte Carlo numbers that do not depend on the threads.
#include <doctest/doctest.h>

#include "runs/numerics_summary_run.hpp"
#include "checks/test_instances.hpp"

using namespace scae;

TEST_SUITE("numerics_summary_run") {
  TEST_CASE("the summary states the instance and gives the same numbers for 1 and 2 threads") {
    Instance instance = scae::testing::hadamard_instance("summary", 8, 2, 0.05, 1);
    instance.eps = VectorXd::Constant(16, 0.2);
    instance.monte_carlo.samples = 4000;
    instance.monte_carlo.batches = 8;
    const NumericsSummaryRun one = run_numerics_summary(instance, 1);
    CHECK(one.n == 8);
    CHECK(one.h == 16);
    CHECK(one.k == 2);
    CHECK(one.bias_min == 0.2);
    CHECK(one.bias_max == 0.2);
    CHECK(one.max_row_distance == doctest::Approx(0.05));
    CHECK(one.monte_carlo.samples == 4000);
    CHECK(one.threads == 1);
    const Coherence known = certified_coherence(instance.a);
    const NumericsSummaryRun two = run_numerics_summary(instance, 2, &known);
    CHECK(two.coherence.value == one.coherence.value);
    CHECK(two.monte_carlo.loss.mean == one.monte_carlo.loss.mean);
    CHECK(two.monte_carlo.gradient.norm == one.monte_carlo.gradient.norm);
    CHECK(two.monte_carlo.recovery.rate == one.monte_carlo.recovery.rate);
    CHECK(two.threads == 2);
  }
}
