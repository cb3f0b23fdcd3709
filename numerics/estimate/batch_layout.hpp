// One batch's result (engine_types.hpp) as a block of doubles, for the gather across processes:
// [oracle (n x wanted), correction (n x wanted), loss, recovered, active, size, loss_rounding,
// oracle_rounding (wanted), correction_rounding (wanted), product_seconds]. Counts are below 2^53,
// so they travel exactly as doubles. Internal to numerics/estimate.
#pragma once

#include "engine_types.hpp"

#include <cstddef>

namespace scae::engine {

struct BatchLayout {
  Eigen::Index n = 0;  // rows of a gradient block (the unpadded n)
  int wanted = 0;      // checked rows

  std::size_t cells() const { return static_cast<std::size_t>(n) * static_cast<std::size_t>(wanted); }
  std::size_t size() const { return 2 * cells() + 6 + 2 * static_cast<std::size_t>(wanted); }
  void pack(const BatchResult& result, double* out) const;
  void unpack(const double* in, BatchResult& result) const;
};

}  // namespace scae::engine
