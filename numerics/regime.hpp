// Regimes: a TOML file naming everything an instance is made from (dictionary, code law, point
// near A*, bias, Monte Carlo budget). Loading validates every key: unknown keys, wrong types and
// out-of-range values raise one RegimeError naming the file, the line and the key. Numbers that
// are paper constants (a1, a2, q, delta, bias, confidence) are kept as exact rationals: a string
// such as "3/2" or "0.57" is exact, and a TOML float is read as its shortest round-trip decimal.
#pragma once

#include "bias_rule.hpp"
#include "code_model.hpp"
#include "dictionary.hpp"
#include "scalar.hpp"
#include "size_rule.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace scae {

struct RegimeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct DictionarySpec {
  enum class Family { gaussian, identity_hadamard, file };
  Family family = Family::identity_hadamard;
  int n = 0;
  int h = 0;
  std::uint64_t seed = 1;
  std::filesystem::path file;  // resolved against the regime file's folder
  ColumnNorms norms = ColumnNorms::normalise;
};

struct PointSpec {
  enum class Kind { random_direction, dictionary, file };
  Kind kind = Kind::random_direction;
  rational delta = 0;
  std::uint64_t seed = 2;
  std::filesystem::path file;
};

struct BiasSpec {
  enum class Kind { value, values, file, rule };
  Kind kind = Kind::value;
  BiasChoice rule;   // kind rule: computed by theory/support_recovery
  rational value = 0;
  std::vector<rational> values;
  std::filesystem::path file;
};

struct MonteCarloBudget {
  std::uint64_t samples = 100000;
  rational confidence = rational(95, 100);
  std::uint64_t seed = 1;
  int batches = 64;
};

// An expected verdict for one claim: `scae check` passes when the verdict matches it.
struct Expectation {
  std::string claim;    // claim id, e.g. "recovery.window_nonempty"
  std::string verdict;  // PROVEN, REFUTED, UNDECIDED, CONSISTENT, INCONSISTENT or INCONCLUSIVE
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
  int sampled_rows = 16;               // rows drawn at random (seeded) besides 0, h/2, h - 1
  std::uint64_t samples = 0;  // Monte Carlo samples per point where recovery is not certified
  long line = 0;
};

struct SweepPoint {
  int h = 0, n = 0, k = 0;
  rational delta = 0;
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

// The points of the regime's sweep path (validated when the regime was loaded).
std::vector<SweepPoint> sweep_points(const Regime& regime);
// The point at h with the rules evaluated at p (not validated): n, k and delta as the [sweep]
// rules or their defaults give them; a delta rule that is a plain number stays exact.
SweepPoint sweep_point_at(const Regime& regime, int h, double p);
// The regime at one point of its path: sizes, k, delta and the bias rule replaced.
Regime regime_at(const Regime& regime, const SweepPoint& point);

// `overrides` are KEY=VALUE assignments (`scae ... --set`) applied to the parsed TOML before it is
// validated: VALUE is read as a TOML value (a bare word that is not one as a string), and a bad
// value is refused like one in the file, naming "--set KEY" instead of the file's line.
Regime load_regime(const std::filesystem::path& path, const std::vector<std::string>& overrides = {});
// `source_name` stands for the file name in error messages; relative paths resolve against `base`.
Regime parse_regime(const std::string& toml_text, const std::string& source_name,
                    const std::filesystem::path& base = {}, const std::vector<std::string>& overrides = {});

// The concrete numbers a run computes from.
struct Instance {
  std::string name;
  MatrixXd a;    // A*, n x h
  MatrixXd w;    // W, h x n
  VectorXd eps;  // bias, h (empty until a bias rule is applied)
  std::optional<BiasChoice> bias_rule;  // set when the regime gives the bias by a rule (eps empty)
  CodeModel code;
  MonteCarloBudget monte_carlo;
  int n() const { return static_cast<int>(a.rows()); }
  int h() const { return static_cast<int>(a.cols()); }
};

Instance build_instance(const Regime& regime);

// Bytes the Monte Carlo engine and the closed form need for an instance of this size with
// `threads` threads; instances above the machine's physical memory are refused up front.
std::uint64_t estimated_memory_bytes(int n, int h, int threads);
std::uint64_t physical_memory_bytes();
std::string gib_text(std::uint64_t bytes);  // "1.5 GiB"

// Seconds the regime's Monte Carlo run is estimated to take with `threads` threads, by the cost
// model samples x (h k + n k) x 2 ns / threads (k the expected support size): u = (W A*) x* costs
// h k, and each of the about k units that fire when the support is recovered costs O(n). Against
// `scae bench` (sparse+oracle, R1-R3) it is 1 to 3 times the real time; a bias far below the
// recovery window makes more units fire (up to h) and the run slower than estimated.
double estimated_monte_carlo_seconds(const Regime& regime, int threads);
// The same model for n, h, expected support size k (at least 1) and a sample count.
double estimated_monte_carlo_seconds(int n, int h, double k, std::uint64_t samples, int threads);
// Default of the CLI's --max-hours: regimes estimated to run longer are refused.
inline constexpr double default_max_hours = 24;
// Refuses with a RegimeError naming the key and the estimate a regime whose memory estimate with
// `threads` threads exceeds the physical memory, or whose Monte Carlo time estimate exceeds
// `max_hours`. Every command that runs a regime calls it before building the instance.
void check_resources(const Regime& regime, int threads, double max_hours);
// Its memory half alone: for commands that build the instance but run no Monte Carlo (`instance`).
void check_memory(const Regime& regime, int threads);

}  // namespace scae
