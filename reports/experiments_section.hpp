// The report section "The paper's experiments, reproduced", rendered from a computed run
// (runs/experiments_run.hpp): the loss well, gradient descent from far away and the gradient norm
// against the distance δ. The JSON (runs/experiments_record's keys) holds every number and is
// identical for any thread count (the timings stay in the run, for the report's "context"). The
// Markdown and the three figures (gnuplot, reports/figure.hpp) are generated from that JSON only,
// read back as an ExperimentsRecord.
#pragma once

#include "runs/experiments_record.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace scae {

// The choices scae made for the gradient-descent experiment, in one clause to print beside its
// verdict: "scae's choices: step size η = …, … steps, the regime's bias held fixed (median ε …)".
std::string descent_choices(const DescentRecord& descent);
// Markdown of the section (heading included); figures are referred to by file name.
std::string experiments_markdown(const ExperimentsRecord& experiments);
// Writes experiments_loss_well, experiments_descent and experiments_gradient_norms (.dat/.gp/.svg) into dir.
void write_experiment_figures(const std::filesystem::path& dir, const ExperimentsRecord& experiments);

}  // namespace scae
