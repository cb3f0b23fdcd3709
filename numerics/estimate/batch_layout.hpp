// One batch's result (engine_types.hpp) as a block of doubles, for the gather across processes:
// [oracle (n x wanted), correction (n x wanted)] or, when the batch hands on its coefficient sums
// (`sums` > 0: all rows in coefficient space, h = sums), [oracle Q (packed), oracle P (h x h),
// correction Q, correction P] (without the oracle only the last two); then loss, loss_m2, recovered, active, fired, size, loss_rounding,
// product_seconds, and per wanted row the two rounding bounds and the three sums of squared norms.
// Counts are below 2^53, so they travel exactly as doubles. Internal to numerics/estimate.
#pragma once

#include "numerics/estimate/engine_types.hpp"

#include <cstddef>

namespace scae::engine {

struct BatchLayout {
  Eigen::Index n = 0;  // rows of a gradient block (the unpadded n)
  int wanted = 0;      // checked rows
  int sums = 0;        // h when the batches carry their coefficient sums, else 0
  bool oracle = true;  // the batches carry the oracle's sums too

  std::size_t cells() const { return static_cast<std::size_t>(n) * static_cast<std::size_t>(wanted); }
  std::size_t sum_cells() const {
    const auto h = static_cast<std::size_t>(sums);
    return h * (h + 1) / 2 + h * h;
  }
  std::size_t size() const {
    const std::size_t blocks = sums > 0 ? (oracle ? 2 : 1) * sum_cells() : 2 * cells();
    return blocks + 8 + 5 * static_cast<std::size_t>(wanted);
  }
  void pack(const BatchResult& result, double* out) const;
  void unpack(const double* in, BatchResult& result) const;
};

}  // namespace scae::engine
