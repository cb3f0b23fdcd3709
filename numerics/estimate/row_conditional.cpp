#include "numerics/estimate/row_conditional.hpp"

#include "numerics/core/certified_product.hpp"
#include "numerics/core/confidence.hpp"
#include "numerics/estimate/engine_plan.hpp"
#include "numerics/estimate/engine_run.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>

namespace scae {

namespace {

using namespace engine;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void validate(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code, const RowConditionalOptions& o) {
  MonteCarloOptions run = o.run;
  run.rows = o.rows;
  run.samples = std::max<std::uint64_t>(static_cast<std::uint64_t>(std::max(o.run.batches, 0)), 1);
  engine::validate(a, w, eps, code, run);
  if (o.rows.empty()) throw std::invalid_argument("rows: none named; accepted: at least one row in [0, " + std::to_string(a.cols() - 1) + "]");
  std::vector<int> sorted = o.rows;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
    throw std::invalid_argument("rows: a row is named twice; accepted: distinct rows");
  const auto batches = static_cast<std::uint64_t>(o.run.batches);
  for (const auto& [name, samples] : {std::pair{"given_samples", o.given_samples}, std::pair{"without_samples", o.without_samples}})
    if (samples < batches)
      throw std::invalid_argument(std::string(name) + " = " + std::to_string(samples) + "; accepted: [batches, inf) = [" +
                                  std::to_string(batches) + ", inf)");
  if (o.law_samples != 0 && o.law_samples < batches)
    throw std::invalid_argument("law_samples = " + std::to_string(o.law_samples) + "; accepted: 0 or [batches, inf) = [" +
                                std::to_string(batches) + ", inf)");
}

// The runs of every named row on one plan: M = W A*, the screening and the worst-case bounds are
// computed once; each run draws its supports given one unit and sums that unit's row only.
class ConditionalRuns {
public:
  ConditionalRuns(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code, const RowConditionalOptions& o)
      : options_(o), threads_(o.run.threads > 0 ? o.run.threads : omp_get_max_threads()) {
    const auto start = std::chrono::steady_clock::now();
    MonteCarloOptions plan = o.run;
    plan.rows = {o.rows.front()};
    plan.samples = std::max(o.given_samples, o.without_samples);
    plan.oracle = false;
    // One row per run: vector space adds O(n) per sample where the unit fires, where coefficient
    // space would zero and multiply h x h sums per batch (measured at h = 1024: most of a run).
    if (plan.accumulation == Accumulation::automatic) plan.accumulation = Accumulation::vectors;
    sh_.emplace(plan_run(a, w, eps, code, plan, plan.rows, threads_));
    bounds_ = worst_case_bounds(*sh_, w);
    plan_seconds_ = seconds_since(start);
  }

  double plan_seconds() const { return plan_seconds_; }

  // Term `kind` of `row` from `samples` samples: a one-row estimate.
  MonteCarloResult run(int row, SupportCondition::Kind kind, std::uint64_t samples) {
    Shared& sh = *sh_;
    sh.slot[static_cast<std::size_t>(sh.rows.front())] = -1;
    sh.rows = {row};
    sh.slot[static_cast<std::size_t>(row)] = 0;
    sh.condition = {kind, row};
    MonteCarloOptions o = options_.run;
    o.samples = samples;
    o.oracle = false;
    return run_planned(sh, bounds_, o, threads_);
  }

  // The code law's own run (no condition), for its support-recovery rate.
  RateEstimate law(std::uint64_t samples) {
    return run(options_.rows.front(), SupportCondition::Kind::none, samples).recovery;
  }

  // Both terms of `row` (the second only where false firing is not excluded and q < 1).
  RowTerms terms(int row, std::uint64_t given, std::uint64_t without) {
    const auto start = std::chrono::steady_clock::now();
    RowTerms t;
    t.row = row;
    t.q = sh_->code.support.joint(std::span<const int>(&row, 1));
    t.without_excluded = std::find(options_.no_false_firing.begin(), options_.no_false_firing.end(), row) !=
                         options_.no_false_firing.end();
    t.given_samples = t.drawn_given = given;
    const MonteCarloResult with = run(row, SupportCondition::Kind::containing, given);
    t.given = with.gradient;
    t.fired_given = with.fired;
    t.given_seconds = seconds_since(start);
    if (!t.without_excluded && t.q < 1) {
      t.without_samples = t.drawn_without = without;
      const MonteCarloResult off = run(row, SupportCondition::Kind::excluding, without);
      t.without = off.gradient;
      t.fired_without = off.fired;
    }
    t.seconds = seconds_since(start);
    t.without_seconds = t.seconds - t.given_seconds;
    return t;
  }

private:
  const RowConditionalOptions& options_;
  int threads_;
  std::optional<Shared> sh_;
  Bounds bounds_;
  double plan_seconds_ = 0;
};

// The named rows' estimate from their terms.
RowConditionalResult assemble(std::vector<RowTerms> terms, const RowConditionalOptions& o, ConditionalRuns& runs) {
  RowConditionalResult out;
  if (o.law_samples > 0) {
    const auto start = std::chrono::steady_clock::now();
    out.recovery = runs.law(o.law_samples);
    out.law_seconds = seconds_since(start);
  }
  const double plan_seconds = runs.plan_seconds();
  out.confidence = o.run.confidence;
  out.batches = o.run.batches;
  out.seed = o.run.seed;
  out.plan_seconds = plan_seconds;
  const auto count = static_cast<Eigen::Index>(terms.size());
  GradientEstimate& g = out.gradient;
  for (Eigen::Index s = 0; s < count; ++s) {
    const RowTerms& t = terms[static_cast<std::size_t>(s)];
    const GradientEstimate row = combine_row_terms(t.given, t.without.rows.empty() ? nullptr : &t.without, t.q);
    if (s == 0) {
      const Eigen::Index n = row.mean.cols();
      for (MatrixXd* m : {&g.mean, &g.halfwidth, &g.halfwidth_bounded}) m->resize(count, n);
      for (VectorXd* v : {&g.norm, &g.norm_radius, &g.norm_radius_bounded, &g.bound, &g.rounding}) v->resize(count);
    }
    g.rows.push_back(t.row);
    g.mean.row(s) = row.mean.row(0);
    g.halfwidth.row(s) = row.halfwidth.row(0);
    g.halfwidth_bounded.row(s) = row.halfwidth_bounded.row(0);
    g.norm(s) = row.norm(0);
    g.norm_radius(s) = row.norm_radius(0);
    g.norm_radius_bounded(s) = row.norm_radius_bounded(0);
    g.bound(s) = row.bound(0);
    g.rounding(s) = row.rounding(0);
  }
  out.terms = std::move(terms);
  return out;
}

// Per-sample trace of a term's covariance and seconds per sample, from a run of `samples`.
struct TermCost {
  double sigma = 0, tau = 0;
};

TermCost term_cost(const GradientEstimate& e, std::uint64_t samples, double seconds, double confidence) {
  const double c = gaussian_norm_radius(1, confidence);  // radius = c sqrt(trace / N)
  const auto count = static_cast<double>(samples);
  return {e.norm_radius(0) / c * std::sqrt(count), seconds / count};
}

}  // namespace

GradientEstimate combine_row_terms(const GradientEstimate& given, const GradientEstimate* without, const rational& q_exact) {
  const double q = q_exact.convert_to<double>(), p = without ? 1 - q : 0;
  const auto mix = [&](double x1, double x2) { return std::sqrt(q * q * x1 * x1 + p * p * x2 * x2); };
  GradientEstimate out;
  out.rows = given.rows;
  out.mean = q * given.mean;
  if (without) out.mean += p * without->mean;
  out.halfwidth = out.halfwidth_bounded = MatrixXd::Zero(1, given.mean.cols());
  for (Eigen::Index c = 0; c < given.mean.cols(); ++c) {
    out.halfwidth(0, c) = mix(given.halfwidth(0, c), without ? without->halfwidth(0, c) : 0);
    out.halfwidth_bounded(0, c) = mix(given.halfwidth_bounded(0, c), without ? without->halfwidth_bounded(0, c) : 0);
  }
  out.norm = out.mean.rowwise().norm();
  out.norm_radius = VectorXd::Constant(1, mix(given.norm_radius(0), without ? without->norm_radius(0) : 0));
  out.norm_radius_bounded = VectorXd::Constant(1, mix(given.norm_radius_bounded(0), without ? without->norm_radius_bounded(0) : 0));
  out.bound = VectorXd::Constant(1, std::max(given.bound(0), without ? without->bound(0) : 0));
  // The terms' rounding weighted, and q and 1 - q in double (relative 2^-53 each), the two
  // products and the sum: γ_4 of the weighted norms.
  const double weighted = q * given.mean.norm() + (without ? p * without->mean.norm() : 0);
  out.rounding = VectorXd::Constant(1, (1 + higham_gamma(4)) * (q * given.rounding(0) + (without ? p * without->rounding(0) : 0)) +
                                           higham_gamma(4) * weighted);
  return out;
}

std::string RowConditionalResult::method() const {
  std::ostringstream s;
  s << "row-conditional estimator E g_i = q_i E[g_i | i in S] + (1 - q_i) E[g_i | i not in S], q_i known exactly; per row:";
  for (const RowTerms& t : terms) {
    s << " row " << t.row << " (q_i = " << t.q.str() << ", " << t.given_samples << " samples with i in S, ";
    if (t.without_excluded) s << "false firing of i certified impossible: second term 0)";
    else if (t.q == 1) s << "i always in S: second term 0)";
    else s << t.without_samples << " samples without i, " << t.fired_without << " firing i)";
  }
  s << "; " << batches << " batches per term, confidence " << confidence
    << "; each radius sqrt(q^2 X1^2 + (1 - q)^2 X2^2) of the terms' own: per row norm normal approximation with the "
       "trace of the covariance from the samples' second moments and Gaussian concentration, and McDiarmid; per "
       "coordinate batch means with Student t ("
    << batches - 1 << " dof, conservative for the sum) and Hoeffding";
  return s.str();
}

RowConditionalResult estimate_rows_conditionally(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps,
                                                 const CodeModel& code, const RowConditionalOptions& options) {
  validate(a, w, eps, code, options);
  ConditionalRuns runs(a, w, eps, code, options);
  std::vector<RowTerms> terms;
  for (const int row : options.rows) terms.push_back(runs.terms(row, options.given_samples, options.without_samples));
  return assemble(std::move(terms), options, runs);
}

RowConditionalResult estimate_rows_to_precision(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps,
                                                const CodeModel& code, const RowConditionalOptions& options,
                                                double relative, std::uint64_t pilot) {
  if (!(relative > 0 && relative < 1)) throw std::invalid_argument("relative half-width must lie in (0, 1)");
  RowConditionalOptions o = options;
  o.given_samples = o.without_samples = pilot;
  validate(a, w, eps, code, o);
  ConditionalRuns runs(a, w, eps, code, o);
  constexpr double most = 1e10;  // samples per term: a norm near 0 asks for a target no run reaches
  std::vector<RowTerms> terms;
  for (const int row : o.rows) {
    const auto start = std::chrono::steady_clock::now();
    const RowTerms first = runs.terms(row, pilot, pilot);
    const double q = first.q.convert_to<double>();
    const TermCost given = term_cost(first.given, pilot, first.given_seconds, o.run.confidence);
    const TermCost without = first.without.rows.empty() ? TermCost{} : term_cost(first.without, pilot, first.without_seconds, o.run.confidence);
    const double c = gaussian_norm_radius(1, o.run.confidence);
    const double norm = combine_row_terms(first.given, first.without.rows.empty() ? nullptr : &first.without, first.q).norm(0);
    // The combined trace of the mean's covariance, aimed 5 % below the target: a pilot's variance is
    // noisy, and a run that falls short is run again whole.
    const double target = std::pow(0.95 * relative * norm / c, 2);
    const double spread = q * given.sigma * std::sqrt(given.tau) + (1 - q) * without.sigma * std::sqrt(without.tau);
    const auto count = [&](double weight, const TermCost& t) {
      const double n = t.sigma > 0 ? weight * t.sigma / std::sqrt(t.tau) * spread / target : 0;
      return static_cast<std::uint64_t>(std::clamp(std::ceil(n), static_cast<double>(pilot), most));
    };
    std::uint64_t n_given = count(q, given), n_without = count(1 - q, without);
    RowTerms t = runs.terms(row, n_given, n_without);
    std::uint64_t drawn_given = first.drawn_given, drawn_without = first.drawn_without;
    for (int retry = 0; retry < 3; ++retry) {
      const GradientEstimate e = combine_row_terms(t.given, t.without.rows.empty() ? nullptr : &t.without, t.q);
      if (e.norm_radius(0) <= relative * e.norm(0)) break;
      const double scale = 1.1 * std::pow(e.norm_radius(0) / (relative * e.norm(0)), 2);
      n_given = static_cast<std::uint64_t>(std::min(most, std::ceil(static_cast<double>(n_given) * scale)));
      n_without = static_cast<std::uint64_t>(std::min(most, std::ceil(static_cast<double>(n_without) * scale)));
      drawn_given += t.drawn_given;
      drawn_without += t.drawn_without;
      t = runs.terms(row, n_given, n_without);
    }
    t.drawn_given += drawn_given;
    t.drawn_without += drawn_without;
    t.seconds = seconds_since(start);  // the pilot's runs included
    terms.push_back(std::move(t));
  }
  return assemble(std::move(terms), o, runs);
}

}  // namespace scae
