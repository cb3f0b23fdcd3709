// Shared by the doctest suites: the run's seed and depth (see doctest_main.cpp).
#pragma once

#include <cstdint>

namespace scae::testing {
std::uint64_t seed();
int depth();
}  // namespace scae::testing
