// Regimes: a TOML file naming everything an instance is made from (dictionary, code law, point
// near A*, bias, Monte Carlo budget). Loading validates every key: unknown keys, wrong types and
// out-of-range values raise one RegimeError naming the file, the line and the key. Numbers that
// are paper constants (a1, a2, q, delta, bias, confidence) are kept as exact rationals: a string
// such as "3/2" or "0.57" is exact, and a TOML float is read as its shortest round-trip decimal.
#pragma once

#include "numerics/model/bias_rule.hpp"
#include "numerics/model/code_model.hpp"
#include "numerics/model/dictionary.hpp"
#include "numerics/core/enum_names.hpp"
#include "numerics/model/instance.hpp"
#include "numerics/core/scalar.hpp"
#include "numerics/model/size_rule.hpp"
#include "theory/verdict.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace scae {

struct RegimeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct DictionarySpec {
  enum class Family { identity_hadamard, gaussian, file };
  Family family = Family::identity_hadamard;
  int n = 0;
  int h = 0;
  std::uint64_t seed = 1;
  std::filesystem::path file;  // resolved against the regime file's folder
  ColumnNorms norms = ColumnNorms::normalise;
};

// The name a regime file gives the family ([dictionary] family), also used in sweep.json and grid.json.
template <> struct Vocabulary<DictionarySpec::Family> {
  static constexpr std::string_view what = "dictionary family";
  static constexpr std::array<EnumName<DictionarySpec::Family>, 3> names{{{DictionarySpec::Family::identity_hadamard, "identity-hadamard"},
                                                                          {DictionarySpec::Family::gaussian, "gaussian"},
                                                                          {DictionarySpec::Family::file, "file"}}};
};

struct PointSpec {
  enum class Kind { random_direction, dictionary, file };
  Kind kind = Kind::random_direction;
  rational delta = 0;
  std::uint64_t seed = 2;
  std::filesystem::path file;
};
template <> struct Vocabulary<PointSpec::Kind> {
  static constexpr std::string_view what = "point kind";
  static constexpr std::array<EnumName<PointSpec::Kind>, 3> names{{{PointSpec::Kind::random_direction, "random-direction"},
                                                                  {PointSpec::Kind::dictionary, "dictionary"},
                                                                  {PointSpec::Kind::file, "file"}}};
};

struct BiasSpec {
  enum class Kind { value, values, file, rule };
  Kind kind = Kind::value;
  BiasChoice rule;   // kind rule: computed by theory/support_recovery
  rational value = 0;
  std::vector<rational> values;
  std::filesystem::path file;
};


// An expected verdict for one claim: `scae check` passes when the verdict matches it.
struct Expectation {
  std::string claim;    // claim id, e.g. "recovery.window_nonempty"
  Outcome verdict = Outcome::undecided;
  std::string location;  // "FILE:LINE" or "--set KEY": where it is stated
};

// A path of growing h ([sweep]): n, k and delta are rules in h (and p), the bias a rule.
struct SweepSpec {
  std::vector<int> h;      // strictly increasing
  SizeRule n, k, delta;    // empty: n = h/2 (identity-hadamard) or the base n; the base k; the base delta
  std::optional<rational> p;
  std::optional<BiasChoice> bias;      // empty: the base [bias] rule
  std::optional<BiasChoice> contrast;  // a second series on the same points (default: exact-mid when
                                       // bias vanishes with h; "none" leaves it out)
  std::optional<BiasChoice> paper;     // a further series: the paper rule with [sweep] paper_constant C;
                                       // its closed form is evaluated at every point (the oracle gradient
                                       // where recovery is not certified)
  double paper_precision = 0;          // [sweep] paper_precision: where the paper series' recovery is not
                                       // certified, its Monte Carlo estimate's relative radius (0: none)
  int sampled_rows = 16;               // rows drawn at random (seeded) besides 0, h/2, h - 1
  std::uint64_t samples = 0;  // Monte Carlo samples per point where recovery is not certified
  long line = 0;
};


struct Regime {
  std::string name;
  std::string description;
  std::filesystem::path source;  // empty for regimes parsed from a string
  DictionarySpec dictionary;
  CodeModel code;
  PointSpec point;
  BiasSpec bias;
  MonteCarloBudget monte_carlo;
  std::vector<Expectation> expect;  // optional [expect] table: claim id = "VERDICT" (ids may be quoted or nested)
  std::vector<std::string> claims;  // optional: claim id prefixes `check` and `report` run (all when empty)
  std::string claims_location;      // "FILE:LINE" or "--set claims": where `claims` is stated
  std::vector<std::string> overrides;  // the --set KEY=VALUE assignments applied, in order
  std::optional<SweepSpec> sweep;   // optional [sweep] table
};


// Whether the [sweep] table is read. Only the commands that follow the path (sweep, report) read it;
// the others leave it unread, keys and values unchecked, so that a bad [sweep] refuses only them.
enum class SweepTable { read, unread };

// `overrides` are KEY=VALUE assignments (`scae ... --set`) applied to the parsed TOML before it is
// validated: VALUE is read as a TOML value (a bare word that is not one as a string), and a bad
// value is refused like one in the file, naming "--set KEY" instead of the file's line.
Regime load_regime(const std::filesystem::path& path, const std::vector<std::string>& overrides = {},
                   SweepTable sweep = SweepTable::read);
// `source_name` stands for the file name in error messages; relative paths resolve against `base`.
Regime parse_regime(const std::string& toml_text, const std::string& source_name,
                    const std::filesystem::path& base = {}, const std::vector<std::string>& overrides = {},
                    SweepTable sweep = SweepTable::read);

}  // namespace scae
