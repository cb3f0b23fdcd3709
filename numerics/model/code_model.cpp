#include "numerics/model/code_model.hpp"

#include "numerics/core/mutation.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace scae {

SupportLaw SupportLaw::uniform_fixed(int h, int k) {
  if (h < 1) throw std::invalid_argument("h = " + std::to_string(h) + " must be at least 1");
  if (k < 1 || k > h)
    throw std::invalid_argument("k = " + std::to_string(k) + " must lie in [1, h] = [1, " + std::to_string(h) + "]");
  SupportLaw law;
  law.kind_ = Kind::uniform_fixed;
  law.h_ = h;
  law.k_ = k;
  law.uniform_q_ = true;
  law.q_.assign(1, rational(k, h));
  return law;
}

SupportLaw SupportLaw::bernoulli(std::vector<rational> q) {
  if (q.empty()) throw std::invalid_argument("q must name at least one atom");
  SupportLaw law;
  law.kind_ = Kind::bernoulli;
  law.h_ = static_cast<int>(q.size());
  law.k_ = law.h_;
  for (std::size_t i = 0; i < q.size(); ++i)
    if (q[i] <= 0 || q[i] > 1)
      throw std::invalid_argument("q[" + std::to_string(i) + "] = " + q[i].str() + " must lie in (0, 1]");
  law.uniform_q_ = std::all_of(q.begin(), q.end(), [&](const rational& v) { return v == q.front(); });
  law.q_double_.reserve(q.size());
  for (const auto& v : q) law.q_double_.push_back(v.convert_to<double>());
  law.q_max_ = *std::max_element(law.q_double_.begin(), law.q_double_.end());
  law.q_ = std::move(q);
  return law;
}

rational SupportLaw::q_uniform(int r) const {
  if (!exchangeable()) throw std::logic_error("q_uniform needs an exchangeable support law");
  if (r < 0) throw std::invalid_argument("r must be non-negative");
  if (kind_ == Kind::bernoulli) {
    rational out = 1;
    for (int t = 0; t < r; ++t) out *= q_.front();
    return out;
  }
  if (r > k_) return 0;
  rational out = 1;
  for (int t = 0; t < r; ++t) out *= rational(k_ - t, h_ - t);
  return out;
}

rational SupportLaw::joint(std::span<const int> distinct_atoms) const {
  if (kind_ == Kind::uniform_fixed) return q_uniform(static_cast<int>(distinct_atoms.size()));
  rational out = 1;
  for (const int i : distinct_atoms) out *= q_.at(static_cast<std::size_t>(i));
  return out;
}

rational SupportLaw::expected_size() const {
  if (kind_ == Kind::uniform_fixed) return k_;
  rational out = 0;
  for (const auto& v : q_) out += v;
  return out;
}

int SupportLaw::sample(PhiloxStream& stream, int* atoms) const {
  if (kind_ == Kind::uniform_fixed) {
    // Floyd's algorithm: k distinct atoms, each k-subset equally likely.
    int size = 0;
    const std::uint64_t range_end = mutant_active(Mutant::support_sampler_off_by_one) ? 0 : 1;
    for (int j = h_ - k_; j < h_; ++j) {
      const int t = static_cast<int>(stream.below(static_cast<std::uint64_t>(j) + range_end));
      const bool seen = std::find(atoms, atoms + size, t) != atoms + size;
      atoms[size++] = seen ? j : t;
    }
    return size;
  }
  // Bernoulli: candidates at geometric gaps with rate q_max, each kept with probability q_i / q_max.
  int size = 0;
  if (q_max_ >= 1.0) {
    for (int i = 0; i < h_; ++i)
      if (q_double_[static_cast<std::size_t>(i)] >= 1.0 || stream.uniform01() < q_double_[static_cast<std::size_t>(i)])
        atoms[size++] = i;
    return size;
  }
  const double log_miss = std::log1p(-q_max_);
  double position = -1;
  for (;;) {
    const double u = 1.0 - stream.uniform01();  // (0, 1]
    position += 1.0 + std::floor(std::log(u) / log_miss);
    if (position >= h_) break;
    const auto i = static_cast<int>(position);
    const double keep = q_double_[static_cast<std::size_t>(i)] / q_max_;
    if (keep >= 1.0 || stream.uniform01() < keep) atoms[size++] = i;
  }
  return size;
}

namespace {
void check_values(const rational& a1, const rational& a2) {
  if (a1 <= 0) throw std::invalid_argument("a1 = " + a1.str() + " must be > 0");
  if (a2 < a1) throw std::invalid_argument("a2 = " + a2.str() + " must lie in [a1, inf) = [" + a1.str() + ", inf)");
}
}  // namespace

ValueLaw ValueLaw::uniform(rational a1, rational a2) {
  check_values(a1, a2);
  ValueLaw law;
  law.kind_ = a1 == a2 ? Kind::constant : Kind::uniform;
  law.a1_ = a1;
  law.a2_ = a2;
  law.a1d_ = a1.convert_to<double>();
  law.a2d_ = a2.convert_to<double>();
  return law;
}

ValueLaw ValueLaw::two_point(rational a1, rational a2, rational p_high) {
  check_values(a1, a2);
  if (p_high < 0 || p_high > 1) throw std::invalid_argument("p_high = " + p_high.str() + " must lie in [0, 1]");
  // p_high = 0 or 1 draws one value only: a constant law (its windows use that value alone).
  if (p_high == 0) return constant(a1);
  if (p_high == 1) return constant(a2);
  ValueLaw law = uniform(a1, a2);
  law.kind_ = a1 == a2 ? Kind::constant : Kind::two_point;
  law.p_high_ = p_high;
  law.p_high_d_ = p_high.convert_to<double>();
  return law;
}

ValueLaw ValueLaw::constant(rational a) { return uniform(a, a); }

rational ValueLaw::m1() const {
  switch (kind_) {
    case Kind::uniform: return (a1_ + a2_) / 2;
    case Kind::two_point: return (1 - p_high_) * a1_ + p_high_ * a2_;
    case Kind::constant: break;
  }
  return a1_;
}

rational ValueLaw::m2() const {
  switch (kind_) {
    case Kind::uniform: return (a1_ * a1_ + a1_ * a2_ + a2_ * a2_) / 3;
    case Kind::two_point: return (1 - p_high_) * a1_ * a1_ + p_high_ * a2_ * a2_;
    case Kind::constant: break;
  }
  return a1_ * a1_;
}

}  // namespace scae
