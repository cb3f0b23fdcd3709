// The keyed resume store of `sweep --resume` and `sweep --grid --resume`: one JSON file per sweep
// point, ξ search or grid cell, {"key": ..., "result": ...}. A stored result is reused only when its
// key equals the key of the run asking for it, so every input that changes a result belongs in its
// key; files are written atomically, so an interrupted run leaves whole files or none.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <string>

namespace scae {

// A stored file's "result" when its key matches, else null.
nlohmann::json read_stored(const std::filesystem::path& file, const nlohmann::json& key);
// Reuses the stored result under `key` (with `resume`) or computes and stores it; returns
// {"resumed", "seconds", "result"} as text, the form distribute_tasks passes between processes.
std::string stored_or_computed(const std::filesystem::path& file, const nlohmann::json& key, bool resume,
                               const std::function<nlohmann::json()>& compute);

// The stored points' owner, DIR/sweep_points/regime.json: the name and source of the regime whose
// path they belong to. With `resume`, a folder written for a regime of another name is refused
// (std::invalid_argument naming --resume and both regimes), and check_store_owner does only that,
// so that a command can refuse before it changes anything; within the same regime every stored
// result is still reused only when its key matches (another seed, size or sample count is
// recomputed). claim_store checks, then records the regime as the owner (rank 0 only).
void check_store_owner(const std::filesystem::path& store, const std::string& regime_name, const std::string& source, bool resume);
void claim_store(const std::filesystem::path& store, const std::string& regime_name, const std::string& source, bool resume);

}  // namespace scae
