// Covers numerics/estimate/coefficient_sums.hpp and the all-rows product of
// coefficient_accumulation.hpp: sums that track their touched lines are emptied and added to the
// totals with the same bits as untracked ones (a write left unmarked is lost, and the test sees it),
// the product in blocks of columns on two threads equals the whole product bit for bit, and a run
// whose batches track their sums gives the same bits on 1 and 2 threads and agrees with vector space.
#include <doctest/doctest.h>

#include "numerics/estimate/coefficient_accumulation.hpp"
#include "numerics/estimate/coefficient_sums.hpp"
#include "numerics/model/dictionary.hpp"
#include "numerics/estimate/engine_plan.hpp"
#include "numerics/estimate/monte_carlo.hpp"
#include "numerics/model/near_point.hpp"
#include "numerics/core/philox_stream.hpp"
#include "checks/test_support.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

using namespace scae;

namespace {

// `writes` random updates of h x h sums, marked (or, for the unmarked entry, not).
void write(engine::Coefficients& sums, int h, int writes, std::uint64_t seed, bool mark_all = true) {
  PhiloxStream stream(seed, Stream::codes, 0);
  const std::size_t packed = engine::column_start(h), square = static_cast<std::size_t>(h) * static_cast<std::size_t>(h);
  for (int i = 0; i < writes; ++i) {
    const auto q = static_cast<std::size_t>(stream.uniform01() * static_cast<double>(packed));
    const auto p = static_cast<std::size_t>(stream.uniform01() * static_cast<double>(square));
    const double v = stream.uniform01() - 0.5;
    sums.q[q] += v;
    sums.p.data()[p] -= v;
    if (sums.tracked && (mark_all || i > 0)) {
      sums.touched_q.touch(q);
      sums.touched_p.touch(p);
    }
  }
}

bool same_bits(const engine::Coefficients& a, const engine::Coefficients& b) { return a.q == b.q && a.p == b.p; }

}  // namespace

TEST_SUITE("coefficient_sums") {
  TEST_CASE("tracked sums are emptied and added up with the bits of untracked ones, and an unmarked write is lost") {
    const int h = 203;  // neither Q's 20706 nor P's 41209 entries fill their last line
    engine::Coefficients tracked, plain, total_tracked, total_plain;
    total_tracked.empty(h, false);
    total_plain.empty(h, false);
    for (std::uint64_t batch = 0; batch < 4; ++batch) {
      tracked.empty(h, true);
      plain.empty(h, false);
      CHECK(tracked.tracked);
      write(tracked, h, 300, batch);
      write(plain, h, 300, batch);
      CHECK(same_bits(tracked, plain));
      tracked.add_to(total_tracked);
      plain.add_to(total_plain);
      CHECK(same_bits(total_tracked, total_plain));
    }
    tracked.empty(h, true);  // only the touched lines were cleared: the sums are empty again
    CHECK(std::all_of(tracked.q.begin(), tracked.q.end(), [](double x) { return x == 0; }));
    CHECK(tracked.p.isZero(0));

    write(tracked, h, 300, 9, false);  // the first write not marked
    engine::Coefficients lost_total;
    lost_total.empty(h, false);
    tracked.add_to(lost_total);
    plain.empty(h, false);
    write(plain, h, 300, 9);
    engine::Coefficients full_total;
    full_total.empty(h, false);
    plain.add_to(full_total);
    CHECK_FALSE(same_bits(lost_total, full_total));
  }

  TEST_CASE("the all-rows product in blocks of columns on two threads is the whole product, bit for bit") {
    for (const int h : {600, 513}) {  // 513: the last single column joins the block before it
      CAPTURE(h);
      const MatrixXd a = gaussian_dictionary(40, h, scae::testing::seed());
      const MatrixXd w = point_at_distance(a, 0.05, scae::testing::seed() + 1);
      const VectorXd eps = VectorXd::Constant(h, 0.4);
      const CodeModel code{SupportLaw::uniform_fixed(h, 3), ValueLaw::uniform(rational(1), rational(2))};
      MonteCarloOptions o;
      o.accumulation = Accumulation::coefficients;
      std::vector<int> rows(static_cast<std::size_t>(h));
      for (int i = 0; i < h; ++i) rows[static_cast<std::size_t>(i)] = i;
      const engine::Shared sh = engine::plan_run(a, w, eps, code, o, rows, 2);
      engine::Coefficients sums;
      sums.empty(h, false);
      write(sums, h, 20000, 3);
      engine::CoefficientAccumulation products(sh);
      MatrixXd blocked(sh.padded, h), whole(sh.padded, h);
      products.to_gradient(sums, blocked, 2);
      MatrixXd q(h, h);
      for (int t = 0; t < h; ++t)
        for (int p = 0; p <= t; ++p) q(p, t) = q(t, p) = sums.q[engine::column_start(t) + static_cast<std::size_t>(p)];
      Eigen::setNbThreads(1);
      whole.topRows(40).noalias() = sh.wt.topRows(40) * q;
      whole.topRows(40).noalias() += sh.ap.topRows(40) * sums.p.transpose();
      Eigen::setNbThreads(0);
      CHECK(blocked.topRows(40) == whole.topRows(40));
      sums.p(7, 0) += 1;  // another P: another product
      products.to_gradient(sums, blocked, 2);
      CHECK_FALSE(blocked.topRows(40) == whole.topRows(40));
    }
  }

  TEST_CASE("a run whose batches track their sums has the same bits on 1 and 2 threads and agrees with vector space") {
    const int h = 600;  // sums beyond L2 and 500 samples of 3 atoms per batch: tracked
    const MatrixXd a = gaussian_dictionary(30, h, scae::testing::seed());
    const MatrixXd w = point_at_distance(a, 0.05, scae::testing::seed() + 1);
    const VectorXd eps = VectorXd::Constant(h, 0.4);
    const CodeModel code{SupportLaw::uniform_fixed(h, 3), ValueLaw::uniform(rational(1), rational(2))};
    MonteCarloOptions o;
    o.samples = 4000;
    o.batches = 8;
    o.oracle = true;
    o.accumulation = Accumulation::coefficients;
    CHECK(engine::plan_run(a, w, eps, code, o, {}, 2).track_sums);
    o.threads = 1;
    const MonteCarloResult one = estimate(a, w, eps, code, o);
    o.threads = 2;
    const MonteCarloResult two = estimate(a, w, eps, code, o);
    CHECK(one.gradient.mean == two.gradient.mean);
    CHECK(one.correction.mean == two.correction.mean);
    CHECK(one.gradient.norm_radius == two.gradient.norm_radius);
    o.accumulation = Accumulation::vectors;
    const MonteCarloResult vectors = estimate(a, w, eps, code, o);
    CHECK((two.gradient.mean - vectors.gradient.mean).norm() < 1e-12 * vectors.gradient.mean.norm());
    CHECK((two.oracle_gradient.mean - vectors.oracle_gradient.mean).norm() < 1e-12 * vectors.oracle_gradient.mean.norm());
  }
}
