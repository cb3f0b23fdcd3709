#include "numerics/core/npy_format.hpp"

#include "numerics/core/matrix_io.hpp"

#include <bit>
#include <charconv>
#include <cstring>
#include <string_view>

namespace scae {

namespace {

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

}  // namespace

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

}  // namespace scae
