// The sparse code model x* of docs/theory.md §1: a support law (uniform of fixed size k, or independent
// Bernoulli with per-atom q_i) and a value law on [a1, a2], 0 < a1 <= a2 (uniform, two-point,
// constant), values independent given the support. Moments m1, m2 and the support probabilities
// q_i, q_ij, q_ijk, q_ijkl are exact rationals:
//   uniform fixed size k:  q_r = C(h-r, k-r) / C(h, k) = k(k-1)...(k-r+1) / (h(h-1)...(h-r+1))
//   Bernoulli:             P({i1..ir} ⊆ S) = q_i1 ... q_ir   (distinct indices)
#pragma once

#include "numerics/core/enum_names.hpp"
#include "numerics/core/mutation.hpp"
#include "numerics/core/philox_stream.hpp"
#include "numerics/core/scalar.hpp"

#include <array>
#include <span>
#include <vector>

namespace scae {

class SupportLaw {
public:
  enum class Kind { uniform_fixed, bernoulli };

  static SupportLaw uniform_fixed(int h, int k);
  static SupportLaw bernoulli(std::vector<rational> q);  // one probability per atom, in (0, 1]

  Kind kind() const { return kind_; }
  int h() const { return h_; }
  int k() const { return k_; }            // fixed size; for Bernoulli the largest possible size, h
  bool exchangeable() const { return kind_ == Kind::uniform_fixed || uniform_q_; }

  // P(all the given distinct atoms are in S).
  rational joint(std::span<const int> distinct_atoms) const;
  // Exchangeable laws only: P(a given set of r distinct atoms is in S).
  rational q_uniform(int r) const;
  const std::vector<rational>& q() const { return q_; }
  rational expected_size() const;

  // Draws the support of sample `stream` into `atoms` (unsorted, distinct); returns its size.
  int sample(PhiloxStream& stream, int* atoms) const;

private:
  Kind kind_ = Kind::uniform_fixed;
  int h_ = 0;
  int k_ = 0;
  bool uniform_q_ = false;
  std::vector<rational> q_;
  std::vector<double> q_double_;
  double q_max_ = 0;
};

class ValueLaw {
public:
  enum class Kind { uniform, two_point, constant };

  static ValueLaw uniform(rational a1, rational a2);
  // a2 with probability p_high, a1 otherwise.
  static ValueLaw two_point(rational a1, rational a2, rational p_high);
  static ValueLaw constant(rational a);

  Kind kind() const { return kind_; }
  const rational& a1() const { return a1_; }
  const rational& a2() const { return a2_; }
  const rational& p_high() const { return p_high_; }
  rational m1() const;  // E[x_i | i in S]
  rational m2() const;  // E[x_i^2 | i in S]
  double a1_double() const { return a1d_; }
  double a2_double() const { return a2d_; }

  double sample(PhiloxStream& stream) const {
    switch (kind_) {
      case Kind::uniform: return a1d_ + (a2d_ - a1d_) * stream.uniform01();
      case Kind::two_point: return stream.uniform01() < p_high_d_ ? a2d_ : a1d_;
      case Kind::constant: break;
    }
    return a1d_;
  }

private:
  Kind kind_ = Kind::constant;
  rational a1_, a2_, p_high_;
  double a1d_ = 0, a2d_ = 0, p_high_d_ = 0;
};

// The regime file's spellings of the two laws (`support`, `values`).
template <> struct Vocabulary<SupportLaw::Kind> {
  static constexpr std::string_view what = "support law";
  static constexpr std::array<EnumName<SupportLaw::Kind>, 2> names{
      {{SupportLaw::Kind::uniform_fixed, "uniform"}, {SupportLaw::Kind::bernoulli, "bernoulli"}}};
};
template <> struct Vocabulary<ValueLaw::Kind> {
  static constexpr std::string_view what = "value law";
  static constexpr std::array<EnumName<ValueLaw::Kind>, 3> names{
      {{ValueLaw::Kind::uniform, "uniform"}, {ValueLaw::Kind::two_point, "two-point"}, {ValueLaw::Kind::constant, "constant"}}};
};

struct CodeModel {
  SupportLaw support;
  ValueLaw values;

  // Sample `index` of the Monte Carlo stream: support atoms and their values; returns the size.
  int sample(std::uint64_t seed, std::uint64_t index, int* atoms, double* values_out) const {
    PhiloxStream stream(seed, Stream::codes, index);
    // k atoms (Floyd: k words, rejections aside) and k values: more than one block for k >= 3.
    if (support.kind() == SupportLaw::Kind::uniform_fixed && support.k() >= 3 && values.kind() != ValueLaw::Kind::constant)
      stream.prepare_two_blocks();
    const int size = support.sample(stream, atoms);
    if (mutant_active(Mutant::correlated_rng_stream)) stream = PhiloxStream(seed, Stream::codes, index);
    for (int t = 0; t < size; ++t) values_out[t] = values.sample(stream);
    return size;
  }
};

}  // namespace scae
