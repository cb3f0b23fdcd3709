// Row-conditional estimator of E[∇_{W_i} L] for named rows i (docs/verification.md, "Row-conditional
// estimator"). The row g_i = 1_i [(u_i - eps_i) I + y W_i^T] e is zero unless unit i fires, so with
// q_i = P(i ∈ S), an exact rational of the code law (k/h for uniform supports, q_i for Bernoulli),
//   E[g_i] = q_i E[g_i | i ∈ S] + (1 - q_i) E[g_i | i ∉ S].
// The first term comes from supports drawn to contain i, the second (i firing off its support) from
// supports drawn without i (conditional_draw.hpp), each a run of the Monte Carlo engine on one plan.
// Where the first term carries the variance this needs about 1/q_i = h/k fewer samples than plain
// sampling for the same precision. Where no sample of the second term fires unit i, that term and
// its radii are 0: the statement then covers the first term's uncertainty only, and the count of
// samples (RowTerms::without_samples, fired_without = 0) bounds how rare firing off the support is. Where the caller has certified that unit i never fires off its
// support (ε_i at or above its largest off-support pre-activation, theory/support_recovery), the
// second term is exactly 0 and is not run.
//
// Confidence. The two terms are independent (own Philox streams), so their variances add with
// weights q_i² and (1 - q_i)², and so do McDiarmid's and Hoeffding's sums of squared differences:
// every radius and halfwidth of the estimate is sqrt(q² X_1² + (1 - q)² X_2²), X_t the term's own
// (per coordinate: Student t on the batch means, B - 1 degrees of freedom, conservative for the
// sum of two variances by Welch-Satterthwaite, and Hoeffding; per row norm: the normal
// approximation with the trace of the covariance from the samples' second moments and Gaussian
// concentration, and McDiarmid). Results are the same bits for any number of threads.
#pragma once

#include "numerics/estimate/monte_carlo.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace scae {

struct RowConditionalOptions {
  // seed, confidence, batches, threads, accumulation, screening and distributed of every run;
  // run.samples, run.rows and run.oracle are not read.
  MonteCarloOptions run;
  std::vector<int> rows;                  // the named rows (at least one, distinct)
  std::uint64_t given_samples = 100000;   // per row, supports that contain its unit
  std::uint64_t without_samples = 100000; // per row, supports without it (not run where false firing is excluded)
  std::vector<int> no_false_firing;       // rows whose unit is certified never to fire off its support
  // Samples of a further run on the same plan under the code law itself (Philox stream `codes`, as
  // estimate() draws them): the support-recovery rate P(supp ReLU(W y - eps) = S), Clopper-Pearson.
  // 0: not run.
  std::uint64_t law_samples = 0;
};

// One row's two terms: estimates (one row each) of E[g_i | i ∈ S] and E[g_i | i ∉ S].
struct RowTerms {
  int row = 0;
  rational q;                     // P(i ∈ S), exact
  GradientEstimate given, without;  // without: empty (0 rows) when the term is exactly 0
  std::uint64_t given_samples = 0, without_samples = 0;
  bool without_excluded = false;  // false firing certified impossible by the caller: term 2 = 0
  double seconds = 0;             // wall time of the row's runs
  double given_seconds = 0, without_seconds = 0;  // of the last run of each term
  std::uint64_t drawn_given = 0, drawn_without = 0;  // samples of every run of each term (a pilot's included)
  std::uint64_t fired_given = 0, fired_without = 0;  // of the last run's samples, those where unit i fires
};

struct RowConditionalResult {
  GradientEstimate gradient;  // the named rows, combined (every field as the engine's, per coordinate included)
  std::vector<RowTerms> terms;  // per named row
  double confidence = 0;
  int batches = 0;
  std::uint64_t seed = 0;
  double plan_seconds = 0;      // wall time of the plan (M = W A*, screening) shared by every run
  RateEstimate recovery;        // the code law's run (options.law_samples; trials = 0 when not run)
  double law_seconds = 0;       // its wall time
  std::string method() const;   // names the estimator, q_i, the sample counts and the methods
};

// The named rows by the row-conditional estimator. Refuses (std::invalid_argument naming the
// parameter and its range) a row outside [0, h), repeated rows, no rows, and sample counts below the
// batches.
RowConditionalResult estimate_rows_conditionally(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps,
                                                 const CodeModel& code, const RowConditionalOptions& options);

// As above, with each row's sample counts chosen to reach a relative radius of its norm
// (norm_radius / norm <= relative): a pilot of `pilot` samples per term gives each term's
// per-sample variance and time, the counts minimise the time for the target (N_t proportional to
// w_t σ_t / sqrt(τ_t), w = q, 1 - q), and a run that falls short is repeated with the counts scaled
// by (radius / target)² and 10 % more, at most 3 times. The pilot's time is part of the row's.
// options.given_samples and without_samples are not read.
RowConditionalResult estimate_rows_to_precision(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps,
                                                const CodeModel& code, const RowConditionalOptions& options,
                                                double relative, std::uint64_t pilot);

// One row's estimate from its terms: mean q m_1 + (1 - q) m_2 and the radii above (without == nullptr:
// term 2 is 0). Exposed for the tests, which show that a wrong q is caught.
GradientEstimate combine_row_terms(const GradientEstimate& given, const GradientEstimate* without, const rational& q);

}  // namespace scae
