// Covers numerics/estimate/engine_plan.hpp: the packed symmetric products G = W W^T and A*^T A* of the
// coefficient space have the bits of the upper triangle of the whole product (for one block, several,
// and a last single column), and the comparison sees a W moved by one entry.
#include <doctest/doctest.h>

#include "numerics/core/certified_product.hpp"
#include "numerics/estimate/coefficient_sums.hpp"
#include "numerics/estimate/engine_plan.hpp"

#include <vector>

using namespace scae;

namespace {

// Entries of the upper triangle of `full` that differ from `packed`.
long differing(const MatrixXd& full, const std::vector<double>& packed) {
  long out = 0;
  for (int t = 0; t < full.cols(); ++t)
    for (int p = 0; p <= t; ++p) out += full(p, t) != packed[engine::column_start(t) + static_cast<std::size_t>(p)];
  return out;
}

}  // namespace

TEST_SUITE("engine_plan") {
  TEST_CASE("packed symmetric products have the bits of the whole product's upper triangle") {
    for (const auto& size : {std::pair{12, 40}, std::pair{100, 481}, std::pair{30, 1201}, std::pair{64, 600}}) {
      const int n = size.first, h = size.second;  // not a structured binding: clang < 16 cannot capture one
      CAPTURE(n);
      CAPTURE(h);
      const MatrixXd w = MatrixXd::Random(h, n);
      const MatrixXd a = MatrixXd::Random(n, h);
      for (const int threads : {1, 2}) {
        CHECK(differing(fixed_order_product(w, w.transpose()), engine::packed_symmetric_product(w, w.transpose(), threads)) == 0);
        CHECK(differing(fixed_order_product(a.transpose(), a), engine::packed_symmetric_product(a.transpose(), a, threads)) == 0);
      }
      MatrixXd moved = w;
      moved(h - 1, 0) += 1e-3;  // row h - 1: the last column of G
      CHECK(differing(fixed_order_product(w, w.transpose()), engine::packed_symmetric_product(moved, moved.transpose(), 2)) > 0);
    }
  }
}
