#include "cli/output_folder.hpp"

#include "numerics/core/distributed.hpp"
#include "numerics/core/matrix_io.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace scae {

OutputFolder create_output_folder(const std::string& option, const std::filesystem::path& dir) {
  if (dir.empty()) throw std::invalid_argument(option + " '': empty path; accepted: a folder path");
  OutputFolder out{std::filesystem::absolute(dir), {}};
  for (std::filesystem::path p = out.dir; !std::filesystem::exists(p) && p != p.parent_path(); p = p.parent_path()) out.created = p;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw std::invalid_argument(option + " '" + dir.string() + "': cannot create the folder (" +
                                (ec ? ec.message() : "a file of that name exists") + "); accepted: a folder that can be created and written");
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    throw std::invalid_argument(option + " '" + dir.string() + "': cannot write into the folder; accepted: a writable folder");
  if (is_root_process()) {
    out.lock = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (out.lock < 0 || ::flock(out.lock, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      if (out.lock >= 0) ::close(out.lock);
      throw std::invalid_argument(option + " '" + dir.string() + "': " +
                                  (error == EWOULDBLOCK ? std::string("another scae run is writing into this folder")
                                                        : "cannot lock the folder (" + std::string(std::strerror(error)) + ")") +
                                  "; accepted: a folder no other scae run is writing into");
    }
  }
  return out;
}

void remove_if_empty(const OutputFolder& folder) {
  if (folder.created.empty()) return;
  std::error_code ec;
  for (std::filesystem::path p = folder.dir; std::filesystem::is_empty(p, ec) && !ec; p = p.parent_path())
    if (!std::filesystem::remove(p, ec) || p == folder.created) break;
}

void export_instance(const Instance& instance, const std::filesystem::path& dir, const std::string& format) {
  if (format == "npy") {
    write_npy(dir / "A.npy", instance.a);
    write_npy(dir / "W.npy", instance.w);
    write_npy(dir / "eps.npy", instance.eps);
    return;
  }
  if (format == "mat") {
    write_mat(dir / "A.mat", "A", instance.a);
    write_mat(dir / "W.mat", "W", instance.w);
    write_mat(dir / "eps.mat", "eps", instance.eps);
    return;
  }
  write_csv(dir / "A.csv", instance.a);
  write_csv(dir / "W.csv", instance.w);
  write_vector(dir / "eps.csv", instance.eps);
}


}  // namespace scae
