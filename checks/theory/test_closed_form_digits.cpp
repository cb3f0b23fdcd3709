// Covers theory/closed_form_digits.hpp and compare_closed_form_rows (runs/claim_checks.hpp): an instance
// whose double closed form has lost its digits (an orthogonal dictionary, W = A*ᵀ, ε = 0: the exact
// E∇ is only the rounding residue of A*ᵀA* − I, far below the cancelling terms), where the check
// falls back to MPFI with every product in MPFI and the comparison neither accepts garbage that agrees with
// garbage nor rejects a correct mean; INCONCLUSIVE with the reason when even 512 bits are too wide;
// and the default-like case, where the double row is used and the verdict is unchanged.
#include <doctest/doctest.h>

#include "runs/claim_catalog.hpp"
#include "runs/claim_checks.hpp"
#include "theory/closed_form_digits.hpp"
#include "numerics/model/dictionary.hpp"
#include "numerics/model/near_point.hpp"
#include "theory/support_recovery.hpp"

#include <Eigen/QR>

#include <cmath>

using namespace scae;

namespace {
// A* orthogonal (n = h = 8, entries not dyadic), W = A*ᵀ, ε = 0, values constant 1, k = 2.
Instance orthogonal_instance() {
  MatrixXd g(8, 8);
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 8; ++j) g(i, j) = std::sin(1.0 + i + 3.0 * j * j);
  Instance in;
  in.name = "orthogonal";
  in.a = Eigen::HouseholderQR<MatrixXd>(g).householderQ();
  in.w = in.a.transpose();
  in.eps = VectorXd::Zero(8);
  in.code = {SupportLaw::uniform_fixed(8, 2), ValueLaw::constant(rational(1))};
  return in;
}

// The exact closed form of row i (MPFI, products in MPFI, 256 bits), as its midpoint.
VectorXd exact_row(const Instance& in, int i) {
  PrecisionGuard guard(256);
  const ExpectedGradient<interval> form(in.a, in.w, in.eps, in.code, RowsOnDemand{true});
  const Vector<interval> x = form.row(i).total;
  VectorXd mid(x.size());
  for (Eigen::Index t = 0; t < x.size(); ++t) mid(t) = to_double(x(t));
  return mid;
}

// Row norms one row at a time: Eigen's vectorised rowwise().norm() trips a GCC 12 false
// -Wuninitialized inside its AVX-512 square root.
VectorXd row_norms(const MatrixXd& m) {
  VectorXd out(m.rows());
  for (Eigen::Index i = 0; i < m.rows(); ++i) out(i) = m.row(i).norm();
  return out;
}

// A Monte Carlo estimate of rows {rows} with the given means and one confidence radius.
GradientEstimate estimate_of(const std::vector<int>& rows, const MatrixXd& mean, double radius) {
  GradientEstimate mc;
  mc.rows = rows;
  mc.mean = mean;
  mc.norm = row_norms(mean);
  mc.norm_radius = VectorXd::Constant(static_cast<Eigen::Index>(rows.size()), radius);
  return mc;
}

std::string evidence(const Verdict& v, const std::string& name) {
  for (const Evidence& e : v.evidence)
    if (e.name == name) return e.text();
  return "";
}
}  // namespace

TEST_SUITE("closed_form_digits") {
  TEST_CASE("the double closed form loses its digits at an orthogonal A* with W = A*T, and products in MPFI recover them") {
    const Instance in = orthogonal_instance();
    const ExpectedGradient<double> in_double(in.a, in.w, in.eps, in.code);
    const VectorXd d = in_double.row(3).total, exact = exact_row(in, 3);
    ClosedFormDigits digits(in.a, in.w, in.eps, in.code);
    const CheckedClosedForm checked = digits.row(3, d, exact.norm() / 10);
    INFO("double " << d.transpose() << "\nexact " << exact.transpose());
    CHECK(exact.norm() > 0);
    CHECK((d - exact).norm() > 0.1 * exact.norm());           // the double row is mostly rounding
    CHECK(checked.double_error_bound >= (d - exact).norm());  // and its bound says so
    CHECK(checked.precision == "MPFI 128 bits");
    CHECK(checked.error_bound <= exact.norm() * 1e-12);  // 12 digits where double had none
    CHECK((checked.value - exact).norm() <= checked.error_bound + 1e-300);
    CHECK_FALSE(checked.lost);
  }

  TEST_CASE("comparison on digit loss: a correct mean is CONSISTENT, garbage agreeing with the double row is not") {
    const Instance in = orthogonal_instance();
    const std::vector<int> rows{0, 5};
    ClaimContext context(in, rows, 1, 2);
    MatrixXd exact(2, 8), in_double(2, 8);
    for (int r = 0; r < 2; ++r) {
      exact.row(r) = exact_row(in, rows[static_cast<std::size_t>(r)]).transpose();
      in_double.row(r) = context.closed_form().row(rows[static_cast<std::size_t>(r)]).total.transpose();
    }
    const double radius = row_norms(exact).minCoeff() / 10;
    REQUIRE(row_norms(in_double - exact).minCoeff() > 2 * radius);  // comparing the double row decides wrongly

    const Verdict right = compare_closed_form_rows(context, estimate_of(rows, exact, radius), nullptr, 1000, "test", "t");
    CHECK(right.outcome == Outcome::consistent);
    CHECK(evidence(right, "row 0 closed form precision") == "MPFI 128 bits");

    const Verdict garbage =
        compare_closed_form_rows(context, estimate_of(rows, in_double, radius), nullptr, 1000, "test", "t");
    CHECK(garbage.outcome == Outcome::inconsistent);
  }

  TEST_CASE("a zero-variance estimate (no unit fires) is named degenerate and INCONCLUSIVE, never INCONSISTENT") {
    const Instance in = orthogonal_instance();
    ClaimContext context(in, {2}, 1, 1);
    const VectorXd exact = exact_row(in, 2);
    // The mean is far from the closed form and its radius is 0, as when every sample's gradient is 0.
    const MatrixXd zero = MatrixXd::Zero(1, exact.size());
    const Verdict v = compare_closed_form_rows(context, estimate_of({2}, zero, 0), nullptr, 1000, "test", "t");
    CHECK(v.outcome == Outcome::inconclusive);
    CHECK(v.summary.starts_with("degenerate: the estimate has zero variance"));
    CHECK(evidence(v, "row 2 degenerate").find("zero variance") != std::string::npos);
    // The correction's radius counts: with it the same estimate is no longer degenerate, and its
    // distance (the correction moves the closed form onto the mean) is within the radius.
    GradientEstimate correction = estimate_of({2}, -exact.transpose(), exact.norm());
    const Verdict with = compare_closed_form_rows(context, estimate_of({2}, zero, 0), &correction, 1000, "test", "t");
    CHECK(with.outcome != Outcome::inconsistent);
    CHECK(with.summary.find("degenerate") == std::string::npos);
  }

  TEST_CASE("when even 512 bits are too wide for the radius the comparison is INCONCLUSIVE with the reason") {
    const Instance in = orthogonal_instance();
    ClaimContext context(in, {2}, 1, 1);
    const VectorXd exact = exact_row(in, 2);
    const Verdict v = compare_closed_form_rows(context, estimate_of({2}, exact.transpose(), exact.norm() * 1e-200),
                                               nullptr, 1000, "test", "t");
    CHECK(v.outcome == Outcome::inconclusive);
    CHECK(evidence(v, "row 2 numerical fault").find("closed form lost its digits in double (error bound") == 0);
  }

  TEST_CASE("default-like instance: the double row is used, its error bound is tiny and the verdict unchanged") {
    Instance in;
    in.a = identity_hadamard_dictionary(64);
    in.w = point_at_distance(in.a, 0.01, 4);
    in.code = {SupportLaw::uniform_fixed(in.h(), 2), ValueLaw::uniform(rational(1), rational(2))};
    in.eps = bias_from_rule(BiasRule::window_mid, neighbourhood(in.a, in.w), in.code);
    in.monte_carlo.samples = 20000;
    in.monte_carlo.batches = 20;
    const std::vector<int> rows{0, 64, 127};
    ClaimContext context(in, rows, 2, 3);
    const auto& mc = context.monte_carlo().oracle_gradient;
    const Verdict v = compare_closed_form_rows(context, mc, nullptr, context.monte_carlo().samples, "test", "t");
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const auto rr = static_cast<Eigen::Index>(r);
      const VectorXd d = context.closed_form().row(rows[r]).total;
      const CheckedClosedForm checked = context.closed_form_digits().row(rows[r], d, mc.norm_radius(rr));
      CHECK(checked.precision == "double");
      CHECK(checked.value == d);
      CHECK(checked.error_bound <= 1e-12 * d.norm());
      const Verdict old = compare_statistically((mc.mean.row(rr).transpose() - d).norm(), mc.norm_radius(rr), d.norm(),
                                                context.monte_carlo().samples, context.comparison_confidence(), "test");
      CHECK(old.outcome == Outcome::consistent);
    }
    CHECK(v.outcome == Outcome::consistent);
  }
}
