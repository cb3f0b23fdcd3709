// Covers runs/verdict_record.hpp: every outcome, method, kind and source survives the JSON round trip
// with its evidence; a listed verdict carries its id, statement and the regime's [expect] entry; a
// record with a missing or mistyped field (the old object-shaped evidence of sweep.json among them) is
// refused naming the field.
#include <doctest/doctest.h>

#include "runs/verdict_record.hpp"

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
  v.add("margin", "[0.25, 0.25000000000000006]");
  v.add("note", "a text, not a number");
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
            CHECK(verdict_record_from_json(j) == record);
            CHECK(j["fails"] == fails(outcome));
            CHECK(j.contains("precision_bits") == (method == Method::certified));
            CHECK(j.contains("samples") == (method == Method::statistical));
            ++trips;
          }
    CHECK(trips == 6 * 4 * 3 * 5);
    // A deliberately different record does not compare equal after the trip.
    VerdictRecord other = sample_record(Outcome::proven, Method::certified, Kind::claim, Source::derived);
    const nlohmann::json j = verdict_record_json(other);
    other.evidence.back().second = "another text";
    CHECK_FALSE(verdict_record_from_json(j) == other);
  }

  TEST_CASE("the evidence is an array of {name, value}, with the interval's ends where the value is one") {
    const nlohmann::json j = verdict_record_json(sample_record(Outcome::proven, Method::certified, Kind::claim, Source::theorem_3_2));
    REQUIRE(j["evidence"].is_array());
    CHECK(j["evidence"][0]["name"] == "margin");
    CHECK(j["evidence"][0]["interval"] == nlohmann::json({0.25, 0.25000000000000006}));
    CHECK_FALSE(j["evidence"][1].contains("interval"));
    CHECK(j["id"] == "gradient.term_bounds");
    CHECK(j["source"] == "Theorem 3.2");
    CHECK(j["expected"] == "PROVEN");
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
}
