// The landscape along a sweep path (issue 25 part 5; docs/theory.md, "The landscape near A*"): at a
// point of the path, the radial root t* of E L along (1 + t) A*ᵀ (theory/critical_point.hpp) and t*/δ
// with δ the path's own radius at the point; where the search is run, the critical point W° by
// Newton–CG from (1 + t*) A*ᵀ and the certificate of theory/landscape_certificate.hpp at W°
// (landscape.local_minimum and landscape.critical_point_in_delta_ball, with λ and r as it returns them).
// The closed form of E L is the true expected loss only where recovery is certified at A*ᵀ for the
// point's bias (exact windows at W = A*ᵀ, streamed_neighbourhood.hpp); elsewhere nothing is computed.
// Cost: the dense closed form, O(h²n) per evaluation of E∇ and 10 h² + 13 hn doubles; the radial root
// is five evaluations, Newton–CG some hundreds (docs/performance.md, "landscape along the path").
#pragma once

#include "input/regime.hpp"
#include "numerics/core/enum_names.hpp"
#include "numerics/model/instance.hpp"
#include "theory/verdict.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace scae {

// Which points get which search; the defaults are fitted to take about the time of the sweep itself
// on the 2-core reference machine (docs/performance.md).
struct LandscapePathLimits {
  int radial_max_h = 4096;  // the radial root at points with h up to this
  int newton_max_h = 512;   // Newton–CG and the certificate at points with h up to this (and radial_max_h)
};
// No point searched (the phase grid's cells, the certified-point bench).
inline constexpr LandscapePathLimits no_landscape_path{0, 0};

// How far the search at a point goes (the record's key holds it, so it is spelled as stored).
enum class LandscapeSearch { newton_cg, radial_root, not_computed };
template <> struct Vocabulary<LandscapeSearch> {
  static constexpr std::string_view what = "landscape search";
  static constexpr std::array<EnumName<LandscapeSearch>, 3> names{{{LandscapeSearch::newton_cg, "Newton-CG"},
                                                                    {LandscapeSearch::radial_root, "radial root"},
                                                                    {LandscapeSearch::not_computed, "not computed"}}};
};

struct PathLandscape {
  LandscapeSearch method = LandscapeSearch::not_computed;
  std::string note;                     // why not computed, or why the search stops at the radial root
  double delta = 0;                     // the point's δ
  double t = 0, t_over_delta = 0;       // t*, t*/δ (NaN when not computed)
  // At W° (Newton–CG) or at (1 + t*) A*ᵀ (radial root): max_i ‖W_i − A*_i‖, the same over δ, and the
  // ratio max_i ‖E∇_{W_i}‖/(q_i m2).
  double distance = 0, distance_over_delta = 0, ratio = 0;
  bool converged = false;  // Newton–CG reached its tolerance
  // Deterministic recovery there (exact windows): where not PROVEN, the point is a critical point of the
  // closed form (the oracle loss) only, not shown to be one of the true E L.
  std::optional<Outcome> recovery_there;  // none where no critical point was found
  // The certificate's verdicts (none when not run), λ = λ0 − L₃ r, r and the summary.
  std::optional<Outcome> local_minimum, critical_point_in_delta_ball;
  std::string certificate;
  double lambda = 0, radius = 0;
  std::uint64_t memory_bytes = 0;     // the memory model 8 (10 h² + 13 hn) bytes
};

inline constexpr const char* landscape_path_memory_model = "8 bytes x (10 h^2 + 13 hn)";
std::uint64_t landscape_path_memory_bytes(int n, int h);

// What the limits run at h.
LandscapeSearch landscape_path_method(const LandscapePathLimits& limits, int h);

// A point beyond limits.radial_max_h: method "not computed", with the note and the memory model.
PathLandscape landscape_not_reached(int n, int h, const rational& delta, const LandscapePathLimits& limits);
// At one point: `instance` dense (A*, W) with the point's bias `instance.eps`, δ the path's radius.
PathLandscape path_landscape(const Instance& instance, const rational& delta, const LandscapePathLimits& limits);

}  // namespace scae
