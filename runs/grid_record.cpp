#include "runs/grid_record.hpp"

#include "input/grid_spec.hpp"
#include "runs/record_field.hpp"
#include "runs/sweep_point_record.hpp"
#include "theory/verdict.hpp"


namespace scae {
namespace {

constexpr const char* record_kind = "grid cell record";

const nlohmann::json& field(const nlohmann::json& j, const char* name) { return record_field(j, name, record_kind); }

}  // namespace

nlohmann::json xi_search_json(const XiTarget& t) {
  nlohmann::json trials = nlohmann::json::array();
  for (const auto& trial : t.trials) trials.push_back({trial.n, trial.h, trial.xi});
  return {{"target", t.target}, {"tolerance", t.tolerance}, {"n", t.n}, {"h", t.h}, {"xi", t.xi}, {"reachable", t.reachable},
          {"trials", trials}};
}

XiTarget xi_search_from_json(const nlohmann::json& j) {
  XiTarget t;
  t.target = j.at("target");
  t.tolerance = j.at("tolerance");
  t.n = j.at("n");
  t.h = j.at("h");
  t.xi = j.at("xi");
  t.reachable = j.at("reachable");
  for (const auto& trial : j.at("trials")) t.trials.push_back({trial.at(0).get<int>(), trial.at(1).get<int>(), trial.at(2).get<double>()});
  return t;
}

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
          {"xi_search", {{"realised", c.xi.xi}, {"tolerance", c.xi.tolerance}, {"reachable", c.xi.reachable},
                         {"sizes_tried", c.xi.trials.size()}}},
          {"hypotheses_state", c.result ? nlohmann::json(hypotheses_state(c.result->hypotheses)) : nlohmann::json(nullptr)},
          {"hypotheses", hypotheses},
          {"point", c.result ? sweep_point_json(*c.result) : nlohmann::json(nullptr)}};
}

PhaseCell phase_cell_from_json(const nlohmann::json& j, const rational& p_target, const rational& xi_target, const XiTarget& xi) {
  PhaseCell c;
  c.p_target = p_target;
  c.xi_target = xi_target;
  c.xi = xi;
  c.status = field(j, "status").get<std::string>();
  c.point = {field(j, "h").get<int>(), field(j, "n").get<int>(), field(j, "k").get<int>(),
             parse_rational(field(j, "delta").get<std::string>())};
  if (const nlohmann::json& point = field(j, "point"); !point.is_null()) {
    c.result = sweep_point_from_json(point);
    // The cell keeps each hypothesis's summary, which the point's record leaves out.
    c.result->hypotheses.clear();
    for (const auto& h : field(j, "hypotheses")) c.result->hypotheses.push_back(hypothesis_from_json(h, record_kind, true));
  }
  return c;
}

}  // namespace scae
