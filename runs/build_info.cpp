#include "runs/build_info.hpp"

#include "runs/record_field.hpp"

#include <Eigen/Core>
#include <boost/version.hpp>
#include <gmp.h>
#include <mpfi.h>
#include <mpfr.h>

#include <array>
#include <cstdio>
#include <memory>
#include <utility>

namespace scae {

namespace {
std::string run(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return {};
  std::array<char, 256> buffer{};
  std::string out;
  while (fgets(buffer.data(), buffer.size(), pipe.get())) out += buffer.data();
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string git_commit() {
  const std::string dir = SCAE_SOURCE_DIR;
  std::string head = run("git -C '" + dir + "' rev-parse HEAD 2>/dev/null");
  if (head.empty()) return SCAE_GIT_COMMIT;
  if (!run("git -C '" + dir + "' status --porcelain --untracked-files=no 2>/dev/null").empty()) head += "-dirty";
  return head;
}
}  // namespace

BuildInfo build_info() {
  BuildInfo info;
  info.version = SCAE_VERSION;
  info.commit = git_commit();
#if defined(__clang__)
  info.compiler = "clang " __clang_version__;
#elif defined(__GNUC__)
  info.compiler = "g++ " __VERSION__;
#endif
  info.build_type = SCAE_BUILD_TYPE;
  info.eigen = std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
               std::to_string(EIGEN_MINOR_VERSION);
  info.boost = std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) + "." +
               std::to_string(BOOST_VERSION % 100);
  info.gmp = gmp_version;
  info.mpfr = mpfr_get_version();
  info.mpfi = mpfi_get_version();
  return info;
}

namespace {
// The object's keys, each with its member: the writer and the reader walk the same table.
constexpr std::pair<const char*, std::string BuildInfo::*> build_fields[] = {
    {"scae", &BuildInfo::version}, {"commit", &BuildInfo::commit}, {"compiler", &BuildInfo::compiler},
    {"build_type", &BuildInfo::build_type}, {"eigen", &BuildInfo::eigen}, {"boost", &BuildInfo::boost},
    {"gmp", &BuildInfo::gmp}, {"mpfr", &BuildInfo::mpfr}, {"mpfi", &BuildInfo::mpfi}};
}  // namespace

nlohmann::json to_json(const BuildInfo& info) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, member] : build_fields) out[name] = info.*member;
  return out;
}

BuildInfo build_info_from_json(const nlohmann::json& build, const char* record) {
  BuildInfo info;
  for (const auto& [name, member] : build_fields) info.*member = record_value<std::string>(build, name, record);
  return info;
}

}  // namespace scae
