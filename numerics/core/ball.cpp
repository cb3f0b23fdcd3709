#include "numerics/core/ball.hpp"

#include <mpfr.h>

#include <algorithm>

namespace scae {

// The radius is max(upper − m, m − lower) with both differences and the conversion to double
// rounded up (MPFR_RNDU), so the ball contains x whatever the precision of its ends.
Ball to_ball(const interval& x) {
  const double m = bmp::median(x).convert_to<double>();
  const mpfr mid(m), hi = bmp::upper(x), lo = bmp::lower(x);
  mpfr above, below;
  mpfr_sub(above.backend().data(), hi.backend().data(), mid.backend().data(), MPFR_RNDU);
  mpfr_sub(below.backend().data(), mid.backend().data(), lo.backend().data(), MPFR_RNDU);
  const double r = std::max(mpfr_get_d(above.backend().data(), MPFR_RNDU), mpfr_get_d(below.backend().data(), MPFR_RNDU));
  return {m, r + 0.0};  // "+ 0.0" turns -0 into 0 (Ball::succ needs r >= +0)
}

interval to_interval(const Ball& x) {
  if (!std::isfinite(x.m) || !std::isfinite(x.r)) return interval(mpfr(-HUGE_VAL), mpfr(HUGE_VAL));
  return interval(x.m) + interval(mpfr(-x.r), mpfr(x.r));
}

template <> Ball from_rational<Ball>(const rational& q) { return to_ball(from_rational<interval>(q)); }

}  // namespace scae
