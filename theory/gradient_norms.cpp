#include "theory/gradient_norms.hpp"

#include "theory/expected_gradient.hpp"
#include "numerics/estimate/monte_carlo.hpp"
#include "numerics/model/near_point.hpp"
#include "theory/support_recovery.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace scae {

namespace {
double mean_row_norm(const MatrixXd& g) { return g.rowwise().norm().mean(); }
double radius_of_mean_row_norm(const VectorXd& row_radii) { return std::sqrt(row_radii.squaredNorm() / static_cast<double>(row_radii.size())); }
}  // namespace

void validate(const GradientNormOptions& o) {
  const auto fail = [](const std::string& what) { throw std::invalid_argument(what); };
  if (o.deltas.empty()) fail("deltas: none given; accepted: one or more numbers in [0, 10]");
  for (const double d : o.deltas)
    if (!(d >= 0 && d <= 10)) fail("delta = " + number_text(d) + "; accepted: [0, 10]");
  if (o.points < 1 || o.points > 64) fail("points = " + std::to_string(o.points) + "; accepted: [1, 64]");
  if (o.batches < 2 || o.batches > 1024) fail("batches = " + std::to_string(o.batches) + "; accepted: [2, 1024]");
  if (o.samples < static_cast<std::uint64_t>(o.batches) || o.samples > 1000000000)
    fail("samples = " + std::to_string(o.samples) + "; accepted: [batches, 1e9] = [" + std::to_string(o.batches) + ", 1e9]");
  if (!(o.confidence > 0 && o.confidence < 1)) fail("confidence = " + number_text(o.confidence) + "; accepted: (0, 1)");
}

GradientNorms gradient_norms(const MatrixXd& a, const VectorXd& eps, const CodeModel& code, const GradientNormOptions& o) {
  validate(o);
  GradientNorms out;
  out.scale = (code.support.q_uniform(1) * code.values.m2()).convert_to<double>();
  const double statements = 2.0 * static_cast<double>(o.deltas.size()) * o.points;
  out.level = 1 - (1 - o.confidence) / statements;
  for (const double delta : o.deltas)
    for (int p = 0; p < o.points; ++p) {
      const MatrixXd w = point_at_distance(a, delta, o.seed + static_cast<std::uint64_t>(p));
      GradientNormPoint pt;
      pt.delta = delta;
      pt.point = p;
      MatrixXd closed;
      // Side by side: the recovery check (serial MPFI) and the closed form (the same on any thread).
#pragma omp parallel sections num_threads(o.threads == 1 ? 1 : 2)
      {
#pragma omp section
        pt.recovery_certified = check_deterministic_recovery(a, w, eps, code).outcome == Outcome::proven;
#pragma omp section
        closed = ExpectedGradient<double>(a, w, eps, code).all_rows();
      }
      pt.closed_form = mean_row_norm(closed);
      MonteCarloOptions mc;
      mc.samples = o.samples;
      mc.seed = o.seed;
      mc.confidence = out.level;
      mc.batches = o.batches;
      mc.threads = o.threads;
      mc.distributed = true;
      const MonteCarloResult r = estimate(a, w, eps, code, mc);
      pt.plain = mean_row_norm(r.gradient.mean);
      pt.plain_radius = radius_of_mean_row_norm(r.gradient.norm_radius);
      pt.corrected = mean_row_norm(closed + r.correction.mean);
      pt.corrected_radius = radius_of_mean_row_norm(r.correction.norm_radius);
      pt.recovery_rate = r.recovery.rate;
      out.points.push_back(pt);
    }
  std::ostringstream how;
  how << o.points << " random point(s) per delta (every row at distance delta), " << o.samples << " samples in "
      << o.batches << " batches per point; plain Monte Carlo and closed form + Monte Carlo correction; radius of the "
      << "mean row norm sqrt(mean_i r_i^2) from the per-row batch-means radii, level " << number_text(out.level)
      << " per statement (Bonferroni over " << statements << ")";
  out.method = how.str();
  return out;
}

}  // namespace scae
