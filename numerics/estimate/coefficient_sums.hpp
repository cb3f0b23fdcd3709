// Coefficient-space sums of the Monte Carlo engine (coefficient_accumulation.hpp): Q = Σ r r^T
// (packed upper triangle) and P = Σ (c - r) x*^T over a batch's samples, with the lines of 8
// entries its samples touched. A batch at large h touches few of them (at R3, a quarter of P's
// lines), so emptying a batch's sums and adding them to the run's totals (coefficient_totals.hpp)
// visit only those lines. Skipping the others changes no bit: their entries are +0 (the sums start
// at +0 and never become -0 in round-to-nearest), and x + (+0) = x for every x but -0, which the
// totals, which start at +0 too, never hold. Internal to numerics/estimate.
#pragma once

#include "numerics/core/huge_pages.hpp"
#include "numerics/core/scalar.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace scae::engine {

// Symmetric h x h matrices keep their upper triangle packed by columns, half the memory of the
// square: entry (p, t), p <= t, sits at column_start(t) + p.
inline std::size_t column_start(int t) { return static_cast<std::size_t>(t) * (static_cast<std::size_t>(t) + 1) / 2; }

// One bit per line of 8 doubles of an array.
class TouchedLines {
public:
  void reset(std::size_t entries) { bits_.assign((entries / 8 + 64) / 64, 0); }
  bool empty() const { return bits_.empty(); }
  void touch(std::size_t entry) { bits_[entry >> 9] |= std::uint64_t{1} << ((entry >> 3) & 63); }

  // f(first entry, count) for every touched line of an array of `entries`, in ascending order.
  template <class F> void for_each(std::size_t entries, F&& f) const {
    for (std::size_t word = 0; word < bits_.size(); ++word)
      for (std::uint64_t set = bits_[word]; set; set &= set - 1) {
        const std::size_t first = (64 * word + static_cast<std::size_t>(__builtin_ctzll(set))) * 8;
        f(first, std::min<std::size_t>(8, entries - first));
      }
  }
  void clear() { std::fill(bits_.begin(), bits_.end(), 0); }

private:
  std::vector<std::uint64_t> bits_;
};

struct Coefficients {
  std::vector<double> q;
  MatrixXd p;
  bool tracked = false;          // touched_q and touched_p mark every line written since the sums were empty
  TouchedLines touched_q, touched_p;

  // Empty h x h sums, tracked or not; only the touched lines are emptied when they were tracked.
  void empty(int h, bool track) {
    const std::size_t packed = column_start(h), square = static_cast<std::size_t>(h) * static_cast<std::size_t>(h);
    if (tracked && track && q.size() == packed && static_cast<std::size_t>(p.size()) == square) {
      touched_q.for_each(packed, [&](std::size_t first, std::size_t count) { std::fill_n(q.data() + first, count, 0.0); });
      touched_p.for_each(square, [&](std::size_t first, std::size_t count) { std::fill_n(p.data() + first, count, 0.0); });
      touched_q.clear();
      touched_p.clear();
      return;
    }
    assign_zeros_on_huge_pages(q, packed);
    resize_on_huge_pages(p, h, h);
    p.setZero();
    tracked = track;
    if (track) {
      touched_q.reset(packed);
      touched_p.reset(square);
    }
  }

  // total += these sums, entry by entry (only the touched lines when tracked).
  void add_to(Coefficients& total) const {
    const auto add = [](const double* from, double* to, std::size_t count) {
#pragma omp simd
      for (std::size_t i = 0; i < count; ++i) to[i] += from[i];
    };
    if (!tracked) {
      add(q.data(), total.q.data(), q.size());
      add(p.data(), total.p.data(), static_cast<std::size_t>(p.size()));
      return;
    }
    touched_q.for_each(q.size(), [&](std::size_t first, std::size_t count) { add(q.data() + first, total.q.data() + first, count); });
    touched_p.for_each(static_cast<std::size_t>(p.size()),
                       [&](std::size_t first, std::size_t count) { add(p.data() + first, total.p.data() + first, count); });
  }
};

}  // namespace scae::engine
