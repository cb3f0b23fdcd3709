// An instance: the concrete numbers a run computes from (A*, the point W, the bias, the code law and
// the Monte Carlo budget). Regimes (input/) describe instances; input/instance_builder makes them.
#pragma once

#include "numerics/model/bias_rule.hpp"
#include "numerics/model/code_model.hpp"
#include "numerics/model/point_rows.hpp"
#include "numerics/core/scalar.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace scae {

struct MonteCarloBudget {
  std::uint64_t samples = 100000;
  rational confidence = rational(95, 100);
  std::uint64_t seed = 1;
  int batches = 64;
};

struct Instance {
  std::string name;
  MatrixXd a;    // A*, n x h
  MatrixXd w;    // W, h x n
  VectorXd eps;  // bias, h
  std::optional<BiasChoice> bias_rule;  // the rule eps was computed by, when the regime names one
  CodeModel code;
  MonteCarloBudget monte_carlo;
  int n() const { return static_cast<int>(a.rows()); }
  int h() const { return static_cast<int>(a.cols()); }
};

// An instance given by its structure only: A* = [I, s H] and a built-in point whose rows are made
// when needed (point_rows.hpp), for sizes whose A* and W do not fit in memory (each 16 GiB at
// h = 65536). No bias: the runs that use it place a rule's bias themselves.
struct StructuredInstance {
  IdentityHadamard a{2};
  PointRows w;
  std::optional<BiasChoice> bias_rule;
  CodeModel code;
};

}  // namespace scae
