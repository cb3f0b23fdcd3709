// Covers reports/negligibility.hpp: the headline answer reads its numbers from report.json's record — the
// certified ratios when recovery is certified, else the Monte Carlo mean — and says whether the
// ratio falls along the path from the sign of the fitted slope. Every generated sentence is given
// numbers under which it must not be printed: the typical and atypical groups, the bias's share,
// B_ball below or above 1 (always naming the oracle gradient), and the contrast series.
#include <doctest/doctest.h>

#include "reports/negligibility.hpp"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

using namespace scae;

namespace {
// A claim's verdict record with its evidence.
VerdictRecord claim(const std::string& id, Outcome outcome, const std::vector<Evidence>& evidence) {
  VerdictRecord record;
  record.id = id;
  record.outcome = outcome;
  record.evidence = evidence;
  return record;
}

// A path's fit of `series`: its slope and its first and last ratios.
SeriesFit fit(const std::string& series, double slope, double first, double last) {
  SeriesFit f;
  f.series = series;
  f.fit.slope = slope;
  f.first_ratio = first;
  f.last_ratio = last;
  return f;
}

// A report with certified rows 0 and 5 (ratios 0.15 and 0.35) and a path whose ratio falls.
ReportRecord certified_report() {
  ReportRecord r;
  r.regime.q1 = "1/100";
  r.regime.m2 = "7/3";
  r.regime.rows_checked = {0, 5};
  r.claims.push_back(claim("gradient.certified_enclosure", Outcome::proven,
                           {{"row 0 |E grad|/(q_i m2)", IntervalEnds{0.1, 0.2}}, {"row 5 |E grad|/(q_i m2)", IntervalEnds{0.3, 0.4}}}));
  r.monte_carlo.gradient_row_norm.mean = 0.7;
  r.bias_form = 0.25;
  r.bias_form_typical = r.bias_form_atypical = std::nan("");
  SweepRecord path;
  path.series = "exact-low";
  path.predicted_slope = -0.3;
  path.bias_term_slope = -0.41;
  path.fit = fit("exact-low", -0.4, 0.5, 0.05);
  path.verdicts.push_back(claim("sweep.slope_matches_bias_term", Outcome::consistent, {}));
  r.asymptotics = path;
  return r;
}
}  // namespace

TEST_SUITE("negligibility") {
  TEST_CASE("certified rows give the range of their midpoints, and a falling fit says it falls") {
    const std::string answer = negligibility_answer(certified_report());
    CHECK(answer.find("0.15–0.35 on the typical rows 0, 5 (certified)") != std::string::npos);
    CHECK(answer.find("it falls, from 0.5 to 0.05 with the bias rule exact-low") != std::string::npos);
    CHECK(answer.find("CONSISTENT") != std::string::npos);
    CHECK(answer.find("against the bias term's -0.41: CONSISTENT") != std::string::npos);
    CHECK(negligibility(certified_report()).find(" 0.15 (row 0) 0.35 (row 5)") != std::string::npos);
  }

  TEST_CASE("without certified recovery the Monte Carlo mean is scaled by q_i m2, and a rising fit does not fall") {
    ReportRecord r = certified_report();
    r.claims[0].outcome = Outcome::undecided;  // deliberately not certified: the rows must not be used
    r.asymptotics->fit->fit.slope = 0.1;
    const std::string answer = negligibility_answer(r);
    CHECK(answer.find("on the checked rows") == std::string::npos);
    CHECK(answer.find("30 (Monte Carlo mean over all rows)") != std::string::npos);  // 0.7 / (7/300)
    CHECK(answer.find("it does not fall") != std::string::npos);
    r.asymptotics.reset();
    CHECK(negligibility_answer(r).find("no [sweep] path was run") != std::string::npos);
  }

  TEST_CASE("typical and atypical rows are stated apart, and the bias's share sentence follows the numbers") {
    ReportRecord r = certified_report();
    r.regime.groups = std::pair{std::vector<int>{0}, std::vector<int>{5}};
    r.has_bias_form_groups = true;
    r.bias_form_typical = 0.16;
    r.bias_form_atypical = 0.25;
    std::string answer = negligibility_answer(r);
    CHECK(answer.find("0.15 on the typical row 0 and 0.35 on the atypical row 5 (certified)") != std::string::npos);
    std::string section = negligibility(r);
    CHECK(section.find("on the typical rows the mean ratio 0.15 is 6.25 % below the bias's own ε(2m1 − ε)/m2 = 0.16: the "
                       "bias, not the incoherence, sets it") != std::string::npos);
    CHECK(section.find("on the atypical rows the mean ratio 0.35 is 40 % above") != std::string::npos);
    CHECK(section.find("statements about the typical rows do not cover them") != std::string::npos);
    // A bias term far from the ratio: the "sets it" sentence must not be printed for that group.
    r.bias_form_typical = 0.01;
    section = negligibility(r);
    CHECK(section.find("on the typical rows the mean ratio 0.15 is 1400 % above") != std::string::npos);
    CHECK(section.find("typical rows the mean ratio 0.15 is 1400 % above the bias's own ε(2m1 − ε)/m2 = 0.01: the bias, not") ==
          std::string::npos);
  }

  TEST_CASE("B_ball names the oracle gradient, says below 1 only when it is, and gives the true-gradient bound") {
    ReportRecord r = certified_report();
    r.claims.push_back(claim("gradient.theorem_3_2_uniform", Outcome::proven,
                                {{"B_ball", IntervalEnds{0.5, 0.5}},
                                 {"B_true", IntervalEnds{0.75, 0.75}},
                                 {"B_true holds by", std::string("the failure bound: B_true = B_ball + P_fail G / (q_i m2)")}}));
    std::string section = negligibility(r);
    CHECK(section.find("B_ball = 0.5 on the oracle (closed-form) gradient") != std::string::npos);
    CHECK(section.find("it is below 1, so the bound alone shows the oracle gradient smaller") != std::string::npos);
    CHECK(section.find("For the true gradient the bound over the ball is B_true = 0.75, by the failure bound") != std::string::npos);
    r.claims[1].evidence[0].value = IntervalEnds{2, 2};
    section = negligibility(r);
    CHECK(section.find("it is below 1") == std::string::npos);
    CHECK(section.find("it is not below 1, so the bound alone does not show the gradient small") != std::string::npos);
  }

  TEST_CASE("the contrast sentence 'needs a bias that shrinks' only when the main series falls faster than the contrast") {
    ReportRecord r = certified_report();
    r.asymptotics->contrast_fit = fit("exact-mid", -0.02, 0.55, 0.54);
    CHECK(negligibility_answer(r).find("it needs a bias that shrinks with h") != std::string::npos);
    r.asymptotics->contrast_fit->fit.slope = -0.6;  // the contrast falls faster: no such conclusion
    CHECK(negligibility_answer(r).find("it needs a bias that shrinks with h") == std::string::npos);
    r.asymptotics->contrast_fit->fit.slope = -0.02;
    r.asymptotics->fit->fit.slope = -0.084;  // falls by its slope, but the ratios rise end to end
    r.asymptotics->fit->last_ratio = 0.6;
    const std::string answer = negligibility_answer(r);
    CHECK(answer.find("it does not fall") != std::string::npos);
    CHECK(answer.find("it needs a bias that shrinks with h") == std::string::npos);
  }
}
