#include "resume_store.hpp"

#include "matrix_io.hpp"

#include <chrono>
#include <fstream>

namespace scae {

nlohmann::json read_stored(const std::filesystem::path& file, const nlohmann::json& key) {
  if (!std::filesystem::exists(file)) return nullptr;
  std::ifstream in(file);
  nlohmann::json stored = nlohmann::json::parse(in, nullptr, false);
  if (stored.is_discarded() || !stored.contains("key") || stored["key"] != key || !stored.contains("result")) return nullptr;
  return stored["result"];
}

std::string stored_or_computed(const std::filesystem::path& file, const nlohmann::json& key, bool resume,
                               const std::function<nlohmann::json()>& compute) {
  nlohmann::json result = resume ? read_stored(file, key) : nlohmann::json(nullptr);
  nlohmann::json outcome = {{"resumed", !result.is_null()}, {"seconds", 0.0}};
  if (result.is_null()) {
    const auto t0 = std::chrono::steady_clock::now();
    result = compute();
    outcome["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    write_file_atomically(file, nlohmann::json{{"key", key}, {"result", result}}.dump(2) + "\n");
  }
  outcome["result"] = result;
  return outcome.dump();
}

}  // namespace scae
