#include "numerics/core/mutation.hpp"

#include <stdexcept>

namespace scae {

#ifdef SCAE_MUTANTS
namespace detail {
Mutant active_mutant = Mutant::none;
}
#endif

const std::vector<MutantInfo>& mutant_catalog() {
  static const std::vector<MutantInfo> catalog{
      {Mutant::gradient_decoder_sign, "gradient_decoder_sign",
       "Monte Carlo gradient: the decoder term r_i e enters with the wrong sign"},
      {Mutant::gradient_encoder_sign, "gradient_encoder_sign",
       "Monte Carlo gradient: the encoder term 1_i <W_i, e> y enters with the wrong sign"},
      {Mutant::loss_half_dropped, "loss_half_dropped", "Monte Carlo loss: |e|^2 in place of 1/2 |e|^2"},
      {Mutant::three_index_class_dropped, "three_index_class_dropped",
       "closed form of E grad: the q_ijk classes (three distinct indices) are left out"},
      {Mutant::q_ij_for_q_ijk, "q_ij_for_q_ijk", "closed form of E grad: q_ij used in place of q_ijk"},
      {Mutant::m1_squared_for_m2, "m1_squared_for_m2", "closed form of E grad: m1^2 used in place of m2"},
      {Mutant::bias_rule_doubled, "bias_rule_doubled",
       "bias rule window-mid: the window's lower + upper end, not their half sum"},
      {Mutant::coherence_without_abs, "coherence_without_abs",
       "certified coherence: max over pairs of <A*_i, A*_j> without the absolute value"},
      {Mutant::support_sampler_off_by_one, "support_sampler_off_by_one",
       "uniform support sampler (Floyd): step j draws from {0..j-1} instead of {0..j}"},
      {Mutant::correlated_rng_stream, "correlated_rng_stream",
       "code sampler: the values reuse the Philox counter of the support draw (a fresh stream at the same counter)"},
      {Mutant::interval_ignores_covariance, "interval_ignores_covariance",
       "Monte Carlo row-norm radius from one coordinate's share of the variance (trace / n), not the trace of the mean's covariance"},
      {Mutant::term_bound_constant_halved, "term_bound_constant_halved",
       "explicit term-class bounds: every constant halved"},
      {Mutant::recovery_window_off_by_one, "recovery_window_off_by_one",
       "sufficient recovery window: lower end (k - 1) a2 c instead of k a2 c"},
      {Mutant::exact_low_below_window, "exact_low_below_window",
       "bias rule exact-low: off_j - fraction (on_j - off_j), below the window, instead of off_j + fraction (on_j - off_j)"},
      {Mutant::window_low_from_upper_end, "window_low_from_upper_end",
       "bias rule window-low: measured from the window's upper end, upper + fraction (upper - lower)"},
      {Mutant::theorem_3_2_bound_without_bias_classes, "theorem_3_2_bound_without_bias_classes",
       "Theorem 3.2 bound: the sum of the class bounds leaves out the three bias classes"},
  };
  return catalog;
}

const MutantInfo& mutant_info(Mutant m) {
  for (const auto& info : mutant_catalog())
    if (info.mutant == m) return info;
  throw std::invalid_argument("no catalogue entry for this mutant");
}

Mutant mutant_from_id(const std::string& id) {
  std::string accepted;
  for (const auto& info : mutant_catalog()) {
    if (info.id == id) return info.mutant;
    accepted += (accepted.empty() ? "" : ", ") + info.id;
  }
  throw std::invalid_argument("--only '" + id + "': unknown mutant; accepted: " + accepted);
}

}  // namespace scae
