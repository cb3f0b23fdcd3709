// Covers numerics/core/budget.hpp: the one resource gate (memory and time), --max-memory sizes.
#include "numerics/core/budget.hpp"

#include <doctest/doctest.h>

namespace {
// Restores the process-wide memory limit when a test case ends.
struct LimitGuard {
  ~LimitGuard() { scae::set_memory_limit(0); }
};
}  // namespace

TEST_SUITE("budget") {
  TEST_CASE("memory: admits up to its share of the physical memory, refuses above it with the estimate and the model") {
    const scae::MemoryBudget whole, half{0.5};
    const std::uint64_t have = scae::physical_memory_bytes();
    CHECK(scae::memory_limit_bytes() == have);
    CHECK(whole.admits(have));
    CHECK_FALSE(whole.admits(have + 1));
    CHECK(half.admits(have / 2 - 1));
    CHECK_FALSE(half.admits(have / 2 + 4096));
    CHECK(whole.refusal(3ull << 30, "MODEL") == "needs an estimated 3.0 GiB (MODEL), more than the " + scae::size_text(have) + " of physical memory");
    CHECK(half.refusal(3ull << 30) == "needs an estimated 3.0 GiB, more than 0.5 of the " + scae::size_text(have) + " of physical memory");
  }

  TEST_CASE("memory: --max-memory replaces the physical memory in every budget and in the wording") {
    const LimitGuard restore;
    scae::set_memory_limit(512ull << 20);
    CHECK(scae::memory_limit_bytes() == 512ull << 20);
    CHECK(scae::MemoryBudget{}.admits(512ull << 20));
    CHECK_FALSE(scae::MemoryBudget{}.admits((512ull << 20) + 1));
    CHECK(scae::MemoryBudget{0.5}.bytes() == 256ull << 20);
    CHECK(scae::MemoryBudget{}.refusal(600ull << 20, "MODEL") == "needs an estimated 600 MiB (MODEL), more than the 512 MiB of --max-memory");
    CHECK(scae::MemoryBudget{}.accepted() == "at most 512 MiB");
    scae::set_memory_limit(0);
    CHECK(scae::memory_limit_bytes() == scae::physical_memory_bytes());
  }

  TEST_CASE("require: one exception type and one message shape for memory and time") {
    const LimitGuard restore;
    scae::set_memory_limit(1ull << 30);
    CHECK_NOTHROW(scae::MemoryBudget{}.require(1ull << 30, "SUBJECT", "MODEL", "ACCEPTED"));
    CHECK_THROWS_WITH_AS(scae::MemoryBudget{}.require((1ull << 30) + (1ull << 29), "SUBJECT", "MODEL", "ACCEPTED"),
                         "SUBJECT needs an estimated 1.5 GiB (MODEL), more than the 1.0 GiB of --max-memory; accepted: ACCEPTED",
                         scae::ResourceRefusal);
    CHECK_NOTHROW(scae::TimeBudget{1}.require(3600, 2, "SUBJECT", "MODEL", "ACCEPTED"));
    CHECK_THROWS_WITH_AS(scae::TimeBudget{1}.require(9000, 2, "SUBJECT", "MODEL", "ACCEPTED"),
                         "SUBJECT takes an estimated 2.5 hours with 2 threads (MODEL), above the limit of 1 hours; accepted: ACCEPTED",
                         scae::ResourceRefusal);
    CHECK(scae::TimeBudget{}.max_hours == scae::default_max_hours);
  }

  TEST_CASE("time: admits up to --max-hours, refuses above it with the estimate, threads, model and limit") {
    const scae::TimeBudget one_hour{1};
    CHECK(one_hour.admits(3600));
    CHECK_FALSE(one_hour.admits(3600.5));
    CHECK(one_hour.refusal(9000, 2, "MODEL") == "an estimated 2.5 hours with 2 threads (MODEL), above the limit of 1 hours");
    CHECK(scae::TimeBudget{1e-9}.refusal(0.048, 1) == "an estimated 1.33e-05 hours with 1 threads, above the limit of 1e-09 hours");
    CHECK(scae::TimeBudget::hours_text(5400) == "1.5");
  }

  TEST_CASE("sizes: --max-memory's forms, and a message naming them for anything else") {
    CHECK(scae::parse_memory_size("2GiB") == 2ull << 30);
    CHECK(scae::parse_memory_size("500MiB") == 500ull << 20);
    CHECK(scae::parse_memory_size("1.5 GiB") == 3ull << 29);
    CHECK(scae::parse_memory_size("3GB") == 3'000'000'000ull);
    CHECK(scae::parse_memory_size("1048576B") == 1ull << 20);
    CHECK(scae::parse_memory_size("1TiB") == 1ull << 40);
    for (const char* bad : {"", "2", "2G", "2 gib", "-1GiB", "0MiB", "1KiB", "nanGiB", "infGiB", "0x10GiB", "2GiB ", "GiB", "1e30TB"}) {
      CAPTURE(bad);
      CHECK_THROWS_WITH_AS(scae::parse_memory_size(bad),
                           doctest::Contains("is not a memory size; accepted: a number of at least 1 MiB with a unit B, KiB, MiB, GiB, TiB"),
                           std::invalid_argument);
    }
    CHECK(scae::size_text(315ull << 20) == "315 MiB");
    CHECK(scae::size_text((315ull << 20) + 1) == "316 MiB");  // rounded up: an estimate is never shown smaller
    CHECK(scae::size_text(3ull << 30) == "3.0 GiB");
  }
}
