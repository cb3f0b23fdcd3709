// Covers numerics/model/code_model.hpp: exact support probabilities and moments against exhaustive
// enumeration, and the samplers against them.
#include <doctest/doctest.h>

#include "numerics/model/code_model.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

using namespace scae;

namespace {
// Every k-subset of {0..h-1}.
void for_each_subset(int h, int k, const std::function<void(const std::vector<int>&)>& visit) {
  std::vector<int> s(k);
  std::iota(s.begin(), s.end(), 0);
  for (;;) {
    visit(s);
    int t = k - 1;
    while (t >= 0 && s[t] == h - k + t) --t;
    if (t < 0) return;
    ++s[t];
    for (int q = t + 1; q < k; ++q) s[q] = s[q - 1] + 1;
  }
}
bool contains(const std::vector<int>& s, int i) { return std::find(s.begin(), s.end(), i) != s.end(); }
}  // namespace

TEST_SUITE("code_model") {
  TEST_CASE("uniform fixed-size q_r equals enumeration over all k-subsets, exactly") {
    const int h = 9, k = 4;
    const auto law = SupportLaw::uniform_fixed(h, k);
    long total = 0, with1 = 0, with2 = 0, with3 = 0, with4 = 0;
    for_each_subset(h, k, [&](const std::vector<int>& s) {
      ++total;
      with1 += contains(s, 2);
      with2 += contains(s, 2) && contains(s, 5);
      with3 += contains(s, 2) && contains(s, 5) && contains(s, 8);
      with4 += contains(s, 0) && contains(s, 2) && contains(s, 5) && contains(s, 8);
    });
    CHECK(law.q_uniform(1) == rational(with1, total));
    CHECK(law.q_uniform(2) == rational(with2, total));
    CHECK(law.q_uniform(3) == rational(with3, total));
    CHECK(law.q_uniform(4) == rational(with4, total));
    CHECK(law.q_uniform(5) == 0);
    const std::vector<int> three{1, 4, 7};
    CHECK(law.joint(three) == law.q_uniform(3));
  }

  TEST_CASE("Bernoulli joint probabilities are products over distinct atoms") {
    const auto law = SupportLaw::bernoulli({rational(1, 2), rational(1, 3), rational(1, 5)});
    const std::vector<int> pair{0, 2};
    CHECK(law.joint(pair) == rational(1, 10));
    CHECK(law.expected_size() == rational(31, 30));
    CHECK_FALSE(law.exchangeable());
    CHECK(SupportLaw::bernoulli({rational(1, 4), rational(1, 4)}).exchangeable());
  }

  TEST_CASE("moments are exact: two-point and constant against enumeration, uniform in closed form") {
    const auto two = ValueLaw::two_point(rational(1), rational(3), rational(1, 4));
    CHECK(two.m1() == rational(3, 4) * 1 + rational(1, 4) * 3);
    CHECK(two.m2() == rational(3, 4) * 1 + rational(1, 4) * 9);
    const auto constant = ValueLaw::constant(rational(3, 2));
    CHECK(constant.m1() == rational(3, 2));
    CHECK(constant.m2() == rational(9, 4));
    const auto uni = ValueLaw::uniform(rational(1), rational(2));
    CHECK(uni.m1() == rational(3, 2));
    CHECK(uni.m2() == rational(7, 3));  // ∫_1^2 x² dx
  }

  TEST_CASE("bad laws are refused with the parameter and its range") {
    CHECK_THROWS_WITH_AS(SupportLaw::uniform_fixed(10, 11), doctest::Contains("k = 11 must lie in [1, h] = [1, 10]"), std::invalid_argument);
    CHECK_THROWS_AS(SupportLaw::uniform_fixed(10, 0), std::invalid_argument);
    CHECK_THROWS_WITH_AS(ValueLaw::uniform(rational(0), rational(1)), doctest::Contains("a1 = 0 must be > 0"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(ValueLaw::uniform(rational(2), rational(1)), doctest::Contains("a2 = 1 must lie in [a1, inf)"), std::invalid_argument);
    CHECK_THROWS_AS(SupportLaw::bernoulli({rational(0)}), std::invalid_argument);
    CHECK_THROWS_AS(ValueLaw::two_point(rational(1), rational(2), rational(3, 2)), std::invalid_argument);
  }

  TEST_CASE("uniform sampler: distinct atoms, inclusion and pair frequencies match q_1 and q_2") {
    const int h = 12, k = 3, draws = 120000;
    const CodeModel code{SupportLaw::uniform_fixed(h, k), ValueLaw::uniform(rational(1), rational(2))};
    std::vector<int> atoms(k);
    std::vector<double> x(k);
    long hits0 = 0, hits01 = 0;
    double value_sum = 0;
    for (int s = 0; s < draws; ++s) {
      REQUIRE(code.sample(9, static_cast<std::uint64_t>(s), atoms.data(), x.data()) == k);
      std::vector<int> sorted = atoms;
      std::sort(sorted.begin(), sorted.end());
      REQUIRE(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
      REQUIRE(sorted.front() >= 0);
      REQUIRE(sorted.back() < h);
      hits0 += contains(atoms, 0);
      hits01 += contains(atoms, 0) && contains(atoms, 1);
      value_sum += x[0];
    }
    const double q1 = code.support.q_uniform(1).convert_to<double>();
    const double q2 = code.support.q_uniform(2).convert_to<double>();
    CHECK(std::abs(hits0 / double(draws) - q1) < 5 * std::sqrt(q1 * (1 - q1) / draws));
    CHECK(std::abs(hits01 / double(draws) - q2) < 5 * std::sqrt(q2 * (1 - q2) / draws));
    CHECK(std::abs(value_sum / draws - 1.5) < 5 * std::sqrt(1.0 / 12 / draws));
  }

  TEST_CASE("every k-subset is equally likely (chi-square, h = 6, k = 2)") {
    const int h = 6, k = 2, draws = 150000;
    const auto law = SupportLaw::uniform_fixed(h, k);
    std::vector<int> count(h * h, 0);
    int atoms[2];
    for (int s = 0; s < draws; ++s) {
      PhiloxStream st(11, Stream::codes, static_cast<std::uint64_t>(s));
      law.sample(st, atoms);
      ++count[std::min(atoms[0], atoms[1]) * h + std::max(atoms[0], atoms[1])];
    }
    double chi2 = 0;
    const double expected = draws / 15.0;
    for (int i = 0; i < h; ++i)
      for (int j = i + 1; j < h; ++j) chi2 += (count[i * h + j] - expected) * (count[i * h + j] - expected) / expected;
    CHECK(chi2 < 36.12);  // 99.9% quantile, 14 dof
  }

  TEST_CASE("Bernoulli sampler matches per-atom q_i and independence") {
    const std::vector<rational> q{rational(1, 2), rational(1, 10), rational(1, 3), rational(1, 50), rational(1)};
    const CodeModel code{SupportLaw::bernoulli(q), ValueLaw::constant(rational(1))};
    const int draws = 100000;
    std::vector<int> atoms(q.size());
    std::vector<double> x(q.size());
    std::vector<long> hits(q.size(), 0);
    long both02 = 0;
    for (int s = 0; s < draws; ++s) {
      const int size = code.sample(4, static_cast<std::uint64_t>(s), atoms.data(), x.data());
      std::vector<int> got(atoms.begin(), atoms.begin() + size);
      for (std::size_t i = 0; i < q.size(); ++i) hits[i] += contains(got, static_cast<int>(i));
      both02 += contains(got, 0) && contains(got, 2);
    }
    for (std::size_t i = 0; i < q.size(); ++i) {
      const double p = q[i].convert_to<double>();
      CHECK(std::abs(hits[i] / double(draws) - p) <= 5 * std::sqrt(p * (1 - p) / draws) + 1e-12);
    }
    CHECK(std::abs(both02 / double(draws) - 1.0 / 6) < 5 * std::sqrt(1.0 / 6 * 5 / 6 / draws));
  }
}
