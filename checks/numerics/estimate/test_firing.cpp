// Covers numerics/estimate/firing.hpp with the block screening planned in engine_plan.cpp: on an
// R2-like problem, where the plan turns it on, every sample fires exactly the units and outputs of
// the unscreened exact test, and a block bound taken too low (half of block_max) loses firing units,
// which the same comparison sees; a Monte Carlo run gives the same result with and without it. The
// vector scan (AVX-512 or AVX2, simd_lanes.hpp) fires the units and outputs of a scalar reference
// at a size that leaves a tail, bit for bit; the reference with its atoms summed in another order
// differs, which shows the comparison sees last bits.
#include <doctest/doctest.h>

#include "numerics/model/dictionary.hpp"
#include "numerics/estimate/engine_plan.hpp"
#include "numerics/estimate/firing.hpp"
#include "numerics/estimate/monte_carlo.hpp"
#include "numerics/model/near_point.hpp"
#include "numerics/estimate/sample_draw.hpp"
#include "checks/test_support.hpp"

#include <cmath>
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

// The samples among [0, count) whose firing units or outputs from fire() differ from a scalar
// reference: u_j an fma chain over the atoms (in reverse order when `reversed`), firing when u_j > eps_j.
int differing_from_reference(const engine::Shared& sh, int count, bool reversed) {
  engine::Firing firing(sh);
  engine::Sample a;
  a.allocate(sh);
  int differ = 0;
  for (int s = 0; s < count; ++s) {
    engine::draw(sh, 3, static_cast<std::uint64_t>(s), a);
    firing.fire(a);
    std::vector<int> units;
    std::vector<double> r;
    for (Eigen::Index j = 0; j < sh.m.rows(); ++j) {
      double v = 0;
      for (int i = 0; i < a.size; ++i) {
        const int t = reversed ? a.size - 1 - i : i;
        v = std::fma(a.x[t], sh.m(j, a.atoms[t]), v);
      }
      if (v > sh.eps(j)) {
        units.push_back(static_cast<int>(j));
        r.push_back(v - sh.eps(j));
      }
    }
    bool same = a.na == static_cast<int>(units.size());
    for (int p = 0; same && p < a.na; ++p) same = a.active[p] == units[p] && a.r[p] == r[p];
    differ += !same;
  }
  return differ;
}

}  // namespace

TEST_SUITE("firing") {
  TEST_CASE("the firing scan gives the scalar reference's units and outputs bit for bit (h = 203: a tail after the registers)") {
    const MatrixXd a = gaussian_dictionary(40, 203, scae::testing::seed());
    const MatrixXd w = point_at_distance(a, 0.05, scae::testing::seed() + 1);
    VectorXd eps(203);
    for (Eigen::Index j = 0; j < 203; ++j) eps(j) = 0.3 + 0.002 * static_cast<double>(j % 50);
    const CodeModel code{SupportLaw::uniform_fixed(203, 4), ValueLaw::uniform(rational(1), rational(2))};
    MonteCarloOptions o;
    o.screening = false;
    o.accumulation = Accumulation::vectors;
    const engine::Shared sh = engine::plan_run(a, w, eps, code, o, {0}, 1);
    CHECK(differing_from_reference(sh, 2000, false) == 0);
    CHECK(differing_from_reference(sh, 2000, true) > 0);  // another summation order: other last bits
  }

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
