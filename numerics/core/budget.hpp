// Memory budget: the one rule by which scae refuses work that would not fit. An estimate is admitted
// when it is at most a share of the installed memory; every refusal names the estimate and the budget
// in the same words ("needs an estimated 5.0 GiB, more than the 3.9 GiB of physical memory").
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

}  // namespace scae
