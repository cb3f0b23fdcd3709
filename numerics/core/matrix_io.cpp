#include "numerics/core/matrix_io.hpp"

#include "numerics/core/budget.hpp"
#include "numerics/core/mat_layout.hpp"
#include "numerics/core/npy_format.hpp"
#include "numerics/core/text_matrix.hpp"

#include <fcntl.h>
#include <matio.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>
#include <sstream>
#include <string_view>
#include <system_error>
#include <vector>

namespace scae {

namespace {

// "PATH: file not found" or "PATH: is a directory, not a regular file" (and so on) unless a regular file.
void require_regular_file(const std::filesystem::path& path) {
  const std::string problem = regular_file_problem(path);
  if (!problem.empty()) throw InputError(path.string() + ": " + (problem == "not found" ? "file not found" : problem));
}

std::string read_text(const std::filesystem::path& path) {
  require_regular_file(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open file: " + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw InputError(path.string() + ": read error");
  return std::move(buffer).str();
}

// MATLAB .mat through libmatio: `FILE.mat:NAME` names a variable, else the file's only real
// double or single 2-D variable is read.
const std::string mat_accepted =
    "accepted: a MATLAB .mat file (v4, v5 or v7.3) with one real double or single 2-D variable, or FILE.mat:NAME naming one";

std::pair<std::filesystem::path, std::string> split_mat_path(const std::filesystem::path& path) {
  const std::string text = path.string();
  const std::size_t colon = text.rfind(':');
  if (colon != std::string::npos && lower(text.substr(0, colon)).ends_with(".mat") && text.find('/', colon) == std::string::npos)
    return {text.substr(0, colon), text.substr(colon + 1)};
  return {path, ""};
}

bool is_numeric_matrix(const matvar_t& v) {
  return (v.class_type == MAT_C_DOUBLE || v.class_type == MAT_C_SINGLE) && v.rank == 2 && !v.isComplex;
}

MatrixXd read_mat(const std::filesystem::path& path, std::uint64_t max_cells) {
  const auto [file, wanted] = split_mat_path(path);
  const std::string name = path.string();
  require_regular_file(file);
  if (const std::string problem = mat_layout_problem(file); !problem.empty()) throw InputError(name + ": " + problem + "; " + mat_accepted);
  const std::unique_ptr<mat_t, int (*)(mat_t*)> mat(Mat_Open(file.c_str(), MAT_ACC_RDONLY), Mat_Close);
  if (!mat) throw InputError(file.string() + ": not a MATLAB .mat file libmatio can read; " + mat_accepted);
  using Variable = std::unique_ptr<matvar_t, void (*)(matvar_t*)>;
  std::string chosen = wanted, numeric_names, all_names;
  int numeric = 0;
  for (Variable v(Mat_VarReadNextInfo(mat.get()), Mat_VarFree); v; v = Variable(Mat_VarReadNextInfo(mat.get()), Mat_VarFree)) {
    const std::string variable = v->name ? v->name : "";
    all_names += (all_names.empty() ? "" : ", ") + variable;
    if (wanted.empty() && is_numeric_matrix(*v)) {
      numeric_names += (numeric_names.empty() ? "" : ", ") + variable;
      ++numeric;
      chosen = variable;
    }
  }
  if (wanted.empty() && numeric != 1)
    throw InputError(name + ": holds " + std::to_string(numeric) + " real double or single 2-D variables" +
                     (numeric ? " (" + numeric_names + ")" : "") + "; " + mat_accepted);
  const Variable info(Mat_VarReadInfo(mat.get(), chosen.c_str()), Mat_VarFree);
  if (!info) throw InputError(name + ": no variable '" + chosen + "' (variables: " + all_names + "); " + mat_accepted);
  if (!is_numeric_matrix(*info)) throw InputError(name + ": variable '" + chosen + "' is not a real double or single 2-D matrix; " + mat_accepted);
  const auto rows = static_cast<std::uint64_t>(info->dims[0]), cols = static_cast<std::uint64_t>(info->dims[1]);
  if (rows == 0 || cols == 0) throw InputError(name + ": variable '" + chosen + "' is empty; " + mat_accepted);
  if (rows > max_cells / cols)
    throw InputError(name + ": a " + std::to_string(rows) + "x" + std::to_string(cols) + " matrix is more than accepted here; accepted: at most " +
                     std::to_string(max_cells) + " entries");
  const Variable v(Mat_VarRead(mat.get(), chosen.c_str()), Mat_VarFree);
  if (!v || !v->data) throw InputError(name + ": cannot read variable '" + chosen + "'; " + mat_accepted);
  MatrixXd m(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));  // both column-major
  for (Eigen::Index t = 0; t < m.size(); ++t) {
    const double x = v->class_type == MAT_C_DOUBLE ? static_cast<const double*>(v->data)[t] : static_cast<const float*>(v->data)[t];
    if (!std::isfinite(x))
      throw InputError(name + ": entry (" + std::to_string(t % m.rows() + 1) + ", " + std::to_string(t / m.rows() + 1) +
                       ") is not finite; accepted: finite numbers");
    m.data()[t] = x;
  }
  return m;
}

void append_number(std::string& out, double x) {
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::general, 17);
  out.append(buffer, end);
}

void require_finite(const std::filesystem::path& path, const double* data, Eigen::Index size) {
  for (Eigen::Index t = 0; t < size; ++t)
    if (!std::isfinite(data[t]))
      throw std::invalid_argument(path.string() + ": refusing to write the non-finite value at position " +
                                  std::to_string(t) + " (it could not be read back)");
}

[[noreturn]] void write_failure(const std::filesystem::path& path, const std::string& what, int error) {
  throw std::system_error(error, std::generic_category(), path.string() + ": " + what);
}

}  // namespace

MatrixXd read_matrix(const std::filesystem::path& path, std::uint64_t max_cells) {
  const std::string extension = lower(matrix_file(path).extension().string());
  if (extension == ".mat") return read_mat(path, max_cells);
  const MatrixFormat format = extension == ".mtx" ? MatrixFormat::matrix_market : extension == ".npy" ? MatrixFormat::npy : MatrixFormat::csv;
  return parse_matrix(read_text(path), path.string(), format, max_cells);
}

MatrixXd parse_matrix(std::string text, const std::string& name, MatrixFormat format, std::uint64_t max_cells) {
  switch (format) {
    case MatrixFormat::matrix_market: return parse_matrix_market(std::move(text), name, max_cells);
    case MatrixFormat::npy: return parse_npy_matrix(text, name, max_cells);
    case MatrixFormat::csv: break;
  }
  return parse_csv(std::move(text), name, max_cells);
}

std::filesystem::path matrix_file(const std::filesystem::path& path) { return split_mat_path(path).first; }

std::string regular_file_problem(const std::filesystem::path& path) {
  std::error_code ec;
  switch (std::filesystem::status(path, ec).type()) {
    case std::filesystem::file_type::regular: return "";
    case std::filesystem::file_type::directory: return "is a directory, not a regular file";
    case std::filesystem::file_type::fifo: return "is a FIFO, not a regular file";
    case std::filesystem::file_type::socket: return "is a socket, not a regular file";
    case std::filesystem::file_type::block:
    case std::filesystem::file_type::character: return "is a device, not a regular file";
    case std::filesystem::file_type::not_found: return "not found";
    default: return ec ? "cannot be examined: " + ec.message() : "is not a regular file";
  }
}

std::uint64_t max_matrix_cells() { return physical_memory_bytes() / 128; }

VectorXd read_vector(const std::filesystem::path& path, std::uint64_t max_cells) {
  int dimensions = 2;
  const MatrixXd m = lower(path.extension().string()) == ".npy" ? parse_npy(read_text(path), path.string(), max_cells, dimensions)
                                                                : read_matrix(path, max_cells);
  if (m.rows() != 1 && m.cols() != 1)
    throw InputError(path.string() + ": expected a vector (one row or one column), found a " +
                     std::to_string(m.rows()) + "x" + std::to_string(m.cols()) + " matrix");
  return m.reshaped();
}

void write_csv(const std::filesystem::path& path, const MatrixXd& m) {
  require_finite(path, m.data(), m.size());
  std::string text;
  text.reserve(static_cast<std::size_t>(m.size()) * 25);
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      if (j > 0) text += ',';
      append_number(text, m(i, j));
    }
    text += '\n';
  }
  write_file_atomically(path, text);
}

void write_vector(const std::filesystem::path& path, const VectorXd& v) {
  require_finite(path, v.data(), v.size());
  std::string text;
  text.reserve(static_cast<std::size_t>(v.size()) * 25);
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    append_number(text, v(i));
    text += '\n';
  }
  write_file_atomically(path, text);
}

void write_npy(const std::filesystem::path& path, const MatrixXd& m) {
  require_finite(path, m.data(), m.size());
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> c_order = m;
  write_file_atomically(path, npy_bytes(c_order.data(), {m.rows(), m.cols()}));
}

void write_npy(const std::filesystem::path& path, const VectorXd& v) {
  require_finite(path, v.data(), v.size());
  write_file_atomically(path, npy_bytes(v.data(), {v.size()}));
}

void write_mat(const std::filesystem::path& path, const std::string& name, const MatrixXd& m) {
  require_finite(path, m.data(), m.size());
  std::string temp_name = ".";  // appended, not "." + name: GCC 12 warns falsely on that insert
  temp_name += path.filename().string();
  temp_name += ".writing";
  const std::filesystem::path temp = path.parent_path() / temp_name;
  {
    const std::unique_ptr<mat_t, int (*)(mat_t*)> mat(Mat_CreateVer(temp.c_str(), nullptr, MAT_FT_MAT5), Mat_Close);
    if (!mat) throw InputError(path.string() + ": cannot be written (libmatio could not create it)");
    std::size_t dims[2] = {static_cast<std::size_t>(m.rows()), static_cast<std::size_t>(m.cols())};
    MatrixXd column_major = m;  // MATLAB's order is Eigen's
    const std::unique_ptr<matvar_t, void (*)(matvar_t*)> var(
        Mat_VarCreate(name.c_str(), MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dims, column_major.data(), 0), Mat_VarFree);
    if (!var || Mat_VarWrite(mat.get(), var.get(), MAT_COMPRESSION_NONE) != 0)
      throw InputError(path.string() + ": cannot be written (libmatio failed to write the variable)");
  }
  std::filesystem::rename(temp, path);
}

void write_file_atomically(const std::filesystem::path& path, const std::string& text) {
  // A fresh name per call (process id and counter) in the target's folder, so the final rename
  // stays within one file system and is atomic.
  static std::atomic<unsigned long> counter{0};
  std::filesystem::path temp;
  int fd = -1;
  for (int attempt = 0; fd < 0; ++attempt) {
    std::string name = path.filename().string();
    name.insert(name.begin(), '.');
    name += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    temp = path.parent_path() / name;
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && (errno != EEXIST || attempt > 100)) write_failure(path, "cannot create " + temp.string(), errno);
  }
  auto abandon = [&](const std::string& what) {
    const int error = errno;
    if (fd >= 0) ::close(fd);
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    write_failure(path, what, error);
  };
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t written = ::write(fd, text.data() + done, text.size() - done);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) abandon("write failed");
    done += static_cast<std::size_t>(written);
  }
  if (::fsync(fd) != 0) abandon("fsync failed");
  const int closed = ::close(fd);
  fd = -1;
  if (closed != 0) abandon("close failed");
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    errno = ec.value();
    abandon("cannot rename " + temp.string() + " into place");
  }
}

}  // namespace scae