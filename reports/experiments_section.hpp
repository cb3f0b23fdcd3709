// The report section "The paper's experiments, reproduced" (docs/theory.md §2 item 3): the loss well
// (theory/loss_well.hpp), gradient descent from far away (theory/gradient_descent.hpp) and the
// gradient norm against the distance δ (theory/gradient_norms.hpp) on a regime's instance. The
// JSON holds every number and is identical for any thread count, apart from "seconds" (wall time
// per experiment), which report.cpp moves into the report's "context". The Markdown and the three
// figures (gnuplot, reports/figure.hpp) are generated from that JSON only.
#pragma once

#include "gradient_descent.hpp"
#include "gradient_norms.hpp"
#include "loss_well.hpp"
#include "regime.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace scae {

struct ExperimentOptions {
  LossWellOptions well;
  DescentOptions descent;
  GradientNormOptions norms;
};

// The defaults of each experiment with the instance's Monte Carlo seed and confidence, and `threads`.
ExperimentOptions experiment_options(const Instance& instance, int threads);

nlohmann::json experiments_json(const Instance& instance, const ExperimentOptions& options);
// The gradient-norm experiment's verdict: the corrected mean row norm at the smallest δ against
// 0.1 q_1 m2; INCONCLUSIVE instead of INCONSISTENT when the regime's bias alone (bias_form, the mean
// of ε (2 m1 − ε) / m2) is above that threshold.
Verdict norms_verdict(const GradientNorms& g, const GradientNormOptions& o, double bias_form);
// Markdown of the section (heading included); figures are referred to by file name.
std::string experiments_markdown(const nlohmann::json& experiments);
// Writes experiments_loss_well, experiments_descent and experiments_gradient_norms (.dat/.gp/.svg) into dir.
void write_experiment_figures(const std::filesystem::path& dir, const nlohmann::json& experiments);

}  // namespace scae
