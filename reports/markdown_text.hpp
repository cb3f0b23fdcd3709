// Text for the generated Markdown and the `summary` text output (the JSON keeps every digit):
// numbers shortened to 6 significant digits without leaving their intervals, and `*`/`_`
// escaped so that A*_i or q_i m2 do not turn into italics.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace scae {

// Every decimal number with more than 6 significant digits (and a point or an exponent) rounded
// to 6: the lower end of "[a, b]" or "[a, b)" downwards, the upper end upwards, any other to
// nearest. Integers, digits inside words (q_1, m2) and versions (1.74.0) are left alone.
std::string short_numbers(const std::string& text);

// `*` and `_` escaped with a backslash, except inside code spans and image or link targets,
// in the bold markers `**` and where already escaped.
std::string escape_emphasis(const std::string& markdown);

// The midpoint of an interval_text "[lo, hi]" (0 when it is not one).
double median_of_interval_text(const std::string& text);

// Four significant digits, for the tables' and paragraphs' numbers (the JSON keeps every digit).
std::string short_text(double x);

// "1 thread", "2 threads": the count and the word in the number it takes.
std::string counted(long long count, const std::string& singular, const std::string& plural);

// The support law of a report's or summary's "regime" object: "k = 3" for a uniform support of
// fixed size, "Bernoulli, q = 0.01, expected support 2.56" (q_i in [a, b] when they differ); k
// is never shown for Bernoulli, where it is h, the largest possible support.
std::string support_law_text(const nlohmann::json& regime);

}  // namespace scae
