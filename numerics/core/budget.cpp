#include "budget.hpp"

#include <unistd.h>

#include <cstdio>
#include <limits>

namespace scae {

std::uint64_t physical_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return std::numeric_limits<std::uint64_t>::max();
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
}

std::string gib_text(std::uint64_t bytes) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f GiB", static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0));
  return buffer;
}

std::uint64_t MemoryBudget::bytes() const {
  const std::uint64_t have = physical_memory_bytes();
  if (share >= 1) return have;
  return static_cast<std::uint64_t>(share * static_cast<double>(have));
}

std::string MemoryBudget::refusal(std::uint64_t need, const std::string& model) const {
  std::string text = "needs an estimated " + gib_text(need);
  if (!model.empty()) text += " (" + model + ")";
  text += ", more than ";
  if (share < 1) {
    char fraction[32];
    std::snprintf(fraction, sizeof fraction, "%g", share);
    text += std::string(fraction) + " of ";
  }
  return text + "the " + gib_text(physical_memory_bytes()) + " of physical memory";
}

std::string MemoryBudget::accepted() const { return "at most " + gib_text(bytes()); }

std::string TimeBudget::hours_text(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", seconds / 3600);
  return buffer;
}

std::string TimeBudget::refusal(double seconds, int threads, const std::string& model) const {
  char limit[32];
  std::snprintf(limit, sizeof limit, "%.3g", max_hours);
  return "an estimated " + hours_text(seconds) + " hours with " + std::to_string(threads) + " threads" +
         (model.empty() ? "" : " (" + model + ")") + ", above the limit of " + limit + " hours";
}

}  // namespace scae
