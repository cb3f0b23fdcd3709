// Midpoint-radius arithmetic in double ("balls", Rump): a Ball {m, r} stands for the real interval
// [m − r, m + r], and every operation returns a ball that contains every result of the operation on
// points of its operands, with round-to-nearest only (no change of the rounding mode).
//
// Rounding facts (binary64, round to nearest, u = 2^-53, η = 2^-1074, no overflow): for the computed
// x̂ = fl(x) of one operation, (F1) |x̂ − x| <= u|x̂| + η/2 (half an ulp of x̂ when it is normal, half of
// η when it is subnormal), and (F2) for x >= 0, x <= succ(x̂), the next double above x̂. Radii are
// non-negative and every radius operation is followed by succ, so by (F2) and monotonicity each
// computed radius bounds the exact one; err(m̂) = succ(fl(u|m̂|) + η) bounds the rounding of a
// midpoint by (F1) (fl(u|m̂|) is exact or loses at most η/2 to underflow).
//   x ± y: m = fl(x.m ± y.m), r >= x.r + y.r + err(m);
//   x y:   m = fl(x.m y.m),   r >= |x.m| y.r + x.r |y.m| + x.r y.r + err(m), since
//          |(x.m + ξ)(y.m + ζ) − x.m y.m| <= |x.m||ζ| + |ξ||y.m| + |ξ||ζ| for |ξ| <= x.r, |ζ| <= y.r.
// Overflow makes a midpoint or radius infinite or NaN; it propagates through +, − and ×, and
// to_interval turns any non-finite ball into the whole line. Costs a few double operations where
// MPFI at 128 bits allocates and rounds two MPFR numbers; the radius grows by about u|m| per
// operation instead of 2^-128 |m|.
#pragma once

#include "numerics/core/scalar.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace scae {

struct Ball {
  double m = 0, r = 0;
  Ball() = default;
  Ball(double mid) : m(mid) {}  // exact: implicit, so that 2 * x and x − 1 read as in the other scalars
  Ball(double mid, double rad) : m(mid), r(rad) {}

  // The next double above x, for finite x >= +0 (radii: sums and products of non-negative doubles).
  static double succ(double x) { return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) + 1); }
  static double error_of(double mid) {
    constexpr double u = std::numeric_limits<double>::epsilon() / 2;
    return succ(u * std::abs(mid) + std::numeric_limits<double>::denorm_min());
  }

  friend Ball operator+(const Ball& x, const Ball& y) {
    const double m = x.m + y.m;
    return {m, succ(succ(x.r + y.r) + error_of(m))};
  }
  friend Ball operator-(const Ball& x, const Ball& y) {
    const double m = x.m - y.m;
    return {m, succ(succ(x.r + y.r) + error_of(m))};
  }
  friend Ball operator-(const Ball& x) { return {-x.m, x.r}; }
  friend Ball operator*(const Ball& x, const Ball& y) {
    const double m = x.m * y.m;
    const double spread = succ(succ(std::abs(x.m) * y.r) + succ(x.r * std::abs(y.m)));
    return {m, succ(spread + succ(succ(x.r * y.r) + error_of(m)))};
  }
  Ball& operator+=(const Ball& y) { return *this = *this + y; }
  Ball& operator-=(const Ball& y) { return *this = *this - y; }
  Ball& operator*=(const Ball& y) { return *this = *this * y; }
};

inline double to_double(const Ball& x) { return x.m; }

// A ball containing x: the nearest double to its midpoint, the distance to the farther end rounded up.
Ball to_ball(const interval& x);
// The interval [m − r, m + r] at the current precision, outward; the whole line when m or r is not finite.
interval to_interval(const Ball& x);
// The ball of the interval enclosure of q at the current precision.
template <> Ball from_rational<Ball>(const rational& q);

// P X or Pᵀ X for an exact double P and a matrix of balls: the bound of enclose_product(P, X,
// transposed) (certified_product.hpp, defined beside it), with the same midpoints and radii.
Matrix<Ball> enclose_product(const MatrixXd& p, const Matrix<Ball>& x, bool transposed);

}  // namespace scae

namespace Eigen {
template <> struct NumTraits<scae::Ball> : GenericNumTraits<double> {
  using Real = scae::Ball;
  using NonInteger = scae::Ball;
  using Nested = scae::Ball;
  using Literal = scae::Ball;
  enum { IsComplex = 0, IsInteger = 0, IsSigned = 1, RequireInitialization = 0, ReadCost = 2, AddCost = 8, MulCost = 16 };
};
}  // namespace Eigen
