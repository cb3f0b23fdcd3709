// Covers numerics/core/ball.hpp: every ball operation contains the MPFI result on its operands'
// intervals (random operands over many magnitudes, cancellation, subnormal results), overflow gives
// the whole line, and the ball product with an exact matrix has the bits of the interval one. A ball
// sum without the midpoint's rounding term is caught by the same containment check.
#include <doctest/doctest.h>

#include "numerics/core/ball.hpp"
#include "numerics/core/certified_product.hpp"
#include "numerics/core/philox_stream.hpp"
#include "checks/test_support.hpp"

#include <cmath>
#include <vector>

using namespace scae;

namespace {

// x ⊆ y for the intervals x (exact result) and y (the ball's enclosure).
bool inside(const interval& x, const Ball& y) {
  const interval e = to_interval(y);
  return lower(e) <= lower(x) && upper(x) <= upper(e);
}

std::vector<Ball> operands(std::uint64_t seed) {
  PhiloxStream stream(seed, Stream::point, 7);
  std::vector<Ball> out;
  for (int k = 0; k < 400; ++k) {
    const double m = stream.normal() * std::ldexp(1.0, static_cast<int>(stream.below(120)) - 60);
    const double r = k % 3 == 0 ? 0.0 : std::abs(m) * std::ldexp(1.0, -static_cast<int>(stream.below(60)));
    out.emplace_back(m, r);
  }
  out.emplace_back(1.0, 0.0);
  out.emplace_back(-1.0, 0.0);
  out.emplace_back(1e-17, 0.0);
  out.emplace_back(std::ldexp(1.0, -1060), 0.0);  // subnormal products and sums
  out.emplace_back(std::ldexp(3.0, -1070), std::ldexp(1.0, -1074));
  return out;
}

}  // namespace

TEST_SUITE("ball") {
  TEST_CASE("sums, differences and products contain the MPFI results") {
    PrecisionGuard guard(256);
    const std::vector<Ball> xs = operands(scae::testing::seed());
    long bad = 0, checked = 0;
    for (std::size_t i = 0; i < xs.size(); i += 3)
      for (std::size_t j = 0; j < xs.size(); j += 5) {
        const interval x = to_interval(xs[i]), y = to_interval(xs[j]);
        bad += !inside(x + y, xs[i] + xs[j]) + !inside(x - y, xs[i] - xs[j]) + !inside(x * y, xs[i] * xs[j]);
        bad += !inside(-x, -xs[i]);
        checked += 4;
      }
    CHECK(checked > 10000);
    CHECK(bad == 0);
    CHECK(inside(to_interval(Ball(1.0)) + to_interval(Ball(1e-17)), Ball(1.0) + Ball(1e-17)));
    CHECK(inside(interval(mpfr(1) / 3), to_ball(interval(mpfr(1) / 3))));
    CHECK(inside(from_rational<interval>(rational(2, 7)), from_rational<Ball>(rational(2, 7))));
    // Ends far apart in magnitude at 256 bits: the radius's differences are not exact there.
    {
      PrecisionGuard guard(256);
      const mpfr tiny = mpfr(1) / (mpfr(3) * std::ldexp(1.0, 200));
      const interval wide(-tiny, mpfr(1) + tiny);
      CHECK(inside(wide, to_ball(wide)));
      CHECK_FALSE(inside(wide, Ball(to_ball(wide).m, std::nextafter(to_ball(wide).r, 0.0) * (1 - 1e-15))));  // a smaller radius is not
    }
  }

  TEST_CASE("overflow gives the whole line, and a sum without its rounding term is caught") {
    PrecisionGuard guard(256);
    const Ball big(1e308), huge = big * big;
    CHECK(lower(to_interval(huge)) == -HUGE_VAL);
    CHECK(upper(to_interval(huge - huge)) == HUGE_VAL);
    const Ball x(1.0), y(1e-17);
    const Ball wrong{x.m + y.m, x.r + y.r};  // the midpoint's rounding dropped
    CHECK_FALSE(inside(to_interval(x) + to_interval(y), wrong));
  }

  TEST_CASE("the ball product with an exact matrix has the bits of the interval product") {
    PrecisionGuard guard(128);
    PhiloxStream stream(scae::testing::seed(), Stream::point, 11);
    MatrixXd p(37, 23);
    for (Eigen::Index t = 0; t < p.size(); ++t) p.data()[t] = stream.normal();
    Matrix<Ball> x(37, 5);
    for (Eigen::Index t = 0; t < x.size(); ++t) x.data()[t] = Ball(stream.normal(), std::abs(stream.normal()) * 1e-14);
    Matrix<interval> xi(37, 5);
    for (Eigen::Index t = 0; t < x.size(); ++t) xi.data()[t] = to_interval(x.data()[t]);
    const Matrix<Ball> b = enclose_product(p, x, true);
    const Matrix<interval> i = enclose_product(p, xi, true);
    bool same = b.rows() == 23 && i.rows() == 23;
    for (Eigen::Index t = 0; same && t < b.size(); ++t) {
      const interval e = to_interval(b.data()[t]);
      same = lower(e) == lower(i.data()[t]) && upper(e) == upper(i.data()[t]);
    }
    CHECK(same);
  }
}
