#include "numerics/core/text_matrix.hpp"

#include "numerics/core/matrix_io.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string_view>
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

}  // namespace

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

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace scae
