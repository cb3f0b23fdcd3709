#include "runs/descent_reference_record.hpp"

#include "runs/json_number.hpp"
#include "runs/record_field.hpp"

namespace scae {
namespace {

constexpr const char* record_kind = "descent reference record";

const nlohmann::json& field(const nlohmann::json& j, const char* name) { return record_field(j, name, record_kind); }
template <class T> T value(const nlohmann::json& j, const char* name) { return record_value<T>(j, name, record_kind); }
double number(const nlohmann::json& j, const char* name) { return record_number(j, name, record_kind); }

nlohmann::json comparison_json(const RowComparison& c) {
  return {{"frobenius", json_number(c.frobenius)},
          {"max_row_distance", json_number(c.max_row)},
          {"min_cosine", json_number(c.min_cosine)},
          {"mean_cosine", json_number(c.mean_cosine)}};
}

RowComparison comparison_from_json(const nlohmann::json& j) {
  return {number(j, "frobenius"), number(j, "max_row_distance"), number(j, "min_cosine"), number(j, "mean_cosine")};
}

}  // namespace

DescentReferenceRecord descent_reference_record(const ExperimentsRun& run) {
  DescentReferenceRecord record{run.reference, {}};
  for (const DescentRun& d : run.descent.runs) record.runs.push_back({d.start_distance, d.to_a_star, d.to_reference});
  return record;
}

nlohmann::json descent_reference_json(const DescentReferenceRecord& record) {
  const ReferencePoint& r = record.reference;
  nlohmann::json runs = nlohmann::json::array();
  for (const DescentEndPoint& d : record.runs)
    runs.push_back({{"start_distance", json_number(d.start_distance)},
                    {"to_a_star", comparison_json(d.to_a_star)},
                    {"to_critical_point", comparison_json(d.to_critical_point)}});
  return {{"computed", r.computed},
          {"radial_root", r.computed ? json_number(r.radial_root) : nlohmann::json(nullptr)},
          {"ratio", r.computed ? json_number(r.ratio) : nlohmann::json(nullptr)},
          {"converged", r.converged},
          {"note", r.note},
          {"runs", runs}};
}

DescentReferenceRecord descent_reference_from_json(const nlohmann::json& j) {
  DescentReferenceRecord record;
  ReferencePoint& r = record.reference;
  r.computed = value<bool>(j, "computed");
  r.radial_root = number(j, "radial_root");
  r.ratio = number(j, "ratio");
  r.converged = value<bool>(j, "converged");
  r.note = value<std::string>(j, "note");
  for (const nlohmann::json& d : field(j, "runs"))
    record.runs.push_back({number(d, "start_distance"), comparison_from_json(field(d, "to_a_star")),
                           comparison_from_json(field(d, "to_critical_point"))});
  return record;
}

}  // namespace scae
