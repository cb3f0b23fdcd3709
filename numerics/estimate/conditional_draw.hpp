// Supports drawn given one unit i, for the row-conditional estimator (row_conditional.hpp): the
// code law conditioned on i ∈ S or on i ∉ S. Internal to numerics/estimate.
//   uniform of size k:  i ∈ S: i and a uniform (k - 1)-subset of the other h - 1 atoms (Floyd);
//                       i ∉ S: a uniform k-subset of the other h - 1 atoms;
//   Bernoulli:          the law's own draw, with i added (i ∈ S) or removed (i ∉ S): the atoms are
//                       independent, so the others keep their law.
// Values are drawn after the support, as in CodeModel::sample. Sample s of the term t (0: i ∈ S,
// 1: i ∉ S) of row i is Philox(seed, 7 * 2^32 + 2 i + t, s): every row and term has its own stream,
// independent of the code law's (Stream::codes) and of each other.
#pragma once

#include "numerics/model/code_model.hpp"
#include "numerics/core/philox_stream.hpp"

#include <algorithm>
#include <cstdint>

namespace scae::engine {

struct SupportCondition {
  enum class Kind { none, containing, excluding };
  Kind kind = Kind::none;
  int unit = -1;
};

inline std::uint64_t conditional_stream(int unit, SupportCondition::Kind kind) {
  return (static_cast<std::uint64_t>(Stream::row_conditional) << 32) + 2 * static_cast<std::uint64_t>(unit) +
         (kind == SupportCondition::Kind::excluding ? 1 : 0);
}

// `count` distinct atoms of {0, ..., h - 1} \ {skip}, uniformly (Floyd's algorithm on h - 1 atoms,
// shifted past `skip`), written from atoms[first].
inline void draw_without(PhiloxStream& stream, int h, int count, int skip, int* atoms, int first) {
  const int others = h - 1;
  int size = first;
  for (int j = others - count; j < others; ++j) {
    const int t = static_cast<int>(stream.below(static_cast<std::uint64_t>(j) + 1));
    const bool seen = std::find(atoms + first, atoms + size, t) != atoms + size;
    atoms[size++] = seen ? j : t;
  }
  for (int p = first; p < size; ++p) atoms[p] += atoms[p] >= skip ? 1 : 0;
}

// Sample `index` of the code law given the condition (kind != none): atoms (unsorted) and values;
// returns the size.
inline int draw_given(const CodeModel& code, const SupportCondition& condition, std::uint64_t seed, std::uint64_t index,
                      int* atoms, double* x) {
  PhiloxStream stream(seed, conditional_stream(condition.unit, condition.kind), index);
  const SupportLaw& law = code.support;
  const bool containing = condition.kind == SupportCondition::Kind::containing;
  int size = 0;
  if (law.kind() == SupportLaw::Kind::uniform_fixed) {
    if (containing) atoms[size++] = condition.unit;
    const int count = containing ? law.k() - 1 : law.k();
    draw_without(stream, law.h(), count, condition.unit, atoms, size);
    size += count;
  } else {
    size = law.sample(stream, atoms);
    int* end = std::remove(atoms, atoms + size, condition.unit);
    size = static_cast<int>(end - atoms);
    if (containing) atoms[size++] = condition.unit;
  }
  for (int t = 0; t < size; ++t) x[t] = code.values.sample(stream);
  return size;
}

}  // namespace scae::engine
