#include "runs/phase_cell.hpp"

#include "input/grid_spec.hpp"
#include "input/sweep_path.hpp"
#include "theory/verdict.hpp"

#include <cmath>
#include <stdexcept>

namespace scae {

SweepPoint grid_point(const Regime& regime, int h, int n, const rational& p) {
  const SweepSpec& sw = *regime.sweep;
  const double p_value = p.convert_to<double>();
  const std::string at = "--grid: at p = " + decimal_text(p) + ", h = " + std::to_string(h) + ": ";
  const double k = sw.k.empty() ? regime.code.support.k() : sw.k.evaluate(h, p_value);
  if (!std::isfinite(k) || k != std::round(k) || k < 1 || k > h)
    throw std::invalid_argument(at + "[sweep] k = \"" + sw.k.text() + "\" gives " + number_text(k) +
                                "; accepted: an integer in [1, " + std::to_string(h) + "]");
  const double delta = sw.delta.empty() ? 0 : sw.delta.evaluate(h, p_value);
  if (!std::isfinite(delta) || delta < 0)
    throw std::invalid_argument(at + "[sweep] delta = \"" + sw.delta.text() + "\" gives " + number_text(delta) +
                                "; accepted: a finite number >= 0");
  SweepPoint pt = sweep_point_at(regime, h, p_value);
  pt.n = n;
  return pt;
}

std::string hypotheses_state(const std::vector<Hypothesis>& hypotheses) {
  std::string state = "hold";
  for (const auto& h : hypotheses) {
    if (fails(h.verdict.outcome)) return "fail";
    if (h.verdict.outcome != Outcome::proven) state = "undecided";
  }
  return state;
}

std::string cell_status(const PhaseCell& cell) {
  if (!cell.result) return "not reachable";
  return "hypotheses " + hypotheses_state(cell.result->hypotheses) + " & recovery " + to_name(cell.result->main.recovery);
}

PhaseCell evaluate_phase_cell(const Regime& regime, const rational& p_target, const rational& xi_target, const XiTarget& xi,
                              int threads, double confidence) {
  PhaseCell cell;
  cell.p_target = p_target;
  cell.xi_target = xi_target;
  cell.xi = xi;
  cell.point = grid_point(regime, xi.h, xi.n, p_target);
  if (xi.reachable) cell.result = evaluate_sweep_point(regime, cell.point, {threads, confidence, 0, std::nullopt, false});
  cell.status = cell_status(cell);
  return cell;
}

}  // namespace scae
