#include "budget.hpp"

#include <doctest/doctest.h>

TEST_SUITE("budget") {
  TEST_CASE("memory: admits up to its share of the physical memory, refuses above it with the estimate and the model") {
    const scae::MemoryBudget whole, half{0.5};
    const std::uint64_t have = scae::physical_memory_bytes();
    CHECK(whole.admits(have));
    CHECK_FALSE(whole.admits(have + 1));
    CHECK(half.admits(have / 2 - 1));
    CHECK_FALSE(half.admits(have / 2 + 4096));
    CHECK(whole.refusal(3ull << 30, "MODEL") == "needs an estimated 3.0 GiB (MODEL), more than the " + scae::gib_text(have) + " of physical memory");
    CHECK(half.refusal(3ull << 30) == "needs an estimated 3.0 GiB, more than 0.5 of the " + scae::gib_text(have) + " of physical memory");
  }

  TEST_CASE("time: admits up to --max-hours, refuses above it with the estimate, threads, model and limit") {
    const scae::TimeBudget one_hour{1};
    CHECK(one_hour.admits(3600));
    CHECK_FALSE(one_hour.admits(3600.5));
    CHECK(one_hour.refusal(9000, 2, "MODEL") == "an estimated 2.5 hours with 2 threads (MODEL), above the limit of 1 hours");
    CHECK(scae::TimeBudget{1e-9}.refusal(0.048, 1) == "an estimated 1.33e-05 hours with 1 threads, above the limit of 1e-09 hours");
    CHECK(scae::TimeBudget::hours_text(5400) == "1.5");
  }
}
