// Covers numerics/estimate/row_conditional.hpp and conditional_draw.hpp: the conditional supports'
// law, coverage of the exact expectation (enumeration; where recovery is certified it is the closed
// form) over 20 seeds, agreement with plain sampling where units fire off their support, a wrong
// q_i caught by both, the precision target, bitwise thread invariance and refused options.
#include <doctest/doctest.h>

#include "numerics/model/autoencoder.hpp"
#include "numerics/estimate/conditional_draw.hpp"
#include "numerics/core/confidence.hpp"
#include "numerics/model/dictionary.hpp"
#include "numerics/estimate/monte_carlo.hpp"
#include "numerics/model/near_point.hpp"
#include "numerics/estimate/row_conditional.hpp"
#include "checks/test_instances.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

using namespace scae;

namespace {

// Identity+Hadamard, n = 16, h = 32 (coherence 1/4), k = 2, values 1 or 6/5 with probability 1/2,
// W at distance 0.01. Recovery holds on every sample for eps in [k a2 c, a1 (1 - delta) - a2 c) =
// [0.624, 0.678) (c = 0.26, docs/theory.md §5); at eps = 0.45 a unit fires off its support when
// two Hadamard atoms align with it (about one sample in 16).
using scae::testing::Problem;

Problem hadamard_problem(double bias) {
  Problem p{identity_hadamard_dictionary(16), {}, VectorXd::Constant(32, bias),
            CodeModel{SupportLaw::uniform_fixed(32, 2), ValueLaw::two_point(rational(1), rational(6, 5), rational(1, 2))}};
  p.w = point_at_distance(p.a, 0.01, 7);
  return p;
}

// E[∇_{W_i} L] exactly: every support of 2 atoms and every pair of values.
MatrixXd exact_gradient(const Problem& p) {
  const int h = 32;
  MatrixXd out = MatrixXd::Zero(h, 16);
  const double weight = 1.0 / (h * (h - 1) / 2) / 4;
  for (int i = 0; i < h; ++i)
    for (int j = i + 1; j < h; ++j)
      for (const double vi : {1.0, 1.2})
        for (const double vj : {1.0, 1.2}) {
          VectorXd code = VectorXd::Zero(h);
          code(i) = vi;
          code(j) = vj;
          out += weight * gradient(p.w, p.eps, VectorXd(p.a * code));
        }
  return out;
}

RowConditionalOptions options(std::vector<int> rows, std::uint64_t samples, std::uint64_t seed) {
  RowConditionalOptions o;
  o.rows = std::move(rows);
  o.given_samples = o.without_samples = samples;
  o.run.seed = seed;
  o.run.batches = 20;
  o.run.confidence = 0.95;
  return o;
}

// Coverage of the exact rows by a result's intervals.
struct Coverage {
  int coordinates = 0, coordinates_in = 0, norms = 0, norms_in = 0;
  void add(const GradientEstimate& g, Eigen::Index s, const VectorXd& exact) {
    for (Eigen::Index c = 0; c < exact.size(); ++c) {
      ++coordinates;
      coordinates_in += std::abs(g.mean(s, c) - exact(c)) <= g.halfwidth(s, c);
    }
    ++norms;
    norms_in += (g.mean.row(s).transpose() - exact).norm() <= g.norm_radius(s);
  }
};

// Largest |z| over the coordinates of row s of two independent estimates (standard errors from
// their Student t halfwidths).
double largest_z(const GradientEstimate& x, Eigen::Index sx, const GradientEstimate& y, Eigen::Index sy, int batches_x,
                 int batches_y) {
  const double tx = student_t_quantile(0.975, batches_x - 1), ty = student_t_quantile(0.975, batches_y - 1);
  double worst = 0;
  for (Eigen::Index c = 0; c < x.mean.cols(); ++c) {
    const double se = std::hypot(x.halfwidth(sx, c) / tx, y.halfwidth(sy, c) / ty);
    worst = std::max(worst, std::abs(x.mean(sx, c) - y.mean(sy, c)) / se);
  }
  return worst;
}

}  // namespace

TEST_SUITE("row_conditional") {
  TEST_CASE("conditional supports contain (or miss) the unit, have the law's size, and give every other atom its conditional rate") {
    const CodeModel code{SupportLaw::uniform_fixed(10, 3), ValueLaw::uniform(rational(1), rational(2))};
    const int unit = 4, draws = 90000;
    for (const auto kind : {engine::SupportCondition::Kind::containing, engine::SupportCondition::Kind::excluding}) {
      const bool containing = kind == engine::SupportCondition::Kind::containing;
      CAPTURE(containing);
      std::vector<int> counts(10, 0);
      int atoms[3];
      double x[3];
      for (int s = 0; s < draws; ++s) {
        const int size = engine::draw_given(code, {kind, unit}, 5, static_cast<std::uint64_t>(s), atoms, x);
        REQUIRE(size == 3);
        std::sort(atoms, atoms + 3);
        REQUIRE(std::adjacent_find(atoms, atoms + 3) == atoms + 3);
        for (int t = 0; t < 3; ++t) {
          REQUIRE(atoms[t] >= 0);
          REQUIRE(atoms[t] < 10);
          REQUIRE(x[t] >= 1);
          REQUIRE(x[t] <= 2);
          ++counts[static_cast<std::size_t>(atoms[t])];
        }
      }
      CHECK(counts[unit] == (containing ? draws : 0));
      // Each other atom: rate (k - 1)/(h - 1) given the unit, k/(h - 1) without it; 5 standard deviations.
      const double rate = containing ? 2.0 / 9 : 3.0 / 9, unconditional = 3.0 / 10;
      const double sd = std::sqrt(draws * rate * (1 - rate));
      for (int j = 0; j < 10; ++j)
        if (j != unit) {
          CHECK(std::abs(counts[static_cast<std::size_t>(j)] - draws * rate) < 5 * sd);
          // The code law's own rate k/h is not what these draws give.
          CHECK(std::abs(counts[static_cast<std::size_t>(j)] - draws * unconditional) > 5 * sd);
        }
    }
    // Bernoulli: the unit forced in or out, every other atom at its own q.
    const CodeModel bernoulli{SupportLaw::bernoulli({rational(1, 2), rational(1, 5), rational(1, 10), rational(1, 2)}),
                              ValueLaw::constant(rational(1))};
    std::vector<int> counts(4, 0);
    int atoms[5];
    double x[5];
    for (int s = 0; s < draws; ++s) {
      const int size = engine::draw_given(bernoulli, {engine::SupportCondition::Kind::containing, 2}, 5, static_cast<std::uint64_t>(s), atoms, x);
      for (int t = 0; t < size; ++t) ++counts[static_cast<std::size_t>(atoms[t])];
    }
    CHECK(counts[2] == draws);
    for (const auto& [j, q] : {std::pair{0, 0.5}, std::pair{1, 0.2}, std::pair{3, 0.5}})
      CHECK(std::abs(counts[static_cast<std::size_t>(j)] - draws * q) < 5 * std::sqrt(draws * q * (1 - q)));
  }

  TEST_CASE("where recovery is certified, the intervals cover the closed form (the exact expectation) at their level over 20 seeds, and a wrong q_i does not") {
    const Problem p = hadamard_problem(0.65);
    const MatrixXd exact = exact_gradient(p);
    const std::vector<int> rows{0, 5, 20};
    Coverage right, wrong;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      const RowConditionalResult r = estimate_rows_conditionally(p.a, p.w, p.eps, p.code, options(rows, 4000, seed));
      for (std::size_t s = 0; s < rows.size(); ++s) {
        const RowTerms& t = r.terms[s];
        CHECK(t.q == rational(2, 32));
        CHECK(t.without.mean.isZero(0));  // no unit fires off its support: the second term is exactly 0
        CHECK(t.fired_without == 0);
        CHECK(t.fired_given == 4000);
        right.add(r.gradient, static_cast<Eigen::Index>(s), exact.row(rows[s]).transpose());
        // k/h off by one: (k + 1)/h.
        wrong.add(combine_row_terms(t.given, &t.without, rational(3, 32)), 0, exact.row(rows[s]).transpose());
      }
    }
    CAPTURE(right.coordinates_in);
    CAPTURE(right.norms_in);
    // 960 coordinate intervals at 95 %: about 912 cover; below 0.9 is more than 4 standard deviations
    // off even for independent intervals. The norm radius is conservative: all 60 cover.
    CHECK(right.coordinates_in >= 0.9 * right.coordinates);
    CHECK(right.norms_in == right.norms);
    CHECK(wrong.norms_in == 0);
    CHECK(wrong.coordinates_in < 0.5 * wrong.coordinates);
    // Certified: the second term skipped gives the same mean.
    RowConditionalOptions o = options(rows, 4000, 1);
    o.no_false_firing = rows;
    const RowConditionalResult skipped = estimate_rows_conditionally(p.a, p.w, p.eps, p.code, o);
    const RowConditionalResult full = estimate_rows_conditionally(p.a, p.w, p.eps, p.code, options(rows, 4000, 1));
    CHECK(skipped.gradient.mean == full.gradient.mean);
    CHECK(skipped.terms[0].without.rows.empty());
    CHECK(skipped.method().find("certified impossible") != std::string::npos);
    // Here the first term carries all the variance: 40 000 samples give a smaller radius than
    // 200 000 plain ones (about 1/q = 16 times fewer samples for the same radius). Where units fire
    // off their support often (the next test) the second term carries it and the gain is lost.
    MonteCarloOptions plain;
    plain.samples = 200000;
    plain.batches = 20;
    plain.rows = rows;
    const MonteCarloResult m = estimate(p.a, p.w, p.eps, p.code, plain);
    const RowConditionalResult few = estimate_rows_conditionally(p.a, p.w, p.eps, p.code, options(rows, 20000, 2));
    for (Eigen::Index s = 0; s < 3; ++s) CHECK(few.gradient.norm_radius(s) < m.gradient.norm_radius(s));
  }

  TEST_CASE("where units fire off their support, the estimator agrees with plain sampling (z-scores) and covers the exact expectation, and k/h off by one is caught") {
    const Problem p = hadamard_problem(0.45);
    const MatrixXd exact = exact_gradient(p);
    const std::vector<int> rows{0, 5, 20};
    const RowConditionalResult r = estimate_rows_conditionally(p.a, p.w, p.eps, p.code, options(rows, 40000, 3));
    MonteCarloOptions plain;
    plain.samples = 400000;
    plain.batches = 40;
    plain.seed = 4;
    plain.rows = rows;
    const MonteCarloResult m = estimate(p.a, p.w, p.eps, p.code, plain);
    for (std::size_t s = 0; s < rows.size(); ++s) {
      CAPTURE(rows[s]);
      const auto row = static_cast<Eigen::Index>(s);
      const RowTerms& t = r.terms[s];
      // The second term is real here: the unit fires off its support.
      CHECK(t.without.norm(0) > 3 * t.without.norm_radius(0));
      CHECK(t.fired_without > 1000);
      CHECK((r.gradient.mean.row(row) - exact.row(rows[s])).norm() <= r.gradient.norm_radius(row));
      // 16 coordinates of two independent estimates: |z| > 4 has probability below 0.1 %.
      CHECK(largest_z(r.gradient, row, m.gradient, row, 20, 40) < 4);
      const GradientEstimate wrong = combine_row_terms(t.given, &t.without, rational(3, 32));
      CHECK(largest_z(wrong, 0, m.gradient, row, 20, 40) > 6);
      CHECK((wrong.mean.row(0) - exact.row(rows[s])).norm() > wrong.norm_radius(0));
    }
  }

  TEST_CASE("a relative target is reached, the pilot's samples and time counted") {
    const Problem p = hadamard_problem(0.45);
    const RowConditionalResult r = estimate_rows_to_precision(p.a, p.w, p.eps, p.code, options({0, 20}, 2000, 9), 0.05, 2000);
    for (Eigen::Index s = 0; s < 2; ++s) {
      CHECK(r.gradient.norm_radius(s) <= 0.05 * r.gradient.norm(s));
      CHECK(r.terms[static_cast<std::size_t>(s)].given_samples >= 2000);
      CHECK(r.terms[static_cast<std::size_t>(s)].seconds > 0);
    }
    CHECK_THROWS_WITH_AS(estimate_rows_to_precision(p.a, p.w, p.eps, p.code, options({0}, 2000, 9), 0, 2000),
                         "relative half-width must lie in (0, 1)", std::invalid_argument);
  }

  TEST_CASE("results are bitwise identical for 1, 2 and 3 threads") {
    const Problem p = hadamard_problem(0.45);
    std::vector<RowConditionalResult> runs;
    for (const int threads : {1, 2, 3}) {
      RowConditionalOptions o = options({3, 17}, 6000, 11);
      o.run.threads = threads;
      runs.push_back(estimate_rows_conditionally(p.a, p.w, p.eps, p.code, o));
    }
    for (std::size_t t = 1; t < runs.size(); ++t) {
      CAPTURE(t);
      CHECK(runs[t].gradient.mean == runs[0].gradient.mean);
      CHECK(runs[t].gradient.halfwidth == runs[0].gradient.halfwidth);
      CHECK(runs[t].gradient.norm_radius == runs[0].gradient.norm_radius);
      CHECK(runs[t].gradient.rounding == runs[0].gradient.rounding);
    }
  }

  TEST_CASE("bad options are refused with the parameter and its range") {
    const Problem p = hadamard_problem(0.45);
    CHECK_THROWS_WITH_AS(estimate_rows_conditionally(p.a, p.w, p.eps, p.code, options({}, 100, 1)),
                         "rows: none named; accepted: at least one row in [0, 31]", std::invalid_argument);
    CHECK_THROWS_WITH_AS(estimate_rows_conditionally(p.a, p.w, p.eps, p.code, options({2, 2}, 100, 1)),
                         "rows: a row is named twice; accepted: distinct rows", std::invalid_argument);
    CHECK_THROWS_WITH_AS(estimate_rows_conditionally(p.a, p.w, p.eps, p.code, options({32}, 100, 1)),
                         "row 32; accepted: [0, 31]", std::invalid_argument);
    CHECK_THROWS_WITH_AS(estimate_rows_conditionally(p.a, p.w, p.eps, p.code, options({1}, 10, 1)),
                         "given_samples = 10; accepted: [batches, inf) = [20, inf)", std::invalid_argument);
  }
}
