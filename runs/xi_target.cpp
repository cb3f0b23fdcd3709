#include "runs/xi_target.hpp"

#include "numerics/model/dictionary.hpp"

#include <bit>
#include <cmath>
#include <stdexcept>

namespace scae {

double hadamard_xi(int h) {
  const double log2_h = std::log2(static_cast<double>(h));
  return 0.5 - 0.5 / log2_h;
}

int hadamard_h_for_xi(int h_max, double target) {
  if (h_max < 4) throw std::invalid_argument("h = " + std::to_string(h_max) + "; accepted: at least 4 for identity+Hadamard");
  int best = 4;
  for (int h = 8; h <= h_max && h > 0; h *= 2)
    if (std::abs(hadamard_xi(h) - target) < std::abs(hadamard_xi(best) - target)) best = h;
  return best;
}

XiTarget hit_xi(const DictionarySpec& dictionary, int h, double target, double tolerance) {
  XiTarget out;
  out.target = target;
  out.tolerance = tolerance;
  if (dictionary.family == DictionarySpec::Family::file)
    throw std::invalid_argument("a dictionary read from a file has fixed sizes; accepted: family gaussian or identity-hadamard");
  if (dictionary.family == DictionarySpec::Family::identity_hadamard) {
    out.h = hadamard_h_for_xi(h, target);
    out.n = out.h / 2;
    out.xi = hadamard_xi(out.h);
    out.trials.push_back({out.n, out.h, out.xi});
  } else {
    if (h < 4) throw std::invalid_argument("h = " + std::to_string(h) + "; accepted: at least 4");
    const auto xi_at = [&](int n) {
      for (const auto& t : out.trials)
        if (t.n == n) return t.xi;
      const double xi = -std::log(coherence(gaussian_dictionary(n, h, dictionary.seed))) / std::log(static_cast<double>(h));
      out.trials.push_back({n, h, xi});
      return xi;
    };
    // Smallest n in [2, h - 1] with xi(n) >= target (h - 1 when none).
    int lo = 2, hi = h - 1;
    while (lo < hi) {
      const int mid = lo + (hi - lo) / 2;
      if (xi_at(mid) >= target) hi = mid;
      else lo = mid + 1;
    }
    out.h = h;
    out.n = lo;
    out.xi = xi_at(lo);
    for (int n = std::max(2, lo - 2); n <= std::min(h - 1, lo + 2); ++n) {
      const double xi = xi_at(n);
      if (std::abs(xi - target) < std::abs(out.xi - target) || (std::abs(xi - target) == std::abs(out.xi - target) && n < out.n)) {
        out.n = n;
        out.xi = xi;
      }
    }
  }
  out.reachable = std::abs(out.xi - target) <= tolerance;
  return out;
}

}  // namespace scae
