#include "fuzz_inputs.hpp"

#include "matrix_io.hpp"
#include "regime.hpp"

#include <stdexcept>
#include <string>

namespace scae::fuzz {

void require_finite(const MatrixXd& m, const char* what) {
  if (!m.allFinite()) throw std::logic_error(std::string(what) + " holds a non-finite entry after a successful read");
}

void regime_input(std::string_view bytes) {
  Regime regime;
  try {
    regime = parse_regime(std::string(bytes), "fuzz.toml");
  } catch (const RegimeError&) {
    return;
  }
  const auto cells = static_cast<long long>(regime.dictionary.n) * regime.dictionary.h;
  if (!(regime.dictionary.n < regime.dictionary.h)) throw std::logic_error("a parsed regime has h <= n");
  if (cells > 4096) return;
  try {
    const Instance instance = build_instance(regime);
    require_finite(instance.a, "A*");
    require_finite(instance.w, "W");
    require_finite(instance.eps, "the bias");
  } catch (const RegimeError&) {
  }
}

void matrix_input(std::string_view bytes) {
  for (const MatrixFormat format : {MatrixFormat::csv, MatrixFormat::matrix_market}) {
    try {
      require_finite(parse_matrix(std::string(bytes), "fuzz", format, 65536), "the matrix");
    } catch (const InputError&) {
    }
  }
}

}  // namespace scae::fuzz
