#include "runs/grid_report_record.hpp"

#include "input/grid_spec.hpp"
#include "runs/grid_record.hpp"
#include "runs/record_field.hpp"

#include <stdexcept>

namespace scae {

namespace {

using json = nlohmann::json;

constexpr const char* record_kind = "grid record";

const json& field(const json& j, const char* name) { return record_field(j, name, record_kind); }
template <class T> T value(const json& j, const char* name) { return record_value<T>(j, name, record_kind); }

json axis_json(const std::vector<rational>& axis) {
  json out = json::array();
  for (const rational& x : axis) out.push_back(decimal_text(x));
  return out;
}

std::vector<rational> axis_from_json(const json& j, const char* name) {
  std::vector<rational> out;
  for (const std::string& x : value<std::vector<std::string>>(j, name)) out.push_back(parse_rational(x));
  return out;
}

json axes_json(const GridAxes& a) {
  return {{"p", axis_json(a.p)},           {"xi", axis_json(a.xi)},         {"h", a.h},
          {"family", a.family},            {"xi_tolerance", a.xi_tolerance}, {"k_rule", a.k_rule},
          {"delta_rule", a.delta_rule},    {"bias_rule", a.bias_rule}};
}

GridAxes axes_from_json(const json& j) {
  return {axis_from_json(j, "p"),          axis_from_json(j, "xi"),          value<int>(j, "h"),
          value<std::string>(j, "family"), value<double>(j, "xi_tolerance"), value<std::string>(j, "k_rule"),
          value<std::string>(j, "delta_rule"), value<std::string>(j, "bias_rule")};
}

}  // namespace

GridRecord grid_record(const Regime& regime, const GridRun& run, const BuildInfo& build, int processes) {
  GridRecord r;
  r.grid = {run.grid.p, run.grid.xi, run.h, run.family, run.xi_tolerance, run.k_rule, run.delta_rule, run.bias_rule};
  for (const PhaseCell& cell : run.cells) ++r.counts[cell.status];
  r.cells = run.cells;
  r.cell_confidence = run.cell_confidence;
  r.build = build;
  r.regime_name = regime.name;
  r.regime_source = regime.source.string();
  r.seed = regime.monte_carlo.seed;
  r.context = {run.search_seconds, run.cell_seconds, run.resumed, run.seconds, run.threads, processes};
  return r;
}

nlohmann::json grid_record_json(const GridRecord& r) {
  json cells = json::array();
  for (const PhaseCell& cell : r.cells) cells.push_back(phase_cell_json(cell));
  const GridContext& c = r.context;
  return {{"schema_version", r.schema_version},
          {"grid", axes_json(r.grid)},
          {"counts", r.counts},
          {"cells", cells},
          {"cell_confidence", r.cell_confidence},
          {"build", to_json(r.build)},
          {"regime", {{"name", r.regime_name}, {"source", r.regime_source}, {"seed", r.seed}}},
          {"context", {{"search_seconds", c.search_seconds}, {"cell_seconds", c.cell_seconds}, {"resumed", c.resumed},
                       {"seconds", c.seconds}, {"threads", c.threads}, {"processes", c.processes}}}};
}

GridRecord grid_record_from_json(const nlohmann::json& j) {
  GridRecord r;
  r.schema_version = value<int>(j, "schema_version");
  r.grid = axes_from_json(field(j, "grid"));
  r.counts = value<std::map<std::string, int>>(j, "counts");
  const json& cells = field(j, "cells");
  if (!cells.is_array()) throw std::invalid_argument(std::string(record_kind) + ": the field \"cells\" holds the wrong type (" + cells.type_name() + ")");
  for (const json& cell : cells) r.cells.push_back(phase_cell_from_json(cell));
  if (r.cells.size() != r.grid.p.size() * r.grid.xi.size())
    throw std::invalid_argument(std::string(record_kind) + ": the field \"cells\" does not hold one cell per (p, xi) of \"grid\"");
  r.cell_confidence = value<double>(j, "cell_confidence");
  r.build = build_info_from_json(field(j, "build"), record_kind);
  const json& regime = field(j, "regime");
  r.regime_name = value<std::string>(regime, "name");
  r.regime_source = value<std::string>(regime, "source");
  r.seed = value<std::uint64_t>(regime, "seed");
  const json& c = field(j, "context");
  r.context = {value<std::map<std::string, double>>(c, "search_seconds"), value<std::map<std::string, double>>(c, "cell_seconds"),
               value<std::vector<std::string>>(c, "resumed"), value<double>(c, "seconds"), value<int>(c, "threads"),
               value<int>(c, "processes")};
  return r;
}

}  // namespace scae
