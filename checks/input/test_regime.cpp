// Regimes: the shipped files load and build; constants are exact rationals; every malformed regime
// is refused with one message "FILE:LINE: key 'section.key': problem; accepted: range".
#include <doctest/doctest.h>

#include "numerics/model/dictionary.hpp"
#include "input/instance_builder.hpp"
#include "numerics/core/matrix_io.hpp"
#include "numerics/model/near_point.hpp"
#include "input/regime.hpp"
#include "input/resources.hpp"
#include "input/sweep_path.hpp"
#include "checks/test_support.hpp"

#include <unistd.h>

#include <cmath>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using scae::MatrixXd;
using scae::rational;
using scae::RegimeError;
using scae::VectorXd;

namespace {

const fs::path regimes = fs::path(SCAE_SOURCE_DIR) / "regimes";


// A valid regime; the bad ones below each change one thing. Line numbers matter.
const std::string base =
    "name = \"test\"\n"              // 1
    "[dictionary]\n"                 // 2
    "family = \"gaussian\"\n"        // 3
    "n = 4\n"                        // 4
    "h = 8\n"                        // 5
    "seed = 1\n"                     // 6
    "[code]\n"                       // 7
    "support = \"uniform\"\n"        // 8
    "k = 2\n"                        // 9
    "values = \"uniform\"\n"         // 10
    "a1 = 1\n"                       // 11
    "a2 = 2\n"                       // 12
    "[point]\n"                      // 13
    "kind = \"random-direction\"\n"  // 14
    "delta = 0.1\n"                  // 15
    "seed = 2\n"                     // 16
    "[bias]\n"                       // 17
    "value = 0.5\n"                  // 18
    "[monte_carlo]\n"                // 19
    "samples = 1000\n"               // 20
    "confidence = 0.95\n"            // 21
    "seed = 3\n"                     // 22
    "batches = 8\n";                 // 23

// `base` with the first occurrence of the line `from` replaced by `to` (which may be empty or
// span several lines).
std::string with(const std::string& from, const std::string& to) {
  std::string text = base;
  const auto at = text.find(from + "\n");
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size() + 1, to.empty() ? "" : to + "\n");
  return text;
}

std::string message_of(const std::string& text, const std::string& source = "bad.toml", const fs::path& folder = {}) {
  try {
    scae::parse_regime(text, source, folder);
  } catch (const RegimeError& e) {
    return e.what();
  }
  return "(no error)";
}

// The message of loading `file` with the --set `overrides` (the [sweep] table read).
std::string message_of_set(const fs::path& file, const std::vector<std::string>& overrides) {
  try {
    scae::load_regime(file, overrides);
  } catch (const RegimeError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_SUITE("regime") {

TEST_CASE("the default regime loads exactly and builds") {
  const scae::Regime r = scae::load_regime(regimes / "default.toml");
  CHECK(r.name == "default");
  CHECK(!r.description.empty());
  CHECK(r.source == regimes / "default.toml");
  CHECK(r.dictionary.family == scae::DictionarySpec::Family::identity_hadamard);
  CHECK(r.dictionary.n == 256);
  CHECK(r.dictionary.h == 512);
  CHECK(r.code.support.kind() == scae::SupportLaw::Kind::uniform_fixed);
  CHECK(r.code.support.k() == 3);
  CHECK(r.code.values.kind() == scae::ValueLaw::Kind::uniform);
  CHECK(r.code.values.a1() == 1);
  CHECK(r.code.values.a2() == 2);
  CHECK(r.point.kind == scae::PointSpec::Kind::random_direction);
  CHECK(r.point.delta == rational(1, 50));
  CHECK(r.point.seed == 2);
  CHECK(r.bias.kind == scae::BiasSpec::Kind::value);
  CHECK(r.bias.value == rational(57, 100));
  CHECK(r.monte_carlo.samples == 200000);
  CHECK(r.monte_carlo.confidence == rational(95, 100));
  CHECK(r.monte_carlo.seed == 42);
  CHECK(r.monte_carlo.batches == 64);

  const scae::Instance inst = scae::build_instance(r);
  CHECK(inst.name == "default");
  CHECK(inst.n() == 256);
  CHECK(inst.h() == 512);
  CHECK(inst.a == scae::identity_hadamard_dictionary(256));
  CHECK(inst.w.rows() == 512);
  CHECK(inst.w.cols() == 256);
  CHECK(scae::max_row_distance(inst.w, inst.a) == doctest::Approx(0.02).epsilon(1e-12));
  CHECK(inst.eps.size() == 512);
  CHECK((inst.eps.array() == 0.57).all());
  CHECK(inst.code.support.k() == 3);
  CHECK(inst.monte_carlo.seed == 42);

  // The comment's window k a2 c <= eps < a1 (1 - delta) - (k - 1) a2 c, c = coherence + delta.
  const rational c = rational(1, 16) + r.point.delta;
  const rational k = r.code.support.k();
  CHECK(k * r.code.values.a2() * c <= r.bias.value);
  CHECK(r.bias.value < r.code.values.a1() * (1 - r.point.delta) - (k - 1) * r.code.values.a2() * c);
}

TEST_CASE("the gaussian-v1 regime loads exactly and builds") {
  const scae::Regime r = scae::load_regime(regimes / "gaussian-v1.toml");
  CHECK(r.name == "gaussian-v1");
  CHECK(r.dictionary.family == scae::DictionarySpec::Family::gaussian);
  CHECK(r.dictionary.seed == 1);
  CHECK(r.code.support.k() == 3);
  CHECK(r.point.delta == rational(1, 20));
  CHECK(r.bias.value == rational(1, 2));

  const scae::Instance inst = scae::build_instance(r);
  CHECK(inst.n() == 100);
  CHECK(inst.h() == 256);
  CHECK(inst.a == scae::gaussian_dictionary(100, 256, 1));
  CHECK(inst.w.rows() == 256);
  CHECK(inst.w.cols() == 100);
  CHECK(scae::max_row_distance(inst.w, inst.a) == doctest::Approx(0.05).epsilon(1e-12));
  CHECK((inst.eps.array() == 0.5).all());
  // The comment's claim: coherence about 0.4, so the deterministic window is empty.
  const double mu = scae::coherence(inst.a);
  MESSAGE("gaussian-v1 coherence " << mu);
  CHECK(mu > 0.3);
  CHECK(mu < 0.5);
  CHECK(3 * 2 * (mu + 0.05) > 0.95 - 2 * 2 * (mu + 0.05));
}

TEST_CASE("constants are exact rationals whatever their TOML spelling") {
  std::string text = with("a1 = 1", "a1 = \"3/2\"");
  text.replace(text.find("a2 = 2"), 6, "a2 = 2.5");
  text.replace(text.find("value = 0.5"), 11, "value = \"0.57\"");
  text.replace(text.find("confidence = 0.95"), 17, "confidence = 0.999");
  const scae::Regime r = scae::parse_regime(text, "exact.toml");
  CHECK(r.code.values.a1() == rational(3, 2));
  CHECK(r.code.values.a2() == rational(5, 2));
  CHECK(r.point.delta == rational(1, 10));  // the float 0.1, read as its shortest decimal
  CHECK(r.bias.value == rational(57, 100));
  CHECK(r.monte_carlo.confidence == rational(999, 1000));

  // Bernoulli supports: one q for all atoms or one per atom; two-point values with p_high.
  const std::string bernoulli = with("support = \"uniform\"\nk = 2\nvalues = \"uniform\"\na1 = 1\na2 = 2",
                                     "support = \"bernoulli\"\nq = \"1/4\"\nvalues = \"two-point\"\na1 = 1\na2 = 3\np_high = 0.2");
  const scae::Regime b = scae::parse_regime(bernoulli, "bernoulli.toml");
  CHECK(b.code.support.kind() == scae::SupportLaw::Kind::bernoulli);
  CHECK(b.code.support.q() == std::vector<rational>(8, rational(1, 4)));
  CHECK(b.code.values.kind() == scae::ValueLaw::Kind::two_point);
  CHECK(b.code.values.p_high() == rational(1, 5));
  std::string per_atom = bernoulli;
  per_atom.replace(per_atom.find("q = \"1/4\""), 9, "q = [1, 0.5, \"1/3\", 0.25, 0.2, \"1e-1\", 1, 1]");
  const scae::Regime pa = scae::parse_regime(per_atom, "per_atom.toml");
  CHECK(pa.code.support.q() == std::vector<rational>{1, rational(1, 2), rational(1, 3), rational(1, 4), rational(1, 5),
                                                     rational(1, 10), 1, 1});

  // A bias vector may hold any finite numbers, negative ones included.
  const scae::Regime v = scae::parse_regime(with("value = 0.5", "values = [-1, 0, 0.5, \"1/3\", 2, 3, 4, 1e-3]"), "v.toml");
  const scae::Instance inst = scae::build_instance(v);
  CHECK(inst.eps == (VectorXd(8) << -1, 0, 0.5, 1.0 / 3, 2, 3, 4, 1e-3).finished());
}

TEST_CASE("every malformed regime is refused with the file, the line, the key and the accepted range") {
  const std::string eight = "[1, 1, 1, 1, 1, 1, 1, 1]";
  struct Case {
    std::string what;
    std::string text;
    std::string key;
    int line;
    std::string problem;   // part of the message before "; accepted:"
    std::string accepted;  // part of the message after it
  };
  const std::vector<Case> cases = {
      {"unknown key", with("seed = 1", "sed = 1"), "dictionary.sed", 6, "unknown key", "keys family, n, h, seed"},
      {"unknown section", base + "[extra]\nx = 1\n", "extra", 24, "unknown key", "keys name, description, dictionary"},
      {"wrong type", with("n = 4", "n = \"4\""), "dictionary.n", 4, "expected an integer, found a string",
       "integer in [2, "},
      {"float for an integer", with("k = 2", "k = 2.0"), "code.k", 9, "expected an integer, found a float",
       "integer in [1, h] = [1, 8]"},
      {"h <= n", with("h = 8", "h = 4"), "dictionary.h", 5, "4 is below 5", "integer in [n + 1, "},
      {"k > h", with("k = 2", "k = 9"), "code.k", 9, "9 is above 8", "integer in [1, h] = [1, 8]"},
      {"k = 0", with("k = 2", "k = 0"), "code.k", 9, "0 is below 1", "integer in [1, h] = [1, 8]"},
      {"a1 = 0", with("a1 = 1", "a1 = 0"), "code.a1", 11, "a1 = 0 is not positive", "number > 0"},
      {"a1 < 0", with("a1 = 1", "a1 = \"-1/2\""), "code.a1", 11, "a1 = -1/2 is not positive", "number > 0"},
      {"a1 > a2", with("a2 = 2", "a2 = 0.5"), "code.a2", 12, "a2 = 1/2 is below a1 = 1", "number >= a1 = 1"},
      {"not a number", with("a1 = 1", "a1 = \"abc\""), "code.a1", 11, "\"abc\" is not a number", "number > 0"},
      {"delta < 0", with("delta = 0.1", "delta = -0.01"), "point.delta", 15, "delta = -1/100 is negative",
       "finite number >= 0"},
      {"nan", with("delta = 0.1", "delta = nan"), "point.delta", 15, "non-finite value nan", "finite number >= 0"},
      {"inf", with("value = 0.5", "value = -inf"), "bias.value", 18, "non-finite value -inf", "finite number"},
      {"beyond double", with("value = 0.5", "value = \"1e400\""), "bias.value", 18, "\"1e400\" is outside the range of double",
       "finite number"},
      {"a2 overflows double", with("a2 = 2", "a2 = 1e200"), "code.a2", 12,
       "1e+200 is outside the magnitudes double arithmetic carries safely here",
       "number >= a1 = 1, 0 or of magnitude in [1e-100, 1e100]"},
      {"a1 underflows double", with("a1 = 1", "a1 = \"1e-4000\""), "code.a1", 11,
       "a number below the smallest double is outside the magnitudes", "number > 0, 0 or of magnitude in [1e-100, 1e100]"},
      {"a1 tiny", with("a1 = 1", "a1 = 1e-200"), "code.a1", 11, "1e-200 is outside the magnitudes", "number > 0, 0 or of"},
      {"delta huge", with("delta = 0.1", "delta = 1e300"), "point.delta", 15, "1e+300 is outside the magnitudes",
       "finite number >= 0, 0 or of magnitude in [1e-100, 1e100]"},
      {"bias huge", with("value = 0.5", "value = -1e308"), "bias.value", 18, "-1e+308 is outside the magnitudes",
       "finite number, 0 or of magnitude in [1e-100, 1e100]"},
      {"bias vector entry huge", with("value = 0.5", "values = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1e101]"),
       "bias.values[7]", 18, "1e+101 is outside the magnitudes", "finite number, 0 or of magnitude"},
      {"bias vector length", with("value = 0.5", "values = [0.5, 0.5, 0.5]"), "bias.values", 18,
       "array of 3 numbers", "array of h = 8 finite numbers"},
      {"bias vector entry", with("value = 0.5", "values = [0.5, 0.5, 0.5,\n 0.5, true, 0.5, 0.5, 0.5]"), "bias.values[4]",
       19, "expected a number", "finite number"},
      {"two bias keys", with("value = 0.5", "value = 0.5\nvalues = " + eight), "bias.values", 19,
       "given together with 'bias.value' (line 18)", "exactly one of value (all units), values (array of h = 8 numbers)"},
      {"no bias key", with("value = 0.5", ""), "bias", 17, "none of value, values, file is given", "exactly one of value"},
      {"confidence = 1", with("confidence = 0.95", "confidence = 1"), "monte_carlo.confidence", 21, "1 is outside (0, 1)",
       "number in (0, 1)"},
      {"confidence = 0", with("confidence = 0.95", "confidence = 0.0"), "monte_carlo.confidence", 21,
       "0 is outside (0, 1)", "number in (0, 1)"},
      {"samples too small", with("samples = 1000", "samples = 999"), "monte_carlo.samples", 20, "999 is below 1000",
       "integer in [1000, 10^12]"},
      {"samples too large", with("samples = 1000", "samples = 1_000_000_000_001"), "monte_carlo.samples", 20,
       "1000000000001 is above 1000000000000", "integer in [1000, 10^12]"},
      {"batches above samples", with("batches = 8", "batches = 1001"), "monte_carlo.batches", 23, "1001 is above 1000",
       "integer in [8, 4096], at most samples"},
      {"negative seed", with("seed = 3", "seed = -1"), "monte_carlo.seed", 22, "-1 is below 0", "integer >= 0"},
      {"hadamard n", with("family = \"gaussian\"\nn = 4\nh = 8\nseed = 1", "family = \"identity-hadamard\"\nn = 6"),
       "dictionary.n", 4, "6 is not a power of two", "a power of two in [2, 2^29]"},
      {"hadamard h", with("family = \"gaussian\"\nn = 4\nh = 8\nseed = 1", "family = \"identity-hadamard\"\nn = 4\nh = 6"),
       "dictionary.h", 5, "6 is below 8", "2n = 8 (or leave h out)"},
      {"seed with hadamard", with("family = \"gaussian\"\nn = 4\nh = 8", "family = \"identity-hadamard\"\nn = 4\nh = 8"),
       "dictionary.seed", 6, "only read with family = \"gaussian\", but here family = \"identity-hadamard\"",
       "keys family, n, h"},
      {"q with uniform support", with("k = 2", "k = 2\nq = 0.5"), "code.q", 10,
       "only read with support = \"bernoulli\", but here support = \"uniform\"", "keys support, values, k, a1, a2"},
      {"q outside (0, 1]", with("support = \"uniform\"\nk = 2", "support = \"bernoulli\"\nq = [0.5, 0.5, 0, 1, 1, 1, 1, 1]"),
       "code.q[2]", 9, "0 is outside (0, 1]", "number in (0, 1], or an array of h = 8 such numbers"},
      {"p_high outside [0, 1]", with("values = \"uniform\"\na1 = 1\na2 = 2", "values = \"two-point\"\na1 = 1\na2 = 2\np_high = 1.5"),
       "code.p_high", 13, "3/2 is outside [0, 1]", "number in [0, 1]"},
      {"unknown family", with("family = \"gaussian\"", "family = \"gauss\""), "dictionary.family", 3,
       "\"gauss\" is not one of the choices", "\"identity-hadamard\" | \"gaussian\" | \"file\""},
      {"missing required key", with("k = 2", ""), "code.k", 7, "missing required key", "integer in [1, h] = [1, 8]"},
      {"missing name", with("name = \"test\"", ""), "name", 1, "missing required key", "non-empty string"},
      {"missing section", base.substr(0, base.find("[monte_carlo]")), "monte_carlo", 1, "missing required section",
       "a table [monte_carlo]"},
      {"section of the wrong type", "bias = 0.5\n" + with("[bias]\nvalue = 0.5", ""), "bias", 1, "expected a table, found a float",
       "a table [bias]"},
      {"missing file", with("family = \"gaussian\"\nn = 4\nh = 8\nseed = 1", "family = \"file\"\nn = 4\nh = 8\nfile = \"nowhere.csv\""),
       "dictionary.file", 6, "nowhere.csv\" not found", "path of a CSV, Matrix Market (.mtx), NumPy (.npy) or MATLAB (.mat, FILE.mat:NAME) file"},
  };
  CHECK(cases.size() >= 15);
  for (const auto& c : cases) {
    CAPTURE(c.what);
    const std::string message = message_of(c.text);
    CAPTURE(message);
    const std::string prefix = "bad.toml:" + std::to_string(c.line) + ": key '" + c.key + "': ";
    CHECK(message.rfind(prefix, 0) == 0);
    const auto accepted = message.find("; accepted: ");
    REQUIRE(accepted != std::string::npos);
    CHECK(message.substr(0, accepted).find(c.problem) != std::string::npos);
    CHECK(message.substr(accepted).find(c.accepted) != std::string::npos);
  }
}

TEST_CASE("--set overrides apply before validation and a bad one is refused naming --set KEY") {
  const fs::path file = fs::path(SCAE_SOURCE_DIR) / "regimes" / "gaussian-v1.toml";
  const scae::Regime r = scae::load_regime(file, {"monte_carlo.samples=1000000", "bias.value = 0.25", "name=renamed run",
                                                  "description=\"quoted\""});
  CHECK(r.monte_carlo.samples == 1000000);
  CHECK(r.bias.value == rational(1, 4));
  CHECK(r.name == "renamed run");  // not a TOML value: read as a string
  CHECK(r.description == "quoted");
  CHECK(r.overrides == std::vector<std::string>{"monte_carlo.samples=1000000", "bias.value = 0.25", "name=renamed run",
                                                "description=\"quoted\""});
  CHECK(scae::load_regime(file, {"claims=[\"recovery\"]"}).claims_location == "--set claims");
  CHECK(scae::load_regime(file, {"claims=[\"recovery\"]"}).claims == std::vector<std::string>{"recovery"});
  CHECK_THROWS_WITH_AS(scae::load_regime(file, {"monte_carlo.samples=5"}),
                       "--set monte_carlo.samples: key 'monte_carlo.samples': 5 is below 1000; accepted: integer in [1000, 10^12]",
                       RegimeError);
  CHECK_THROWS_WITH_AS(scae::load_regime(file, {"monte_carlo.sample=5"}),
                       "--set monte_carlo.sample: key 'monte_carlo.sample': unknown key; accepted: keys samples, confidence, seed, batches",
                       RegimeError);
  CHECK_THROWS_WITH_AS(scae::load_regime(file, {"bias.value=high"}),
                       "--set bias.value: key 'bias.value': \"high\" is not a number; accepted: finite number",
                       RegimeError);
  CHECK_THROWS_WITH_AS(scae::load_regime(file, {"samples"}),
                       "--set 'samples': expected KEY=VALUE; accepted: KEY=VALUE with KEY a dotted regime key such as "
                       "monte_carlo.samples and VALUE a TOML value, or KEY= (nothing after '=') to remove a key the regime has",
                       RegimeError);
  CHECK_THROWS_WITH_AS(scae::load_regime(file, {"name.x=1"}),
                       "--set name.x: 'name' is not a table in the regime; accepted: KEY=VALUE with KEY a dotted regime key such "
                       "as monte_carlo.samples and VALUE a TOML value, or KEY= (nothing after '=') to remove a key the regime has",
                       RegimeError);
}

TEST_CASE("--set KEY= removes a key, and a key it cannot remove, or one missing from a table --set made, names the --set") {
  const fs::path file = fs::path(SCAE_SOURCE_DIR) / "regimes" / "asymptotic-hadamard.toml";
  const scae::Regime fixed = scae::load_regime(file, {"bias.rule=", "bias.fraction=", "bias.value=0.5"});
  CHECK(fixed.bias.kind == scae::BiasSpec::Kind::value);
  CHECK(fixed.bias.value == rational(1, 2));
  CHECK_FALSE(scae::load_regime(file, {"sweep="}).sweep.has_value());
  const std::string both = message_of_set(file, {"bias.value=0.5"});
  CHECK(both.rfind("--set bias.value: key 'bias.value': given together with 'bias.rule' (line ", 0) == 0);
  CHECK(both.find("remove one, e.g. with --set bias.rule=;") != std::string::npos);
  CHECK(message_of_set(file, {"bias.rules="}).rfind("--set bias.rules: there is no key 'bias.rules' to remove; accepted: ", 0) == 0);
  CHECK(message_of_set(file, {"point=", "point.delta=0.1"}).rfind("--set point.delta: key 'point.kind': missing required key", 0) == 0);
}

TEST_CASE("a [sweep] table is validated only where it is read") {
  const fs::path file = fs::path(SCAE_SOURCE_DIR) / "regimes" / "asymptotic-hadamard.toml";
  const std::vector<std::string> bad = {"sweep.h=[512, 256]"};
  CHECK_FALSE(scae::load_regime(file, bad, scae::SweepTable::unread).sweep.has_value());
  CHECK(message_of_set(file, bad).find("key 'sweep.h[1]': 256 does not exceed the previous h") != std::string::npos);
  CHECK(scae::load_regime(file, {}, scae::SweepTable::read).sweep.has_value());
}

TEST_CASE("control characters are refused in string keys, except tab, and newline in the description") {
  const fs::path file = fs::path(SCAE_SOURCE_DIR) / "regimes" / "gaussian-v1.toml";
  CHECK(message_of_set(file, {"name=\"a\\u0007b\""}) ==
        "--set name: key 'name': control character U+0007 at position 1; accepted: non-empty string, without control "
        "characters (tab allowed)");
  CHECK(message_of_set(file, {"name=\"a\\nb\""}).find("control character U+000A") != std::string::npos);
  CHECK(message_of_set(file, {"claims=[\"recovery\\u007f\"]"}).find("key 'claims[0]': control character U+007F") != std::string::npos);
  CHECK(scae::load_regime(file, {"name=\"a\\tb\"", "description=\"one\\ntwo\""}).description == "one\ntwo");
}

TEST_CASE("a TOML syntax error names the file and the line") {
  const std::string message = message_of("name = \"x\"\n[dictionary\nn = 4\n", "syntax.toml");
  CAPTURE(message);
  CHECK(message.rfind("syntax.toml:2: TOML syntax error: ", 0) == 0);
  CHECK_THROWS_WITH_AS(scae::load_regime("/nonexistent/regime.toml"), "/nonexistent/regime.toml: regime file not found",
                       RegimeError);
}

TEST_CASE("a regime with a file dictionary, a file point and a file bias builds those matrices") {
  scae::testing::TempDir dir("regime");
  // A* 3 x 5 with columns of norm 2 (normalised on load); W 5 x 3; a bias vector of 5.
  MatrixXd a(3, 5);
  a << 2, 0, 0, 0, 1,  //
      0, 2, 0, 0, 1,   //
      0, 0, 2, 2, std::sqrt(2.0);
  MatrixXd w(5, 3);
  w << 1, 0.1, 0,  //
      0, 1, 0,     //
      0, 0, 1,     //
      0.25, 0, 1,  //
      0.5, 0.5, 0.7;
  const VectorXd eps = (VectorXd(5) << 0.1, 0.2, -0.3, 0.4, 0.5).finished();
  fs::create_directories(dir.path / "data");
  scae::write_csv(dir.path / "data/A.csv", a);
  scae::write_csv(dir.path / "W.csv", w);
  scae::write_vector(dir.path / "eps.csv", eps);
  const std::string text =
      "name = \"files\"\n"
      "[dictionary]\nfamily = \"file\"\nn = 3\nh = 5\nfile = \"data/A.csv\"\ncolumns = \"normalise\"\n"
      "[code]\nsupport = \"uniform\"\nk = 2\nvalues = \"constant\"\na1 = 1\n"
      "[point]\nkind = \"file\"\nfile = \"W.csv\"\n"
      "[bias]\nfile = \"eps.csv\"\n"
      "[monte_carlo]\nsamples = 1000\n";
  const fs::path path = dir.write("files.toml", text);
  const scae::Regime r = scae::load_regime(path);
  CHECK(r.dictionary.file == dir.path / "data/A.csv");
  CHECK(r.code.values.kind() == scae::ValueLaw::Kind::constant);
  CHECK(r.monte_carlo.confidence == rational(95, 100));  // defaults
  CHECK(r.monte_carlo.batches == 64);
  const scae::Instance inst = scae::build_instance(r);
  MatrixXd unit = a;
  for (int j = 0; j < 5; ++j) unit.col(j) /= a.col(j).norm();
  CHECK(inst.a == unit);
  CHECK(inst.w == w);
  CHECK(inst.eps == eps);

  // W = A*^T exactly.
  std::string exact = text;
  exact.replace(exact.find("kind = \"file\"\nfile = \"W.csv\""), 28, "kind = \"dictionary\"");
  CHECK(scae::build_instance(scae::parse_regime(exact, "exact.toml", dir.path)).w == unit.transpose());

  // Columns that must already be unit are refused when building, naming the regime and the key.
  std::string strict = text;
  strict.replace(strict.find("\"normalise\""), 11, "\"require-unit\"");
  const fs::path strict_path = dir.write("strict.toml", strict);
  const scae::Regime rs = scae::load_regime(strict_path);
  try {
    scae::build_instance(rs);
    FAIL("require-unit accepted a column of norm 2");
  } catch (const RegimeError& e) {
    const std::string message = e.what();
    CAPTURE(message);
    CHECK(message.rfind(strict_path.string() + ": key 'dictionary': ", 0) == 0);
    CHECK(message.find("column 0 has norm 2") != std::string::npos);
  }

  // A file whose shape differs from the declared n x h is refused.
  std::string shape = text;
  shape.replace(shape.find("n = 3\nh = 5"), 11, "n = 3\nh = 6");
  shape.replace(shape.find("k = 2"), 5, "k = 1");
  try {
    scae::build_instance(scae::parse_regime(shape, "shape.toml", dir.path));
    FAIL("a 3x5 file was accepted as 3x6");
  } catch (const RegimeError& e) {
    CHECK(std::string(e.what()).find("accepted: n x h = 3x6") != std::string::npos);
  }

  // Entries of W or of the bias file beyond 1e100 would overflow the Monte Carlo in double: refused.
  MatrixXd huge_w = w;
  huge_w(3, 1) = 1e200;
  scae::write_csv(dir.path / "W.csv", huge_w);
  const std::string huge_message = "key 'point.file': " + (dir.path / "W.csv").string() +
                                   ": entry (4, 2) = 1e+200 is beyond the magnitudes double arithmetic "
                                   "carries safely here; accepted: |x| <= 1e100";
  CHECK_THROWS_WITH_AS(scae::build_instance(r), doctest::Contains(huge_message.c_str()), RegimeError);
  scae::write_csv(dir.path / "W.csv", w);
  scae::write_vector(dir.path / "eps.csv", (VectorXd(5) << 0.1, 0.2, -1e308, 0.4, 0.5).finished());
  CHECK_THROWS_WITH_AS(scae::build_instance(r), doctest::Contains("key 'bias.file': "), RegimeError);
  CHECK_THROWS_WITH_AS(scae::build_instance(r), doctest::Contains("entry (3, 1) = -1e+308 is beyond"), RegimeError);
  scae::write_vector(dir.path / "eps.csv", (VectorXd(6) << 0.1, 0.2, 0.3, 0.4, 0.5, 0.6).finished());
  CHECK_THROWS_WITH_AS(scae::build_instance(r), doctest::Contains("key 'bias.file': "), RegimeError);
  CHECK_THROWS_WITH_AS(scae::build_instance(r), doctest::Contains("entry 6 is more than accepted here; accepted: at most 5 entries"),
                       RegimeError);

  // A bias file of the wrong length is refused.
  scae::write_vector(dir.path / "eps.csv", VectorXd::Ones(4));
  CHECK_THROWS_WITH_AS(scae::build_instance(r), doctest::Contains("the bias has 4 entries; accepted: h = 5"), RegimeError);
}

TEST_CASE("a sweep path: rules evaluated at each h, exact constant deltas, the bias rule carried to each point") {
  const scae::Regime r = scae::load_regime(regimes / "default.toml");
  REQUIRE(r.sweep);
  const auto points = scae::sweep_points(r);
  REQUIRE(points.size() == r.sweep->h.size());
  for (const auto& p : points) {
    CHECK(p.n == p.h / 2);
    CHECK(p.k == static_cast<int>(std::round(std::pow(p.h, 0.2))));
    CHECK(p.delta.convert_to<double>() == scae::SizeRule("h^(-p-0.4)").evaluate(p.h, 0.2));
  }
  const scae::Regime at = scae::regime_at(r, points.front());
  CHECK(at.dictionary.h == points.front().h);
  CHECK(at.code.support.h() == points.front().h);
  CHECK(at.bias.kind == scae::BiasSpec::Kind::rule);
  CHECK(at.bias.rule.rule == scae::BiasRule::exact_low);
  CHECK(at.bias.rule.fraction == scae::rational(1, 50));
  CHECK_FALSE(at.sweep);

  const scae::Regime constant = scae::parse_regime(with("batches = 8", "batches = 8\n[sweep]\nh = [8, 16]\nn = \"h/2\"\n"
                                                                     "delta = \"3/100\"\nbias = \"paper\""), "ok.toml");
  CHECK(scae::sweep_points(constant)[1].delta == rational(3, 100));
  CHECK(scae::sweep_points(constant)[1].n == 8);

  // exact-above with its fraction, the paper rule's constant, and the paper series.
  const scae::Regime series = scae::parse_regime(
      with("batches = 8", "batches = 8\n[sweep]\nh = [8, 16]\nbias = \"exact-above\"\nbias_fraction = \"1/20\"\n"
                          "contrast = \"paper\"\ncontrast_constant = \"3/2\"\npaper_constant = \"1\""),
      "ok.toml");
  CHECK(series.sweep->bias->rule == scae::BiasRule::exact_above);
  CHECK(series.sweep->bias->fraction == rational(1, 20));
  CHECK(series.sweep->contrast->constant == rational(3, 2));
  CHECK(series.sweep->paper->rule == scae::BiasRule::paper);
  CHECK(series.sweep->paper->constant == 1);
}

TEST_CASE("bias constants and fractions are read only with the rules that take them, in range") {
  const auto sweep = [](const std::string& body) { return with("batches = 8", "batches = 8\n[sweep]\nh = [8, 16]\n" + body); };
  CHECK(message_of(sweep("bias = \"exact-low\"\nbias_constant = 2")).find(
            "key 'sweep.bias_constant': only read with the rule paper, but here \"exact-low\"") != std::string::npos);
  CHECK(message_of(sweep("bias = \"paper\"\nbias_fraction = 0.1")).find(
            "key 'sweep.bias_fraction': only read with the rules window-low, exact-low and exact-above") != std::string::npos);
  CHECK(message_of(sweep("bias = \"paper\"\npaper_constant = 0")).find(
            "key 'sweep.paper_constant': 0 is outside (0, 100]; accepted: number in (0, 100]") != std::string::npos);
  CHECK(message_of(sweep("bias = \"paper\"\npaper_precision = 0.01")).find(
            "key 'sweep.paper_precision': given without paper_constant; accepted: number in [1/1000, 1/2] with paper_constant") !=
        std::string::npos);
  CHECK(message_of(sweep("bias = \"paper\"\npaper_constant = 1\npaper_precision = 0.6")).find(
            "key 'sweep.paper_precision': 3/5 is outside [1/1000, 1/2]") != std::string::npos);
  CHECK(scae::parse_regime(sweep("bias = \"paper\"\npaper_constant = 1\npaper_precision = \"1/100\""), "ok.toml")
            .sweep->paper_precision == 0.01);
  CHECK(message_of(sweep("bias = \"paper\"\ncontrast_constant = 2")).find(
            "key 'sweep.contrast_constant': only read together with [sweep] contrast") != std::string::npos);
  CHECK(message_of(with("batches = 8", "batches = 8\n[sweep]\nh = [8, 16]\nbias = \"paper\"\nbias_constant = \"-1\"")).find(
            "-1 is outside (0, 100]") != std::string::npos);
}

TEST_CASE("a bad sweep path is refused with the file, the line, the key and the accepted range") {
  const auto sweep = [](const std::string& body) { return with("batches = 8", "batches = 8\n[sweep]\n" + body); };
  CHECK(message_of(sweep("h = [8, 16]\nn = \"h/3\"\nbias = \"paper\"")) ==
        "bad.toml:26: key 'sweep.n': at h = 8: \"h/3\" gives 2.666667, not an integer (wrap it in round()); accepted: an "
        "integer in [2, 7]");
  CHECK(message_of(sweep("h = [16, 8]\nbias = \"paper\"")) ==
        "bad.toml:25: key 'sweep.h[1]': 8 does not exceed the previous h; accepted: array of strictly increasing integers "
        "in [4, 2^20]");
  CHECK(message_of(sweep("h = [8, 16]\nk = \"round(h^p)\"\nbias = \"paper\"")).find(
            "key 'sweep.k': the rule uses p but [sweep] gives no p") != std::string::npos);
  CHECK(message_of(sweep("h = [8, 16]\nk = \"h+1\"\nbias = \"paper\"")).find(
            "key 'sweep.k': at h = 8: \"h+1\" gives 9.000000; accepted: an integer in [1, 8]") != std::string::npos);
  CHECK(message_of(sweep("h = [8, 16]\ndelta = \"0-h\"\nbias = \"paper\"")).find(
            "key 'sweep.delta': at h = 8: \"0-h\" gives -8.000000; accepted: a finite number >= 0") != std::string::npos);
  // Like [point] delta, a rule's delta must stay where double arithmetic is safe (found extending the fuzz target).
  CHECK(message_of(sweep("h = [8, 16]\ndelta = \"h^200\"\nbias = \"paper\"")).find(
            "key 'sweep.delta': at h = 8: \"h^200\" gives 4.14952e+180, outside the magnitudes double arithmetic carries "
            "safely here; accepted: a number >= 0, 0 or of magnitude in [1e-100, 1e100]") != std::string::npos);
  CHECK(message_of(sweep("h = [8, 16]\ndelta = \"h^(-120)\"\nbias = \"paper\"")).find(
            "key 'sweep.delta': at h = 8: \"h^(-120)\" gives 4.25796e-109, outside") != std::string::npos);
  CHECK(message_of(sweep("h = [8, 16]\nn = \"h/\"\nbias = \"paper\"")).find(
            "key 'sweep.n': rule \"h/\", column 3: expression ends early") != std::string::npos);
  CHECK(message_of(sweep("h = [8, 16]")).find(
            "key 'sweep': the base bias is fixed, so it cannot follow h; accepted: key bias = ") != std::string::npos);
  CHECK(message_of(sweep("h = [8, 16]\nbias = \"paper\"\nsize = 3")).find("key 'sweep.size': unknown key") !=
        std::string::npos);
  const std::string hadamard = with("family = \"gaussian\"", "family = \"identity-hadamard\"");
  const std::string bad_hadamard = hadamard.substr(0, hadamard.find("seed = 1")) + hadamard.substr(hadamard.find("[code]")) +
                                   "[sweep]\nh = [8, 24]\nbias = \"paper\"\n";
  CHECK(message_of(bad_hadamard).find("key 'sweep': at h = 24: identity-hadamard needs h = 2n with n a power of two, "
                                      "here n = 12") != std::string::npos);
  CHECK(message_of(with("name = \"test\"", "name = \"test\"\nclaims = [\"\"]")).find("key 'claims[0]': empty prefix") !=
        std::string::npos);
}

TEST_CASE("memory estimate follows its formula") {
  const std::uint64_t n = 256, h = 512;
  CHECK(scae::estimated_memory_bytes(256, 512, 2) == 8 * (12 * n * h + 3 * h * h + 2 * n * h * 2));
  CHECK(scae::estimated_memory_bytes(256, 512, 1) == 8 * (14 * n * h + 3 * h * h));
  CHECK(scae::estimated_memory_bytes(2147483647, 2147483647, 4096) == UINT64_MAX);  // saturates
  CHECK(scae::physical_memory_bytes() > (std::uint64_t{1} << 26));
}

TEST_CASE("a regime beyond the memory with its threads or the time limit is refused with the estimate") {
  scae::Regime r = scae::parse_regime(base, "limits.toml");  // n = 4, h = 8, k = 2, 1000 samples
  CHECK(scae::estimated_monte_carlo_seconds(r, 1) == doctest::Approx(1000 * (8 * 2 + 4 * 2) * 2e-9));
  CHECK(scae::estimated_monte_carlo_seconds(r, 4) == doctest::Approx(1000 * (8 * 2 + 4 * 2) * 2e-9 / 4));
  CHECK_NOTHROW(scae::check_resources(r, 2, scae::default_max_hours));

  // 1000 samples take 4.8e-5 s with 1 thread: a limit of 1e-9 hours (3.6 us) allows 75 of them.
  CHECK_THROWS_WITH_AS(scae::check_resources(r, 1, 1e-9),
                       "regime 'test': key 'monte_carlo.samples': the run of 1000 samples takes an estimated 1.33e-08 hours "
                       "with 1 threads (cost model samples x (h k + n k) x 2 ns / threads), above the limit of 1e-09 hours; "
                       "accepted: at most 75 samples, or a higher limit with --max-hours",
                       scae::ResourceRefusal);

  // 10^12 samples at n = 400, h = 1024, k = 3 take about 1187 hours with 2 threads.
  r.monte_carlo.samples = 1'000'000'000'000;
  r.dictionary.n = 400;
  r.dictionary.h = 1024;
  r.code.support = scae::SupportLaw::uniform_fixed(1024, 3);
  CHECK(scae::estimated_monte_carlo_seconds(r, 2) / 3600 == doctest::Approx(1e12 * (1024 * 3 + 400 * 3) * 1e-9 / 3600));
  CHECK_THROWS_WITH_AS(scae::check_resources(r, 2, scae::default_max_hours),
                       doctest::Contains("the run of 1000000000000 samples takes an estimated 1.19e+03 hours with 2 threads"),
                       scae::ResourceRefusal);
  CHECK_NOTHROW(scae::check_resources(r, 2, 2000));

  // Memory grows with the threads: n = 2000, h = 4000 fits with 2 threads, not with 2^20.
  r.monte_carlo.samples = 1000;
  r.dictionary.n = 2000;
  r.dictionary.h = 4000;
  CHECK_NOTHROW(scae::check_resources(r, 2, scae::default_max_hours));
  CHECK_THROWS_WITH_AS(scae::check_resources(r, 1 << 20, scae::default_max_hours),
                       doctest::Contains("key 'dictionary.h': n = 2000, h = 4000 with 1048576 threads needs an estimated"),
                       scae::ResourceRefusal);
}

TEST_CASE("the parser only parses: a dictionary beyond the machine is refused by the gate, not by parse_regime") {
  const scae::Regime r = scae::parse_regime(with("n = 4\nh = 8", "n = 100000\nh = 200000"), "huge.toml");
  CHECK(r.dictionary.h == 200000);
  CHECK_THROWS_WITH_AS(scae::check_memory(r, 2),
                       doctest::Contains("key 'dictionary.h': n = 100000, h = 200000 with 2 threads needs an estimated "
                                         "3278.3 GiB (Monte Carlo 8 bytes x (12nh + 3h^2 + 2nh x threads)), more than the"),
                       scae::ResourceRefusal);
}

TEST_CASE("the claims' certified work is counted in memory and time when a command runs the claims") {
  scae::Regime r = scae::parse_regime(base, "claims.toml");
  r.dictionary.n = 1024;
  r.dictionary.h = 2048;
  r.code.support = scae::SupportLaw::uniform_fixed(2048, 2);
  const std::uint64_t monte_carlo = scae::estimated_memory_bytes(1024, 2048, 1);
  CHECK(scae::estimated_claims_memory_bytes(1024, 2048) > 4 * monte_carlo);  // the claims, not Monte Carlo, dominate
  CHECK(scae::estimated_claims_seconds(1024, 2048, 3) > 60);
  CHECK(scae::estimated_claims_seconds(1024, 2048, 30) > scae::estimated_claims_seconds(1024, 2048, 3));
  // Admitted for Monte Carlo alone, refused with the claims: 10 seconds are enough for 1000 samples, not for the claims.
  CHECK_NOTHROW(scae::check_resources(r, 1, 10.0 / 3600));
  CHECK_THROWS_WITH_AS(scae::check_resources(r, 1, 10.0 / 3600, scae::Workload{true, 3}),
                       doctest::Contains("key 'dictionary.h': the certified claims' work at n = 1024, h = 2048 on 3 rows "
                                         "takes an estimated"),
                       scae::ResourceRefusal);
  // A limit that holds the Monte Carlo engine but not the claims as well.
  struct Restore {
    ~Restore() { scae::set_memory_limit(0); }
  } restore;
  scae::set_memory_limit(monte_carlo + (64ull << 20));
  CHECK_NOTHROW(scae::check_memory(r, 1));
  CHECK_THROWS_WITH_AS(scae::check_memory(r, 1, scae::Workload{true, 3}),
                       doctest::Contains("with 1 threads needs an estimated"), scae::ResourceRefusal);
}

}  // TEST_SUITE
