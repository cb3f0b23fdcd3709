#include "cli/numpy_baseline.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>

#include <sys/wait.h>

namespace scae {
namespace {

const char* const python = "/usr/bin/python3";

// Standard output of a shell command, and its exit status.
std::pair<std::string, int> run_command(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return {"", -1};
  std::string text;
  std::array<char, 512> buffer{};
  while (fgets(buffer.data(), buffer.size(), pipe.get())) text += buffer.data();
  const int status = pclose(pipe.release());
  return {text, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

std::string environment(const NumpyKernel& kernel) {
  return kernel.coretype.empty() ? "" : "OPENBLAS_CORETYPE=" + kernel.coretype + " ";
}

std::string probe_core(const std::string& script, const std::string& env) {
  const auto [text, status] = run_command(env + python + " '" + script + "' --probe-core 2>/dev/null");
  try {
    return status == 0 ? nlohmann::json::parse(text).at("blas_core").get<std::string>() : "";
  } catch (const std::exception&) {
    return "";
  }
}

// OpenBLAS's kernels that use AVX-512.
bool avx512_core(const std::string& core) {
  for (const char* name : {"SkylakeX", "Cooperlake", "SapphireRapids"})
    if (core == name) return true;
  return false;
}

}  // namespace

std::string NumpyKernel::text() const {
  if (used.empty()) return "unknown (the probe failed)";
  if (coretype.empty()) return used + " (as OpenBLAS detected it)";
  return used + " (OPENBLAS_CORETYPE=" + coretype + "; OpenBLAS detected " + detected + " on this AVX-512 CPU)";
}

bool cpu_has_avx512f() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);)
    if (line.starts_with("flags")) return line.find(" avx512f") != std::string::npos;
  return false;
}

NumpyKernel choose_numpy_kernel(const std::string& script) {
  NumpyKernel kernel;
  kernel.detected = kernel.used = probe_core(script, "");
  if (!kernel.detected.empty() && cpu_has_avx512f() && !avx512_core(kernel.detected)) {
    kernel.coretype = "SkylakeX";
    kernel.used = probe_core(script, environment(kernel));
  }
  return kernel;
}

NumpyRun run_numpy(const std::string& script, const NumpyKernel& kernel, int n, int h, int k, std::uint64_t samples) {
  return run_numpy_arguments(script, kernel, "--n " + std::to_string(n) + " --h " + std::to_string(h) + " --k " + std::to_string(k) +
                                                 " --samples " + std::to_string(samples) + " --delta 0.05 --eps 0.5 --seed 1");
}

NumpyRun run_numpy_arguments(const std::string& script, const NumpyKernel& kernel, const std::string& arguments) {
  const std::string command = environment(kernel) + python + " '" + script + "' " + arguments + " 2>/dev/null";
  const auto [text, status] = run_command(command);
  try {
    return {nlohmann::json::parse(text).at("seconds").get<double>(), ""};
  } catch (const std::exception&) {
    return {0, std::string(python) + " " + script + " failed (exit status " + std::to_string(status) +
                   "; it needs Debian's python3-numpy)"};
  }
}

}  // namespace scae
