#include "numerics/model/size_rule.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace scae {

namespace {

// Recursive descent that evaluates while it parses.
class Evaluator {
public:
  Evaluator(std::string_view text, double h, double p) : text_(text), h_(h), p_(p) {}

  double run() {
    const double v = sum();
    skip_space();
    if (pos_ != text_.size()) fail("unexpected '" + std::string(1, text_[pos_]) + "'");
    return v;
  }
  bool used_p() const { return used_p_; }

private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument("rule \"" + std::string(text_) + "\", column " + std::to_string(pos_ + 1) + ": " + what);
  }
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool take(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  double sum() {
    double v = product();
    for (;;) {
      if (take('+')) v += product();
      else if (take('-')) v -= product();
      else return v;
    }
  }
  double product() {
    double v = unary();
    for (;;) {
      if (take('*')) v *= unary();
      else if (take('/')) v /= unary();
      else return v;
    }
  }
  double unary() {
    if (take('-')) return -unary();
    if (take('+')) return unary();
    return power();
  }
  double power() {
    const double base = primary();
    if (take('^')) return std::pow(base, unary());  // right-associative: 2^-1, h^(-p)
    return base;
  }
  double primary() {
    skip_space();
    if (pos_ >= text_.size()) fail("expression ends early");
    if (take('(')) {
      const double v = sum();
      if (!take(')')) fail("expected ')'");
      return v;
    }
    const char c = text_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      const std::string rest(text_.substr(pos_));
      char* end = nullptr;
      const double v = std::strtod(rest.c_str(), &end);
      if (end == rest.c_str()) fail("bad number");
      pos_ += static_cast<std::size_t>(end - rest.c_str());
      return v;
    }
    std::size_t end = pos_;
    while (end < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[end])) || text_[end] == '_')) ++end;
    const std::string name(text_.substr(pos_, end - pos_));
    if (name.empty()) fail("unexpected '" + std::string(1, c) + "'");
    const std::size_t start = pos_;
    pos_ = end;
    if (name == "h") return h_;
    if (name == "p") {
      used_p_ = true;
      return p_;
    }
    double (*function)(double) = nullptr;
    if (name == "round") function = [](double x) { return std::round(x); };
    else if (name == "floor") function = [](double x) { return std::floor(x); };
    else if (name == "ceil") function = [](double x) { return std::ceil(x); };
    else if (name == "sqrt") function = [](double x) { return std::sqrt(x); };
    else if (name == "log") function = [](double x) { return std::log(x); };
    else if (name == "log2") function = [](double x) { return std::log2(x); };
    else {
      pos_ = start;
      fail("unknown name '" + name + "'");
    }
    if (!take('(')) fail("expected '(' after " + name);
    const double v = sum();
    if (!take(')')) fail("expected ')'");
    return function(v);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  double h_, p_;
  bool used_p_ = false;
};

}  // namespace

SizeRule::SizeRule(std::string text) : text_(std::move(text)) {
  if (text_.find_first_not_of(" \t") == std::string::npos) throw std::invalid_argument("empty rule");
  Evaluator check(text_, 2, 0.5);
  check.run();
  uses_p_ = check.used_p();
}

double SizeRule::evaluate(double h, double p) const { return Evaluator(text_, h, p).run(); }

}  // namespace scae
