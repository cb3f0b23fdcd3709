// Resources a regime needs: the memory and Monte Carlo time estimates, and the refusals every
// command applies before it builds an instance (core/budget states the memory rule).
#pragma once

#include "budget.hpp"
#include "regime.hpp"

#include <cstdint>

namespace scae {

// Bytes the Monte Carlo engine and the closed form need for an instance of this size with
// `threads` threads; instances above the machine's physical memory are refused up front.
std::uint64_t estimated_memory_bytes(int n, int h, int threads);

// Seconds the regime's Monte Carlo run is estimated to take with `threads` threads, by the cost
// model samples x (h k + n k) x 2 ns / threads (k the expected support size): u = (W A*) x* costs
// h k, and each of the about k units that fire when the support is recovered costs O(n). Against
// `scae bench` (sparse+oracle, R1-R3) it is 1 to 3 times the real time; a bias far below the
// recovery window makes more units fire (up to h) and the run slower than estimated.
double estimated_monte_carlo_seconds(const Regime& regime, int threads);
// The same model for n, h, expected support size k (at least 1) and a sample count.
double estimated_monte_carlo_seconds(int n, int h, double k, std::uint64_t samples, int threads);
// Default of the CLI's --max-hours: regimes estimated to run longer are refused.
inline constexpr double default_max_hours = 24;
// Refuses with a RegimeError naming the key and the estimate a regime whose memory estimate with
// `threads` threads exceeds the physical memory, or whose Monte Carlo time estimate exceeds
// `max_hours`. Every command that runs a regime calls it before building the instance.
void check_resources(const Regime& regime, int threads, double max_hours);
// Its memory half alone: for commands that build the instance but run no Monte Carlo (`instance`).
void check_memory(const Regime& regime, int threads);

}  // namespace scae
