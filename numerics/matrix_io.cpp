#include "matrix_io.hpp"

#include "regime.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <string_view>
#include <system_error>
#include <vector>

namespace scae {

namespace {

// Walks a text file line by line, keeping the 1-based line number for messages.
class LineReader {
public:
  LineReader(std::string text, std::string name) : text_(std::move(text)), name_(std::move(name)) {
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;  // UTF-8 byte order mark
  }

  // The next line without its terminator ('\n' or "\r\n"); false at the end of the file.
  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    const std::size_t end = std::min(text_.find('\n', pos_), text_.size());
    line = std::string_view(text_).substr(pos_, end - pos_);
    if (line.ends_with('\r')) line.remove_suffix(1);
    pos_ = end + 1;
    ++line_;
    return true;
  }

  long line() const { return line_; }
  const std::string& name() const { return name_; }

  [[noreturn]] void fail(const std::string& problem) const {
    throw InputError(name_ + ":" + std::to_string(line_) + ": " + problem);
  }

private:
  std::string text_;
  std::string name_;
  std::size_t pos_ = 0;
  long line_ = 0;
};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

std::string read_text(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw InputError(path.string() + ": file not found");
  if (std::filesystem::is_directory(path, ec)) throw InputError(path.string() + ": is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open file: " + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw InputError(path.string() + ": read error");
  return std::move(buffer).str();
}

std::string quote(std::string_view text) {
  std::string out(1, '\'');
  out.append(text);
  out += '\'';
  return out;
}

// One number, the whole field: exact (std::from_chars is correctly rounded) and finite.
double parse_number(std::string_view field, const LineReader& reader) {
  if (field.empty()) reader.fail("empty value");
  std::string_view digits = field;
  if (digits.starts_with('+')) digits.remove_prefix(1);  // from_chars refuses a leading '+'
  double value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec == std::errc::result_out_of_range) reader.fail(quote(field) + " is outside the range of double");
  const bool two_signs = digits.size() < field.size() && (digits.starts_with('+') || digits.starts_with('-'));
  if (ec != std::errc() || end != digits.data() + digits.size() || two_signs) reader.fail(quote(field) + " is not a number");
  if (!std::isfinite(value)) reader.fail("non-finite value " + quote(field));
  return value;
}

[[noreturn]] void too_many(const LineReader& reader, const std::string& what, std::uint64_t max_cells) {
  reader.fail(what + " is more than accepted here; accepted: at most " + std::to_string(max_cells) + " entries");
}

MatrixXd parse_csv(std::string text, const std::string& name, std::uint64_t max_cells) {
  LineReader reader(std::move(text), name);
  std::vector<double> values;  // row-major
  std::size_t width = 0, rows = 0;
  std::string_view line;
  while (reader.next(line)) {
    line = trim(line);
    if (line.empty() || line.starts_with('#')) continue;
    std::size_t count = 0;
    for (std::size_t start = 0;;) {
      const std::size_t comma = std::min(line.find(',', start), line.size());
      const std::string_view field = trim(line.substr(start, comma - start));
      if (field.empty()) reader.fail("empty value in column " + std::to_string(count + 1));
      if (values.size() == max_cells) too_many(reader, "entry " + std::to_string(max_cells + 1), max_cells);
      values.push_back(parse_number(field, reader));
      ++count;
      if (comma == line.size()) break;
      start = comma + 1;
    }
    if (rows == 0) width = count;
    if (count != width)
      reader.fail("expected " + std::to_string(width) + " values, found " + std::to_string(count));
    ++rows;
  }
  if (rows == 0) throw InputError(name + ": empty file (no numbers)");
  MatrixXd m(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(width));
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < width; ++j)
      m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = values[i * width + j];
  return m;
}

std::vector<std::string_view> split_blanks(std::string_view line) {
  std::vector<std::string_view> tokens;
  std::size_t pos = 0;
  while (pos < line.size()) {
    while (pos < line.size() && is_blank(line[pos])) ++pos;
    const std::size_t start = pos;
    while (pos < line.size() && !is_blank(line[pos])) ++pos;
    if (pos > start) tokens.push_back(line.substr(start, pos - start));
  }
  return tokens;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

long long parse_index(std::string_view token, const char* what, const LineReader& reader) {
  long long value = 0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc() || end != token.data() + token.size())
    reader.fail(std::string(what) + " " + quote(token) + " is not an integer");
  return value;
}

// Non-comment, non-blank lines of a Matrix Market body.
bool next_data_line(LineReader& reader, std::string_view& line) {
  while (reader.next(line)) {
    line = trim(line);
    if (!line.empty() && !line.starts_with('%')) return true;
  }
  return false;
}

MatrixXd parse_matrix_market(std::string text, const std::string& name, std::uint64_t max_cells) {
  LineReader reader(std::move(text), name);
  std::string_view line;
  if (!reader.next(line)) throw InputError(name + ": empty file");
  const auto header = split_blanks(line);
  std::vector<std::string> words;
  for (const auto& token : header) words.push_back(lower(token));
  const bool banner_ok = words.size() == 5 && words[0] == "%%matrixmarket" && words[1] == "matrix" &&
                         (words[2] == "array" || words[2] == "coordinate") &&
                         (words[3] == "real" || words[3] == "integer") && words[4] == "general";
  if (!banner_ok)
    reader.fail("unsupported Matrix Market header '" + std::string(trim(line)) +
                "'; accepted: %%MatrixMarket matrix array|coordinate real|integer general");
  const bool coordinate = words[2] == "coordinate";

  if (!next_data_line(reader, line)) throw InputError(name + ": no size line after the header");
  const auto sizes = split_blanks(line);
  if (sizes.size() != (coordinate ? 3u : 2u))
    reader.fail(coordinate ? "expected the size line 'rows columns entries'" : "expected the size line 'rows columns'");
  const long long rows = parse_index(sizes[0], "row count", reader);
  const long long cols = parse_index(sizes[1], "column count", reader);
  if (rows < 1 || cols < 1) reader.fail("matrix size " + std::to_string(rows) + "x" + std::to_string(cols) + " is empty");
  if (rows > std::numeric_limits<long long>::max() / cols) reader.fail("matrix size overflows");
  const long long cells = rows * cols;
  if (static_cast<std::uint64_t>(cells) > max_cells)
    too_many(reader, "a " + std::to_string(rows) + "x" + std::to_string(cols) + " matrix (" +
                         std::to_string(static_cast<std::uint64_t>(cells) * 8 / (1024 * 1024)) + " MiB)",
             max_cells);
  MatrixXd m = MatrixXd::Zero(rows, cols);

  if (!coordinate) {
    long long count = 0;  // entries are listed column by column
    while (next_data_line(reader, line)) {
      for (const auto& token : split_blanks(line)) {
        if (count == cells) reader.fail("more than the " + std::to_string(cells) + " values of a " + std::string(sizes[0]) + "x" + std::string(sizes[1]) + " matrix");
        m(count % rows, count / rows) = parse_number(token, reader);
        ++count;
      }
    }
    if (count != cells)
      reader.fail("expected " + std::to_string(cells) + " values, found " + std::to_string(count));
    return m;
  }

  const long long entries = parse_index(sizes[2], "entry count", reader);
  if (entries < 0 || entries > cells)
    reader.fail("entry count " + std::to_string(entries) + " outside [0, " + std::to_string(cells) + "]");
  std::vector<bool> seen(static_cast<std::size_t>(cells), false);
  long long count = 0;
  while (next_data_line(reader, line)) {
    const auto tokens = split_blanks(line);
    if (tokens.size() != 3) reader.fail("expected 'row column value', found " + std::to_string(tokens.size()) + " fields");
    if (count == entries) reader.fail("more than the " + std::to_string(entries) + " entries announced");
    const long long i = parse_index(tokens[0], "row index", reader);
    const long long j = parse_index(tokens[1], "column index", reader);
    if (i < 1 || i > rows || j < 1 || j > cols)
      reader.fail("index (" + std::to_string(i) + ", " + std::to_string(j) + ") outside the " +
                  std::to_string(rows) + "x" + std::to_string(cols) + " matrix (indices are 1-based)");
    const auto cell = static_cast<std::size_t>((j - 1) * rows + (i - 1));
    if (seen[cell]) reader.fail("entry (" + std::to_string(i) + ", " + std::to_string(j) + ") given twice");
    seen[cell] = true;
    m(i - 1, j - 1) = parse_number(tokens[2], reader);
    ++count;
  }
  if (count != entries)
    reader.fail("expected " + std::to_string(entries) + " entries, found " + std::to_string(count));
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
  const MatrixFormat format = lower(path.extension().string()) == ".mtx" ? MatrixFormat::matrix_market : MatrixFormat::csv;
  return parse_matrix(read_text(path), path.string(), format, max_cells);
}

MatrixXd parse_matrix(std::string text, const std::string& name, MatrixFormat format, std::uint64_t max_cells) {
  return format == MatrixFormat::matrix_market ? parse_matrix_market(std::move(text), name, max_cells)
                                               : parse_csv(std::move(text), name, max_cells);
}

std::uint64_t max_matrix_cells() { return physical_memory_bytes() / 128; }

VectorXd read_vector(const std::filesystem::path& path, std::uint64_t max_cells) {
  const MatrixXd m = read_matrix(path, max_cells);
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
