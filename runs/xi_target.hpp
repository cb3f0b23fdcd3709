// Dictionary sizes that hit a target incoherence exponent ξ = -log(coherence)/log h (docs/theory.md §1),
// for the phase diagram of `scae sweep --grid` (issue #6).
//
// Gaussian family (h fixed, the regime's dictionary seed): coherence falls with n only
// statistically, so the search bisects n in [2, h - 1] for the smallest n whose realised ξ reaches
// the target, as if ξ(n) were increasing, then also evaluates the neighbours n - 2 .. n + 2 and takes
// the n whose ξ is closest to the target (ties: the smaller n). Each ξ(n) is computed from the seeded
// dictionary itself (numerics/model/dictionary.hpp: coherence of the Gram matrix in double; the cell later
// certifies the coherence of the chosen dictionary in MPFI).
// Identity+Hadamard family: ξ = 1/2 - 1/(2 log2 h) is fixed by h = 2n, so the search takes the power
// of two h in [4, h_max] whose ξ is closest (ties: the smaller h); ξ above 1/2 - 1/(2 log2 h_max) or
// below 1/4 (h = 4) is out of its reach.
// Either way the target counts as hit when |realised ξ - target| <= tolerance.
#pragma once

#include "input/regime.hpp"

#include <vector>

namespace scae {

struct XiTarget {
  double target = 0, tolerance = 0;
  int n = 0, h = 0;          // the chosen sizes
  double xi = 0;             // realised ξ at (n, h), double
  bool reachable = false;    // |xi - target| <= tolerance
  struct Trial {
    int n, h;
    double xi;
  };
  std::vector<Trial> trials;  // every size evaluated, in search order
};

// `h` is the fixed h (Gaussian) or the largest h allowed (identity+Hadamard). Throws
// std::invalid_argument for a family read from a file (its sizes are fixed) or h < 4.
XiTarget hit_xi(const DictionarySpec& dictionary, int h, double target, double tolerance);

// The identity+Hadamard h in [4, h_max] closest in ξ to `target` (no dictionary is built).
int hadamard_h_for_xi(int h_max, double target);
double hadamard_xi(int h);

}  // namespace scae
