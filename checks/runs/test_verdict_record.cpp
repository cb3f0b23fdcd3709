// Covers runs/verdict_record.hpp: every outcome, method, kind and source survives the JSON round trip
// with its evidence of every type (interval, number with and without a unit, rational, text); a listed verdict carries its id, statement and the regime's [expect] entry; a
// record with a missing or mistyped field (the old object-shaped evidence of sweep.json among them) is
// refused naming the field.
#include <doctest/doctest.h>

#include "runs/verdict_record.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

using namespace scae;

namespace {

VerdictRecord sample_record(Outcome outcome, Method method, Kind kind, Source source) {
  Verdict v;
  v.outcome = outcome;
  v.method = method;
  v.summary = "margin 0.25";
  v.how = "MPFI at 128 bits";
  v.precision_bits = 128;
  v.samples = 40000;
  v.confidence = 0.999;
  v.add("margin", IntervalEnds{0.25, 0.25000000000000006});
  v.add("note", "a text, not a number");
  v.add("radius", 0.1);
  v.add("time", 2.5, "s");
  v.add("constant_factor", rational(7, 3));
  v.add("overflowed", IntervalEnds{-HUGE_VAL, HUGE_VAL});
  v.add("fault", std::nan(""));
  Regime regime;
  regime.expect.push_back({"gradient.term_bounds", Outcome::proven, "test.toml:1"});
  return verdict_record(v, "gradient.term_bounds", "each term class is below its bound", kind, source, method, regime);
}

std::string refusal(const nlohmann::json& j) {
  try {
    verdict_record_from_json(j);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_SUITE("verdict_record") {
  TEST_CASE("every outcome, method, kind and source comes back as written, with its evidence") {
    int trips = 0;
    for (const Outcome outcome : all_values<Outcome>())
      for (const Method method : all_values<Method>())
        for (const Kind kind : all_values<Kind>())
          for (const Source source : all_values<Source>()) {
            const VerdictRecord record = sample_record(outcome, method, kind, source);
            const nlohmann::json j = verdict_record_json(record);
            const VerdictRecord back = verdict_record_from_json(j);
            CHECK(back.evidence.back().text() == "nan");  // NaN compares unequal: checked by its text
            CHECK(std::isnan(std::get<Number>(back.evidence.back().value).value));
            VerdictRecord finite = back, expected = record;
            finite.evidence.pop_back(), expected.evidence.pop_back();
            CHECK(finite == expected);
            CHECK(j["fails"] == fails(outcome));
            CHECK(j.contains("precision_bits") == (method == Method::certified));
            CHECK(j.contains("samples") == (method == Method::statistical));
            ++trips;
          }
    CHECK(trips == 6 * 4 * 3 * 5);
    // A deliberately different record does not compare equal after the trip.
    VerdictRecord other = sample_record(Outcome::proven, Method::certified, Kind::claim, Source::derived);
    other.evidence.pop_back();  // the NaN
    const nlohmann::json j = verdict_record_json(other);
    CHECK(verdict_record_from_json(j) == other);
    other.evidence[1].value = std::string("another text");
    CHECK_FALSE(verdict_record_from_json(j) == other);
  }

  TEST_CASE("the evidence is an array of {name, type, value}, with an interval's ends and a number's value") {
    const nlohmann::json j = verdict_record_json(sample_record(Outcome::proven, Method::certified, Kind::claim, Source::theorem_3_2));
    REQUIRE(j["evidence"].is_array());
    const nlohmann::json& e = j["evidence"];
    CHECK(e[0] == nlohmann::json({{"name", "margin"}, {"type", "interval"}, {"value", "[0.25, 0.25000000000000006]"},
                                  {"interval", {0.25, 0.25000000000000006}}}));
    CHECK(e[1] == nlohmann::json({{"name", "note"}, {"type", "text"}, {"value", "a text, not a number"}}));
    CHECK(e[2] == nlohmann::json({{"name", "radius"}, {"type", "number"}, {"value", "0.10000000000000001"}, {"number", 0.1}}));
    CHECK(e[3]["value"] == "2.5 s");
    CHECK(e[3]["unit"] == "s");
    CHECK(e[4] == nlohmann::json({{"name", "constant_factor"}, {"type", "rational"}, {"value", "7/3"}}));
    CHECK(e[5]["interval"] == nlohmann::json({"-inf", "inf"}));
    CHECK(e[5]["value"] == "[-inf, inf]");
    CHECK(j["id"] == "gradient.term_bounds");
    CHECK(j["source"] == "Theorem 3.2");
    CHECK(j["expected"] == "PROVEN");
  }

  TEST_CASE("an interval's midpoint is read from its ends, and asking a text for one is refused") {
    const Evidence ends{"B_ball", IntervalEnds{0.25, 0.75}};
    CHECK(ends.midpoint() == 0.5);
    CHECK(ends.text() == "[0.25, 0.75]");
    const Evidence text{"B_ball", std::string("[0.25, 0.75]")};  // the same text, not an interval
    CHECK_THROWS_WITH_AS(text.midpoint(), "the evidence B_ball is a text, not an interval", std::logic_error);
    CHECK(Evidence{"q", rational(7, 3)}.text() == "7/3");
    CHECK(Evidence{"t", Number{2.5, "s"}}.text() == "2.5 s");
  }

  TEST_CASE("a verdict of a larger result has no id, statement, kind, source or expected field") {
    Verdict v;
    v.outcome = Outcome::consistent;
    v.method = Method::deterministic;
    const nlohmann::json j = verdict_record_json(verdict_record(v));
    for (const char* field : {"id", "statement", "kind", "source", "expected", "precision_bits", "samples", "confidence"})
      CHECK_FALSE(j.contains(field));
    CHECK(verdict_record_from_json(j) == verdict_record(v));
    // The regime naming no [expect] entry for the id: expected is null, and comes back so.
    Regime regime;
    const VerdictRecord listed = verdict_record(v, "sweep.x", "a statement", Kind::claim, Source::sweep_path, v.method, regime);
    const nlohmann::json k = verdict_record_json(listed);
    CHECK(k["expected"].is_null());
    CHECK(verdict_record_from_json(k).expected == Expected{});
  }

  TEST_CASE("a missing field is refused by name") {
    const nlohmann::json good = verdict_record_json(sample_record(Outcome::refuted, Method::certified, Kind::claim, Source::derived));
    CHECK(refusal(good).empty());
    for (const char* field : {"method", "verdict", "summary", "how", "evidence"}) {
      nlohmann::json bad = good;
      bad.erase(field);
      CHECK(refusal(bad) == std::string("verdict record: no field \"") + field + "\"");
    }
    nlohmann::json no_value = good;
    no_value["evidence"][0].erase("value");
    CHECK(refusal(no_value) == "verdict record: no field \"value\"");
    CHECK(refusal(nlohmann::json::array()) == "verdict record: not a JSON object");
  }

  TEST_CASE("a mistyped field is refused by name") {
    const nlohmann::json good = verdict_record_json(sample_record(Outcome::consistent, Method::statistical, Kind::claim, Source::experiment));
    const auto refused_for = [&](const char* field, const nlohmann::json& value) {
      nlohmann::json bad = good;
      bad[field] = value;
      return refusal(bad);
    };
    CHECK(refused_for("verdict", 3) == "verdict record: the field \"verdict\" is not a string");
    CHECK(refused_for("verdict", "PASSED").starts_with("verdict record: the field \"verdict\" names no verdict (\"PASSED\"; accepted: PROVEN,"));
    CHECK(refused_for("method", "guessed").starts_with("verdict record: the field \"method\" names no method"));
    CHECK(refused_for("kind", "paper").starts_with("verdict record: the field \"kind\" names no claim kind"));
    CHECK(refused_for("source", "Theorem 9").starts_with("verdict record: the field \"source\" names no claim source"));
    CHECK(refused_for("expected", "YES").starts_with("verdict record: the field \"expected\" names no verdict"));
    CHECK(refused_for("samples", -1) == "verdict record: the field \"samples\" is not a count of samples");
    CHECK(refused_for("confidence", "0.95") == "verdict record: the field \"confidence\" is not a number");
    CHECK(refused_for("summary", nullptr) == "verdict record: the field \"summary\" is not a string");
    // sweep.json's evidence before the one record: an object of name -> value.
    CHECK(refused_for("evidence", nlohmann::json::object({{"margin", "[1, 2]"}})) == "verdict record: the field \"evidence\" is not an array");
    CHECK(refused_for("evidence", nlohmann::json::array({"margin"})) == "verdict record: the field \"evidence\" holds an entry that is not an object");
  }

  TEST_CASE("evidence with a missing or mistyped type or value is refused by name") {
    const nlohmann::json good = verdict_record_json(sample_record(Outcome::consistent, Method::statistical, Kind::claim, Source::experiment));
    CHECK(refusal(good).empty());
    const auto refused_for = [&](std::size_t entry, const char* field, const nlohmann::json& value) {
      nlohmann::json bad = good;
      if (value.is_null()) bad["evidence"][entry].erase(field);
      else bad["evidence"][entry][field] = value;
      return refusal(bad);
    };
    CHECK(refused_for(0, "type", nullptr) == "verdict record: no field \"type\"");
    CHECK(refused_for(0, "type", "range").starts_with("verdict record: the field \"type\" names no evidence type (\"range\"; accepted: interval, number, rational, text)"));
    CHECK(refused_for(1, "type", "interval") == "verdict record: no field \"interval\"");  // a text said to be an interval
    CHECK(refused_for(0, "interval", nlohmann::json({1.0})) == "verdict record: the field \"interval\" is not a pair of ends");
    CHECK(refused_for(0, "interval", nlohmann::json({"low", 1.0})) == "verdict record: the field \"interval\" holds \"low\", not a number");
    CHECK(refused_for(2, "number", nullptr) == "verdict record: no field \"number\"");
    CHECK(refused_for(2, "number", "0.1") == "verdict record: the field \"number\" holds \"0.1\", not a number");
    CHECK(refused_for(3, "unit", 3) == "verdict record: the field \"unit\" is not a string");
    CHECK(refused_for(4, "value", "seven thirds") == "verdict record: the field \"value\" of a rational holds \"seven thirds\", not an exact rational");
    CHECK(refused_for(1, "value", 12) == "verdict record: the field \"value\" is not a string");
  }
}
