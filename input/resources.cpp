#include "resources.hpp"

#include "budget.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>

namespace scae {
namespace {

std::string str(std::int64_t v) { return std::to_string(v); }

}  // namespace

// Memory estimate, in 8-byte doubles:
//   12 n h           A*, W, W^T, the Monte Carlo batch statistics (mean and spread of the gradient,
//                    the oracle gradient and the correction) and the closed form's results;
//   3 h^2            M = W A* (Monte Carlo) and M, G = W W^T (closed form);
//   2 n h x threads  per Monte Carlo thread, the oracle and correction accumulators.
// Saturates at the largest std::uint64_t.
std::uint64_t estimated_memory_bytes(int n, int h, int threads) {
  if (n < 1 || h < 1 || threads < 1) throw std::invalid_argument("estimated_memory_bytes needs n, h, threads >= 1");
  __extension__ using u128 = unsigned __int128;
  const u128 nn = static_cast<u128>(n), hh = static_cast<u128>(h), tt = static_cast<u128>(threads);
  const u128 bytes = 8 * (12 * nn * hh + 3 * hh * hh + 2 * nn * hh * tt);
  const u128 most = std::numeric_limits<std::uint64_t>::max();
  return static_cast<std::uint64_t>(bytes > most ? most : bytes);
}

double estimated_monte_carlo_seconds(int n, int h, double k, std::uint64_t samples, int threads) {
  if (threads < 1) throw std::invalid_argument("estimated_monte_carlo_seconds needs threads >= 1");
  return static_cast<double>(samples) * (static_cast<double>(h) + n) * std::max(1.0, k) * 2e-9 / threads;
}

double estimated_monte_carlo_seconds(const Regime& regime, int threads) {
  return estimated_monte_carlo_seconds(regime.dictionary.n, regime.dictionary.h,
                                       regime.code.support.expected_size().convert_to<double>(),
                                       regime.monte_carlo.samples, threads);
}

void check_memory(const Regime& regime, int threads) {
  const std::string where = regime.source.empty() ? "regime '" + regime.name + "'" : regime.source.string();
  const DictionarySpec& d = regime.dictionary;
  const std::uint64_t need = estimated_memory_bytes(d.n, d.h, threads);
  const MemoryBudget budget;
  if (!budget.admits(need))
    throw RegimeError(where + ": key 'dictionary.h': n = " + str(d.n) + ", h = " + str(d.h) + " with " + str(threads) +
                      " threads " + budget.refusal(need, "8 bytes x (12nh + 3h^2 + 2nh x threads)") +
                      "; accepted: n, h and --threads whose estimate is " + budget.accepted());
}

void check_resources(const Regime& regime, int threads, double max_hours) {
  check_memory(regime, threads);
  const std::string where = regime.source.empty() ? "regime '" + regime.name + "'" : regime.source.string();
  const double seconds = estimated_monte_carlo_seconds(regime, threads);
  if (const TimeBudget budget{max_hours}; !budget.admits(seconds)) {
    const double most = std::floor(static_cast<double>(regime.monte_carlo.samples) * max_hours * 3600 / seconds);
    throw RegimeError(where + ": key 'monte_carlo.samples': " + str(static_cast<std::int64_t>(regime.monte_carlo.samples)) +
                      " samples take " + budget.refusal(seconds, threads, "cost model samples x (h k + n k) x 2 ns / threads") +
                      "; accepted: at most " + str(static_cast<std::int64_t>(most)) + " samples, or a higher limit with --max-hours");
  }
}

}  // namespace scae
