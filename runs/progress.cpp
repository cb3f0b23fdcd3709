#include "runs/progress.hpp"

#include "numerics/core/distributed.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <utility>

namespace scae {

namespace {
std::atomic<bool> progress_silenced{false};
}  // namespace

void silence_progress() { progress_silenced = true; }

Progress::Progress(std::string label, double total_weight, bool shown)
    : label_(std::move(label)), total_(std::max(total_weight, 1e-300)),
      mode_(!shown || progress_silenced || !is_root_process() ? Mode::quiet
            : isatty(STDERR_FILENO) == 1                      ? Mode::bar
                                                              : Mode::lines),
      start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() {
  if (mode_ == Mode::bar) std::fprintf(stderr, "\r\033[2K");
}

double Progress::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::step(const std::string& what) {
  current_ = what;
  if (mode_ == Mode::lines) {
    std::fprintf(stderr, "%s: %s (%.0f%% done, %.0f s)\n", label_.c_str(), what.c_str(), 100 * done_ / total_, elapsed_seconds());
    std::fflush(stderr);
  }
  draw();
}

void Progress::advance(double weight) {
  done_ = std::min(total_, done_ + weight);
  draw();
}

void Progress::draw() const {
  if (mode_ != Mode::bar) return;
  constexpr int width = 30;
  const double fraction = done_ / total_;
  const int filled = static_cast<int>(fraction * width);
  char eta[32] = "ETA --";
  if (done_ > 0) std::snprintf(eta, sizeof eta, "ETA %.0f s", elapsed_seconds() * (total_ - done_) / done_);
  std::fprintf(stderr, "\r\033[2K%s [%s%s] %3.0f%% %s  %s", label_.c_str(), std::string(static_cast<std::size_t>(filled), '#').c_str(),
               std::string(static_cast<std::size_t>(width - filled), '.').c_str(), 100 * fraction, eta, current_.c_str());
  std::fflush(stderr);
}

}  // namespace scae
