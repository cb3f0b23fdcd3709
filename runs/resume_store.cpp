#include "runs/resume_store.hpp"

#include "numerics/core/distributed.hpp"
#include "numerics/core/matrix_io.hpp"

#include <chrono>
#include <fstream>
#include <stdexcept>

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

void check_store_owner(const std::filesystem::path& store, const std::string& regime_name, const std::string& source, bool resume) {
  const std::filesystem::path file = store / "regime.json";
  if (resume && std::filesystem::exists(file)) {
    std::ifstream in(file);
    const nlohmann::json owner = nlohmann::json::parse(in, nullptr, false);
    if (!owner.is_discarded() && owner.contains("name") && owner["name"].is_string() && owner["name"] != regime_name)
      throw std::invalid_argument("--resume: " + store.parent_path().string() + " holds the results of regime '" +
                                  owner["name"].get<std::string>() + "' (" + owner.value("source", std::string("?")) +
                                  "), not of '" + regime_name + "' (" + source +
                                  "); accepted: --resume with the regime of the interrupted run, or a run without --resume "
                                  "(which replaces them) or into another folder");
  }
}

void claim_store(const std::filesystem::path& store, const std::string& regime_name, const std::string& source, bool resume) {
  check_store_owner(store, regime_name, source, resume);
  if (!is_root_process()) return;
  std::filesystem::create_directories(store);
  write_file_atomically(store / "regime.json", nlohmann::json{{"name", regime_name}, {"source", source}}.dump(2) + "\n");
}

}  // namespace scae
