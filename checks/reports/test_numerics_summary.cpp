// Covers reports/numerics_summary.hpp: `scae summary`'s text rendered from a summary record (a
// report run built by hand), numbers as its JSON writes them, and the text of `numerics_summary_output`
// equal to the rendering of the record its JSON reads back to.
#include <doctest/doctest.h>

#include "reports/numerics_summary.hpp"
#include "checks/report_fixture.hpp"

#include <cmath>
#include <string>

using namespace scae;

TEST_SUITE("numerics_summary") {
  TEST_CASE("the summary text is rendered from the record, the midpoint of each enclosure and the numbers as written") {
    const ReportRun run = scae::testing::hand_built_report_run();
    NumericsSummaryRecord record = numerics_summary_record(run.regime, run.numerics, build_info());
    const std::string text = format_numerics_summary(record);
    CHECK(text.find("regime hand: n = 4, h = 4, k = 2, values in [1, 2], m1 = 3/2, m2 = 7/3\n") != std::string::npos);
    CHECK(text.find("coherence mu/sqrt(n) = 0.5 certified in [0.4") != std::string::npos);
    CHECK(text.find("support recovery rate 1.0 in [0.99, 1.0] (95 %)") != std::string::npos);
    CHECK(text.find("max 0.02 (row 0, +- 0.02 at 95 %)") != std::string::npos);
    CHECK(text == numerics_summary_output(run.regime, run.numerics, false));
    // A halfwidth that is not finite reads as the JSON writes it, not as a number.
    record.monte_carlo.loss.halfwidth = NAN;
    CHECK(format_numerics_summary(record).find("E[L] = 1.0 +- null (95 %)") != std::string::npos);
    record.regime.support = SupportLaw::Kind::bernoulli;  // deliberately a Bernoulli law: its q range, never k
    record.regime.q_range = std::pair{"1/2", "1/2"};
    record.regime.expected_support = "2";
    CHECK(format_numerics_summary(record).find("h = 4, Bernoulli, q = 0.5, expected support 2, values") != std::string::npos);
  }
}
