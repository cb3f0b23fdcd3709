// One verdict record for every verdict a run states: the claim catalog's claims and hypotheses, the
// paper's experiments, the sweep path's checks and the landscape's verdicts. One writer and one
// reader spell its JSON: every field below once, the evidence always as an array of
// {"name", "value", ...} (docs/report.md, "report.json"). Kinds, sources, methods and outcomes are
// written by their Vocabulary names (numerics/core/enum_names.hpp).
#pragma once

#include "input/regime.hpp"
#include "numerics/core/enum_names.hpp"
#include "theory/verdict.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scae {

// Where a verdict's statement comes from: a theorem of the paper, its experiments, the sweep path's
// reading of Theorem 3.2, or derived (an identity or implication that guards the implementation).
enum class Source { theorem_3_1, theorem_3_2, experiment, derived, sweep_path };
template <> struct Vocabulary<Source> {
  static constexpr std::string_view what = "claim source";
  static constexpr std::array<EnumName<Source>, 5> names{{{Source::theorem_3_1, "Theorem 3.1"},
                                                          {Source::theorem_3_2, "Theorem 3.2"},
                                                          {Source::experiment, "experiment"},
                                                          {Source::derived, "derived"},
                                                          {Source::sweep_path, "sweep path"}}};
};

// What a verdict can tell (docs/verification.md, "Kinds"): `claim`, a statement of the paper that
// data could refute; `consistency`, an identity or implication that guards the implementation (it
// holds by construction or follows from other entries); `hypothesis`, a condition on the input (a
// premise of a theorem, or the regime's own validation).
enum class Kind { claim, consistency, hypothesis };
template <> struct Vocabulary<Kind> {
  static constexpr std::string_view what = "claim kind";
  static constexpr std::array<EnumName<Kind>, 3> names{{{Kind::claim, "claim"}, {Kind::consistency, "consistency"}, {Kind::hypothesis, "hypothesis"}}};
};
inline constexpr auto all_kinds = all_values<Kind>();

// The regime's [expect] entry for a verdict's id: `verdict` empty when the regime names none.
struct Expected {
  std::optional<Outcome> verdict;
  bool operator==(const Expected&) const = default;
};

struct VerdictRecord {
  std::string id;         // empty for a verdict that is part of a larger result (an experiment's curve verdict)
  std::string statement;  // empty as id
  std::optional<Kind> kind;
  std::optional<Source> source;
  Method method = Method::certified;
  Outcome outcome = Outcome::undecided;
  std::string summary, how;
  std::vector<Evidence> evidence;
  std::optional<unsigned> precision_bits;   // certified verdicts
  std::optional<std::uint64_t> samples;     // statistical verdicts
  std::optional<double> confidence;         // statistical verdicts
  std::optional<Expected> expected;         // the verdicts the regime's [expect] table may name
  bool operator==(const VerdictRecord&) const = default;
};

// The record of a computed verdict: its method, outcome, summary, how and evidence, with the
// precision of a certified verdict and the samples and confidence of a statistical one.
VerdictRecord verdict_record(const Verdict& v);
// The same with the id, statement, kind and source of a listed verdict, its method as listed, and
// the regime's [expect] entry for the id.
VerdictRecord verdict_record(const Verdict& v, const std::string& id, const std::string& statement, Kind kind, Source source,
                             Method method, const Regime& regime);

// The regime's [expect] entry for `id`.
Expected expected_for(const Regime& regime, const std::string& id);

// {"id", "statement", "kind", "source", "method", "verdict", "fails", "summary", "how", "evidence",
// "precision_bits", "samples", "confidence", "expected"}: the fields the record has (id and statement
// when non-empty, "fails" always, from the outcome; "expected" null when the regime names none).
nlohmann::json verdict_record_json(const VerdictRecord& record);
// The record back; std::invalid_argument "verdict record: no field "NAME"" or "verdict record:
// the field "NAME" ..." naming a missing or mistyped field (an unknown verdict, method, kind or
// source name among them).
VerdictRecord verdict_record_from_json(const nlohmann::json& j);

}  // namespace scae
