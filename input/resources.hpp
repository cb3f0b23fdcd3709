// Resources a regime needs, and the refusals every command applies before it builds an instance
// (numerics/core/budget: the one gate, its exception and its wording). Each estimate covers all of
// a command's work: the Monte Carlo engine, and for `check` and `report` the claim catalog's
// certified work as well (docs/commands.md, "Limits"; the models are measured against
// the real peak in checks/cli/test_resources.sh).
#pragma once

#include "numerics/core/budget.hpp"
#include "input/regime.hpp"

#include <cstdint>
#include <string>

namespace scae {

// Bytes the Monte Carlo engine and the closed form need for an instance of this size with
// `threads` threads: 8 bytes x (12nh + 3h^2 + 2nh x threads). Saturates at the largest std::uint64_t.
std::uint64_t estimated_memory_bytes(int n, int h, int threads);
// Bytes the claim catalog's certified work holds at its peak, beyond the Monte Carlo engine
// (runs/claim_context: the double and interval closed forms, the term bounds' interval copies of A*
// and W, the closed form's digits at up to four times the working precision, the neighbourhood's
// products). The formula and its measurements are in resources.cpp.
std::uint64_t estimated_claims_memory_bytes(int n, int h);
extern const char* const claims_memory_model;  // the formula in words, for refusals

// Seconds the regime's Monte Carlo run is estimated to take with `threads` threads, by the cost
// model samples x (h k + n k) x 2 ns / threads (k the expected support size): u = (W A*) x* costs
// h k, and each of the about k units that fire when the support is recovered costs O(n). Against
// `scae bench` (sparse+oracle, R1-R3) it is 1 to 3 times the real time; a bias far below the
// recovery window makes more units fire (up to h) and the run slower than estimated.
double estimated_monte_carlo_seconds(const Regime& regime, int threads);
// The same model for n, h, expected support size k (at least 1) and a sample count.
double estimated_monte_carlo_seconds(int n, int h, double k, std::uint64_t samples, int threads);
// Seconds of the claim catalog's certified work on `rows` checked rows, on one thread (most of it
// runs on one; the formula and its measurements are in resources.cpp).
double estimated_claims_seconds(int n, int h, int rows);
extern const char* const claims_time_model;

// What a command runs: the Monte Carlo engine always, and the claim catalog (on `rows` checked
// rows) when `claims` is set (check, report).
struct Workload {
  bool claims = false;
  int rows = 3;  // runs/claim_context default_rows: 0, h/2, h - 1
};
// Refuses with a ResourceRefusal naming the key and the estimate a regime whose memory estimate
// with `threads` threads exceeds the memory limit (--max-memory), or whose time estimate exceeds
// `max_hours`. Every command that runs a regime calls it before building the instance.
void check_resources(const Regime& regime, int threads, double max_hours, const Workload& work = {});
// Its memory half alone: for commands that build the instance but run no Monte Carlo (`instance`).
void check_memory(const Regime& regime, int threads, const Workload& work = {});

}  // namespace scae
