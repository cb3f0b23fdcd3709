// What the claims of one run share, computed on first use: the neighbourhood facts, the Monte Carlo
// estimate of the checked rows (with the oracle, at the run's per-comparison confidence), the
// closed form in double and in intervals, and whether recovery is certified. A claim that comes out
// UNDECIDED is retried on a context at 256 and 512 bits (run_claims, claim_catalog.hpp).
#pragma once

#include "closed_form_digits.hpp"
#include "expected_gradient.hpp"
#include "monte_carlo.hpp"
#include "neighbourhood.hpp"
#include "regime.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace scae {

// Everything the claims of one run share, computed on first use.
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
  ClosedFormDigits& closed_form_digits();           // error bounds of closed_form() rows, at bits()
  bool recovery_certified();                        // deterministic recovery PROVEN

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
  std::unique_ptr<ClosedFormDigits> closed_form_digits_;
  std::optional<bool> recovery_certified_;
};

// Rows checked by default: 0, h/2 and h - 1.
std::vector<int> default_rows(int h);

}  // namespace scae
