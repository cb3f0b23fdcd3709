// Covers reports/negligibility.hpp: the headline answer reads its numbers from report.json — the
// certified ratios when recovery is certified, else the Monte Carlo mean — and says whether the
// ratio falls along the path from the sign of the fitted slope.
#include <doctest/doctest.h>

#include "negligibility.hpp"

#include <string>

using namespace scae;

namespace {
// A report with certified rows 0 and 5 (ratios 0.15 and 0.35) and a path whose ratio falls.
nlohmann::json certified_report() {
  nlohmann::json r;
  r["regime"] = {{"q1", "1/100"}, {"m2", "7/3"}, {"rows_checked", {0, 5}}};
  r["claims"] = nlohmann::json::array();
  r["claims"].push_back({{"id", "gradient.certified_enclosure"},
                         {"verdict", "PROVEN"},
                         {"evidence",
                          {{{"name", "row 0 |E grad|/(q_i m2)"}, {"value", "[0.1, 0.2]"}},
                           {{"name", "row 5 |E grad|/(q_i m2)"}, {"value", "[0.3, 0.4]"}}}}});
  r["monte_carlo"]["gradient_row_norm"]["mean"] = 0.7;
  r["bias_form"] = 0.25;
  r["asymptotics"] = {{"series", "exact-low"},
                      {"predicted_slope", -0.3},
                      {"fit", {{"slope", -0.4}, {"first_ratio", 0.5}, {"last_ratio", 0.05}}},
                      {"contrast_fit", nullptr},
                      {"verdicts", {{{"id", "sweep.slope_matches_p_minus_xi"}, {"verdict", "CONSISTENT"}}}}};
  return r;
}
}  // namespace

TEST_SUITE("negligibility") {
  TEST_CASE("certified rows give the range of their midpoints, and a falling fit says it falls") {
    const std::string answer = negligibility_answer(certified_report());
    CHECK(answer.find("0.15–0.35 on the checked rows (certified)") != std::string::npos);
    CHECK(answer.find("it falls, from 0.5 to 0.05 with the bias rule exact-low") != std::string::npos);
    CHECK(answer.find("CONSISTENT") != std::string::npos);
    CHECK(negligibility(certified_report()).find(" 0.15 (row 0) 0.35 (row 5)") != std::string::npos);
  }

  TEST_CASE("without certified recovery the Monte Carlo mean is scaled by q_i m2, and a rising fit does not fall") {
    nlohmann::json r = certified_report();
    r["claims"][0]["verdict"] = "UNDECIDED";  // deliberately not certified: the rows must not be used
    r["asymptotics"]["fit"]["slope"] = 0.1;
    const std::string answer = negligibility_answer(r);
    CHECK(answer.find("on the checked rows") == std::string::npos);
    CHECK(answer.find("30 (Monte Carlo mean over rows)") != std::string::npos);  // 0.7 / (7/300)
    CHECK(answer.find("it does not fall") != std::string::npos);
    r.erase("asymptotics");
    CHECK(negligibility_answer(r).find("no [sweep] path was run") != std::string::npos);
  }
}
