// `scae bench`: samples per second of the full-gradient Monte Carlo estimator on the regimes R1,
// R2, R3 of issue #2, for the sparse path and the dense batched-GEMM path, and — when the NumPy
// baseline script runs — the batched NumPy+OpenBLAS estimator measured in the same run. Without it
// the ratios to NumPy are left out, saying why on stderr and in each JSON line ("numpy_baseline").
#pragma once

#include "numerics/core/budget.hpp"
#include "numerics/core/enum_names.hpp"
#include "numerics/estimate/monte_carlo.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace scae {

// Which estimator paths `scae bench` times (--path).
enum class BenchPaths { sparse, dense, all };
template <> struct Vocabulary<BenchPaths> {
  static constexpr std::string_view what = "estimator path";
  static constexpr std::array<EnumName<BenchPaths>, 3> names{
      {{BenchPaths::sparse, "sparse"}, {BenchPaths::dense, "dense"}, {BenchPaths::all, "all"}}};
};

// The sparse path's float screening (--screening): the estimator's own choice, or forced on or off.
enum class ScreeningChoice { automatic, on, off };
template <> struct Vocabulary<ScreeningChoice> {
  static constexpr std::string_view what = "screening choice";
  static constexpr std::array<EnumName<ScreeningChoice>, 3> names{
      {{ScreeningChoice::automatic, "automatic"}, {ScreeningChoice::on, "on"}, {ScreeningChoice::off, "off"}}};
};

struct BenchOptions {
  std::vector<std::string> regimes;  // R1, R2, R3; empty: all three
  bool json = false;
  double scale = 1;                  // multiplies the default sample counts
  int threads = 0;
  double max_hours = default_max_hours;  // refuse a run estimated to take longer (see run_bench)
  std::string baseline;              // path of numpy_baseline.py (bench/ in the repository); empty: skip
  BenchPaths paths = BenchPaths::all;
  Accumulation accumulation = Accumulation::automatic;  // of the sparse path
  ScreeningChoice screening = ScreeningChoice::automatic;
  int batches = 64;                  // batch means of the sparse path's confidence statements
  int repeats = 3;                   // interleaved runs of every path; medians are reported
};

// Before anything runs or prints, refuses (std::invalid_argument naming the option) more batches
// than a regime's sparse samples, and (with the estimate) a run whose memory estimate exceeds the
// physical memory or whose time estimate exceeds max_hours. Memory: the sparse path's is estimated_memory_bytes(n, h, threads) (input/resources.hpp),
// the dense path's 8 bytes x (3nh + 1024 (4h + 3n)) (A*, W, the sum and one batch of 1024 codes,
// data, pre-activations, residuals). Time: the sparse and sparse+oracle runs by the Monte Carlo cost
// model, the dense path and the NumPy baseline by 8nh multiply-adds per sample at 1 ns / threads.
int run_bench(const BenchOptions& options);
// The names of a vocabulary as CLI11's choices (IsMember), in the table's order.
template <class E> std::vector<std::string> choice_names() {
  std::vector<std::string> out;
  for (const auto name : all_names<E>()) out.emplace_back(name);
  return out;
}

}  // namespace scae
