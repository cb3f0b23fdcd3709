// Output folders of the commands that write files (-o, --export): created before any work, so that
// one that cannot be made is refused at once, and removed again after an error while still empty.
// The folder is locked (flock on the folder itself, by the root process, held until it exits), so
// a second scae run writing into the same folder is refused instead of mixing its files in.
#pragma once

#include "numerics/model/instance.hpp"

#include <filesystem>
#include <string>

namespace scae {

// An output folder and the topmost folder created for it (empty when it existed already).
struct OutputFolder {
  std::filesystem::path dir, created;
  int lock = -1;  // the folder's descriptor holding the lock (never closed: the lock lasts the process)
};

// Throws std::invalid_argument naming `option` when the folder cannot be created, written or
// locked (another scae run is writing into it).
OutputFolder create_output_folder(const std::string& option, const std::filesystem::path& dir);
// After an error: removes the folders create_output_folder made, as far as they are still empty.
void remove_if_empty(const OutputFolder& folder);
// `scae instance --export DIR --format csv|npy|mat`: A, W and eps as files.
void export_instance(const Instance& instance, const std::filesystem::path& dir, const std::string& format);

}  // namespace scae
