#include "input/instance_builder.hpp"

#include "numerics/core/matrix_io.hpp"
#include "numerics/model/near_point.hpp"
#include "theory/neighbourhood.hpp"
#include "theory/support_recovery.hpp"

#include <charconv>
#include <stdexcept>
#include <string>

namespace scae {
namespace {

std::string str(std::int64_t v) { return std::to_string(v); }

[[noreturn]] void build_failure(const Regime& regime, const std::string& key, const std::string& problem) {
  const std::string where = regime.source.empty() ? "regime '" + regime.name + "'" : regime.source.string();
  throw RegimeError(where + ": key '" + key + "': " + problem);
}

// Entries of W or of the bias read from a file enter the Monte Carlo's double arithmetic as they
// are: beyond 1e100 in magnitude their squares and products would overflow.
void require_double_safe(const Regime& regime, const std::string& key, const std::filesystem::path& file, const MatrixXd& m) {
  Eigen::Index i = 0, j = 0;
  const double largest = m.cwiseAbs().maxCoeff(&i, &j);
  if (largest <= 1e100) return;
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, m(i, j)).ptr;  // shortest round-trip decimal
  build_failure(regime, key,
                file.string() + ": entry (" + str(i + 1) + ", " + str(j + 1) + ") = " + std::string(text, end) +
                    " is beyond the magnitudes double arithmetic carries safely here; accepted: |x| <= 1e100");
}

// Runs one step of build_instance, turning its InputError or std::invalid_argument into a RegimeError.
template <class F> auto build_step(const Regime& regime, const std::string& key, F&& step) {
  try {
    return step();
  } catch (const InputError& e) {
    build_failure(regime, key, e.what());
  } catch (const std::invalid_argument& e) {
    build_failure(regime, key, e.what());
  }
}

}  // namespace

Instance build_instance_without_bias(const Regime& regime) {
  const DictionarySpec& d = regime.dictionary;
  Instance out;
  out.name = regime.name;
  out.code = regime.code;
  out.monte_carlo = regime.monte_carlo;

  out.a = build_step(regime, "dictionary", [&]() -> MatrixXd {
    switch (d.family) {
      case DictionarySpec::Family::gaussian: return gaussian_dictionary(d.n, d.h, d.seed);
      case DictionarySpec::Family::identity_hadamard: return identity_hadamard_dictionary(d.n);
      case DictionarySpec::Family::file: break;
    }
    return load_dictionary(d.file, d.norms, static_cast<std::uint64_t>(d.n) * static_cast<std::uint64_t>(d.h));
  });
  if (out.a.rows() != d.n || out.a.cols() != d.h)
    build_failure(regime, "dictionary.file",
                  d.file.string() + " holds a " + str(out.a.rows()) + "x" + str(out.a.cols()) + " matrix; accepted: n x h = " +
                      str(d.n) + "x" + str(d.h) + " as declared");

  out.w = build_step(regime, "point", [&]() -> MatrixXd {
    switch (regime.point.kind) {
      case PointSpec::Kind::random_direction:
        return point_at_distance(out.a, regime.point.delta.convert_to<double>(), regime.point.seed);
      case PointSpec::Kind::dictionary: return out.a.transpose();
      case PointSpec::Kind::file: break;
    }
    return load_point(regime.point.file, out.a);
  });
  if (regime.point.kind == PointSpec::Kind::file) require_double_safe(regime, "point.file", regime.point.file, out.w);

  const BiasSpec& b = regime.bias;
  switch (b.kind) {
    case BiasSpec::Kind::value: out.eps = VectorXd::Constant(d.h, b.value.convert_to<double>()); break;
    case BiasSpec::Kind::values:
      out.eps.resize(static_cast<Eigen::Index>(b.values.size()));
      for (std::size_t i = 0; i < b.values.size(); ++i) out.eps(static_cast<Eigen::Index>(i)) = b.values[i].convert_to<double>();
      break;
    case BiasSpec::Kind::file: out.eps = build_step(regime, "bias.file", [&] { return read_vector(b.file, static_cast<std::uint64_t>(d.h)); }); break;
    case BiasSpec::Kind::rule: out.bias_rule = b.rule; return out;
  }
  if (out.eps.size() != d.h)
    build_failure(regime, "bias", "the bias has " + str(out.eps.size()) + " entries; accepted: h = " + str(d.h));
  if (!out.eps.allFinite()) build_failure(regime, "bias", "non-finite entry; accepted: finite numbers");
  if (b.kind == BiasSpec::Kind::file) require_double_safe(regime, "bias.file", b.file, out.eps);
  return out;
}

std::optional<StructuredInstance> structured_instance(const Regime& regime) {
  if (regime.dictionary.family != DictionarySpec::Family::identity_hadamard || regime.point.kind == PointSpec::Kind::file)
    return std::nullopt;
  StructuredInstance out;
  out.a = build_step(regime, "dictionary", [&] { return IdentityHadamard(regime.dictionary.n); });
  const double delta = regime.point.kind == PointSpec::Kind::random_direction ? regime.point.delta.convert_to<double>() : 0.0;
  out.w = build_step(regime, "point", [&] { return PointRows(out.a, delta, regime.point.seed); });
  out.code = regime.code;
  if (regime.bias.kind == BiasSpec::Kind::rule) out.bias_rule = regime.bias.rule;
  return out;
}

Instance build_instance(const Regime& regime) {
  Instance instance = build_instance_without_bias(regime);
  if (instance.bias_rule) {
    try {
      instance.eps = bias_from_rule(*instance.bias_rule, neighbourhood(instance.a, instance.w), instance.code);
    } catch (const std::invalid_argument& e) {
      build_failure(regime, "bias.rule", e.what());
    }
  }
  return instance;
}

}  // namespace scae
