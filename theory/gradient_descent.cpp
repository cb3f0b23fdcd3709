#include "theory/gradient_descent.hpp"

#include "numerics/core/certified_product.hpp"
#include "numerics/core/distributed.hpp"
#include "theory/expected_gradient.hpp"
#include "numerics/model/near_point.hpp"
#include "theory/sampled_loss.hpp"
#include "theory/support_recovery.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace scae {

namespace {

// Units whose bias lies inside their exact window (each always right, whatever the sample).
Eigen::Index units_inside(const ExactWindows& windows, const VectorXd& eps) {
  Eigen::Index inside = 0;
  for (Eigen::Index j = 0; j < eps.size(); ++j)
    inside += upper(windows.off_max[static_cast<std::size_t>(j)]) <= eps(j) && eps(j) < lower(windows.on_min[static_cast<std::size_t>(j)]);
  return inside;
}

void record(DescentRun& run, const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code,
            const DescentOptions& o) {
  const VectorXd d = (w - a.transpose()).rowwise().norm();
  run.max_distance.push_back(d.maxCoeff());
  run.mean_distance.push_back(d.mean());
  run.min_distance.push_back(d.minCoeff());
  const double at[] = {0.0};
  run.loss.push_back(line_batch_losses(a, w, MatrixXd(), eps, code, at, {o.seed, Stream::codes, 0, o.loss_samples, 1}, o.threads)(0, 0));
}

// A run as text and back, bit for bit (doubles as hexadecimal floats): the form in which
// distribute_tasks hands runs between processes.
std::string run_text(const DescentRun& run) {
  std::ostringstream out;
  const auto number = [&](double x) {
    char text[40];
    std::snprintf(text, sizeof text, "%a ", x);
    out << text;
  };
  const auto numbers = [&](const std::vector<double>& v) {
    out << v.size() << " ";
    for (const double x : v) number(x);
  };
  number(run.start_distance);
  numbers(run.max_distance);
  numbers(run.mean_distance);
  numbers(run.min_distance);
  numbers(run.loss);
  out << run.exact.size() << " ";
  for (const bool e : run.exact) out << e << " ";
  out << run.exact_steps << " " << run.diverged << " ";
  number(run.final_mean_norm);
  number(run.final_min_cosine);
  for (const RowComparison* c : {&run.to_a_star, &run.to_reference})
    for (const double x : {c->frobenius, c->max_row, c->min_cosine, c->mean_cosine}) number(x);
  out << static_cast<int>(run.outcome);
  return out.str();
}

DescentRun run_from_text(const std::string& text) {
  std::istringstream in(text);
  const auto number = [&] {
    std::string word;
    in >> word;
    return std::strtod(word.c_str(), nullptr);
  };
  const auto numbers = [&] {
    std::size_t size = 0;
    in >> size;
    std::vector<double> v(size);
    for (double& x : v) x = number();
    return v;
  };
  DescentRun run;
  run.start_distance = number();
  run.max_distance = numbers();
  run.mean_distance = numbers();
  run.min_distance = numbers();
  run.loss = numbers();
  std::size_t steps = 0;
  in >> steps;
  for (std::size_t t = 0; t < steps; ++t) {
    bool e = false;
    in >> e;
    run.exact.push_back(e);
  }
  in >> run.exact_steps >> run.diverged;
  run.final_mean_norm = number();
  run.final_min_cosine = number();
  for (RowComparison* c : {&run.to_a_star, &run.to_reference})
    for (double* x : {&c->frobenius, &c->max_row, &c->min_cosine, &c->mean_cosine}) *x = number();
  int outcome = 0;
  in >> outcome;
  run.outcome = static_cast<Outcome>(outcome);
  return run;
}

// The max distance fell by more than 1 % over the last tenth of the steps.
bool approaching(const DescentRun& run, const DescentOptions& o) {
  const auto tail = static_cast<std::size_t>(std::max(1, o.steps / 10));
  const std::size_t last = run.max_distance.size() - 1;
  return last >= tail && run.max_distance[last] < 0.99 * run.max_distance[last - tail];
}

std::string short_number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", x);
  return text;
}

}  // namespace

std::string run_behaviour(const DescentRun& run, const DescentOptions& o) {
  const std::string from = short_number(run.start_distance), end = short_number(run.max_distance.back());
  if (run.diverged)
    return "diverged: the iterate became non-finite after step " + std::to_string(run.max_distance.size() - 1);
  if (run.max_distance.back() <= o.close_distance)
    return "ended close: max distance " + from + " -> " + end + " <= " + short_number(o.close_distance);
  if (approaching(run, o))
    return "still approaching: max distance " + from + " -> " + end + ", still falling by more than 1 % over the last "
           "tenth of the steps (more steps needed)";
  if (run.max_distance.back() > run.start_distance)
    return "moved away from A*: max distance " + from + " -> " + end;
  return "stalled far from A*: max distance " + from + " -> " + end + ", falling by less than 1 % over the last tenth of the steps";
}

RowComparison compare_rows(const MatrixXd& w, const MatrixXd& r) {
  if (r.size() == 0) return {};
  if (r.rows() != w.rows() || r.cols() != w.cols())
    throw std::invalid_argument("descent reference: " + std::to_string(r.rows()) + "x" + std::to_string(r.cols()) +
                                "; accepted: the shape of W, " + std::to_string(w.rows()) + "x" + std::to_string(w.cols()));
  const VectorXd cosine = w.cwiseProduct(r).rowwise().sum().array() / (w.rowwise().norm().array() * r.rowwise().norm().array());
  return {(w - r).norm(), (w - r).rowwise().norm().maxCoeff(), cosine.minCoeff(), cosine.mean()};
}

void validate(const DescentOptions& o) {
  const auto fail = [](const std::string& what) { throw std::invalid_argument(what); };
  if (o.distances.empty()) fail("distances: none given; accepted: one or more numbers in [0, 10]");
  for (const double d : o.distances)
    if (!(d >= 0 && d <= 10)) fail("distance = " + number_text(d) + "; accepted: [0, 10]");
  if (o.steps < 1 || o.steps > 100000) fail("steps = " + std::to_string(o.steps) + "; accepted: [1, 100000]");
  if (!(o.step_scale > 0 && o.step_scale <= 100)) fail("step_scale = " + number_text(o.step_scale) + "; accepted: (0, 100]");
  if (o.chunks < 1 || o.chunks > 1024) fail("chunks = " + std::to_string(o.chunks) + "; accepted: [1, 1024]");
  if (o.batch < static_cast<std::uint64_t>(o.chunks) || o.batch > 100000000)
    fail("batch = " + std::to_string(o.batch) + "; accepted: [chunks, 1e8] = [" + std::to_string(o.chunks) + ", 1e8]");
  if (o.loss_samples < 1 || o.loss_samples > 100000000)
    fail("loss_samples = " + std::to_string(o.loss_samples) + "; accepted: [1, 1e8]");
  if (!(o.close_distance > 0 && o.close_distance <= 10))
    fail("close_distance = " + number_text(o.close_distance) + "; accepted: (0, 10]");
}

DescentRun descend(const MatrixXd& a, const MatrixXd& w0, const VectorXd& eps, const CodeModel& code,
                   const DescentOptions& o, int run_index) {
  validate(o);
  const double scale = (code.support.q_uniform(1) * code.values.m2()).convert_to<double>();
  const double eta = o.step_scale / scale;
  DescentRun run;
  run.start_distance = (w0 - a.transpose()).rowwise().norm().maxCoeff();
  MatrixXd w = w0;
  for (int t = 0;; ++t) {
    // Three things depend on this iterate alone and run side by side: the certified recovery check
    // (serial MPFI, the only user of the global MPFR precision here), and on a second thread the
    // loss record and the closed form (each number is the same on any thread).
    const bool last = t == o.steps;
    bool exact = false;
    Eigen::Index inside = 0;
    MatrixXd closed;
#pragma omp parallel sections num_threads(o.threads == 1 ? 1 : 2)
    {
#pragma omp section
      {
        record(run, a, w, eps, code, o);
        if (!last) closed = ExpectedGradient<double>(a, w, eps, code).all_rows();
      }
#pragma omp section
      if (!last) {
        const ExactWindows windows = exact_windows(bounded_product(w, a), code);
        exact = check_deterministic_recovery(windows, eps).outcome == Outcome::proven;
        inside = units_inside(windows, eps);
      }
    }
    if (last) break;
    const SampleRange batch{o.seed, Stream::descent,
                            (static_cast<std::uint64_t>(run_index) * static_cast<std::uint64_t>(o.steps) + static_cast<std::uint64_t>(t)) * o.batch,
                            o.batch, o.chunks};
    MatrixXd g;
    if (exact) g = closed;
    else if (inside >= w.rows() / 2) g = closed + sampled_correction(a, w, eps, code, batch, o.threads);
    else g = sampled_gradient(a, w, eps, code, batch, o.threads);
    w -= eta * g;
    if (o.normalise_rows) w.rowwise().normalize();
    run.exact.push_back(exact);
    run.exact_steps += exact;
    if (!w.allFinite()) {  // diverged: nothing left to record
      run.diverged = true;
      run.outcome = Outcome::inconsistent;
      return run;
    }
  }
  run.final_mean_norm = w.rowwise().norm().mean();
  run.final_min_cosine = ((w * a).diagonal().array() / (w.rowwise().norm().array() * a.colwise().norm().transpose().array())).minCoeff();
  run.to_a_star = compare_rows(w, a.transpose());
  run.to_reference = compare_rows(w, o.reference);
  run.outcome = run.max_distance.back() <= o.close_distance ? Outcome::consistent
                : approaching(run, o)                         ? Outcome::inconclusive
                                                              : Outcome::inconsistent;
  return run;
}

Descent gradient_descent(const MatrixXd& a, const VectorXd& eps, const CodeModel& code, const DescentOptions& o) {
  validate(o);
  Descent out;
  out.step_size = o.step_scale / (code.support.q_uniform(1) * code.values.m2()).convert_to<double>();
  Verdict& v = out.verdict;
  v.method = Method::statistical;
  v.outcome = Outcome::consistent;
  int close = 0;
  // Under MPI the runs are shared out across processes, farthest start first (numerics/core/distributed.hpp).
  std::vector<int> order(o.distances.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
    return o.distances[static_cast<std::size_t>(x)] > o.distances[static_cast<std::size_t>(y)];
  });
  const std::vector<std::string> runs = distribute_tasks(order, [&](int r) {
    const MatrixXd w0 = point_at_distance(a, o.distances[static_cast<std::size_t>(r)], o.seed);
    return run_text(descend(a, w0, eps, code, o, r));
  });
  for (std::size_t r = 0; r < o.distances.size(); ++r) {
    out.runs.push_back(run_from_text(runs[r]));
    const DescentRun& run = out.runs.back();
    if (run.outcome == Outcome::inconsistent) v.outcome = Outcome::inconsistent;
    else if (run.outcome == Outcome::inconclusive && v.outcome == Outcome::consistent) v.outcome = Outcome::inconclusive;
    close += run.outcome == Outcome::consistent;
    const std::string name = "start at distance " + number_text(o.distances[r]);
    v.add(name + ": final max/mean/min distance", number_text(run.max_distance.back()) + " / " +
                                                     number_text(run.mean_distance.back()) + " / " + number_text(run.min_distance.back()));
    v.add(name + ": steps with the exact gradient", std::to_string(run.exact_steps) + " of " + std::to_string(o.steps));
    v.add(name + ": outcome", to_name(run.outcome) + " (" + run_behaviour(run, o) + ")");
  }
  v.samples = o.batch;
  std::ostringstream s;
  s << close << " of " << o.distances.size() << " starts end with max_i |W_i - A*_i| <= " << short_number(o.close_distance);
  v.summary = s.str();
  std::ostringstream how;
  how << o.steps << " steps of size " << number_text(out.step_size) << " (= " << number_text(o.step_scale)
      << " / (q_1 m2)); the closed-form oracle gradient, exact where deterministic recovery is certified, else plus the "
         "mean correction of a mini-batch of "
      << o.batch << " samples" << (o.normalise_rows ? "; rows renormalised after each step" : "; no row normalisation")
      << ". CONSISTENT: final max distance <= " << short_number(o.close_distance)
      << " (the same for every start); INCONCLUSIVE: larger but still falling by more than 1 % over the last tenth of the "
         "steps; INCONSISTENT: larger and not falling (stalled or moved away), or diverged";
  v.how = how.str();
  return out;
}

}  // namespace scae
