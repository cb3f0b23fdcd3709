// Covers numerics/core/philox_stream.hpp: the Philox4x64-10 engine against Random123's published
// known-answer vector, the counter layout (sample index, block) and the derived draws.
#include <doctest/doctest.h>

#include "numerics/core/philox_stream.hpp"

#include <cmath>
#include <vector>

using namespace scae;

TEST_SUITE("philox_stream") {
  TEST_CASE("engine matches Random123's known-answer vector (kat_vectors: philox4x64 10, zero key and counter)") {
    PhiloxStream s(0, 0, 0);
    CHECK(s.next_u64() == 0x16554d9eca36314cULL);
    CHECK(s.next_u64() == 0xdb20fe9d672d0fdcULL);
    CHECK(s.next_u64() == 0xd7e772cee186176bULL);
    CHECK(s.next_u64() == 0x7e68b68aec7ba23bULL);
  }

  TEST_CASE("counter layout: draw d of sample s is word d%4 of Philox(key(seed, stream), {s, d/4, 0, 0})") {
    const std::uint64_t seed = 42, index = 7;
    PhiloxStream s(seed, Stream::codes, index);
    for (int d = 0; d < 4; ++d) s.next_u64();
    const std::uint64_t fifth = s.next_u64();
    r123::Philox4x64 engine;
    const auto block = engine({{index, 1, 0, 0}}, {{seed, static_cast<std::uint64_t>(Stream::codes)}});
    CHECK(fifth == block[0]);
  }

  TEST_CASE("pinned stream: first draws of (seed 42, codes, sample 7) never change") {
    // Values printed by this implementation once the engine KAT above passed; they pin the
    // mapping to doubles and integers so that reports stay reproducible across versions.
    PhiloxStream s(42, Stream::codes, 7);
    const double u = s.uniform01();
    const std::uint64_t b = s.below(1000);
    PhiloxStream again(42, Stream::codes, 7);
    CHECK(again.uniform01() == u);
    CHECK(again.below(1000) == b);
    CHECK(u == 0x1.737fc4a7f321p-2);
    CHECK(b == 139);
  }

  TEST_CASE("streams and samples are independent of each other") {
    PhiloxStream a(1, Stream::codes, 0), b(1, Stream::point, 0), c(1, Stream::codes, 1), d(2, Stream::codes, 0);
    const auto x = a.next_u64();
    CHECK(x != b.next_u64());
    CHECK(x != c.next_u64());
    CHECK(x != d.next_u64());
  }

  TEST_CASE("below(m) is uniform: chi-square over 10 cells") {
    const int cells = 10, draws = 100000;
    std::vector<int> count(cells, 0);
    for (int s = 0; s < draws; ++s) {
      PhiloxStream st(3, Stream::codes, static_cast<std::uint64_t>(s));
      ++count[st.below(cells)];
    }
    double chi2 = 0;
    for (const int c : count) chi2 += (c - draws / cells) * (c - draws / cells) / double(draws / cells);
    CHECK(chi2 < 27.88);  // 99.9% quantile of chi-square with 9 dof
  }

  TEST_CASE("normal draws have mean 0 and variance 1") {
    const int draws = 200000;
    double sum = 0, sq = 0;
    for (int s = 0; s < draws; ++s) {
      PhiloxStream st(5, Stream::dictionary, static_cast<std::uint64_t>(s));
      const double z = st.normal();
      sum += z;
      sq += z * z;
    }
    CHECK(std::abs(sum / draws) < 4.0 / std::sqrt(draws));
    CHECK(std::abs(sq / draws - 1) < 6.0 * std::sqrt(2.0 / draws));
  }
}
