#include "reports/markdown_text.hpp"

#include "numerics/core/scalar.hpp"
#include "runs/report_record.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace scae {

namespace {

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; }

std::string six_digits(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", x);
  return text;
}

// x rounded to 6 significant digits: down (direction < 0), up (> 0) or to nearest (0).
std::string rounded(double x, int direction) {
  std::string text = six_digits(x);
  const double y = std::strtod(text.c_str(), nullptr);
  if ((direction < 0 && y > x) || (direction > 0 && y < x)) {
    const double unit = std::pow(10.0, std::floor(std::log10(std::abs(y))) - 5);
    text = six_digits(direction < 0 ? y - unit : y + unit);
  }
  return text;
}

int significant_digits(const std::string& token) {
  int digits = 0;
  bool leading = true;
  for (const char c : token) {
    if (c == 'e' || c == 'E') break;
    if (!std::isdigit(static_cast<unsigned char>(c))) continue;
    if (leading && c == '0') continue;
    leading = false;
    ++digits;
  }
  return digits;
}

}  // namespace

std::string short_numbers(const std::string& text) {
  std::string out;
  std::size_t i = 0;
  const auto digit = [&](std::size_t at) { return at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])); };
  while (i < text.size()) {
    if (text[i] == '`') {  // a code span is copied as it is
      const std::size_t close = text.find('`', i + 1);
      const std::size_t end = close == std::string::npos ? text.size() : close + 1;
      out += text.substr(i, end - i);
      i = end;
      continue;
    }
    const bool sign = text[i] == '-' && digit(i + 1);
    if (!(digit(i) || sign) || (i > 0 && word_char(text[i - 1]))) {
      out += text[i++];
      continue;
    }
    std::size_t end = i + (sign ? 1 : 0);
    while (digit(end)) ++end;
    bool decimal = false;
    if (end < text.size() && text[end] == '.' && digit(end + 1)) {
      decimal = true;
      for (++end; digit(end);) ++end;
    }
    if (end < text.size() && (text[end] == 'e' || text[end] == 'E') &&
        (digit(end + 1) || ((text[end + 1] == '-' || text[end + 1] == '+') && digit(end + 2)))) {
      decimal = true;
      end += 2;
      while (digit(end)) ++end;
    }
    const std::string token = text.substr(i, end - i);
    const bool version = end < text.size() && (text[end] == '.' && digit(end + 1));
    if (!decimal || version || (end < text.size() && word_char(text[end]) && text[end] != '.') ||
        significant_digits(token) <= 6) {
      out += token;
      i = end;
      continue;
    }
    const bool lower_end = i > 0 && text[i - 1] == '[' && text.find(", ", end) == end;
    const bool upper_end = i >= 2 && text.compare(i - 2, 2, ", ") == 0 && end < text.size() && (text[end] == ']' || text[end] == ')') &&
                           text.rfind('[', i) != std::string::npos;
    out += rounded(std::strtod(token.c_str(), nullptr), lower_end ? -1 : upper_end ? 1 : 0);
    i = end;
  }
  return out;
}

std::string escape_emphasis(const std::string& md) {
  std::string out;
  bool code = false, target = false;
  for (std::size_t i = 0; i < md.size(); ++i) {
    const char c = md[i];
    if (c == '`' && !(i > 0 && md[i - 1] == '\\')) code = !code;
    else if (!code && c == '(' && i > 0 && md[i - 1] == ']') target = true;
    else if (target && c == ')') target = false;
    if (c == '\n') code = target = false;
    const bool marker = (c == '*' && ((i + 1 < md.size() && md[i + 1] == '*') || (i > 0 && md[i - 1] == '*')));
    const bool escaped = i > 0 && md[i - 1] == '\\';
    if ((c == '*' || c == '_') && !code && !target && !marker && !escaped) out += '\\';
    out += c;
  }
  return out;
}

std::string markdown_literal(const std::string& text) {
  static const std::string punctuation = "\\`*_{}[]<>()#+-=!|~&";
  std::string out;
  bool leading_digits = true;  // only digits so far on this line
  for (const char c : text) {
    const bool list_marker = leading_digits && (c == '.' || c == ')') && !out.empty() && out.back() != '\n';
    if (punctuation.find(c) != std::string::npos || list_marker) out += '\\';
    out += c;
    leading_digits = c == '\n' || (leading_digits && c >= '0' && c <= '9');
  }
  return out;
}

std::string markdown_code(const std::string& text) {
  std::size_t longest = 0, run = 0;
  for (const char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  const bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
  return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence;
}

std::string short_text(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", x);
  return buffer;
}

double median_of_interval_text(const std::string& text) {
  const auto comma = text.find(',');
  if (text.size() < 5 || text.front() != '[' || comma == std::string::npos) return 0;
  return (std::stod(text.substr(1, comma - 1)) + std::stod(text.substr(comma + 1))) / 2;
}

std::string level_text(double confidence) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g %%", 100 * confidence);
  return buffer;
}

std::string verdict_named(const std::vector<VerdictRecord>& verdicts, const std::string& id) {
  for (const VerdictRecord& v : verdicts)
    if (v.id == id) return to_name(v.outcome);
  return "";
}

std::string counted(long long count, const std::string& singular, const std::string& plural) {
  return std::to_string(count) + " " + (count == 1 ? singular : plural);
}

std::string support_law_text(const SummaryRegime& regime) {
  if (regime.support != SupportLaw::Kind::bernoulli) return "k = " + std::to_string(regime.k);
  const auto decimal = [](const std::string& exact) { return short_text(parse_rational(exact).convert_to<double>()); };
  const auto& [q_min, q_max] = regime.q_range.value();
  const std::string q_text = q_min == q_max ? "q = " + decimal(q_min) : "q_i in [" + decimal(q_min) + ", " + decimal(q_max) + "]";
  return "Bernoulli, " + q_text + ", expected support " + decimal(regime.expected_support);
}

std::string number_json_text(double x) { return nlohmann::json(x).dump(); }

}  // namespace scae
