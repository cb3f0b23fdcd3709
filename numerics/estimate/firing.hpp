// The firing test of the Monte Carlo engine (monte_carlo.cpp): u = M x* for a drawn sample and the
// units with u_j > eps_j, with their ReLU outputs; in vector registers where the build targets
// AVX-512 or AVX2 (simd_lanes.hpp), portable loops otherwise, with the same bits (every u_j is one
// fma chain in the sample's atom order).
// Internal to numerics/estimate.
#pragma once

#include "numerics/estimate/engine_types.hpp"
#include "numerics/estimate/sample_draw.hpp"
#include "numerics/estimate/simd_lanes.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace scae::engine {

// The exact test over the columns of M of a sample's atoms: u_j in double and, where it exceeds
// eps_j, the unit and its output appended to the activation. K as in Firing::fire_columns.
template <int K>
struct ExactTest {
  const double* const* columns;
  const double* x;
  int size;
  double* u;
  double* r;
  int* active;
  const double* eps;
  int na = 0;

  constexpr int count() const { return K > 0 ? K : size; }
  double exact(Eigen::Index j) {
    double v = 0;
    for (int t = 0; t < count(); ++t) v = std::fma(x[t], columns[t][j], v);
    return u[j] = v;
  }
  void test(Eigen::Index j) {
    const double v = exact(j);
    if (v > eps[j]) {
      active[na] = static_cast<int>(j);
      r[na++] = v - eps[j];
    }
  }
};

class Firing {
public:
  explicit Firing(const Shared& sh)
      : sh_(sh), bits_((sh.m.rows() + 63) / 64), columns_(sh.max_support), float_columns_(sh.max_support),
        float_x_(sh.max_support), block_columns_(sh.max_support), x_up_(sh.max_support) {}

  // u = M x; the units with u_j > eps_j (ascending) and their ReLU outputs. With screening, u_j
  // is first computed in float from mf and recomputed exactly (in double, as without) only where
  // it exceeds the float threshold (below eps_j by a bound of the float rounding: engine_plan.cpp);
  // u is then exact at those units and at the atoms of the sample, which is all that is read later.
  void fire(Sample& sample) {
    if (sample.skipped) {
      sample.na = 0;
      sample.recovered = false;
      return;
    }
    const int size = sample.size;
    const bool screened = sh_.screening && size <= sh_.screening_size;
    int na = 0;
    switch (size) {  // supports of up to 8 atoms keep their columns and values in registers
      case 1: na = screened ? fire_columns<1, true>(sample) : fire_columns<1, false>(sample); break;
      case 2: na = screened ? fire_columns<2, true>(sample) : fire_columns<2, false>(sample); break;
      case 3: na = screened ? fire_columns<3, true>(sample) : fire_columns<3, false>(sample); break;
      case 4: na = screened ? fire_columns<4, true>(sample) : fire_columns<4, false>(sample); break;
      case 5: na = screened ? fire_columns<5, true>(sample) : fire_columns<5, false>(sample); break;
      case 6: na = screened ? fire_columns<6, true>(sample) : fire_columns<6, false>(sample); break;
      case 7: na = screened ? fire_columns<7, true>(sample) : fire_columns<7, false>(sample); break;
      case 8: na = screened ? fire_columns<8, true>(sample) : fire_columns<8, false>(sample); break;
      default: na = screened ? fire_columns<0, true>(sample) : fire_columns<0, false>(sample); break;
    }
    sample.na = na;
    sample.recovered = na == size && std::equal(sample.atoms.begin(), sample.atoms.begin() + size, sample.active.begin());
  }

  // With block screening: the blocks of 8 units of `sample` whose upper bound of u reaches their
  // threshold (engine_plan.cpp), a register of blocks at a time from the atoms' columns of
  // block_max, with their lines of mf fetched for fire(). Drawn samples only; a no-op without
  // block screening.
  void select_blocks(Sample& sample) {
    sample.block_count = 0;
    if (!sh_.block_screening || sample.size > sh_.screening_size || sample.skipped) return;
    const int count = sample.size;
    for (int t = 0; t < count; ++t) {
      block_columns_[t] = sh_.block_max.col(sample.atoms[t]).data();
      x_up_[t] = float_above(sample.x[t]);
      float_columns_[t] = sh_.mf.col(sample.atoms[t]).data();
    }
    const float* const* bounds = block_columns_.data();
    const float* x_up = x_up_.data();
    const float* block_threshold = sh_.block_threshold.data();
    const auto rows = sh_.block_max.rows();
    int* blocks = sample.blocks.data();
    int passed = 0;
    const auto pass = [&](Eigen::Index b) {
      blocks[passed++] = static_cast<int>(b);
      for (int t = 0; t < count; ++t) __builtin_prefetch(float_columns_[t] + 8 * b);
    };
    Eigen::Index b = 0;
#if defined(SCAE_SIMD_LANES)
    for (; b + simd::floats <= rows; b += simd::floats) {
      simd::Floats v = simd::zero_floats();
      for (int t = 0; t < count; ++t) v = simd::fma(simd::broadcast(x_up[t]), simd::load(bounds[t] + b), v);
      for (unsigned mask = simd::greater_equal(v, simd::load(block_threshold + b)); mask; mask &= mask - 1)
        pass(b + std::countr_zero(mask));
    }
#endif
    for (; b < rows; ++b) {
      float v = 0;
      for (int t = 0; t < count; ++t) v = std::fma(x_up[t], bounds[t][b], v);
      if (v >= block_threshold[b]) pass(b);
    }
    sample.block_count = passed;
  }

private:
  // screen() on the blocks select_blocks() kept.
  template <int K>
  [[gnu::always_inline]] void screen_blocks(ExactTest<K>& scan, const float* const* float_columns, const float* float_x,
                                            const Sample& sample) {
    const auto h = sh_.m.rows();
    const int count = scan.count();
    const float* threshold = sh_.threshold.data();
    for (int i = 0; i < sample.block_count; ++i) {
      const Eigen::Index first = 8 * static_cast<Eigen::Index>(sample.blocks[i]), last = std::min<Eigen::Index>(first + 8, h);
      for (Eigen::Index j = first; j < last; ++j) {
        float v = 0;
        for (int t = 0; t < count; ++t) v = std::fma(float_x[t], float_columns[t][j], v);
        if (v > threshold[j]) scan.test(j);
      }
    }
  }

  // fire() for K atoms (K = 0: the sample's `size` atoms, read from memory).
  template <int K, bool Screened>
  int fire_columns(Sample& sample) {
    const int size = sample.size;
    const int* atoms = sample.atoms.data();
    constexpr int slots = K > 0 ? K : 1;
    const double* local_columns[slots];
    const float* local_float_columns[slots];
    double local_x[slots];
    float local_float_x[slots];
    for (int t = 0; t < size; ++t) {
      columns_[t] = sh_.m.col(atoms[t]).data();
      if constexpr (Screened) {
        float_columns_[t] = sh_.mf.col(atoms[t]).data();
        float_x_[t] = static_cast<float>(sample.x[t]);
      }
    }
    if constexpr (K > 0)
      for (int t = 0; t < K; ++t) {
        local_columns[t] = columns_[t];
        local_x[t] = sample.x[t];
        if constexpr (Screened) {
          local_float_columns[t] = float_columns_[t];
          local_float_x[t] = float_x_[t];
        }
      }
    ExactTest<K> scan{K > 0 ? local_columns : columns_.data(), K > 0 ? local_x : sample.x.data(), size,
                      sample.u.data(), sample.r.data(), sample.active.data(), sh_.eps.data()};
    if constexpr (Screened) {
      const float* const* fc = K > 0 ? local_float_columns : float_columns_.data();
      const float* fx = K > 0 ? local_float_x : float_x_.data();
      if (sh_.block_screening)
        screen_blocks(scan, fc, fx, sample);
      else
        screen(scan, fc, fx);
      // u exact at the sample's atoms too, where they are rows of m (a process's block holds only its own)
      for (int t = 0; t < scan.count(); ++t)
        if (const Eigen::Index j = atoms[t] - sh_.first_row; j >= 0 && j < sh_.m.rows()) scan.exact(j);
    } else {
      test_all(scan);
    }
    return scan.na;
  }

  // The exact test only where u_j in float from mf exceeds the float threshold. Inlined, as is
  // test_all: K > 0 unrolls the loops over the atoms.
  template <int K>
  [[gnu::always_inline]] void screen(ExactTest<K>& scan, const float* const* float_columns, const float* float_x) const {
    const auto h = sh_.m.rows();
    const int count = scan.count();
    const float* threshold = sh_.threshold.data();
    Eigen::Index j = 0;
#if defined(SCAE_SIMD_LANES)
    for (; j + simd::floats <= h; j += simd::floats) {
      simd::Floats v = simd::zero_floats();
      for (int t = 0; t < count; ++t) v = simd::fma(simd::broadcast(float_x[t]), simd::load(float_columns[t] + j), v);
      for (unsigned mask = simd::greater(v, simd::load(threshold + j)); mask; mask &= mask - 1)
        scan.test(j + std::countr_zero(mask));
    }
#endif
    for (; j < h; ++j) {
      float v = 0;
      for (int t = 0; t < count; ++t) v = std::fma(float_x[t], float_columns[t][j], v);
      if (v > threshold[j]) scan.test(j);
    }
  }

  // The exact test at every unit.
  template <int K>
  [[gnu::always_inline]] void test_all(ExactTest<K>& scan) {
    const auto h = sh_.m.rows();
    Eigen::Index j = 0;
#if defined(SCAE_SIMD_LANES)
    // u in registers, a register of units at a time, and a bit per unit that fires (few do); then
    // the set bits in order. No branch per register and no compress in the loop (measured at R1:
    // the compress chain through na took half the scan).
    const int count = scan.count();
    const double* const* columns = scan.columns;
    const double* x = scan.x;
    double* u = scan.u;
    const double* eps = scan.eps;
    std::uint64_t* bits = bits_.data();
    std::fill(bits_.begin(), bits_.end(), 0);
    for (; j + simd::doubles <= h; j += simd::doubles) {
      simd::Doubles v = simd::zero_doubles();
      for (int t = 0; t < count; ++t) v = simd::fma(simd::broadcast(x[t]), simd::load(columns[t] + j), v);
      simd::store(u + j, v);
      const unsigned mask = simd::greater(simd::subtract(v, simd::load(eps + j)), simd::zero_doubles());
      bits[j / 64] |= static_cast<std::uint64_t>(mask) << (j % 64);
    }
    int na = 0;
    for (std::size_t word = 0; word < bits_.size(); ++word)
      for (std::uint64_t set = bits[word]; set; set &= set - 1) {
        const auto unit = static_cast<Eigen::Index>(64 * word) + std::countr_zero(set);
        scan.active[na] = static_cast<int>(unit);
        scan.r[na++] = u[unit] - eps[unit];
      }
    scan.na = na;
#endif
    for (; j < h; ++j) scan.test(j);
  }

  const Shared& sh_;
  std::vector<std::uint64_t> bits_;  // the scan's bit per unit
  std::vector<const double*> columns_;  // the columns of M of the sample that fires
  std::vector<const float*> float_columns_;  // and of mf
  std::vector<float> float_x_;
  std::vector<const float*> block_columns_;  // the sample's columns of block_max
  std::vector<float> x_up_;                  // and its x* rounded up to float
};

}  // namespace scae::engine
