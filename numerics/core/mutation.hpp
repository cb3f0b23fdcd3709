// Mutation testing: a catalogue of deliberately injected faults. The hooks exist only in a build
// configured with -DSCAE_MUTANTS=ON (the `mutants` and `sanitize` presets; `./scae mutants` builds
// the former): there one process-wide "active mutant" switches a fault on, Mutant::none unless a
// MutantGuard is alive, and only `scae mutants` (cli/mutants.cpp) and the hooks' tests make one. In
// every other build mutant_active() is the constant false, so the hooks cost nothing and no code
// reads a global. The names (mutant_catalog) exist in every build. The flag is a plain variable:
// set it only while no other thread runs library code.
#pragma once

#include "numerics/core/enum_names.hpp"

#include <array>
#include <string>
#include <vector>

namespace scae {

enum class Mutant {
  none,
  gradient_decoder_sign,
  gradient_encoder_sign,
  loss_half_dropped,
  three_index_class_dropped,
  q_ij_for_q_ijk,
  m1_squared_for_m2,
  bias_rule_doubled,
  coherence_without_abs,
  support_sampler_off_by_one,
  correlated_rng_stream,
  interval_ignores_covariance,
  term_bound_constant_halved,
  recovery_window_off_by_one,
  exact_low_below_window,
  window_low_from_upper_end,
  theorem_3_2_bound_without_bias_classes,
};

// The mutants' stable ids (Mutant::none has none: it is not a mutant).
template <> struct Vocabulary<Mutant> {
  static constexpr std::string_view what = "mutant";
  static constexpr std::array<EnumName<Mutant>, 16> names{{
      {Mutant::gradient_decoder_sign, "gradient_decoder_sign"},
      {Mutant::gradient_encoder_sign, "gradient_encoder_sign"},
      {Mutant::loss_half_dropped, "loss_half_dropped"},
      {Mutant::three_index_class_dropped, "three_index_class_dropped"},
      {Mutant::q_ij_for_q_ijk, "q_ij_for_q_ijk"},
      {Mutant::m1_squared_for_m2, "m1_squared_for_m2"},
      {Mutant::bias_rule_doubled, "bias_rule_doubled"},
      {Mutant::coherence_without_abs, "coherence_without_abs"},
      {Mutant::support_sampler_off_by_one, "support_sampler_off_by_one"},
      {Mutant::correlated_rng_stream, "correlated_rng_stream"},
      {Mutant::interval_ignores_covariance, "interval_ignores_covariance"},
      {Mutant::term_bound_constant_halved, "term_bound_constant_halved"},
      {Mutant::recovery_window_off_by_one, "recovery_window_off_by_one"},
      {Mutant::exact_low_below_window, "exact_low_below_window"},
      {Mutant::window_low_from_upper_end, "window_low_from_upper_end"},
      {Mutant::theorem_3_2_bound_without_bias_classes, "theorem_3_2_bound_without_bias_classes"}}};
};

struct MutantInfo {
  Mutant mutant;
  std::string id;           // its Vocabulary name
  std::string description;  // one line: what is wrong and where
};

// Every mutant except none, in declaration order.
const std::vector<MutantInfo>& mutant_catalog();
const MutantInfo& mutant_info(Mutant m);
// The mutant with this id; throws std::invalid_argument naming the accepted ids.
Mutant mutant_from_id(const std::string& id);

#ifdef SCAE_MUTANTS
inline constexpr bool mutant_hooks_compiled_in = true;

namespace detail {
extern Mutant active_mutant;
}

inline bool mutant_active(Mutant m) { return detail::active_mutant == m; }
inline Mutant active_mutant() { return detail::active_mutant; }

// Switches a mutant on for its lifetime (the previous one comes back after).
class MutantGuard {
public:
  explicit MutantGuard(Mutant m) : previous_(detail::active_mutant) { detail::active_mutant = m; }
  ~MutantGuard() { detail::active_mutant = previous_; }
  MutantGuard(const MutantGuard&) = delete;
  MutantGuard& operator=(const MutantGuard&) = delete;

private:
  Mutant previous_;
};
#else
inline constexpr bool mutant_hooks_compiled_in = false;
constexpr bool mutant_active(Mutant) { return false; }
constexpr Mutant active_mutant() { return Mutant::none; }
#endif

}  // namespace scae
