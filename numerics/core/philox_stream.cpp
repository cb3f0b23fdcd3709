#include "numerics/core/philox_stream.hpp"

#include <cmath>
#include <numbers>

namespace scae {

double PhiloxStream::normal() {
  // u1 in (0, 1] so the logarithm is finite.
  const double u1 = 1.0 - uniform01();
  const double u2 = uniform01();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace scae
