#include "numerics/core/budget.hpp"

#include <gmp.h>
#include <mpfr.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <new>

namespace scae {
namespace {

std::atomic<std::uint64_t> memory_limit{0};  // 0: the physical memory

void* gmp_allocate(std::size_t size) {
  void* p = std::malloc(size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void* gmp_reallocate(void* old, std::size_t, std::size_t size) {
  void* p = std::realloc(old, size);  // on failure `old` is left as it was
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void gmp_free(void* p, std::size_t) { std::free(p); }

}  // namespace

void throw_bad_alloc_from_gmp() {
  mp_set_memory_functions(gmp_allocate, gmp_reallocate, gmp_free);
  mpfr_mp_memory_cleanup();  // MPFR caches GMP's functions on first use: it takes these at its next allocation
}

std::uint64_t physical_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return std::numeric_limits<std::uint64_t>::max();
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
}

std::uint64_t memory_limit_bytes() {
  const std::uint64_t set = memory_limit.load();
  return set == 0 ? physical_memory_bytes() : set;
}

void set_memory_limit(std::uint64_t bytes) { memory_limit.store(bytes); }

std::uint64_t parse_memory_size(const std::string& text) {
  const std::string accepted =
      "'" + text + "' is not a memory size; accepted: a number of at least 1 MiB with a unit B, KiB, MiB, GiB, TiB "
      "(powers of 1024) or KB, MB, GB, TB (powers of 1000), e.g. 2GiB or 500MiB";
  const char* begin = text.c_str();
  char* end = nullptr;
  const double number = std::strtod(begin, &end);
  if (end == begin || !std::isfinite(number) || number <= 0 || text.find_first_of("xXpP") != std::string::npos)
    throw std::invalid_argument(accepted);
  std::string unit(end);
  if (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  static const std::pair<const char*, double> units[] = {
      {"B", 1},           {"KiB", 0x1p10}, {"MiB", 0x1p20}, {"GiB", 0x1p30}, {"TiB", 0x1p40},
      {"KB", 1e3},        {"MB", 1e6},     {"GB", 1e9},     {"TB", 1e12}};
  for (const auto& [name, factor] : units)
    if (unit == name) {
      const double bytes = number * factor;
      if (bytes < 0x1p20 || bytes > 0x1p60) throw std::invalid_argument(accepted);
      return static_cast<std::uint64_t>(bytes);
    }
  throw std::invalid_argument(accepted);
}

std::string size_text(std::uint64_t bytes) {
  char buffer[32];
  const double b = static_cast<double>(bytes);
  if (b < 0x1p30)
    std::snprintf(buffer, sizeof buffer, "%.0f MiB", std::ceil(b / 0x1p20));
  else
    std::snprintf(buffer, sizeof buffer, "%.1f GiB", std::ceil(b / 0x1p30 * 10) / 10);
  return buffer;
}

std::uint64_t MemoryBudget::bytes() const {
  const std::uint64_t have = memory_limit_bytes();
  if (share >= 1) return have;
  return static_cast<std::uint64_t>(share * static_cast<double>(have));
}

std::string MemoryBudget::refusal(std::uint64_t need, const std::string& model) const {
  std::string text = "needs an estimated " + size_text(need);
  if (!model.empty()) text += " (" + model + ")";
  text += ", more than ";
  if (share < 1) {
    char fraction[32];
    std::snprintf(fraction, sizeof fraction, "%g", share);
    text += std::string(fraction) + " of ";
  }
  return text + "the " + size_text(memory_limit_bytes()) + (memory_limit.load() == 0 ? " of physical memory" : " of --max-memory");
}

std::string MemoryBudget::accepted() const { return "at most " + size_text(bytes()); }

void MemoryBudget::require(std::uint64_t need, const std::string& subject, const std::string& model,
                           const std::string& accepted) const {
  if (!admits(need)) throw ResourceRefusal(subject + " " + refusal(need, model) + "; accepted: " + accepted);
}

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

void TimeBudget::require(double seconds, int threads, const std::string& subject, const std::string& model,
                         const std::string& accepted) const {
  if (!admits(seconds)) throw ResourceRefusal(subject + " takes " + refusal(seconds, threads, model) + "; accepted: " + accepted);
}

}  // namespace scae
