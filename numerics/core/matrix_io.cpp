#include "matrix_io.hpp"

#include "budget.hpp"

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

// NumPy .npy: magic "\x93NUMPY", version, header length (2 bytes in 1.0, 4 in 2.0 and 3.0), a
// Python dict literal {'descr': ..., 'fortran_order': ..., 'shape': (...)}, then the raw values.
static_assert(std::endian::native == std::endian::little, "the .npy reader and writer assume a little-endian machine");

const std::string npy_accepted =
    "accepted: a NumPy .npy file (format 1.0, 2.0 or 3.0) of float64 or float32 ('<f8', '<f4'), little-endian, C or "
    "Fortran order";

[[noreturn]] void npy_fail(const std::string& name, const std::string& problem) {
  throw InputError(name + ": " + problem + "; " + npy_accepted);
}

struct NpyHeader {
  std::string descr;
  bool fortran_order = false;
  std::vector<long long> shape;
};

std::string_view trim_space(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string shape_text(const std::vector<long long>& shape) {
  std::string out = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + (shape.size() == 1 ? ",)" : ")");
}

NpyHeader parse_npy_header(std::string_view text, const std::string& name) {
  const auto bad = [&](const std::string& what) { npy_fail(name, "malformed header: " + what); };
  std::string_view s = trim_space(text);
  if (!s.starts_with('{') || !s.ends_with('}')) bad("not a {...} dictionary");
  s = s.substr(1, s.size() - 2);
  NpyHeader header;
  bool have_descr = false, have_order = false, have_shape = false;
  std::size_t pos = 0;
  const auto skip_space = [&] {
    while (pos < s.size() && std::isspace(static_cast<unsigned char>(s[pos]))) ++pos;
  };
  for (;;) {
    skip_space();
    if (pos == s.size()) break;
    const char quote_char = s[pos];
    if (quote_char != '\'' && quote_char != '"') bad("expected a quoted key");
    const std::size_t key_end = s.find(quote_char, pos + 1);
    if (key_end == std::string_view::npos) bad("unterminated key");
    const std::string key(s.substr(pos + 1, key_end - pos - 1));
    pos = key_end + 1;
    skip_space();
    if (pos == s.size() || s[pos] != ':') bad("expected ':' after '" + key + "'");
    ++pos;
    const std::size_t start = pos;
    int depth = 0;
    char in_quote = 0;
    for (; pos < s.size(); ++pos) {
      const char c = s[pos];
      if (in_quote) {
        if (c == in_quote) in_quote = 0;
      } else if (c == '\'' || c == '"') {
        in_quote = c;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')') {
        --depth;
      } else if (c == ',' && depth == 0) {
        break;
      }
    }
    const std::string_view value = trim_space(s.substr(start, pos - start));
    if (pos < s.size()) ++pos;  // the ','
    if (key == "descr") {
      if (value.size() < 2 || (value.front() != '\'' && value.front() != '"') || value.back() != value.front())
        bad("'descr' is not a quoted string");
      header.descr = std::string(value.substr(1, value.size() - 2));
      have_descr = true;
    } else if (key == "fortran_order") {
      if (value != "True" && value != "False") bad("'fortran_order' is neither True nor False");
      header.fortran_order = value == "True";
      have_order = true;
    } else if (key == "shape") {
      if (!value.starts_with('(') || !value.ends_with(')')) bad("'shape' is not a tuple");
      std::string_view items = value.substr(1, value.size() - 2);
      while (!trim_space(items).empty()) {
        const std::size_t comma = std::min(items.find(','), items.size());
        const std::string_view item = trim_space(items.substr(0, comma));
        long long extent = -1;
        const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), extent);
        if (ec != std::errc() || end != item.data() + item.size() || extent < 0)
          bad("'shape' entry '" + std::string(item) + "' is not a size");
        header.shape.push_back(extent);
        items = comma == items.size() ? std::string_view() : items.substr(comma + 1);
      }
      have_shape = true;
    } else {
      bad("unknown key '" + key + "'");
    }
  }
  if (!have_descr || !have_order || !have_shape) bad("'descr', 'fortran_order' and 'shape' are required");
  return header;
}

// The array as rows x columns (a 1-D array of n values as n x 1); `dimensions` gets 1 or 2.
MatrixXd parse_npy(const std::string& bytes, const std::string& name, std::uint64_t max_cells, int& dimensions) {
  static constexpr std::string_view magic = "\x93NUMPY";
  if (bytes.size() < 10 || std::string_view(bytes).substr(0, 6) != magic) npy_fail(name, "not a NumPy .npy file (no \\x93NUMPY magic string)");
  const int major = static_cast<unsigned char>(bytes[6]), minor = static_cast<unsigned char>(bytes[7]);
  if (major < 1 || major > 3 || minor != 0) npy_fail(name, "format version " + std::to_string(major) + "." + std::to_string(minor));
  const std::size_t length_bytes = major == 1 ? 2 : 4;
  if (bytes.size() < 8 + length_bytes) npy_fail(name, "truncated header");
  std::size_t header_length = 0;
  for (std::size_t i = 0; i < length_bytes; ++i) header_length |= static_cast<std::size_t>(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
  const std::size_t data_start = 8 + length_bytes + header_length;
  if (data_start > bytes.size()) npy_fail(name, "truncated header (" + std::to_string(header_length) + " bytes announced)");
  const NpyHeader header = parse_npy_header(std::string_view(bytes).substr(8 + length_bytes, header_length), name);

  const std::string& d = header.descr;
  if (d.size() == 3 && d[0] == '>' && (d == ">f8" || d == ">f4")) npy_fail(name, "big-endian dtype '" + d + "'");
  if (d != "<f8" && d != "<f4") npy_fail(name, "dtype '" + d + "'");
  const std::size_t item = d == "<f8" ? 8 : 4;
  if (header.shape.size() != 1 && header.shape.size() != 2)
    npy_fail(name, std::to_string(header.shape.size()) + "-D array of shape " + shape_text(header.shape) +
                       " (accepted: 2-D for a matrix, 1-D for a vector)");
  const long long rows = header.shape[0], cols = header.shape.size() == 2 ? header.shape[1] : 1;
  if (rows == 0 || cols == 0) npy_fail(name, "empty array of shape " + shape_text(header.shape));
  if (rows > std::numeric_limits<long long>::max() / cols) npy_fail(name, "shape " + shape_text(header.shape) + " overflows");
  const auto cells = static_cast<std::uint64_t>(rows * cols);
  if (cells > max_cells)
    throw InputError(name + ": an array of shape " + shape_text(header.shape) + " is more than accepted here; accepted: at most " +
                     std::to_string(max_cells) + " entries");
  const std::size_t available = bytes.size() - data_start;
  if (available / item < cells)
    npy_fail(name, "truncated data: " + std::to_string(available) + " bytes for the " + std::to_string(cells) + " values of shape " +
                       shape_text(header.shape) + ", expected " + std::to_string(cells * item));
  if (available != cells * item) npy_fail(name, std::to_string(available - cells * item) + " bytes after the data");

  MatrixXd m(rows, cols);
  const char* data = bytes.data() + data_start;
  for (std::uint64_t t = 0; t < cells; ++t) {
    double x = 0;
    if (item == 8) {
      std::memcpy(&x, data + t * 8, 8);
    } else {
      float f = 0;
      std::memcpy(&f, data + t * 4, 4);
      x = f;
    }
    const auto i = static_cast<Eigen::Index>(header.fortran_order ? t % static_cast<std::uint64_t>(rows) : t / static_cast<std::uint64_t>(cols));
    const auto j = static_cast<Eigen::Index>(header.fortran_order ? t / static_cast<std::uint64_t>(rows) : t % static_cast<std::uint64_t>(cols));
    if (!std::isfinite(x))
      throw InputError(name + ": entry (" + std::to_string(i + 1) + ", " + std::to_string(j + 1) + ") is not finite; accepted: finite numbers");
    m(i, j) = x;
  }
  dimensions = static_cast<int>(header.shape.size());
  return m;
}

MatrixXd parse_npy_matrix(const std::string& bytes, const std::string& name, std::uint64_t max_cells) {
  int dimensions = 0;
  MatrixXd m = parse_npy(bytes, name, max_cells, dimensions);
  if (dimensions != 2)
    throw InputError(name + ": a 1-D array of " + std::to_string(m.rows()) + " values; accepted for a matrix: a 2-D .npy array");
  return m;
}

std::string npy_bytes(const double* data, const std::vector<long long>& shape) {
  std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape_text(shape) + ", }";
  header.append(63 - (10 + header.size()) % 64, ' ');  // data aligned to 64 bytes
  header += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  out += header;
  long long cells = 1;
  for (const long long extent : shape) cells *= extent;
  out.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(cells) * 8);
  return out;
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
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) throw InputError(file.string() + ": file not found");
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
  const std::filesystem::path temp = path.parent_path() / ("." + path.filename().string() + ".writing");
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
