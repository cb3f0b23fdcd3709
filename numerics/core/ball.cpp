#include "ball.hpp"

#include <algorithm>

namespace scae {

Ball to_ball(const interval& x) {
  const double m = bmp::median(x).convert_to<double>();
  const mpfr spread = std::max(bmp::upper(x) - m, m - bmp::lower(x));
  double r = spread.convert_to<double>();
  if (mpfr(r) < spread) r = std::nextafter(r, HUGE_VAL);
  return {m, r + 0.0};  // "+ 0.0" turns -0 into 0 (Ball::succ needs r >= +0)
}

interval to_interval(const Ball& x) {
  if (!std::isfinite(x.m) || !std::isfinite(x.r)) return interval(mpfr(-HUGE_VAL), mpfr(HUGE_VAL));
  return interval(x.m) + interval(mpfr(-x.r), mpfr(x.r));
}

template <> Ball from_rational<Ball>(const rational& q) { return to_ball(from_rational<interval>(q)); }

}  // namespace scae
