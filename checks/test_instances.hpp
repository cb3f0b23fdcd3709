// Small instances the suites share: identity+Hadamard A* (n × 2n), W at distance delta from A* along
// Philox directions (point_seed), k atoms with values uniform on [1, 2]. The bias is left empty for
// the test to choose. Problem: the four inputs of the closed forms and estimators, for suites that
// build their own.
#pragma once

#include "numerics/model/dictionary.hpp"
#include "numerics/model/instance.hpp"
#include "numerics/model/near_point.hpp"

#include <cstdint>
#include <string>

namespace scae::testing {

struct Problem {
  MatrixXd a, w;
  VectorXd eps;
  CodeModel code;
};

inline Instance hadamard_instance(const std::string& name, int n, int k, double delta, std::uint64_t point_seed) {
  Instance in;
  in.name = name;
  in.a = identity_hadamard_dictionary(n);
  in.w = point_at_distance(in.a, delta, point_seed);
  in.code = {SupportLaw::uniform_fixed(2 * n, k), ValueLaw::uniform(rational(1), rational(2))};
  return in;
}

}  // namespace scae::testing
