// Memory and time budgets: the one rule by which scae refuses work that would not fit or would take
// too long. A memory estimate is admitted when it is at most a share of the installed memory, a time
// estimate when it is at most --max-hours; every refusal names the estimate, its model and the limit
// in the same words ("needs an estimated 5.0 GiB (MODEL), more than the 3.9 GiB of physical memory",
// "takes an estimated 2.5 hours with 2 threads (MODEL), above the limit of 1 hours")..
#pragma once

#include <cstdint>
#include <string>

namespace scae {

// Installed RAM; the largest std::uint64_t when sysconf cannot tell (then nothing is refused).
std::uint64_t physical_memory_bytes();
std::string gib_text(std::uint64_t bytes);  // "1.5 GiB"

struct MemoryBudget {
  double share = 1;  // of the physical memory, in (0, 1]
  std::uint64_t bytes() const;
  bool admits(std::uint64_t need) const { return need <= bytes(); }
  // "needs an estimated N GiB (MODEL), more than the M GiB of physical memory" (MODEL left out when
  // empty; "more than S of the M GiB" when the share is below 1).
  std::string refusal(std::uint64_t need, const std::string& model = "") const;
  // "at most M GiB": for the accepted range of a refusal.
  std::string accepted() const;
};

struct TimeBudget {
  double max_hours = 24;  // --max-hours, in (0, 1e6]
  bool admits(double seconds) const { return seconds <= max_hours * 3600; }
  // "an estimated H hours with T threads (MODEL), above the limit of M hours" (MODEL left out when
  // empty; three significant digits), after the caller's "takes".
  std::string refusal(double seconds, int threads, const std::string& model = "") const;
  // Hours in three significant digits, for an accepted range.
  static std::string hours_text(double seconds);
};

}  // namespace scae
