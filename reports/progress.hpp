// A progress bar with ETA on stderr for long runs, drawn only by rank 0 and only when stderr is a
// terminal (quiet in pipes, logs and CTest). The ETA assumes the remaining steps cost what the
// finished ones did, in the weights the caller gives (e.g. h² per sweep point).
#pragma once

#include <chrono>
#include <string>

namespace scae {

class Progress {
public:
  // `shown` = false keeps it quiet (e.g. inside a run that draws its own bar).
  Progress(std::string label, double total_weight, bool shown = true);
  ~Progress();  // clears the line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Announces the step about to run (shown next to the bar).
  void step(const std::string& what);
  // Marks `weight` of the work done.
  void advance(double weight);

private:
  void draw() const;
  std::string label_, current_;
  double total_, done_ = 0;
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace scae
