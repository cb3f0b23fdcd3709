// What the claims of one run share (runs/claim_catalog.hpp), each computed once, on first use, and
// handed to every claim (and to the report, runs/report_run.cpp) that needs it.
#pragma once

#include "theory/ball_recovery.hpp"
#include "theory/closed_form_digits.hpp"
#include "theory/expected_gradient.hpp"
#include "numerics/estimate/monte_carlo.hpp"
#include "theory/neighbourhood.hpp"
#include "input/regime.hpp"
#include "theory/term_bounds.hpp"

#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace scae {

class ClaimContext {
public:
  ClaimContext(const Instance& instance, std::vector<int> rows, int threads, int statistical_comparisons,
               unsigned bits = 128);

  const Instance& instance() const { return instance_; }
  const std::vector<int>& rows() const { return rows_; }
  double family_level() const { return family_level_; }
  unsigned bits() const { return bits_; }
  int threads() const { return threads_; }
  int statistical_comparisons() const { return comparisons_; }
  // Confidence of one statistical comparison: 1 - family level / comparisons.
  double comparison_confidence() const;

  const Neighbourhood& neighbourhood();
  const MonteCarloResult& monte_carlo();           // chosen rows, with oracle, at comparison_confidence()
  const ExpectedGradient<double>& closed_form();
  const ExpectedGradient<interval>& closed_form_interval();  // at bits(), products enclosed in double
  // Row i of closed_form_interval(), evaluated at bits(); asking for a checked row evaluates every
  // checked row, side by side on the threads.
  const ExpectedGradientTerms<interval>& closed_form_interval_row(int i);
  ClosedFormDigits& closed_form_digits();           // error bounds of closed_form() rows, at bits()
  bool recovery_certified();                        // deterministic recovery PROVEN
  // certified_term_bound_inputs at W (uniform law of fixed size only: std::invalid_argument otherwise).
  const TermBoundInputs<interval>& term_bound_inputs();
  // certified_ratios of the checked rows at W, at bits().
  const std::vector<interval>& certified_ratios_at_w();
  // Recovery and the true-gradient bound over the δ-ball (ball_recovery.hpp; uniform law of fixed
  // size only: std::invalid_argument otherwise).
  const BallRecovery& ball_recovery();

private:
  const Instance& instance_;
  std::vector<int> rows_;
  int threads_;
  int comparisons_;
  double family_level_;
  unsigned bits_;
  std::optional<Neighbourhood> neighbourhood_;
  std::optional<MonteCarloResult> monte_carlo_;
  std::unique_ptr<ExpectedGradient<double>> closed_form_;
  std::unique_ptr<ExpectedGradient<interval>> closed_form_interval_;
  std::map<int, ExpectedGradientTerms<interval>> closed_form_interval_rows_;
  std::unique_ptr<ClosedFormDigits> closed_form_digits_;
  std::optional<bool> recovery_certified_;
  std::optional<TermBoundInputs<interval>> term_bound_inputs_;
  std::optional<std::vector<interval>> certified_ratios_at_w_;
  std::optional<BallRecovery> ball_recovery_;
};

// The fixed rows: 0, h/2 and h - 1.
std::vector<int> default_rows(int h);

// Rows `check` and `report` check by default: the fixed rows and claim_sampled_rows further rows drawn
// as the sweep draws them (checked_rows of asymptotic_sweep.hpp with the regime's Monte Carlo seed),
// so that typical rows are seen besides the fixed ones, which can be atypical (row_groups.hpp).
inline constexpr int claim_sampled_rows = 8;
std::vector<int> claim_rows(int h, std::uint64_t seed);

}  // namespace scae
