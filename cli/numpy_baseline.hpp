// The NumPy baseline of `scae bench`: bench/numpy_baseline.py (batched dense GEMMs through
// OpenBLAS, as a NumPy user would write the estimator) run as a child process by Debian's python3.
// Debian 12's OpenBLAS 0.3.21 detects recent AVX-512 Xeons as its generic "Prescott" core and then
// runs DGEMM about 6x slower than with its SkylakeX kernel. A fair baseline runs on the kernel that
// fits the CPU: on a CPU with AVX-512 whose detected core has no AVX-512 kernel, the child (and only
// the child) runs with OPENBLAS_CORETYPE=SkylakeX. The bench prints which kernel it used.
#pragma once

#include <cstdint>
#include <string>

namespace scae {

struct NumpyKernel {
  std::string detected;  // the core OpenBLAS picks by itself ("" when the probe failed)
  std::string used;      // the core the baseline runs on
  std::string coretype;  // OPENBLAS_CORETYPE set for the child ("" for none)
  std::string text() const;  // "SkylakeX (OPENBLAS_CORETYPE=SkylakeX; OpenBLAS detected Prescott)"
};

bool cpu_has_avx512f();
// Probes the script's OpenBLAS once (python3 SCRIPT --probe-core) and chooses the core.
NumpyKernel choose_numpy_kernel(const std::string& script);

struct NumpyRun {
  double seconds = 0;
  std::string problem;  // why there is no time (empty when there is one)
};
NumpyRun run_numpy(const std::string& script, const NumpyKernel& kernel, int n, int h, int k, std::uint64_t samples);
// The script with `arguments` after its path (the bench's Gaussian problem above; `bench --precision`
// passes its own): the "seconds" it prints.
NumpyRun run_numpy_arguments(const std::string& script, const NumpyKernel& kernel, const std::string& arguments);

}  // namespace scae
