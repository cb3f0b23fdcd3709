#include "progress.hpp"

#include "distributed.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <utility>

namespace scae {

Progress::Progress(std::string label, double total_weight, bool shown)
    : label_(std::move(label)), total_(std::max(total_weight, 1e-300)), enabled_(shown && is_root_process() && isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() {
  if (enabled_) std::fprintf(stderr, "\r\033[2K");
}

void Progress::step(const std::string& what) {
  current_ = what;
  draw();
}

void Progress::advance(double weight) {
  done_ = std::min(total_, done_ + weight);
  draw();
}

void Progress::draw() const {
  if (!enabled_) return;
  constexpr int width = 30;
  const double fraction = done_ / total_;
  const int filled = static_cast<int>(fraction * width);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  char eta[32] = "ETA --";
  if (done_ > 0) std::snprintf(eta, sizeof eta, "ETA %.0f s", elapsed * (total_ - done_) / done_);
  std::fprintf(stderr, "\r\033[2K%s [%s%s] %3.0f%% %s  %s", label_.c_str(), std::string(static_cast<std::size_t>(filled), '#').c_str(),
               std::string(static_cast<std::size_t>(width - filled), '.').c_str(), 100 * fraction, eta, current_.c_str());
  std::fflush(stderr);
}

}  // namespace scae
