// One series of a sweep point (runs/asymptotic_sweep.hpp): its bias from the rule and the point's
// exact windows, then the certified closed form where recovery is certified (every closed-form series
// of the point from one ExpectedGradient, so the products with W are shared) or else the Monte Carlo
// engine when it fits in half the memory (a series asked for its closed form only gets the oracle
// gradient's), and the summaries (quantiles, typical and atypical rows, the bias's own form, the
// class ratios, the remainder beside the bias's own term).
#pragma once

#include "runs/asymptotic_sweep.hpp"
#include "theory/exact_windows.hpp"
#include "numerics/model/instance.hpp"
#include "theory/neighbourhood.hpp"
#include "input/regime.hpp"

#include <optional>
#include <vector>

namespace scae {

// A point's A* and W: stored (dense), or their structure only (structured_instance), in which case the
// dense instance is built only if the Monte Carlo engine is needed and fits.
struct PointGeometry {
  const Regime& here;
  std::optional<StructuredInstance> structured;
  std::optional<Instance> dense;
  const CodeModel& code() const { return structured ? structured->code : dense->code; }
  const Instance& stored();
};

// A series' rule; `closed_form_only`: evaluate the closed form even where recovery is not certified
// (then the oracle gradient, labelled so), never the Monte Carlo engine.
struct SeriesRule {
  BiasChoice rule;
  bool closed_form_only = false;
};

// The series of `rules` at one point, in order; `atypical` lists the rows reported as their own group.
std::vector<SeriesPoint> evaluate_series(PointGeometry& geometry, const Neighbourhood& nb, const ExactWindows& ew,
                                         const std::vector<SeriesRule>& rules, const std::vector<int>& rows,
                                         const std::vector<int>& atypical, const Regime& regime, const SweepPoint& point,
                                         const SweepPointOptions& options);

}  // namespace scae
