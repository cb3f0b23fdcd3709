// Drawing the samples of the Monte Carlo engine (monte_carlo.cpp) and fetching ahead what firing
// them reads. Internal to numerics/estimate.
#pragma once

#include "numerics/estimate/engine_types.hpp"

#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace scae::engine {

// One drawn sample and its activation.
struct Sample {
  std::vector<int> atoms;     // the support S, ascending
  std::vector<double> x;      // x*_S
  int size = 0;               // |S|
  VectorXd u;                 // M x*, exact where it is read: at the units that fire and at S
  std::vector<int> active;    // the units J that fire, ascending (8 spare entries)
  std::vector<double> r;      // their ReLU outputs
  int na = 0;                 // |J|
  bool recovered = false;     // J = S
  bool skipped = false;       // given a unit (Shared::condition) that does not fire: its row is 0, nothing fires or adds
  std::vector<int> blocks;    // with block screening: the blocks of 8 units whose bound passes (firing.hpp)
  int block_count = 0;

  // Room for every sample of the run.
  void allocate(const Shared& sh) {
    atoms.resize(static_cast<std::size_t>(sh.max_support));
    x.resize(static_cast<std::size_t>(sh.max_support));
    u.resize(sh.a.cols());
    active.resize(static_cast<std::size_t>(sh.a.cols() + 8));
    r.resize(static_cast<std::size_t>(sh.a.cols() + 8));
    blocks.resize(static_cast<std::size_t>(sh.block_max.rows()));
  }
};

// Sample `index` (of the code law, or given sh.condition) into `out`, sorted by atom; with screening (M beyond L2) prefetches its
// columns of mf (measured at R1, where M stays in cache: 7 % slower with it).
inline void draw(const Shared& sh, std::uint64_t seed, std::uint64_t index, Sample& out) {
  int* atoms = out.atoms.data();
  double* x = out.x.data();
  const int size = out.size = sh.condition.kind == SupportCondition::Kind::none
                                  ? sh.code.sample(seed, index, atoms, x)
                                  : draw_given(sh.code, sh.condition, seed, index, atoms, x);
  for (int t = 1; t < size; ++t)
    for (int q = t; q > 0 && atoms[q - 1] > atoms[q]; --q) {
      std::swap(atoms[q - 1], atoms[q]);
      std::swap(x[q - 1], x[q]);
    }
  // Given a unit: its u in the order of fire()'s chain (the same bits, so the same decision); a
  // sample where it does not fire adds nothing to its row and is skipped.
  // With rows shared over processes the firing sets decide it (shared_rows.hpp).
  out.skipped = false;
  if (sh.condition.kind != SupportCondition::Kind::none && !sh.block) {
    const int unit = sh.condition.unit;
    double v = 0;
    for (int t = 0; t < size; ++t) v = std::fma(x[t], sh.m(unit, atoms[t]), v);
    out.skipped = !(v > sh.eps(unit));
    if (out.skipped) return;
  }
  // With block screening the columns of block_max, else those of mf.
  const auto bytes = (sh.block_screening ? sh.block_max.rows() : sh.m.rows()) * static_cast<Eigen::Index>(sizeof(float));
  for (int t = 0; t < size; ++t) {
    if (sh.screening) {
      const char* column = reinterpret_cast<const char*>(sh.block_screening ? sh.block_max.col(atoms[t]).data()
                                                                             : sh.mf.col(atoms[t]).data());
      // Every second line (the adjacent line comes with it) and not into L1: measured at R2,
      // 7 % faster than every line into L1, whose prefetches stalled on full miss buffers.
      for (Eigen::Index byte = 0; byte < bytes; byte += 128) __builtin_prefetch(column + byte, 0, 2);
      // and the entries of M that the exact recompute reads when the support is recovered
      for (int v = 0; v < size; ++v) __builtin_prefetch(sh.m.col(atoms[t]).data() + atoms[v]);
    }
    if (sh.coefficients)  // the entries of A*^T A* for ‖y‖²
      for (int v = 0; v <= t; ++v) __builtin_prefetch(sh.ga.data() + column_start(atoms[t]) + atoms[v]);
  }
}

}  // namespace scae::engine
