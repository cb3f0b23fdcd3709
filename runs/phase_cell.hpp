// One cell of the phase diagram of `scae sweep --grid` (issue #6): a target (p, ξ), the dictionary
// sizes that hit ξ (xi_target.hpp), k and δ from the regime's [sweep] rules evaluated at h and the
// target p, and at that point
//   * the hypotheses of Theorems 3.1-3.2 (hypotheses.hpp: h > n, a1 > 0, p < 1/3, p < ξ/2, ν² > 0,
//     certified in MPFI with the realised p = log k / log h and the certified ξ),
//   * deterministic support recovery (exact per-unit windows, support_recovery.hpp),
//   * the ratio ‖E∇_{W_i}‖/(q_i m2) of the rows 0, h/2, h-1 (asymptotic_sweep.hpp: certified MPFI
//     closed form where recovery is PROVEN, Monte Carlo otherwise).
// Status: "not reachable" when ξ is not hit within the tolerance, else
// "hypotheses H & recovery R" with H = hold (all PROVEN), fail (one REFUTED) or undecided, and R the
// recovery outcome (PROVEN, REFUTED or UNDECIDED).
#pragma once

#include "runs/asymptotic_sweep.hpp"
#include "runs/xi_target.hpp"

#include <optional>
#include <string>

namespace scae {

// The grid's sizes: k and δ from the [sweep] rules at (h, p), n as the search chose it. Throws
// std::invalid_argument naming --grid when the k rule does not give an integer in [1, h] or the
// δ rule a finite number >= 0.
SweepPoint grid_point(const Regime& regime, int h, int n, const rational& p);

struct PhaseCell {
  rational p_target, xi_target;
  XiTarget xi;
  SweepPoint point;
  std::optional<SweepPointResult> result;  // empty when ξ is not reachable
  std::string status;
};

// "hold", "fail" or "undecided".
std::string hypotheses_state(const std::vector<Hypothesis>& hypotheses);
std::string cell_status(const PhaseCell& cell);

// `confidence` is the level of each Monte Carlo interval.
PhaseCell evaluate_phase_cell(const Regime& regime, const rational& p_target, const rational& xi_target, const XiTarget& xi,
                              int threads, double confidence);

}  // namespace scae
