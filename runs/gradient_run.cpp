#include "runs/gradient_run.hpp"

#include "runs/claim_context.hpp"
#include "numerics/estimate/row_conditional.hpp"

#include <stdexcept>

namespace scae {

namespace {

RowEstimate row_estimate(const GradientEstimate& e, Eigen::Index r, std::uint64_t samples, double confidence,
                         const std::string& method) {
  return {e.mean.row(r).transpose(), e.halfwidth.row(r).transpose(), samples, confidence, method};
}

// The rows' true gradient by the row-conditional estimator (numerics/estimate/row_conditional.hpp),
// the regime's samples for each of its two terms; where recovery is certified no unit fires off its
// support and the second term is exactly 0; and the support-recovery rate from as many samples of the
// code law on the same plan. Under MPI the rows of M are shared over the processes.
RowConditionalResult row_conditional(const Instance& instance, const std::vector<int>& rows, int threads, double confidence,
                                     bool certified) {
  RowConditionalOptions o;
  o.rows = rows;
  o.run.seed = instance.monte_carlo.seed;
  o.run.batches = instance.monte_carlo.batches;
  o.run.confidence = confidence;
  o.run.threads = threads;
  o.run.distributed = true;
  o.run.share_rows = true;  // under MPI each process holds a block of M's rows (docs/mpi.md)
  o.given_samples = o.without_samples = o.law_samples = instance.monte_carlo.samples;
  if (certified) o.no_false_firing = rows;
  return estimate_rows_conditionally(instance.a, instance.w, instance.eps, instance.code, o);
}

}  // namespace

GradientRun run_gradient(const Instance& instance, const std::vector<int>& rows, int threads) {
  for (const int row : rows)
    if (row < 0 || row >= instance.h())
      throw std::invalid_argument("row " + std::to_string(row) + "; accepted: [0, " + std::to_string(instance.h() - 1) + "]");
  ClaimContext context(instance, rows, threads, 1);
  const MonteCarloResult& mc = context.monte_carlo();
  GradientRun run;
  run.seed = mc.seed;
  run.samples = mc.samples;
  run.recovery_certified = context.recovery_certified();
  const RowConditionalResult conditional = row_conditional(instance, rows, threads, mc.confidence, run.recovery_certified);
  run.recovery_rate = conditional.recovery;
  run.confidence = mc.confidence;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto rr = static_cast<Eigen::Index>(r);
    GradientRow row;
    row.row = rows[r];
    row.closed_form = context.closed_form().row(rows[r]);
    if (run.recovery_certified) {
      PrecisionGuard guard(128);
      const auto box = context.closed_form_interval().row(rows[r]).total;
      for (Eigen::Index t = 0; t < box.size(); ++t) row.enclosure.push_back(outward_doubles(box(t)));
    }
    row.monte_carlo_norm = conditional.gradient.norm(rr);
    row.monte_carlo_norm_radius = conditional.gradient.norm_radius(rr);
    const RowTerms& terms = conditional.terms[r];
    row.monte_carlo = row_estimate(conditional.gradient, rr, terms.drawn_given + terms.drawn_without, mc.confidence,
                                   conditional.method());
    row.q = terms.q;
    row.samples_given = terms.drawn_given;
    row.samples_without = terms.drawn_without;
    row.oracle_correction = row_estimate(mc.correction, rr, mc.samples, mc.confidence, mc.method());
    run.rows.push_back(std::move(row));
  }
  return run;
}

}  // namespace scae
