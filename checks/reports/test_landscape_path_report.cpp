// Covers reports/landscape_path_report.hpp on hand-built sweep points: the table's t*/δ column and
// verdicts come from each point's PathLandscape, the sentence states the measured numbers and which side
// of the δ-ball the critical point lies, and the figure's data file holds the distance in units of δ.
#include <doctest/doctest.h>

#include "reports/landscape_path_report.hpp"
#include "checks/test_support.hpp"

#include <cmath>
#include <fstream>
#include <string>

using namespace scae;

namespace {

SweepPointResult point(int h, double delta, double t, double distance, LandscapeSearch method) {
  SweepPointResult p;
  p.point.h = h;
  p.main.eps_median = 3 * t;
  PathLandscape& l = p.landscape;
  l.method = method;
  l.delta = delta;
  l.t = t;
  l.t_over_delta = t / delta;
  l.distance = distance;
  l.distance_over_delta = distance / delta;
  l.ratio = 1e-11;
  l.converged = true;
  l.recovery_there = Outcome::proven;
  if (method == LandscapeSearch::newton_cg) {
    l.local_minimum = Outcome::undecided;
    l.critical_point_in_delta_ball = Outcome::refuted;
  }
  l.lambda = NAN;
  l.memory_bytes = 1000;
  return p;
}

std::vector<SweepPointResult> sweep() {
  std::vector<SweepPointResult> s{point(256, 0.0625, 0.25, 0.25, LandscapeSearch::newton_cg), point(1024, 0.015625, 0.125, 0.125, LandscapeSearch::radial_root)};
  SweepPointResult skipped = point(4096, 0.0078125, 0, 0, LandscapeSearch::not_computed);
  skipped.landscape.t = skipped.landscape.t_over_delta = skipped.landscape.distance_over_delta = NAN;
  s.push_back(skipped);
  return s;
}

}  // namespace

TEST_SUITE("landscape_path_report") {
  TEST_CASE("the table and the sentence carry t*/δ and the verdicts of each computed point") {
    const std::string md = landscape_path_markdown(sweep());
    CHECK(md.find("### The critical point along the path") != std::string::npos);
    CHECK(md.find("| t*/δ |") != std::string::npos);
    CHECK(md.find("| Newton-CG | 0.25 | 4 | 4 |") != std::string::npos);
    CHECK(md.find("| radial root | 0.125 | 8 | 8 |") != std::string::npos);
    CHECK(md.find("| not computed | – | – | – |") != std::string::npos);
    CHECK(md.find("UNDECIDED | REFUTED") != std::string::npos);
    const std::string sentence = landscape_path_sentence(sweep());
    CHECK(sentence.find("t* = 0.25 (h = 256) to 0.125 (h = 1024)") != std::string::npos);
    CHECK(sentence.find("At every computed point it lies outside the δ-ball of Theorem 3.2.") != std::string::npos);
    // A critical point inside the ball is said so, not "outside".
    std::vector<SweepPointResult> inside = sweep();
    for (auto& p : inside)
      if (std::isfinite(p.landscape.distance_over_delta)) p.landscape.distance_over_delta = 0.5;
    CHECK(landscape_path_sentence(inside).find("At every computed point it lies inside the δ-ball") != std::string::npos);
    const std::vector<SweepPointResult> none{sweep()[2]};
    CHECK(landscape_path_markdown(none).empty());
  }

  TEST_CASE("the figure's data file holds h and the distance in units of δ of the computed points") {
    const scae::testing::TempDir dir("landscape-path");
    write_landscape_path_figure(dir.path, sweep());
    std::ifstream in(dir.path / "landscape_path.dat");
    std::string header, first, second, third;
    std::getline(in, header);
    CHECK(header.find("distance_over_delta") != std::string::npos);
    CHECK(header.find("radial_root_over_delta") != std::string::npos);
    std::getline(in, first);
    std::getline(in, second);
    CHECK(first == "256 4 4 0.25 0.0625");
    CHECK(second == "1024 8 8 0.125 0.015625");
    CHECK(!std::getline(in, third));  // the point not computed is not drawn
  }
}
