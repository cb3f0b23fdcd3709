// The paper's experiments (docs/theory.md §2 item 3), computed on a regime's instance: the loss well
// (theory/loss_well.hpp), gradient descent from far away (theory/gradient_descent.hpp) and the
// gradient norm against the distance δ (theory/gradient_norms.hpp), with the verdicts the report
// states for them. Every number is identical for any thread count; only the timings differ.
// reports/experiments_section.hpp renders the result.
#pragma once

#include "theory/gradient_descent.hpp"
#include "theory/gradient_norms.hpp"
#include "numerics/model/instance.hpp"
#include "theory/loss_well.hpp"
#include "theory/verdict.hpp"

#include <string>

namespace scae {

struct ExperimentOptions {
  LossWellOptions well;
  DescentOptions descent;
  GradientNormOptions norms;
};

// The defaults of each experiment with the instance's Monte Carlo seed and confidence, and `threads`.
ExperimentOptions experiment_options(const Instance& instance, int threads);

// The paper's "near A* the average gradient norm is small": the corrected mean row norm at the
// smallest δ against this fraction of its natural scale q_1 m2.
inline constexpr double small_gradient_fraction = 0.1;

// The gradient-norm experiment's verdict: the corrected mean row norm at the smallest δ against
// 0.1 q_1 m2; INCONCLUSIVE instead of INCONSISTENT when the regime's bias alone (bias_form, the mean
// of ε (2 m1 − ε) / m2) is above that threshold.
Verdict norms_verdict(const GradientNorms& g, const GradientNormOptions& o, double bias_form);

// The paper's "A*ᵀ sits at the bottom of a well" over every line of the loss-well experiment: the
// random directions, the radial one (1 + t) A*ᵀ and the descent one −E∇(A*ᵀ). CONSISTENT when A*ᵀ is
// at the bottom along all of them, INCONSISTENT when the loss falls from A*ᵀ along one, else
// INCONCLUSIVE; a fall along the radial or descent line becomes INCONCLUSIVE, with the finding
// stated, when the regime's bias alone (bias_form, the mean of ε (2 m1 − ε) / m2) is at least
// small_gradient_fraction: at A*ᵀ that bias gives E∇_{W_i} = q_i ε (ε − 2 m1) A*_i != 0 (docs/theory.md
// §7), so the fall is the bias's, and the paper's bias vanishes with h. The curves' own outcomes
// are made to agree with it (a downgraded fall is INCONCLUSIVE there too).
Verdict well_verdict(LossWell& well, double bias_form);

// W°, the critical point of E L nearest A*ᵀ (radial root, then Newton–CG: theory/critical_point.hpp), that
// gradient descent's end points are compared with; computed only where recovery is certified at A*ᵀ
// for the regime's bias (elsewhere the closed form is the oracle loss, not E L), the note says so.
struct ReferencePoint {
  bool computed = false;
  double radial_root = 0, ratio = 0;  // t*, and max_i ‖E∇_{W_i}‖/(q_i m2) at W°
  bool converged = false;
  std::string note;
};
// W° (h × n), or an empty matrix with the reason in out.note.
MatrixXd critical_point_reference(const Instance& instance, ReferencePoint& out);

struct ExperimentSeconds {
  double loss_well = 0, descent = 0, gradient_norms = 0;
};

struct ExperimentsRun {
  ExperimentOptions options;
  LossWell loss_well;
  Verdict well_verdict;    // well_verdict() of loss_well
  Descent descent;
  ReferencePoint reference;  // W° that descent's end points are compared with (DescentRun::to_reference)
  GradientNorms gradient_norms;
  Verdict norms_verdict;   // norms_verdict() of gradient_norms
  double bias_form = 0;    // mean over units of ε_j (2 m1 − ε_j) / m2
  double median_bias = 0;  // median of the ε_j
  ExperimentSeconds seconds;  // context only: wall time per experiment
};

ExperimentsRun run_experiments(const Instance& instance, const ExperimentOptions& options);

}  // namespace scae
