// Covers the batched rows on demand of theory/expected_gradient_rows.cpp: a batch of rows (one
// matrix-matrix product per step, several batches when there are more rows than one batch holds)
// gives, row by row and class by class, enclosures that meet those of row(i) alone (which multiplies
// single vectors) and are as narrow; in double the same bits. The comparison itself rejects a
// shifted and a widened enclosure. The interval rows, computed in balls (ball.hpp), contain the
// midpoints of the all-MPFI rows (RowsOnDemand{true}), also with the transform products of an
// identity+Hadamard A*; shifted by their width they do not.
#include <doctest/doctest.h>

#include "numerics/model/code_model.hpp"
#include "numerics/model/dictionary.hpp"
#include "theory/expected_gradient.hpp"
#include "numerics/core/hadamard_product.hpp"
#include "numerics/model/near_point.hpp"
#include "numerics/model/point_rows.hpp"
#include "checks/test_support.hpp"

#include <string>
#include <vector>

using namespace scae;

namespace {

struct RowsInstance {
  MatrixXd a, w;
  VectorXd eps;
  CodeModel code;
};

RowsInstance rows_instance(bool bernoulli) {
  const int n = 24, h = 80;
  const std::uint64_t seed = scae::testing::seed() * 31 + 5;
  RowsInstance s;
  s.a = gaussian_dictionary(n, h, seed);
  s.w = point_at_distance(s.a, 0.2, seed + 1);
  s.eps.resize(h);
  for (int i = 0; i < h; ++i) s.eps(i) = 0.05 + 0.3 * ((37 * i) % 64) / 64.0;
  std::vector<rational> q;
  for (int d = 0; d < h; ++d) q.emplace_back(1 + d % 5, 41);
  s.code = CodeModel{bernoulli ? SupportLaw::bernoulli(q) : SupportLaw::uniform_fixed(h, 4), ValueLaw::two_point(2, 4, rational(1, 4))};
  return s;
}

// Every entry of `batched` meets the entry of `single` and is at most `slack` relatively wider (the
// radii differ in their last digits: other summation orders inside the products and the coefficients).
bool meets_as_narrow(const Vector<interval>& batched, const Vector<interval>& single, double slack = 1e-2) {
  if (batched.size() != single.size()) return false;
  for (Eigen::Index t = 0; t < single.size(); ++t) {
    const interval& b = batched(t);
    const interval& s = single(t);
    if (upper(b) < lower(s) || upper(s) < lower(b)) return false;
    const mpfr wb = upper(b) - lower(b), ws = upper(s) - lower(s);
    if (wb > ws * (1 + slack) + mpfr(1e-300)) return false;
  }
  return true;
}

std::vector<int> many_rows(int h) {
  std::vector<int> rows;
  for (int i = 0; i < h; i += 2) rows.push_back(i);  // 40 rows: more than one batch
  return rows;
}

}  // namespace

TEST_SUITE("expected_gradient") {
  TEST_CASE("batched rows on demand: interval enclosures meet row(i) alone and are as narrow / double bits equal") {
    for (const bool bernoulli : {false, true}) {
      CAPTURE(bernoulli);
      const RowsInstance s = rows_instance(bernoulli);
      const std::vector<int> rows = many_rows(static_cast<int>(s.a.cols()));
      PrecisionGuard guard(128);
      const ExpectedGradient<interval> closed(s.a, s.w, s.eps, s.code, RowsOnDemand{});
      const auto batch = closed.rows_terms(rows);
      REQUIRE(batch.size() == rows.size());
      bool all_meet = true;
      for (std::size_t r = 0; r < rows.size(); ++r) {
        const ExpectedGradientTerms<interval> single = closed.row(rows[r]);
        CHECK(batch[r].row == rows[r]);
        all_meet = all_meet && meets_as_narrow(batch[r].total, single.total);
        for (const TermClass c : all_term_classes) all_meet = all_meet && meets_as_narrow(batch[r].terms.at(c), single.terms.at(c));
      }
      CHECK(all_meet);

      const ExpectedGradient<double> closed_d(s.a, s.w, s.eps, s.code, RowsOnDemand{});
      const auto batch_d = closed_d.rows_terms(rows);
      bool same_bits = true;
      for (std::size_t r = 0; r < rows.size(); ++r) same_bits = same_bits && batch_d[r].total == closed_d.row(rows[r]).total;
      CHECK(same_bits);
    }
  }

  TEST_CASE("batched rows on demand: the comparison rejects a shifted or a widened enclosure") {
    const RowsInstance s = rows_instance(false);
    PrecisionGuard guard(128);
    const ExpectedGradient<interval> closed(s.a, s.w, s.eps, s.code, RowsOnDemand{});
    const std::vector<int> rows{3, 50};
    const Vector<interval> good = closed.rows_terms(rows)[1].total, single = closed.row(50).total;
    REQUIRE(meets_as_narrow(good, single));
    Vector<interval> shifted = good, widened = good;
    const interval w0 = good(0);
    const mpfr width = upper(w0) - lower(w0);
    shifted(0) = w0 + interval(mpfr(3 * width));
    widened(0) = w0 + interval(mpfr(-width), mpfr(width));
    CHECK_FALSE(meets_as_narrow(shifted, single));
    CHECK_FALSE(meets_as_narrow(widened, single));
    CHECK_THROWS_AS(closed.rows_terms(std::vector<int>{0, 80}), std::out_of_range);
  }
  TEST_CASE("ball rows contain the MPFI rows' midpoints (Gaussian and identity+Hadamard A*), a shifted ball row does not") {
    RowsInstance s = rows_instance(false);
    RowsInstance hadamard = s;  // n = 16, h = 32: the products with A* go through the transform
    hadamard.a = identity_hadamard_dictionary(16);
    hadamard.w = point_at_distance(hadamard.a, 0.05, scae::testing::seed() + 9);
    hadamard.eps = s.eps.head(32);
    hadamard.code = CodeModel{SupportLaw::uniform_fixed(32, 3), s.code.values};
    PrecisionGuard guard(128);
    for (const RowsInstance* x : {&s, &hadamard}) {
      const ExpectedGradient<interval> balls(x->a, x->w, x->eps, x->code, RowsOnDemand{});
      const ExpectedGradient<interval> mpfi(x->a, x->w, x->eps, x->code, RowsOnDemand{true});
      const std::vector<int> rows{0, 5, static_cast<int>(x->a.cols()) - 1};
      const auto ball_rows = balls.rows_terms(rows), mpfi_rows = mpfi.rows_terms(rows);
      bool contained = true, shifted_contained = true;
      for (std::size_t r = 0; r < rows.size(); ++r)
        for (const TermClass c : all_term_classes) {
          const Vector<interval>& b = ball_rows[r].terms.at(c);
          const Vector<interval>& m = mpfi_rows[r].terms.at(c);
          for (Eigen::Index t = 0; t < b.size(); ++t) {
            const mpfr mid = median(m(t)), width = upper(b(t)) - lower(b(t));
            contained = contained && lower(b(t)) <= mid && mid <= upper(b(t)) && width < mpfr(1e-9);
            const interval shifted = b(t) + interval(mpfr(1.01 * width.convert_to<double>()));
            shifted_contained = shifted_contained && lower(shifted) <= mid && mid <= upper(shifted);
          }
        }
      CHECK(contained);
      CHECK_FALSE(shifted_contained);
    }
  }
  TEST_CASE("several biases at once give each bias's own rows (double: the same bits, intervals: meeting and as narrow)") {
    const RowsInstance s = rows_instance(false);
    VectorXd other = s.eps;
    for (Eigen::Index i = 0; i < other.size(); ++i) other(i) = 0.6 - 0.5 * other(i);
    const std::vector<VectorXd> biases{s.eps, other};
    const std::vector<int> rows = many_rows(static_cast<int>(s.a.cols()));
    const ExpectedGradient<double> first(s.a, s.w, s.eps, s.code, RowsOnDemand{}), second(s.a, s.w, other, s.code, RowsOnDemand{});
    const auto both = first.rows_terms(rows, biases);
    const auto one = first.rows_terms(rows), two = second.rows_terms(rows);
    REQUIRE(both.size() == 2);
    bool equal = true, swapped_equal = true;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      equal = equal && both[0][r].total == one[r].total && both[1][r].total == two[r].total;
      swapped_equal = swapped_equal && both[0][r].total == two[r].total;
    }
    CHECK(equal);
    CHECK_FALSE(swapped_equal);
    PrecisionGuard guard(128);
    const ExpectedGradient<interval> balls(s.a, s.w, s.eps, s.code, RowsOnDemand{}), balls_other(s.a, s.w, other, s.code, RowsOnDemand{});
    const auto enclosed = balls.rows_terms(rows, biases);
    const auto alone = balls_other.rows_terms(rows);
    bool meets = true;
    for (std::size_t r = 0; r < rows.size(); ++r) meets = meets && meets_as_narrow(enclosed[1][r].total, alone[r].total);
    CHECK(meets);
    CHECK_THROWS_AS(balls.rows_terms(rows, std::vector<VectorXd>{VectorXd::Zero(3)}), std::invalid_argument);
  }
  TEST_CASE("structured rows (A* and W never stored, W regenerated) contain the MPFI rows' midpoints, another W's do not") {
    const int n = 64, h = 128;
    const IdentityHadamard structure(n);
    const MatrixXd a = identity_hadamard_dictionary(n);
    const double delta = 0.03;
    const std::uint64_t seed = scae::testing::seed() + 3;
    const MatrixXd w = point_at_distance(a, delta, seed);
    VectorXd eps(h);
    for (int i = 0; i < h; ++i) eps(i) = 0.4 + 0.1 * ((13 * i) % 16) / 16.0;
    PrecisionGuard guard(128);
    const std::vector<int> rows{0, 7, n, h - 1};
    for (const bool bernoulli : {false, true}) {
      CAPTURE(bernoulli);
      std::vector<rational> q;
      for (int d = 0; d < h; ++d) q.emplace_back(1 + d % 3, 60);
      const CodeModel code{bernoulli ? SupportLaw::bernoulli(q) : SupportLaw::uniform_fixed(h, 3), ValueLaw::uniform(1, 2)};
      const ExpectedGradient<interval> structured(structure, PointRows(structure, delta, seed), eps, code, RowsOnDemand{});
      const ExpectedGradient<interval> other(structure, PointRows(structure, delta, seed + 1), eps, code, RowsOnDemand{});
      const ExpectedGradient<interval> mpfi(a, w, eps, code, RowsOnDemand{true});
      const auto got = structured.rows_terms(rows), wrong = other.rows_terms(rows), reference = mpfi.rows_terms(rows);
      bool contained = true, wrong_contained = true;
      for (std::size_t r = 0; r < rows.size(); ++r)
        for (Eigen::Index t = 0; t < n; ++t) {
          const mpfr mid = median(reference[r].total(t));
          const interval &b = got[r].total(t), &x = wrong[r].total(t);
          contained = contained && lower(b) <= mid && mid <= upper(b) && upper(b) - lower(b) < mpfr(1e-9);
          wrong_contained = wrong_contained && lower(x) <= mid && mid <= upper(x);
        }
      CHECK(contained);
      CHECK_FALSE(wrong_contained);
    }
    CHECK_THROWS_AS(ExpectedGradient<interval>(structure, PointRows(structure, delta, seed), eps,
                                               CodeModel{SupportLaw::uniform_fixed(h, 3), ValueLaw::uniform(1, 2)}, RowsOnDemand{true}),
                    std::invalid_argument);
  }
}
