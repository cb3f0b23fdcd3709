// Covers numerics/core/enum_names.hpp: to_name, find_name, from_name (an unknown name refused with
// the accepted list), accepted_names, all_values; and every vocabulary of scae one-to-one with the
// spellings its JSON and regime files use.
#include "runs/claim_catalog.hpp"
#include "numerics/core/enum_names.hpp"
#include "numerics/core/mutation.hpp"
#include "numerics/estimate/monte_carlo.hpp"
#include "theory/expected_gradient.hpp"
#include "input/regime.hpp"
#include "theory/verdict.hpp"

#include <doctest/doctest.h>

#include <set>
#include <stdexcept>
#include <string>

namespace scae {
enum class Colour { red, green };
template <> struct Vocabulary<Colour> {
  static constexpr std::string_view what = "colour";
  static constexpr std::array<EnumName<Colour>, 2> names{{{Colour::red, "red"}, {Colour::green, "green"}}};
};
enum class Twice { a, b };  // a deliberately wrong table: two values share a name
template <> struct Vocabulary<Twice> {
  static constexpr std::string_view what = "twice";
  static constexpr std::array<EnumName<Twice>, 2> names{{{Twice::a, "same"}, {Twice::b, "same"}}};
};
}  // namespace scae

using namespace scae;

namespace {

// No two entries share a value or a name, so to_name and find_name are inverse.
template <class E> bool one_to_one() {
  std::set<std::string_view> names;
  std::set<E> values;
  for (const auto& entry : Vocabulary<E>::names) names.insert(entry.name), values.insert(entry.value);
  if (names.size() != Vocabulary<E>::names.size() || values.size() != Vocabulary<E>::names.size()) return false;
  for (const E value : all_values<E>())
    if (find_name<E>(to_name(value)) != value) return false;
  return true;
}

}  // namespace

TEST_CASE("enum names: both directions, the accepted list, and an unknown name refused with it") {
  CHECK(to_name(Colour::green) == "green");
  CHECK(find_name<Colour>("red") == Colour::red);
  CHECK_FALSE(find_name<Colour>("blue"));
  CHECK(accepted_names<Colour>() == "red, green");
  CHECK(all_values<Colour>() == std::array{Colour::red, Colour::green});
  CHECK(from_name<Colour>("green") == Colour::green);
  try {
    from_name<Colour>("blue");
    FAIL("an unknown name was accepted");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()) == "unknown colour 'blue'; accepted: red, green");
  }
  CHECK_THROWS_AS(to_name(static_cast<Colour>(7)), std::logic_error);
}

TEST_CASE("enum names: every vocabulary is one-to-one, and a table with a name twice is not") {
  CHECK(one_to_one<Colour>());
  CHECK_FALSE(one_to_one<Twice>());
  CHECK(one_to_one<BiasRule>());
  CHECK(one_to_one<Outcome>());
  CHECK(one_to_one<Method>());
  CHECK(one_to_one<TermClass>());
  CHECK(one_to_one<DictionarySpec::Family>());
  CHECK(one_to_one<ColumnNorms>());
  CHECK(one_to_one<Source>());
  CHECK(one_to_one<Kind>());
  CHECK(one_to_one<Accumulation>());
  CHECK(one_to_one<Screening>());
  CHECK(one_to_one<SupportLaw::Kind>());
  CHECK(one_to_one<ValueLaw::Kind>());
  CHECK(one_to_one<PointSpec::Kind>());
  CHECK(one_to_one<Mutant>());
}

TEST_CASE("enum names: the spellings of the JSON and regime files") {
  CHECK(accepted_names<BiasRule>() == "paper, paper-half, window-mid, window-low, exact-mid, exact-low, exact-above");
  CHECK(accepted_names<Outcome>() == "PROVEN, REFUTED, UNDECIDED, CONSISTENT, INCONSISTENT, INCONCLUSIVE");
  CHECK(accepted_names<Method>() == "certified, statistical, exhaustive, deterministic");
  CHECK(accepted_names<TermClass>() ==
        "diagonal, two_index, three_index, four_index, bias_diagonal, bias_two_index, bias_three_index");
  CHECK(accepted_names<DictionarySpec::Family>() == "identity-hadamard, gaussian, file");
  CHECK(accepted_names<ColumnNorms>() == "normalise, require-unit");
  CHECK(accepted_names<Source>() == "Theorem 3.1, Theorem 3.2, experiment, derived, sweep path");
  CHECK(accepted_names<Kind>() == "claim, consistency, hypothesis");
  CHECK(accepted_names<Accumulation>() == "automatic, vectors, coefficients");
  CHECK(accepted_names<Screening>() == "off, float, blocks");
  CHECK(accepted_names<SupportLaw::Kind>() == "uniform, bernoulli");
  CHECK(accepted_names<ValueLaw::Kind>() == "uniform, two-point, constant");
  CHECK(accepted_names<PointSpec::Kind>() == "random-direction, dictionary, file");
}
