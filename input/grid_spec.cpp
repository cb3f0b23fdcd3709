#include "input/grid_spec.hpp"

#include <regex>
#include <sstream>
#include <stdexcept>

namespace scae {

namespace {

constexpr std::size_t most_values = 64;
const char* const syntax = "--grid p=LIST,xi=LIST with LIST a decimal or lo:hi:step (inclusive, hi - lo a multiple of step)";

[[noreturn]] void fail(const std::string& problem, const std::string& accepted) {
  throw std::invalid_argument("--grid: " + problem + "; accepted: " + accepted);
}

rational decimal(const std::string& key, const std::string& text, const std::string& accepted) {
  static const std::regex plain("[0-9]+(\\.[0-9]+)?|\\.[0-9]+");
  if (!std::regex_match(text, plain)) fail(key + ": '" + text + "' is not a decimal number", accepted);
  return parse_rational(text);
}

std::vector<rational> axis(const std::string& key, const std::string& list, const rational& lowest, bool lowest_open,
                           const rational& highest, bool highest_open, const std::string& range) {
  const std::string accepted = "decimals in " + range + ", as a single value or lo:hi:step";
  std::vector<std::string> parts;
  std::stringstream in(list);
  for (std::string part; std::getline(in, part, ':');) parts.push_back(part);
  if (!list.empty() && list.back() == ':') parts.push_back("");
  if (parts.size() != 1 && parts.size() != 3) fail(key + " = '" + list + "' is neither a value nor lo:hi:step", accepted);
  std::vector<rational> values;
  const rational lo = decimal(key, parts[0], accepted);
  if (parts.size() == 1) {
    values.push_back(lo);
  } else {
    const rational hi = decimal(key, parts[1], accepted), step = decimal(key, parts[2], accepted);
    if (step <= 0) fail(key + " = '" + list + "': the step is not positive", accepted);
    if (hi < lo) fail(key + " = '" + list + "': hi is below lo", accepted);
    const rational count = (hi - lo) / step;
    if (denominator(count) != 1) fail(key + " = '" + list + "': hi - lo is not a whole multiple of step", accepted);
    if (count >= static_cast<long>(most_values)) fail(key + " = '" + list + "' gives " + rational(count + 1).str() + " values", "at most " + std::to_string(most_values) + " values per axis");
    for (long i = 0; i <= numerator(count).convert_to<long>(); ++i) values.push_back(lo + step * i);
  }
  for (const rational& v : values)
    if ((lowest_open ? v <= lowest : v < lowest) || (highest_open ? v >= highest : v > highest))
      fail(key + " = " + decimal_text(v) + " is outside " + range, accepted);
  return values;
}

}  // namespace

std::string decimal_text(const rational& x) {
  rational scaled = x;
  int digits = 0;
  while (denominator(scaled) != 1 && digits < 40) {
    scaled *= 10;
    ++digits;
  }
  if (denominator(scaled) != 1) return x.str();
  std::string text = bmp::mpz_int(abs(numerator(scaled))).str();
  if (digits > 0) {
    if (static_cast<int>(text.size()) <= digits) text.insert(0, static_cast<std::size_t>(digits + 1) - text.size(), '0');
    text.insert(text.size() - static_cast<std::size_t>(digits), ".");
  }
  return (x < 0 ? "-" : "") + text;
}

GridSpec parse_grid(const std::string& text) {
  GridSpec grid;
  bool have_p = false, have_xi = false;
  if (!text.empty() && text.back() == ',') fail("'" + text + "' ends in a comma", syntax);
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    const auto eq = item.find('=');
    const std::string key = item.substr(0, eq);
    if (eq == std::string::npos || (key != "p" && key != "xi"))
      fail("'" + item + "' is not p=LIST or xi=LIST", syntax);
    bool& seen = key == "p" ? have_p : have_xi;
    if (seen) fail(key + " is given twice", syntax);
    seen = true;
    const std::string list = item.substr(eq + 1);
    if (key == "p") grid.p = axis("p", list, 0, true, 1, true, "(0, 1)");
    else grid.xi = axis("xi", list, 0, true, rational(1, 2), false, "(0, 1/2]");
  }
  if (!have_p || !have_xi) fail(std::string(have_p ? "xi" : "p") + " is missing", syntax);
  return grid;
}

}  // namespace scae
