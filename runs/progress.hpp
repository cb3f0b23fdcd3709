// Progress of long runs on stderr, written only by rank 0: on a terminal a bar with an ETA, else
// (pipes, logs, CTest) one line per step, as CMake and CTest print theirs; nothing at all after
// silence_progress() (`--quiet`). The ETA assumes the remaining steps cost what the finished ones
// did, in the weights the caller gives (e.g. h² per sweep point).
#pragma once

#include <chrono>
#include <string>

namespace scae {

// Silences every Progress of the process from now on.
void silence_progress();

class Progress {
public:
  // `shown` = false keeps it quiet (e.g. inside a run that draws its own bar).
  Progress(std::string label, double total_weight, bool shown = true);
  ~Progress();  // clears the bar
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Announces the step about to run (next to the bar, or on a line of its own).
  void step(const std::string& what);
  // Marks `weight` of the work done.
  void advance(double weight);

private:
  enum class Mode { quiet, bar, lines };
  void draw() const;
  double elapsed_seconds() const;
  std::string label_, current_;
  double total_, done_ = 0;
  Mode mode_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace scae
