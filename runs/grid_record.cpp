#include "runs/grid_record.hpp"

#include "input/grid_spec.hpp"
#include "runs/record_field.hpp"
#include "runs/sweep_point_record.hpp"
#include "theory/verdict.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace scae {
namespace {

constexpr const char* record_kind = "grid cell record";

const nlohmann::json& field(const nlohmann::json& j, const char* name) { return record_field(j, name, record_kind); }
template <class T> T value(const nlohmann::json& j, const char* name) { return record_value<T>(j, name, record_kind); }

// Every size a ξ search evaluated, in search order: [[n, h, xi], ...].
nlohmann::json trials_json(const XiTarget& t) {
  nlohmann::json trials = nlohmann::json::array();
  for (const auto& trial : t.trials) trials.push_back({trial.n, trial.h, trial.xi});
  return trials;
}

std::vector<XiTarget::Trial> trials_from_json(const nlohmann::json& j) {
  const nlohmann::json& trials = field(j, "trials");
  std::vector<XiTarget::Trial> out;
  for (const auto& trial : trials) {
    if (!trial.is_array() || trial.size() != 3 || !trial[0].is_number_integer() || !trial[1].is_number_integer() ||
        !trial[2].is_number())
      throw std::invalid_argument(std::string(record_kind) + ": the field \"trials\" holds an entry that is not [n, h, xi]: " +
                                  trial.dump());
    out.push_back({trial[0].get<int>(), trial[1].get<int>(), trial[2].get<double>()});
  }
  return out;
}

// A ξ search's record, its realised ξ named `xi_name`: "xi" in the search's own file, "realised" in
// a cell, which also counts the sizes tried.
nlohmann::json search_json(const XiTarget& t, const char* xi_name) {
  return {{"target", t.target}, {"tolerance", t.tolerance}, {"n", t.n}, {"h", t.h}, {xi_name, t.xi}, {"reachable", t.reachable},
          {"trials", trials_json(t)}};
}

XiTarget search_from_json(const nlohmann::json& j, const char* xi_name) {
  XiTarget t;
  t.target = value<double>(j, "target");
  t.tolerance = value<double>(j, "tolerance");
  t.n = value<int>(j, "n");
  t.h = value<int>(j, "h");
  t.xi = value<double>(j, xi_name);
  t.reachable = value<bool>(j, "reachable");
  t.trials = trials_from_json(j);
  return t;
}

nlohmann::json cell_search_json(const XiTarget& t) {
  nlohmann::json out = search_json(t, "realised");
  out["sizes_tried"] = t.trials.size();
  return out;
}

XiTarget cell_search_from_json(const nlohmann::json& j) {
  XiTarget t = search_from_json(j, "realised");
  if (value<std::size_t>(j, "sizes_tried") != t.trials.size())
    throw std::invalid_argument(std::string(record_kind) + ": the field \"sizes_tried\" is not the number of \"trials\"");
  return t;
}

}  // namespace

nlohmann::json xi_search_json(const XiTarget& t) { return search_json(t, "xi"); }

XiTarget xi_search_from_json(const nlohmann::json& j) { return search_from_json(j, "xi"); }

nlohmann::json phase_cell_json(const PhaseCell& c) {
  nlohmann::json hypotheses = nlohmann::json::array();
  if (c.result)
    for (const auto& h : c.result->hypotheses)
      hypotheses.push_back({{"id", h.id}, {"statement", h.statement}, {"verdict", to_name(h.verdict.outcome)},
                            {"summary", h.verdict.summary}});
  return {{"p_target", decimal_text(c.p_target)},
          {"xi_target", decimal_text(c.xi_target)},
          {"status", c.status},
          {"h", c.point.h},
          {"n", c.point.n},
          {"k", c.point.k},
          {"delta", c.point.delta.str()},
          {"xi_search", cell_search_json(c.xi)},
          {"hypotheses_state", c.result ? nlohmann::json(hypotheses_state(c.result->hypotheses)) : nlohmann::json(nullptr)},
          {"hypotheses", hypotheses},
          {"point", c.result ? sweep_point_json(*c.result) : nlohmann::json(nullptr)}};
}

PhaseCell phase_cell_from_json(const nlohmann::json& j) {
  PhaseCell c;
  c.p_target = parse_rational(value<std::string>(j, "p_target"));
  c.xi_target = parse_rational(value<std::string>(j, "xi_target"));
  c.xi = cell_search_from_json(field(j, "xi_search"));
  c.status = value<std::string>(j, "status");
  c.point = {value<int>(j, "h"), value<int>(j, "n"), value<int>(j, "k"), parse_rational(value<std::string>(j, "delta"))};
  if (const nlohmann::json& point = field(j, "point"); !point.is_null()) {
    c.result = sweep_point_from_json(point);
    // The cell keeps each hypothesis's summary, which the point's record leaves out.
    c.result->hypotheses.clear();
    for (const auto& h : field(j, "hypotheses")) c.result->hypotheses.push_back(hypothesis_from_json(h, record_kind, true));
  }
  return c;
}

}  // namespace scae
