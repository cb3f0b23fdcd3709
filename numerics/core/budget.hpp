// The one resource gate: the rule by which scae refuses work that would not fit in memory or would
// take too long, with one exception type and one message shape. A memory estimate is admitted when
// it is at most a share of the memory limit (--max-memory, else the installed memory), a time
// estimate when it is at most --max-hours; a refusal reads
//   "SUBJECT needs an estimated 5.0 GiB (MODEL), more than the 3.9 GiB of physical memory; accepted: …"
//   "SUBJECT takes an estimated 2.5 hours with 2 threads (MODEL), above the limit of 1 hours; accepted: …"
// and is thrown as a ResourceRefusal (exit 2: an input the user can change), before any work.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace scae {

// Default of --max-hours.
inline constexpr double default_max_hours = 24;

// The exception of every refusal for memory or time (a std::invalid_argument: exit 2).
struct ResourceRefusal : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// Installed RAM; the largest std::uint64_t when sysconf cannot tell (then nothing is refused).
std::uint64_t physical_memory_bytes();
// The memory limit every budget shares: set_memory_limit's (--max-memory), else physical_memory_bytes.
std::uint64_t memory_limit_bytes();
// Sets the limit for the whole process (cli/main.cpp, once, from --max-memory); 0 restores the default.
void set_memory_limit(std::uint64_t bytes);
// A size as --max-memory takes it: a positive number with a unit B, KiB, MiB, GiB, TiB (powers of
// 1024) or KB, MB, GB, TB (powers of 1000), e.g. "2GiB", "500MiB", "1.5 GB". Throws
// std::invalid_argument naming the accepted forms for anything else or below 1 MiB.
std::uint64_t parse_memory_size(const std::string& text);
std::string size_text(std::uint64_t bytes);  // "1.5 GiB", or "315 MiB" below 1 GiB; rounded up

// Makes GMP, and MPFR and MPFI which allocate through it, throw std::bad_alloc when an allocation
// fails, instead of printing "GNU MP: Cannot allocate memory" and aborting. The exception unwinds
// through their C frames (they carry unwind tables) without running their cleanup: the number being
// computed and any scratch space are lost, so after it the process only reports and exits
// (cli/main.cpp: exit 3). Call once at the start of main, before any other thread exists.
void throw_bad_alloc_from_gmp();

struct MemoryBudget {
  double share = 1;  // of the memory limit, in (0, 1]
  std::uint64_t bytes() const;
  bool admits(std::uint64_t need) const { return need <= bytes(); }
  // "needs an estimated N GiB (MODEL), more than the M GiB of physical memory" (or "of --max-memory";
  // MODEL left out when empty; "more than S of the M GiB" when the share is below 1).
  std::string refusal(std::uint64_t need, const std::string& model = "") const;
  // "at most M GiB": for the accepted range of a refusal.
  std::string accepted() const;
  // Throws ResourceRefusal("SUBJECT " + refusal(need, model) + "; accepted: " + accepted) when need
  // is above bytes().
  void require(std::uint64_t need, const std::string& subject, const std::string& model, const std::string& accepted) const;
};

struct TimeBudget {
  double max_hours = default_max_hours;  // --max-hours, in (0, 1e6]
  bool admits(double seconds) const { return seconds <= max_hours * 3600; }
  // "an estimated H hours with T threads (MODEL), above the limit of M hours" (MODEL left out when
  // empty; three significant digits), after the caller's "takes".
  std::string refusal(double seconds, int threads, const std::string& model = "") const;
  // Throws ResourceRefusal("SUBJECT takes " + refusal(seconds, threads, model) + "; accepted: " +
  // accepted) when seconds are above the limit.
  void require(double seconds, int threads, const std::string& subject, const std::string& model,
               const std::string& accepted) const;
  // Hours in three significant digits, for an accepted range.
  static std::string hours_text(double seconds);
};

}  // namespace scae
