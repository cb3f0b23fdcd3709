// Digit loss of the double closed form (issue #5). Near A* the closed form of E[∇_{W_i} L]
// (docs/theory.md §4, expected_gradient.hpp) is a small remainder of large cancelling terms, so its double
// value may have lost every significant digit. Before a row of it is compared with a Monte Carlo
// mean whose confidence radius is R, this bounds its error rigorously and chooses what to compare:
//   1. the MPFI rows-on-demand enclosure I (products enclosed in double) bounds the double row d:
//      ‖d − exact‖ ≤ b_d := max over v ∈ I of ‖d − v‖. If b_d ≤ R/100, d is used, with bound b_d.
//   2. else the row is enclosed with every product in MPFI at `bits`, 2 `bits` and 4 `bits`
//      (RowsOnDemand{.mpfi_products}) until the bound for its midpoint m, max over v of ‖m − v‖,
//      is ≤ R/100; m is used with that bound (a bound ≤ R after the last precision also counts).
//   3. else the closed form is lost: the comparison must be INCONCLUSIVE, with b_d and R as reason.
// A non-finite radius returns d unchecked (the comparison reports that fault itself).
// The caller adds the error bound to the comparison's radius. Cost in the default regime: one
// interval row on demand per checked row (O(hn)); the MPFI-product enclosures (O(hn) MPFI
// operations per product) run only where double has lost digits.
#pragma once

#include "numerics/model/code_model.hpp"
#include "theory/expected_gradient.hpp"
#include "numerics/core/scalar.hpp"

#include <map>
#include <memory>
#include <string>
#include <tuple>

namespace scae {

struct CheckedClosedForm {
  VectorXd value;               // the row to compare with (double, or the midpoint of an enclosure)
  double error_bound = 0;       // ‖value − exact closed form‖ ≤ error_bound
  double double_error_bound = 0;  // b_d: the bound for the double row
  std::string precision;        // "double" or "MPFI N bits"
  bool lost = false;            // no enclosure within the radius: the comparison decides nothing
};

class ClosedFormDigits {
public:
  // a, w, eps, code as for ExpectedGradient; they must outlive this object.
  ClosedFormDigits(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
                   unsigned bits = 128);

  // Row i of the closed form, given its double value, for a comparison of confidence radius `radius`.
  CheckedClosedForm row(int i, const VectorXd& in_double, double radius);

private:
  const Vector<interval>& enclosure(int i, unsigned bits, bool mpfi_products);

  const MatrixXd& a_;
  const MatrixXd& w_;
  const VectorXd& eps_;
  const CodeModel& code_;
  unsigned bits_;
  std::map<std::pair<unsigned, bool>, std::unique_ptr<ExpectedGradient<interval>>> forms_;
  std::map<std::tuple<int, unsigned, bool>, Vector<interval>> rows_;
};

// An upper bound, rounded up, of ‖d − v‖ (Euclidean) over every v in the box x.
double distance_bound(const VectorXd& d, const Vector<interval>& x);

}  // namespace scae
