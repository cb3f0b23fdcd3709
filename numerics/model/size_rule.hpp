// Size rules of a sweep path (regime files, [sweep]): arithmetic in h and p such as "h/2",
// "round(h^0.2)" or "h^(-p-0.05)". Grammar: numbers, the variables h and p, + - * /, unary minus,
// ^ (right-associative), parentheses and the functions round, floor, ceil, sqrt, log (natural),
// log2. Evaluated in double; the caller decides what values are acceptable.
#pragma once

#include <string>

namespace scae {

class SizeRule {
public:
  SizeRule() = default;
  // Throws std::invalid_argument naming the column of the first syntax error.
  static constexpr const char* grammar = "numbers, h, p, + - * / ^, parentheses, round floor ceil sqrt log log2";
  explicit SizeRule(std::string text);

  double evaluate(double h, double p) const;
  const std::string& text() const { return text_; }
  bool empty() const { return text_.empty(); }
  bool uses_p() const { return uses_p_; }

private:
  std::string text_;
  bool uses_p_ = false;
};

}  // namespace scae
