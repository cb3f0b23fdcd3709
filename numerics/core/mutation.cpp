#include "numerics/core/mutation.hpp"

#include <cstddef>
#include <iterator>
#include <stdexcept>

namespace scae {

#ifdef SCAE_MUTANTS
namespace detail {
Mutant active_mutant = Mutant::none;
}
#endif

namespace {

// What each mutant breaks, one line each, in the vocabulary's order.
struct MutantDescription {
  Mutant mutant;
  const char* description;
};
constexpr MutantDescription descriptions[] = {
  {Mutant::gradient_decoder_sign, "Monte Carlo gradient: the decoder term r_i e enters with the wrong sign"},
  {Mutant::gradient_encoder_sign, "Monte Carlo gradient: the encoder term 1_i <W_i, e> y enters with the wrong sign"},
  {Mutant::loss_half_dropped, "Monte Carlo loss: |e|^2 in place of 1/2 |e|^2"},
  {Mutant::three_index_class_dropped, "closed form of E grad: the q_ijk classes (three distinct indices) are left out"},
  {Mutant::q_ij_for_q_ijk, "closed form of E grad: q_ij used in place of q_ijk"},
  {Mutant::m1_squared_for_m2, "closed form of E grad: m1^2 used in place of m2"},
  {Mutant::bias_rule_doubled, "bias rule window-mid: the window's lower + upper end, not their half sum"},
  {Mutant::coherence_without_abs, "certified coherence: max over pairs of <A*_i, A*_j> without the absolute value"},
  {Mutant::support_sampler_off_by_one, "uniform support sampler (Floyd): step j draws from {0..j-1} instead of {0..j}"},
  {Mutant::correlated_rng_stream, "code sampler: the values reuse the Philox counter of the support draw (a fresh stream at the same counter)"},
  {Mutant::interval_ignores_covariance, "Monte Carlo row-norm radius from one coordinate's share of the variance (trace / n), not the trace of the mean's covariance"},
  {Mutant::term_bound_constant_halved, "explicit term-class bounds: every constant halved"},
  {Mutant::recovery_window_off_by_one, "sufficient recovery window: lower end (k - 1) a2 c instead of k a2 c"},
  {Mutant::exact_low_below_window, "bias rule exact-low: off_j - fraction (on_j - off_j), below the window, instead of off_j + fraction (on_j - off_j)"},
  {Mutant::window_low_from_upper_end, "bias rule window-low: measured from the window's upper end, upper + fraction (upper - lower)"},
  {Mutant::theorem_3_2_bound_without_bias_classes, "Theorem 3.2 bound: the sum of the class bounds leaves out the three bias classes"},
};
constexpr bool descriptions_follow_vocabulary() {
  if (std::size(descriptions) != Vocabulary<Mutant>::names.size()) return false;
  for (std::size_t i = 0; i < std::size(descriptions); ++i)
    if (descriptions[i].mutant != Vocabulary<Mutant>::names[i].value) return false;
  return true;
}
static_assert(descriptions_follow_vocabulary(), "every mutant of the vocabulary needs its description, in its order");

}  // namespace

const std::vector<MutantInfo>& mutant_catalog() {
  static const std::vector<MutantInfo> catalog = [] {
    std::vector<MutantInfo> out;
    for (const auto& d : descriptions) out.push_back({d.mutant, to_name(d.mutant), d.description});
    return out;
  }();
  return catalog;
}

const MutantInfo& mutant_info(Mutant m) {
  for (const auto& info : mutant_catalog())
    if (info.mutant == m) return info;
  throw std::invalid_argument("no catalogue entry for this mutant");
}

Mutant mutant_from_id(const std::string& id) {
  if (const auto mutant = find_name<Mutant>(id)) return *mutant;
  throw std::invalid_argument("--only '" + id + "': unknown mutant; accepted: " + accepted_names<Mutant>());
}

}  // namespace scae
