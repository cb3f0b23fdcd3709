// Covers numerics/estimate/firing.hpp with the block screening planned in engine_plan.cpp: on an
// R2-like problem, where the plan turns it on, every sample fires exactly the units and outputs of
// the unscreened exact test, and a block bound taken too low (half of block_max) loses firing units,
// which the same comparison sees; a Monte Carlo run gives the same result with and without it.
#include <doctest/doctest.h>

#include "dictionary.hpp"
#include "engine_plan.hpp"
#include "firing.hpp"
#include "monte_carlo.hpp"
#include "near_point.hpp"
#include "sample_draw.hpp"
#include "test_support.hpp"

#include <vector>

using namespace scae;

namespace {

struct Problem {
  MatrixXd a = gaussian_dictionary(400, 1024, scae::testing::seed());
  MatrixXd w = point_at_distance(a, 0.05, scae::testing::seed() + 1);
  VectorXd eps = VectorXd::Constant(1024, 0.5);
  CodeModel code{SupportLaw::uniform_fixed(1024, 3), ValueLaw::uniform(rational(1), rational(2))};
};

engine::Shared plan(const Problem& p, bool screening) {
  MonteCarloOptions o;
  o.screening = screening;
  o.accumulation = Accumulation::vectors;
  return engine::plan_run(p.a, p.w, p.eps, p.code, o, {0}, 1);
}

// Samples [0, count) fired with `screened` and with the unscreened exact test: the number whose
// firing units or outputs differ.
int differing_samples(const engine::Shared& screened, const engine::Shared& exact, int count) {
  engine::Firing fast(screened), slow(exact);
  engine::Sample a, b;
  a.allocate(screened);
  b.allocate(exact);
  int differ = 0;
  for (int s = 0; s < count; ++s) {
    engine::draw(screened, 1, static_cast<std::uint64_t>(s), a);
    engine::draw(exact, 1, static_cast<std::uint64_t>(s), b);
    fast.select_blocks(a);
    fast.fire(a);
    slow.fire(b);
    bool same = a.na == b.na && a.recovered == b.recovered;
    for (int p = 0; same && p < a.na; ++p) same = a.active[p] == b.active[p] && a.r[p] == b.r[p];
    differ += !same;
  }
  return differ;
}

}  // namespace

TEST_SUITE("firing") {
  TEST_CASE("block screening fires exactly the units of the exact test, and a bound taken too low does not") {
    const Problem p;
    const engine::Shared exact = plan(p, false);
    engine::Shared screened = plan(p, true);
    REQUIRE(screened.block_screening);
    CHECK_FALSE(exact.block_screening);
    CHECK(differing_samples(screened, exact, 3000) == 0);
    screened.block_max *= 0.5f;  // no longer an upper bound
    CHECK(differing_samples(screened, exact, 3000) > 0);
  }

  TEST_CASE("a Monte Carlo run has the same bits with block screening as without screening") {
    const Problem p;
    MonteCarloOptions o;
    o.samples = 4000;
    o.batches = 8;
    o.rows = {0, 5, 700};
    o.oracle = true;
    o.screening = true;
    const MonteCarloResult screened = estimate(p.a, p.w, p.eps, p.code, o);
    o.screening = false;
    const MonteCarloResult exact = estimate(p.a, p.w, p.eps, p.code, o);
    CHECK(screened.gradient.mean == exact.gradient.mean);
    CHECK(screened.correction.mean == exact.correction.mean);
    CHECK(screened.loss.mean == exact.loss.mean);
    CHECK(screened.recovery.successes == exact.recovery.successes);
    CHECK(screened.mean_active_units == exact.mean_active_units);
    CHECK(screened.screening == Screening::blocks);
    CHECK(exact.screening == Screening::off);
  }
}
