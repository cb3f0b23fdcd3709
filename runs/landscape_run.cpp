#include "runs/landscape_run.hpp"

#include "numerics/core/budget.hpp"
#include "theory/landscape_certificate.hpp"
#include "numerics/model/near_point.hpp"
#include "theory/support_recovery.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace scae {

namespace {

double median(VectorXd v) {
  std::sort(v.data(), v.data() + v.size());
  const Eigen::Index m = v.size() / 2;
  return v.size() % 2 ? v(m) : (v(m - 1) + v(m)) / 2;
}

// Dense h × h matrices of E∇ (about ten), the Newton–CG matrices (about twelve of h × n) and the Lanczos basis.
void check_landscape_memory(const Instance& instance, const LandscapeOptions& options) {
  const auto h = static_cast<std::uint64_t>(instance.h()), n = static_cast<std::uint64_t>(instance.n());
  const std::uint64_t need = 8 * (10 * h * h + (12 + static_cast<std::uint64_t>(options.lanczos_steps) + 1) * h * n);
  const MemoryBudget budget;
  if (!budget.admits(need))
    throw std::invalid_argument("landscape: h = " + std::to_string(h) + " " +
                                budget.refusal(need, "10 h^2 + (13 + Lanczos steps) h n doubles") + "; accepted: " +
                                budget.accepted());
}

RowGroup row_group(const std::string& name, const std::vector<int>& rows, const VectorXd& distance, const VectorXd& scale,
                   const VectorXd& radial) {
  RowGroup g;
  g.name = name;
  g.rows = rows;
  const double inf = std::numeric_limits<double>::infinity();
  g.distance_min = g.scale_min = g.radial_min = inf;
  g.distance_max = g.scale_max = g.radial_max = -inf;
  for (const int i : rows) {
    g.distance_min = std::min(g.distance_min, distance(i));
    g.distance_max = std::max(g.distance_max, distance(i));
    g.scale_min = std::min(g.scale_min, scale(i));
    g.scale_max = std::max(g.scale_max, scale(i));
    if (std::isfinite(radial(i))) {
      g.radial_min = std::min(g.radial_min, radial(i));
      g.radial_max = std::max(g.radial_max, radial(i));
    }
  }
  if (!std::isfinite(g.radial_min)) g.radial_min = g.radial_max = std::numeric_limits<double>::quiet_NaN();
  return g;
}

// Distances, the best-fit scale and the two groups of rows.
void describe_point(const MatrixXd& a, LandscapeRun& run) {
  const MatrixXd& w = run.point.w;
  const MatrixXd at = a.transpose();
  const VectorXd distance = (w - at).rowwise().norm();
  const VectorXd scale = w.cwiseProduct(at).rowwise().sum().cwiseQuotient(at.rowwise().squaredNorm());
  run.max_row_distance = distance.maxCoeff();
  run.frobenius_distance = (w - at).norm();
  run.scale = w.cwiseProduct(at).sum() / at.squaredNorm();
  run.predicted_scale = 1 + run.eps_median / 3;
  const double typical_distance = median(distance);
  std::vector<int> typical, atypical;
  for (int i = 0; i < run.h; ++i)
    (std::abs(distance(i) - typical_distance) <= 0.1 * typical_distance ? typical : atypical).push_back(i);
  run.groups.push_back(row_group("typical", typical, distance, scale, run.radial.row_t));
  if (!atypical.empty()) run.groups.push_back(row_group("atypical", atypical, distance, scale, run.radial.row_t));
}

}  // namespace

LandscapeRun run_landscape(const Regime& regime, const Instance& instance, const LandscapeOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  check_landscape_memory(instance, options);
  const MatrixXd at = instance.a.transpose();
  Verdict recovery = check_deterministic_recovery(instance.a, at, instance.eps, instance.code);
  if (recovery.outcome != Outcome::proven)
    throw std::invalid_argument("landscape: support recovery is not certified at W = A*^T for the bias of " + regime.name +
                                " (" + to_name(recovery.outcome) + ": " + recovery.summary +
                                "); accepted: a regime whose bias lies in every unit's exact recovery window at W = A*^T");
  LandscapeRun run;
  run.regime = regime.name;
  run.n = instance.n();
  run.h = instance.h();
  run.k = instance.code.support.k();
  run.delta = regime.point.kind == PointSpec::Kind::random_direction ? regime.point.delta.convert_to<double>()
                                                                     : max_row_distance(instance.w, instance.a);
  run.eps_median = median(instance.eps);
  run.verdicts.emplace_back("landscape.recovery_at_a_star", std::move(recovery));

  const ExpectedLoss loss(instance.a, instance.eps, instance.code);
  run.radial = radial_root(loss);
  if (!std::isfinite(run.radial.t))
    throw std::invalid_argument("landscape: the radial derivative of E L has no root for t in [-1, 3]; accepted: a regime "
                                "whose expected loss has a critical point along (1 + t) A*^T");
  run.point = find_critical_point(loss, (1 + run.radial.t) * at, options.newton);
  describe_point(instance.a, run);
  run.verdicts.emplace_back("landscape.recovery_at_critical_point",
                            check_deterministic_recovery(instance.a, run.point.w, instance.eps, instance.code));
  const LandscapeCertificate certificate = regime.point.kind == PointSpec::Kind::random_direction
                                               ? certify_local_minimum(instance, run.point.w, regime.point.delta)
                                               : certify_local_minimum(instance, run.point.w);
  run.verdicts.emplace_back("landscape.local_minimum", certificate.local_minimum);
  run.verdicts.emplace_back("landscape.oracle_local_minimum", certificate.oracle_local_minimum);
  run.verdicts.emplace_back("landscape.critical_point_in_delta_ball", certificate.critical_point_in_delta_ball);
  const std::uint64_t seed = instance.monte_carlo.seed;
  run.at_point = lanczos_extremes(loss, run.point.w, options.lanczos_steps, options.lanczos_tolerance, seed);
  run.at_a = lanczos_extremes(loss, at, options.lanczos_steps, options.lanczos_tolerance, seed);
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

}  // namespace scae
