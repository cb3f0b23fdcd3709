// One series of a sweep point (runs/asymptotic_sweep.hpp): its bias from the rule and the point's
// exact windows, then the certified closed form where recovery is certified (every certified series
// of the point from one ExpectedGradient, so the products with W are shared) or else the Monte Carlo
// engine when it fits in half the memory, and the summaries (quantiles, the bias's own form, the
// class ratios).
#pragma once

#include "asymptotic_sweep.hpp"
#include "exact_windows.hpp"
#include "instance.hpp"
#include "neighbourhood.hpp"
#include "regime.hpp"

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

// The series of `rules` at one point, in order.
std::vector<SeriesPoint> evaluate_series(PointGeometry& geometry, const Neighbourhood& nb, const ExactWindows& ew,
                                         const std::vector<BiasChoice>& rules, const std::vector<int>& rows,
                                         const Regime& regime, const SweepPoint& point, const SweepPointOptions& options);

}  // namespace scae
