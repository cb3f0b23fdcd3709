// Covers reports/experiments_section.hpp on a hand-built run (checks/report_fixture.hpp): the JSON
// holds the run's numbers and verdicts, the Markdown carries each experiment with its rule and
// verdict, and the three figures are written with their data and scripts.
#include <doctest/doctest.h>

#include "reports/descent_reference.hpp"
#include "reports/experiments_section.hpp"
#include "checks/report_fixture.hpp"
#include "checks/test_support.hpp"

#include <algorithm>
#include <fstream>
#include <string>

using namespace scae;

namespace {

nlohmann::json experiments_json(const ExperimentsRun& run) { return experiments_record_json(experiments_record(run)); }
// What the report renders: the run's record written and read back.
ExperimentsRecord read_back(const ExperimentsRun& run) { return experiments_record_from_json(experiments_json(run)); }

}  // namespace

TEST_SUITE("experiments_section") {
  TEST_CASE("the JSON holds the run's numbers and verdicts, and no timings") {
    const ExperimentsRun run = scae::testing::hand_built_experiments();
    const nlohmann::json e = experiments_json(run);
    CHECK(!e.contains("seconds"));
    CHECK(e["loss_well"]["curves"].size() == 3);
    CHECK(e["loss_well"]["fit_points"] == 3);
    CHECK(e["loss_well"]["radial_verdict"]["verdict"] == "CONSISTENT");
    CHECK(e["loss_well"]["verdict"]["summary"] == "A*^T is at the bottom along every line");
    CHECK(!e["loss_well"].contains("descent_verdict"));  // no descent line in this run
    CHECK(e["descent"]["runs"][0]["max_distance"] == nlohmann::json({1, 0.5, 0.1}));
    CHECK(e["gradient_norms"]["points"][1]["corrected"] == 0.1);
    CHECK(e["gradient_norms"]["verdict"]["summary"] == "small near A*");
  }

  TEST_CASE("the section's Markdown and figures") {
    const nlohmann::json e = experiments_json(scae::testing::hand_built_experiments());
    const ExperimentsRecord record = experiments_record_from_json(e);
    const std::string md = experiments_markdown(record);
    for (const char* part : {"## The paper's experiments, reproduced", "### The loss well", "### Gradient descent from far away",
                             "### Gradient norm against the distance to A*", "experiments_loss_well.svg",
                             "experiments_descent.svg", "experiments_gradient_norms.svg"})
      CHECK(md.find(part) != std::string::npos);
    CHECK(md.find("Verdict on \"A* sits at the bottom of a well\" (every line above): **CONSISTENT**") != std::string::npos);
    CHECK(md.find("A*ᵀ is at the bottom of every line measured.") != std::string::npos);
    CHECK(md.find("Along the radial direction W = (1 + t) A*ᵀ: A*ᵀ is its grid minimum.") != std::string::npos);
    // Each experiment states its rule; the descent's threshold is one constant, the same for every start.
    CHECK(md.find("Rule: a line has A*ᵀ at its bottom") != std::string::npos);
    CHECK(md.find("Rule, the same for every start: CONSISTENT when the final max_i ‖W_i − A*_i‖ ≤ 0.25") != std::string::npos);
    CHECK(md.find("Rule: CONSISTENT when every point at the smallest δ") != std::string::npos);
    for (const auto& run : e["descent"]["runs"]) CHECK(md.find(run["behaviour"].get<std::string>()) != std::string::npos);
    const scae::testing::TempDir dir("experiments");
    write_experiment_figures(dir.path, record);
    std::vector<std::string> files = dir.entries();
    std::sort(files.begin(), files.end());
    CHECK(files == std::vector<std::string>{"experiments_descent.dat", "experiments_descent.gp", "experiments_descent.svg",
                                            "experiments_gradient_norms.dat", "experiments_gradient_norms.gp",
                                            "experiments_gradient_norms.svg", "experiments_loss_well.dat",
                                            "experiments_loss_well.gp", "experiments_loss_well.svg"});
  }

  TEST_CASE("the loss-well picture's data file holds the radial and the descent (gradient) directions beside the random ones") {
    ExperimentsRun run = scae::testing::hand_built_experiments();
    LossCurve descent = run.loss_well.curves.back();
    descent.direction = "descent";
    run.loss_well.curves.push_back(descent);
    const scae::testing::TempDir dir("well-picture");
    write_experiment_figures(dir.path, read_back(run));
    std::ifstream in(dir.path / "experiments_loss_well.dat");
    std::string header;
    std::getline(in, header);
    for (const char* column : {"random_0", "radial", "descent"}) CHECK(header.find(column) != std::string::npos);
    // Without the descent line the file says so by its absence (the check can fail).
    const scae::testing::TempDir plain("well-plain");
    write_experiment_figures(plain.path, read_back(scae::testing::hand_built_experiments()));
    std::ifstream in_plain(plain.path / "experiments_loss_well.dat");
    std::getline(in_plain, header);
    CHECK(header.find("descent") == std::string::npos);
  }

  TEST_CASE("descent's end points against W°: the fields, and the refusal said where W° is not computed") {
    ExperimentsRun run = scae::testing::hand_built_experiments();
    run.reference = {true, 0.2, 1e-12, true, "W°: Newton-CG from (1 + t*) A*^T"};
    run.descent.runs.front().to_reference = {0.5, 0.125, 0.99, 0.995};
    nlohmann::json e = experiments_json(run);
    const auto& c = e["descent_critical_point"];
    CHECK(c["runs"][0]["to_critical_point"]["frobenius"] == 0.5);
    CHECK(c["runs"][0]["to_critical_point"]["max_row_distance"] == 0.125);
    CHECK(c["runs"][0]["to_critical_point"]["min_cosine"] == 0.99);
    std::string md = experiments_markdown(experiments_record_from_json(e));
    CHECK(md.find("| min cos(W_i, W°_i) |") != std::string::npos);
    CHECK(md.find("| 0.125 |") != std::string::npos);
    run.reference = {false, 0, 0, false, "W° not computed: support recovery is not certified at W = A*^T"};
    md = experiments_markdown(read_back(run));
    CHECK(md.find("W° not computed: support recovery is not certified at W = A*^T: the end points are compared with A*ᵀ only.") !=
          std::string::npos);
    CHECK(md.find("| min cos(W_i, W°_i) |") == std::string::npos);
  }

  TEST_CASE("the summary's sentence on where the minimum is: t* in units of the point's δ, descent's distance to W°") {
    ExperimentsRun run = scae::testing::hand_built_experiments();
    run.reference = {true, 0.2, 1e-12, true, "W°: Newton-CG from (1 + t*) A*^T"};
    run.descent.runs.front().to_reference = {0.5, 0.125, 0.99, 0.995};
    const DescentReferenceRecord c = *read_back(run).critical_point;
    const std::string s = critical_point_sentence(c, 0.02);
    CHECK(s.find("t* = 0.2 = 10 δ") != std::string::npos);
    CHECK(s.find("within 0.125 of W°") != std::string::npos);
    CHECK(critical_point_sentence(c, 0.04).find("= 10 δ") == std::string::npos);  // another δ, another multiple
    run.reference = {false, 0, 0, false, "W° not computed: support recovery is not certified at W = A*^T"};
    CHECK(critical_point_sentence(*read_back(run).critical_point, 0.02).empty());
  }

  TEST_CASE("a changed verdict is rendered as it stands in the run") {
    ExperimentsRun run = scae::testing::hand_built_experiments();
    run.descent.verdict.outcome = Outcome::inconsistent;
    run.descent.verdict.summary = "one start stalled";
    run.norms_verdict.outcome = Outcome::inconclusive;
    const std::string md = experiments_markdown(read_back(run));
    CHECK(md.find("ends up columnwise close to A*\": **INCONSISTENT** (one start stalled; scae's choices, not the paper's") !=
          std::string::npos);
    CHECK(md.find("average gradient norm is small\": **INCONCLUSIVE**") != std::string::npos);
  }

  TEST_CASE("the loss-well sentences follow the numbers: a radial fall is said, and never 'at the bottom' beside it") {
    ExperimentsRun run = scae::testing::hand_built_experiments();
    LossCurve& radial = run.loss_well.curves.back();
    radial.argmin = 3;
    radial.argmin_t = 0.5;
    radial.fit_vertex = 0.4;
    radial.gap = {-0.2, 0.01};  // below 0 beyond its interval: a fall
    radial.outcome = Outcome::inconclusive;
    run.well_verdict.outcome = Outcome::inconclusive;
    std::string md = experiments_markdown(read_back(run));
    CHECK(md.find("the loss falls from A*ᵀ, to its grid minimum at t = 0.5 (quadratic-fit vertex 0.4") != std::string::npos);
    CHECK(md.find("against ε/3 = 0.1 for the median bias") != std::string::npos);  // median ε 0.3 of the fixture
    CHECK(md.find("A*ᵀ is at the bottom of every line measured") == std::string::npos);
    CHECK(md.find("A*ᵀ is not shown to be the bottom of a well.") != std::string::npos);
    CHECK(md.find("| radial |") != std::string::npos);
    CHECK(md.find("| INCONSISTENT |") == std::string::npos);  // no row says more than the verdict
    // A minimum off 0 whose gap does not tell it from L(0) is not called a fall.
    run.loss_well.curves.back().gap = {-0.005, 0.01};
    md = experiments_markdown(read_back(run));
    CHECK(md.find("the loss falls from A*ᵀ") == std::string::npos);
    CHECK(md.find("does not tell it from L(0)") != std::string::npos);
  }

  TEST_CASE("the descent's verdict states scae's choices beside it") {
    const ExperimentsRecord e = read_back(scae::testing::hand_built_experiments());
    const std::string md = experiments_markdown(e);
    CHECK(md.find("**CONSISTENT** (every start ends close to A*; scae's choices, not the paper's: step size η = 0.5") !=
          std::string::npos);
    CHECK(descent_choices(e.descent).find("2 steps, the regime's bias held fixed (median ε = 0.3)") != std::string::npos);
  }

  TEST_CASE("the change-of-scale sentence only where every row points along its atom and the length explains the distance") {
    ExperimentsRun run = scae::testing::hand_built_experiments();
    DescentRun& r = run.descent.runs.front();
    r.final_mean_norm = 1.1;  // mean distance 0.08 at the end: a length 0.1 off 1 explains it
    std::string md = experiments_markdown(read_back(run));
    CHECK(md.find("most of what remains of the distance is a change of scale") != std::string::npos);
    r.final_mean_norm = 1;  // the fixture's unit length: the distance is not a change of scale
    md = experiments_markdown(read_back(run));
    CHECK(md.find("change of scale") == std::string::npos);
    r.final_mean_norm = 1.1;
    r.final_min_cosine = 0.99;  // a row off its atom's direction
    md = experiments_markdown(read_back(run));
    CHECK(md.find("change of scale") == std::string::npos);
  }

  TEST_CASE("the gradient-norm sentences follow the numbers: 'smaller near A*' and 'small' only when they are") {
    ExperimentsRun run = scae::testing::hand_built_experiments();  // 0.02 q_1 m2 at δ = 0, 0.2 at δ = 0.1
    std::string md = experiments_markdown(read_back(run));
    CHECK(md.find("the gradient is smaller near A*, and small compared with q_1 m2.") != std::string::npos);
    run.gradient_norms.points[0].corrected = 0.3;  // 0.6 q_1 m2 at δ = 0, above the 0.2 at δ = 0.1
    md = experiments_markdown(read_back(run));
    CHECK(md.find("the gradient is smaller near A*") == std::string::npos);
    CHECK(md.find("the gradient is not smaller near A* than farther away, and near A* it is not small") != std::string::npos);
  }
}
