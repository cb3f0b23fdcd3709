// Text for the generated Markdown and the `summary` text output (the JSON keeps every digit):
// numbers shortened to 6 significant digits without leaving their intervals, and `*`/`_`
// escaped so that A*_i or q_i m2 do not turn into italics.
#pragma once

#include "runs/numerics_summary_record.hpp"
#include "runs/report_record.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace scae {

// Every decimal number with more than 6 significant digits (and a point or an exponent) rounded
// to 6: the lower end of "[a, b]" or "[a, b)" downwards, the upper end upwards, any other to
// nearest. Integers, digits inside words (q_1, m2) and versions (1.74.0) are left alone.
std::string short_numbers(const std::string& text);

// `*` and `_` escaped with a backslash, except inside code spans and image or link targets,
// in the bold markers `**` and where already escaped.
std::string escape_emphasis(const std::string& markdown);

// Text from the user (a regime's name or description) that renders literally: every Markdown
// punctuation (\ ` * _ { } [ ] < > ( ) # + - = ! | ~ &) backslash-escaped, and the dot or
// parenthesis of a leading "1." or "1)" too, so that no line turns into a heading, list or code.
std::string markdown_literal(const std::string& text);

// A code span holding `text` literally, whatever backticks it contains.
std::string markdown_code(const std::string& text);

// The midpoint of an interval_text "[lo, hi]" (0 when it is not one): the numerics summary's
// enclosures, which its record keeps as the text its JSON holds.
double median_of_interval_text(const std::string& text);

// Four significant digits, for the tables' and paragraphs' numbers (the JSON keeps every digit).
std::string short_text(double x);

// A confidence level as a percentage, "95 %" for 0.95, "99.99 %" for 0.9999: printed beside every
// interval, taken from the result's record, never written by hand.
std::string level_text(double confidence);

// The verdict ("PROVEN", ...) of the record whose id is `id` (report.json's claims, a path's
// verdicts), or "" when there is none.
std::string verdict_named(const std::vector<VerdictRecord>& verdicts, const std::string& id);

// "1 thread", "2 threads": the count and the word in the number it takes.
std::string counted(long long count, const std::string& singular, const std::string& plural);

// The support law of a report's or summary's regime: "k = 3" for a uniform support of fixed size,
// "Bernoulli, q = 0.01, expected support 2.56" (q_i in [a, b] when they differ); k is never shown
// for Bernoulli, where it is h, the largest possible support.
std::string support_law_text(const SummaryRegime& regime);

// A number as the JSON writes it (the shortest text that reads back to it; "null" when not finite).
std::string number_json_text(double x);

}  // namespace scae
