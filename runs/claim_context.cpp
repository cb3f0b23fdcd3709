#include "runs/claim_context.hpp"

#include "runs/asymptotic_sweep.hpp"
#include "theory/support_recovery.hpp"
#include "theory/theorem_3_2.hpp"

#include <omp.h>

#include <algorithm>
#include <iterator>

namespace scae {

std::vector<int> default_rows(int h) {
  std::vector<int> rows{0, h / 2, h - 1};
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return rows;
}

std::vector<int> claim_rows(int h, std::uint64_t seed) { return checked_rows(h, claim_sampled_rows, seed); }

ClaimContext::ClaimContext(const Instance& instance, std::vector<int> rows, int threads, int statistical_comparisons,
                           unsigned bits)
    : instance_(instance), rows_(std::move(rows)), threads_(threads), comparisons_(std::max(1, statistical_comparisons)),
      family_level_(rational(1 - instance.monte_carlo.confidence).convert_to<double>()), bits_(bits) {}

double ClaimContext::comparison_confidence() const { return 1 - family_level_ / comparisons_; }

const Neighbourhood& ClaimContext::neighbourhood() {
  if (!neighbourhood_) neighbourhood_ = scae::neighbourhood(instance_.a, instance_.w, bits_);
  return *neighbourhood_;
}

const MonteCarloResult& ClaimContext::monte_carlo() {
  if (!monte_carlo_) {
    MonteCarloOptions o;
    o.samples = instance_.monte_carlo.samples;
    o.seed = instance_.monte_carlo.seed;
    o.batches = instance_.monte_carlo.batches;
    o.confidence = comparison_confidence();
    o.rows = rows_;
    o.threads = threads_;
    o.distributed = true;
    monte_carlo_ = estimate(instance_.a, instance_.w, instance_.eps, instance_.code, o);
  }
  return *monte_carlo_;
}

const ExpectedGradient<double>& ClaimContext::closed_form() {
  if (!closed_form_)
    closed_form_ = std::make_unique<ExpectedGradient<double>>(instance_.a, instance_.w, instance_.eps, instance_.code);
  return *closed_form_;
}

const ExpectedGradient<interval>& ClaimContext::closed_form_interval() {
  if (!closed_form_interval_) {
    PrecisionGuard guard(bits_);
    closed_form_interval_ = std::make_unique<ExpectedGradient<interval>>(
        cast_matrix<interval>(instance_.a), cast_matrix<interval>(instance_.w), cast_vector<interval>(instance_.eps),
        instance_.code, true);
  }
  return *closed_form_interval_;
}

const ExpectedGradientTerms<interval>& ClaimContext::closed_form_interval_row(int i) {
  auto it = closed_form_interval_rows_.find(i);
  if (it == closed_form_interval_rows_.end()) {
    const ExpectedGradient<interval>& cf = closed_form_interval();
    // A checked row brings every checked row: independent serial MPFI rows, one per thread at a time
    // (each row the same operations on any thread; the precision is set once, outside the team).
    std::vector<int> wanted{i};
    if (std::find(rows_.begin(), rows_.end(), i) != rows_.end())
      std::copy_if(rows_.begin(), rows_.end(), std::back_inserter(wanted),
                   [&](int r) { return r != i && !closed_form_interval_rows_.contains(r); });
    std::vector<ExpectedGradientTerms<interval>> terms(wanted.size());
    PrecisionGuard guard(bits_);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads_ > 0 ? threads_ : omp_get_max_threads())
    for (std::size_t r = 0; r < wanted.size(); ++r) terms[r] = cf.row(wanted[r]);
    for (std::size_t r = 0; r < wanted.size(); ++r) closed_form_interval_rows_.emplace(wanted[r], std::move(terms[r]));
    it = closed_form_interval_rows_.find(i);
  }
  return it->second;
}

ClosedFormDigits& ClaimContext::closed_form_digits() {
  if (!closed_form_digits_)
    closed_form_digits_ = std::make_unique<ClosedFormDigits>(instance_.a, instance_.w, instance_.eps, instance_.code, bits_);
  return *closed_form_digits_;
}

bool ClaimContext::recovery_certified() {
  if (!recovery_certified_)
    recovery_certified_ = check_deterministic_recovery(exact_windows(neighbourhood(), instance_.code), instance_.eps).outcome ==
                          Outcome::proven;
  return *recovery_certified_;
}

const TermBoundInputs<interval>& ClaimContext::term_bound_inputs() {
  if (!term_bound_inputs_)
    term_bound_inputs_ = certified_term_bound_inputs(instance_.a, instance_.w, instance_.eps, instance_.code, neighbourhood());
  return *term_bound_inputs_;
}

const std::vector<interval>& ClaimContext::certified_ratios_at_w() {
  if (!certified_ratios_at_w_)
    certified_ratios_at_w_ = certified_ratios(instance_.a, instance_.w, instance_.eps, instance_.code, rows_, bits_);
  return *certified_ratios_at_w_;
}

const BallRecovery& ClaimContext::ball_recovery() {
  if (!ball_recovery_) {
    PrecisionGuard guard(bits_);
    ball_recovery_ = scae::ball_recovery(instance_.a, neighbourhood(), dictionary_norm_bound(instance_.a, bits_), instance_.eps,
                                         instance_.code);
  }
  return *ball_recovery_;
}

}  // namespace scae
