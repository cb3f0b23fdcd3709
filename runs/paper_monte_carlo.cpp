#include "runs/paper_monte_carlo.hpp"

#include "numerics/estimate/row_conditional.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>

namespace scae {
namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

// The ratio of row r and its oracle correction from the estimate's row and the closed form's enclosure.
void add_row(PaperEstimate& out, const GradientEstimate& g, Eigen::Index r, const Vector<interval>& oracle, double scale) {
  const Eigen::Index n = oracle.size();
  VectorXd mid(n);
  double radius_squares = 0, oracle_squares_lo = 0, oracle_squares_hi = 0;
  for (Eigen::Index t = 0; t < n; ++t) {
    const auto [lo, hi] = outward_doubles(oracle(t));
    mid(t) = lo / 2 + hi / 2;
    radius_squares += std::pow(std::max(hi - mid(t), mid(t) - lo), 2);
    const double small = lo <= 0 && hi >= 0 ? 0 : std::min(std::abs(lo), std::abs(hi));
    oracle_squares_lo += small * small;
    oracle_squares_hi += std::max(lo * lo, hi * hi);
  }
  const double norm = g.norm(r), radius = g.norm_radius(r) + g.rounding(r);
  out.ratio.push_back(norm / scale);
  out.lower.push_back(std::max(0.0, norm - radius) / scale);
  out.upper.push_back((norm + radius) / scale);
  const double oracle_lo = std::sqrt(oracle_squares_lo) / scale, oracle_hi = std::sqrt(oracle_squares_hi) / scale;
  out.oracle_ratio.push_back(mid.norm() / scale);
  // ‖E∇ − oracle‖ <= ‖mean − mid‖ + ‖mean − E∇‖ + ‖oracle − mid‖, and >= the same with minus signs.
  const double c = (g.mean.row(r).transpose() - mid).norm(), c_radius = radius + std::sqrt(radius_squares) * (1 + 1e-12);
  out.correction.push_back(c / scale);
  out.correction_lower.push_back(std::max(0.0, c - c_radius) / scale);
  out.correction_upper.push_back((c + c_radius) / scale);
  out.share.push_back(out.correction.back() / out.ratio.back());
  out.share_lower.push_back(out.correction_lower.back() / out.upper.back());
  out.share_upper.push_back(out.lower.back() > 0 ? out.correction_upper.back() / out.lower.back()
                                                 : std::numeric_limits<double>::infinity());
  out.comparison.push_back(out.upper.back() < oracle_lo    ? RatioComparison::below
                           : out.lower.back() > oracle_hi ? RatioComparison::above
                                                          : RatioComparison::not_resolved);
}

}  // namespace

std::vector<int> paper_estimate_rows(const std::vector<int>& rows, const std::vector<int>& atypical) {
  std::vector<int> out;
  const auto is_atypical = [&](int row) { return std::find(atypical.begin(), atypical.end(), row) != atypical.end(); };
  if (const auto a = std::find_if(rows.begin(), rows.end(), is_atypical); a != rows.end()) out.push_back(*a);
  if (const auto t = std::find_if_not(rows.begin(), rows.end(), is_atypical); t != rows.end()) out.push_back(*t);
  return out;
}

std::uint64_t paper_estimate_bytes(int n, int h) {
  if (n < 1 || h < 1) throw std::invalid_argument("paper_estimate_bytes needs n, h >= 1");
  const double nh = static_cast<double>(n) * h, hh = static_cast<double>(h) * h;
  return static_cast<std::uint64_t>(8 * (2 * nh + std::max(3 * hh, 2 * nh + 1.5625 * hh)));
}

PaperEstimate estimate_paper_point(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                                   const std::vector<int>& rows, const std::vector<bool>& atypical,
                                   const std::vector<Vector<interval>>& oracle, double recovery_bound,
                                   const PaperMonteCarloOptions& options) {
  if (rows.size() != atypical.size() || rows.size() != oracle.size())
    throw std::invalid_argument("estimate_paper_point: rows, atypical and oracle need one entry per row");
  RowConditionalOptions rc;
  rc.run.seed = options.seed;
  rc.run.confidence = options.confidence;
  rc.run.batches = options.batches;
  rc.run.threads = options.threads;
  rc.rows = rows;
  rc.law_samples = options.recovery_samples;
  const RowConditionalResult result = estimate_rows_to_precision(a, w, eps, code, rc, options.relative, options.pilot);
  PaperEstimate out;
  out.rows = rows;
  out.atypical = atypical;
  out.confidence = options.confidence;
  out.relative = options.relative;
  out.plan_seconds = result.plan_seconds;
  out.seconds = result.plan_seconds + result.law_seconds;
  const double m2 = code.values.m2().convert_to<double>();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const RowTerms& t = result.terms[r];
    out.seconds += t.seconds;
    const double scale = code.support.joint(std::span<const int>(&rows[r], 1)).convert_to<double>() * m2;
    add_row(out, result.gradient, static_cast<Eigen::Index>(r), oracle[r], scale);
    out.samples_given.push_back(t.given_samples);
    out.samples_without.push_back(t.without_samples);
    out.fired_without.push_back(t.fired_without);
  }
  out.recovery_samples = result.recovery.trials;
  out.recovery_rate = out.recovery_samples ? result.recovery.rate : not_a_number;
  out.recovery_lower = out.recovery_samples ? result.recovery.lower : not_a_number;
  out.recovery_upper = out.recovery_samples ? result.recovery.upper : not_a_number;
  out.recovery_bound = recovery_bound;
  out.recovery_verdict = !(out.recovery_samples && std::isfinite(recovery_bound)) ? Outcome::inconclusive
                         : out.recovery_upper >= recovery_bound                     ? Outcome::consistent
                                                                                    : Outcome::inconsistent;
  const bool excluded = std::any_of(out.correction_lower.begin(), out.correction_lower.end(), [](double x) { return x > 0; });
  out.correction_verdict = excluded ? Outcome::inconsistent : Outcome::consistent;
  out.method = result.method() + "; recovery rate: " + std::to_string(out.recovery_samples) +
               " samples of the code law on the same plan (Philox stream codes), " + result.recovery.method + " at confidence " +
               std::to_string(options.confidence) + "; oracle correction radius: the row's norm radius + its rounding bound + "
               "the norm of the closed form's enclosure radii";
  return out;
}

}  // namespace scae
