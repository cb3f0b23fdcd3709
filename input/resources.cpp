#include "input/resources.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace scae {
namespace {

__extension__ using u128 = unsigned __int128;

std::string str(std::int64_t v) { return std::to_string(v); }

std::uint64_t saturated(u128 bytes) {
  const u128 most = std::numeric_limits<std::uint64_t>::max();
  return static_cast<std::uint64_t>(bytes > most ? most : bytes);
}

std::string where(const Regime& regime) {
  return regime.source.empty() ? "regime '" + regime.name + "'" : regime.source.string();
}

}  // namespace

// Memory estimate, in 8-byte doubles:
//   12 n h           A*, W, W^T, the Monte Carlo batch statistics (mean and spread of the gradient,
//                    the oracle gradient and the correction) and the closed form's results;
//   3 h^2            M = W A* (Monte Carlo) and M, G = W W^T (closed form);
//   2 n h x threads  per Monte Carlo thread, the oracle and correction accumulators.
std::uint64_t estimated_memory_bytes(int n, int h, int threads) {
  if (n < 1 || h < 1 || threads < 1) throw std::invalid_argument("estimated_memory_bytes needs n, h, threads >= 1");
  const u128 nn = static_cast<u128>(n), hh = static_cast<u128>(h), tt = static_cast<u128>(threads);
  return saturated(8 * (12 * nn * hh + 3 * hh * hh + 2 * nn * hh * tt));
}

// Claims' memory, in bytes (an MPFI interval at 128 bits takes about 100 bytes, a double 8):
//   nh   the interval closed form's A* and W (2 intervals an entry, taken over from the claim
//        context's conversions), the double closed form's (16), the term bounds' one interval matrix
//        at a time and the products' double work space;
//   h^2  M and G of both closed forms as doubles or midpoints and radii, the neighbourhood's
//        M with its error bound, the products' work space;
//   n^2  N3, N4 and the K, C, KC of the interval closed form (5 intervals an entry), the spectral
//        bounds' Gram matrices and their squares;
//   a fixed 16 MiB of tables, caches and per-claim buffers.
// Fitted above the peak resident memory of `check` less that of an idle run, --threads 1,
// identity+Hadamard, k = 2, 2000 samples (this model plus the Monte Carlo one, against the measured):
// n = 64: 32 against 13 MB; 128: 79 against 46; 256: 267 against 176; 512: 1018 against 711
// (checks/cli/test_resources.sh repeats the comparison at n = 32, 64, 128).
constexpr u128 claims_nh = 1000, claims_hh = 150, claims_nn = 900, claims_fixed = u128{16} << 20;
const char* const claims_memory_model = "1000 nh + 150 h^2 + 900 n^2 bytes + 16 MiB";
std::uint64_t estimated_claims_memory_bytes(int n, int h) {
  if (n < 1 || h < 1) throw std::invalid_argument("estimated_claims_memory_bytes needs n, h >= 1");
  const u128 nn = static_cast<u128>(n), hh = static_cast<u128>(h);
  return saturated(claims_nh * nn * hh + claims_hh * hh * hh + claims_nn * nn * nn + claims_fixed);
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

// Claims' time, in seconds, on one thread (the rows of the interval closed form share the threads,
// the rest runs on one): 2 s of set-up (the neighbourhood, the windows, the hypotheses), 30 us per
// checked row and entry of h n + n^2 (each row's MPFI class vectors, W^T alpha + A* beta for seven
// classes, and the closed form's digits at up to four times the precision), and 10 ns per
// multiply-add of the order-h^2 n products (M, G, K C, the spectral bounds). Measured with
// --threads 1 on identity+Hadamard, k = 2 (user time; docs/commands.md): 1.5, 2.6, 3.5, 9.8 and
// 35.6 s at n = 32 ... 512 against 2.3, 3.1, 5.5, 20 and 78 s from the model.
const char* const claims_time_model = "certified claims 2 s + 30 us x rows x (hn + n^2) + 10 ns x h^2 n";
double estimated_claims_seconds(int n, int h, int rows) {
  if (n < 1 || h < 1 || rows < 1) throw std::invalid_argument("estimated_claims_seconds needs n, h, rows >= 1");
  const double nn = n, hh = h;
  return 2 + 3e-5 * rows * (hh * nn + nn * nn) + 1e-8 * hh * hh * nn;
}

void check_memory(const Regime& regime, int threads, const Workload& work) {
  const DictionarySpec& d = regime.dictionary;
  std::uint64_t need = estimated_memory_bytes(d.n, d.h, threads);
  std::string model = "Monte Carlo 8 bytes x (12nh + 3h^2 + 2nh x threads)";
  if (work.claims) {
    need = saturated(static_cast<u128>(need) + estimated_claims_memory_bytes(d.n, d.h));
    model += " + claims " + std::string(claims_memory_model);
  }
  MemoryBudget{}.require(need, where(regime) + ": key 'dictionary.h': n = " + str(d.n) + ", h = " + str(d.h) + " with " +
                                   str(threads) + " threads",
                         model, "n, h and --threads whose estimate is " + MemoryBudget{}.accepted() + ", or a larger --max-memory");
}

void check_resources(const Regime& regime, int threads, double max_hours, const Workload& work) {
  check_memory(regime, threads, work);
  const DictionarySpec& d = regime.dictionary;
  const double monte_carlo = estimated_monte_carlo_seconds(regime, threads);
  const double claims = work.claims ? estimated_claims_seconds(d.n, d.h, work.rows) : 0;
  const TimeBudget budget{max_hours};
  if (budget.admits(monte_carlo + claims)) return;
  const std::string samples = str(static_cast<std::int64_t>(regime.monte_carlo.samples));
  const std::string mc_model = "cost model samples x (h k + n k) x 2 ns / threads";
  if (budget.admits(claims)) {
    const double most = std::floor(static_cast<double>(regime.monte_carlo.samples) * (max_hours * 3600 - claims) / monte_carlo);
    budget.require(monte_carlo + claims, threads, where(regime) + ": key 'monte_carlo.samples': the run of " + samples + " samples" +
                                                      (work.claims ? " and the certified claims" : ""),
                   work.claims ? mc_model + ", " + claims_time_model : mc_model,
                   "at most " + str(static_cast<std::int64_t>(most)) + " samples, or a higher limit with --max-hours");
  }
  budget.require(monte_carlo + claims, threads,
                 where(regime) + ": key 'dictionary.h': the certified claims' work at n = " + str(d.n) + ", h = " + str(d.h) +
                     " on " + str(work.rows) + " rows",
                 mc_model + ", " + claims_time_model, "a smaller h, fewer --rows, or a higher limit with --max-hours");
}

}  // namespace scae
