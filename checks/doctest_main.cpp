// Test driver: prints the random seed of the run (SCAE_TEST_SEED, default 1) so any failure can
// be replayed, and scales randomized iteration counts by SCAE_TEST_DEPTH (default 1).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "test_support.hpp"

#include <cstdio>
#include <cstdlib>

namespace scae::testing {
std::uint64_t seed() {
  const char* text = std::getenv("SCAE_TEST_SEED");
  return text ? std::strtoull(text, nullptr, 10) : 1;
}
int depth() {
  const char* text = std::getenv("SCAE_TEST_DEPTH");
  const int d = text ? std::atoi(text) : 1;
  return d > 0 ? d : 1;
}
}  // namespace scae::testing

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  const int result = context.run();
  if (!context.shouldExit() && result != 0)
    std::fprintf(stderr, "replay with SCAE_TEST_SEED=%llu\n", static_cast<unsigned long long>(scae::testing::seed()));
  return result;
}
