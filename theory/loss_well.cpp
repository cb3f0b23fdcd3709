#include "theory/loss_well.hpp"

#include "numerics/core/confidence.hpp"
#include "theory/expected_gradient.hpp"
#include "numerics/core/philox_stream.hpp"
#include "theory/sampled_loss.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace scae {

namespace {

// Mean and Student t halfwidth of per-batch values of a statistic.
BatchEstimate over_batches(const VectorXd& per_batch, double t_quantile) {
  const double b = static_cast<double>(per_batch.size());
  const double mean = per_batch.mean();
  const double variance = (per_batch.array() - mean).square().sum() / (b - 1);
  return {mean, t_quantile * std::sqrt(variance / b)};
}

std::string text(const BatchEstimate& e) { return number_text(e.value) + " ± " + number_text(e.halfwidth); }

LossCurve judge(const std::string& name, const std::vector<double>& ts, const MatrixXd& batch_losses,
                const LossWellOptions& o, double t_quantile) {
  const int centre = (o.points - 1) / 2, w = o.fit_half_window;
  const double step = ts[1] - ts[0];
  LossCurve c;
  c.direction = name;
  for (Eigen::Index p = 0; p < batch_losses.cols(); ++p) {
    const BatchEstimate e = over_batches(batch_losses.col(p), t_quantile);
    c.loss.push_back(e.value);
    c.halfwidth.push_back(e.halfwidth);
    if (e.value < c.loss[static_cast<std::size_t>(c.argmin)]) c.argmin = static_cast<int>(p);
  }
  c.argmin_t = ts[static_cast<std::size_t>(c.argmin)];
  c.gap = over_batches(batch_losses.col(c.argmin) - batch_losses.col(centre), t_quantile);
  c.second_difference = over_batches(
      (batch_losses.col(centre + 1) - 2 * batch_losses.col(centre) + batch_losses.col(centre - 1)) / (step * step),
      t_quantile);
  // Least squares a + b t + c t² on the 2w + 1 points around the centre: rows 1 and 2 of the pseudo-inverse.
  MatrixXd design(2 * w + 1, 3);
  for (int q = -w; q <= w; ++q) {
    const double t = ts[static_cast<std::size_t>(centre + q)];
    design.row(q + w) << 1, t, t * t;
  }
  const MatrixXd pinv = (design.transpose() * design).ldlt().solve(design.transpose());
  const MatrixXd window = batch_losses.middleCols(centre - w, 2 * w + 1);
  c.fit_slope = over_batches(window * pinv.row(1).transpose(), t_quantile);
  c.fit_curvature = over_batches(2 * (window * pinv.row(2).transpose()), t_quantile);
  c.fit_vertex = -c.fit_slope.value / c.fit_curvature.value;
  const bool curved = c.second_difference.lower() > 0 && c.fit_curvature.lower() > 0;
  if (c.argmin == centre && curved) c.outcome = Outcome::consistent;
  else if (c.gap.upper() < 0 || c.second_difference.upper() < 0 || c.fit_curvature.upper() < 0)
    c.outcome = Outcome::inconsistent;
  return c;
}

Verdict verdict_of(const std::vector<const LossCurve*>& curves, const LossWell& well, const LossWellOptions& o,
                   const std::string& what) {
  Verdict v;
  v.method = Method::statistical;
  v.samples = o.samples;
  v.confidence = o.confidence;
  v.outcome = Outcome::consistent;
  int at_bottom = 0;
  for (const LossCurve* c : curves) {
    if (c->outcome == Outcome::inconsistent) v.outcome = Outcome::inconsistent;
    else if (c->outcome == Outcome::inconclusive && v.outcome == Outcome::consistent) v.outcome = Outcome::inconclusive;
    at_bottom += c->outcome == Outcome::consistent;
    v.add(c->direction + ": grid minimum at t", c->argmin_t);
    v.add(c->direction + ": L(t_min) - L(0)", text(c->gap));
    v.add(c->direction + ": second difference at 0", text(c->second_difference));
    v.add(c->direction + ": quadratic fit curvature", text(c->fit_curvature));
    v.add(c->direction + ": quadratic fit slope", text(c->fit_slope));
  }
  std::ostringstream s;
  s << "the centre is at the bottom along " << at_bottom << " of " << curves.size() << " " << what;
  v.summary = s.str();
  std::ostringstream how;
  how << "E[L] on " << well.ts.size() << " points of [" << number_text(-o.half_width) << ", " << number_text(o.half_width)
      << "] with " << o.samples << " common samples in " << o.batches << " batches (" << well.normalisation
      << "); curvature by the second difference and by a quadratic fit over " << 2 * o.fit_half_window + 1
      << " points, Student t over batch values at level " << number_text(well.curve_level)
      << " per statement (Bonferroni over 2 statements per curve)";
  v.how = how.str();
  return v;
}

}  // namespace

void validate(const LossWellOptions& o) {
  const auto fail = [](const std::string& what) { throw std::invalid_argument(what); };
  if (o.directions < 1 || o.directions > 64) fail("directions = " + std::to_string(o.directions) + "; accepted: [1, 64]");
  if (!(o.half_width > 0 && o.half_width <= 10)) fail("half_width T = " + number_text(o.half_width) + "; accepted: (0, 10]");
  if (o.points < 5 || o.points > 401 || o.points % 2 == 0)
    fail("points = " + std::to_string(o.points) + "; accepted: odd numbers in [5, 401]");
  if (o.batches < 2 || o.batches > 1024) fail("batches = " + std::to_string(o.batches) + "; accepted: [2, 1024]");
  if (o.samples < static_cast<std::uint64_t>(o.batches) || o.samples > 1000000000)
    fail("samples = " + std::to_string(o.samples) + "; accepted: [batches, 1e9] = [" + std::to_string(o.batches) + ", 1e9]");
  if (o.fit_half_window < 1 || o.fit_half_window > (o.points - 1) / 2)
    fail("fit_half_window = " + std::to_string(o.fit_half_window) + "; accepted: [1, " + std::to_string((o.points - 1) / 2) + "]");
  if (!(o.confidence > 0 && o.confidence < 1)) fail("confidence = " + number_text(o.confidence) + "; accepted: (0, 1)");
}

std::vector<MatrixXd> loss_directions(int h, int n, int count, std::uint64_t seed) {
  std::vector<MatrixXd> out;
  for (int k = 0; k < count; ++k) {
    MatrixXd d(h, n);
    for (int i = 0; i < h; ++i) {
      PhiloxStream stream(seed, Stream::directions, static_cast<std::uint64_t>(k) * static_cast<std::uint64_t>(h) + static_cast<std::uint64_t>(i));
      do {
        for (int t = 0; t < n; ++t) d(i, t) = stream.normal();
      } while (d.row(i).norm() == 0);
      d.row(i).normalize();
    }
    out.push_back(std::move(d));
  }
  return out;
}

MatrixXd descent_direction(const MatrixXd& a, const MatrixXd& centre, const VectorXd& eps, const CodeModel& code) {
  const MatrixXd d = -ExpectedGradient<double>(a, centre, eps, code).all_rows();
  const double longest = d.rowwise().norm().maxCoeff();
  return longest > 0 ? MatrixXd(d / longest) : MatrixXd(d);
}

LossWell loss_well(const MatrixXd& a, const MatrixXd& centre, const VectorXd& eps, const CodeModel& code,
                   const LossWellOptions& o) {
  validate(o);
  const int h = static_cast<int>(a.cols()), n = static_cast<int>(a.rows());
  LossWell well;
  const int grid_half = (o.points - 1) / 2;
  for (int p = 0; p < o.points; ++p) well.ts.push_back(o.half_width * (p - grid_half) / grid_half);
  well.ts[static_cast<std::size_t>(grid_half)] = 0;
  std::vector<MatrixXd> directions = loss_directions(h, n, o.directions, o.seed);
  std::vector<std::string> names;
  for (int k = 0; k < o.directions; ++k) names.push_back("random " + std::to_string(k));
  if (o.scaling_direction) {
    directions.push_back(a.transpose());
    names.emplace_back("radial");
  }
  if (o.gradient_direction) {
    MatrixXd d = descent_direction(a, centre, eps, code);
    if (d.cwiseAbs().maxCoeff() > 0) {  // E∇(centre) = 0 has no descent direction
      directions.push_back(std::move(d));
      names.emplace_back("descent");
    }
  }
  const auto statements = 2 * directions.size();
  well.curve_level = 1 - (1 - o.confidence) / static_cast<double>(statements);
  const double t_quantile = student_t_quantile(1 - (1 - well.curve_level) / 2, o.batches - 1);
  // The common samples are the first ones of the regime's Monte Carlo stream (seed, Stream::codes).
  const SampleRange range{o.seed, Stream::codes, 0, o.samples, o.batches};
  for (std::size_t k = 0; k < directions.size(); ++k) {
    const MatrixXd losses = line_batch_losses(a, centre, directions[k], eps, code, well.ts, range, o.threads);
    well.curves.push_back(judge(names[k], well.ts, losses, o, t_quantile));
  }
  std::vector<const LossCurve*> random, radial, descent;
  for (const auto& c : well.curves) (c.direction == "radial" ? radial : c.direction == "descent" ? descent : random).push_back(&c);
  well.verdict = verdict_of(random, well, o, "random directions");
  if (!radial.empty()) well.scaling_verdict = verdict_of(radial, well, o, "the radial direction");
  if (!descent.empty()) well.descent_verdict = verdict_of(descent, well, o, "the descent direction");
  return well;
}

}  // namespace scae
