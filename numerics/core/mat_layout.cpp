#include "numerics/core/mat_layout.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>

namespace scae {

namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t chunk = 1 << 16;  // bytes read or inflated at a time; a variable's header must fit

class File {
 public:
  explicit File(const fs::path& path) : in_(path, std::ios::binary) {
    std::error_code ec;
    size_ = fs::file_size(path, ec);
    if (ec) in_.close();
  }
  bool is_open() const { return in_.is_open(); }
  std::uint64_t size() const { return size_; }
  // The bytes [offset, offset + n), clipped to the file.
  std::string read(std::uint64_t offset, std::uint64_t n) {
    if (offset >= size_) return {};
    std::string out(static_cast<std::size_t>(std::min(n, size_ - offset)), '\0');
    in_.clear();
    in_.seekg(static_cast<std::streamoff>(offset));
    in_.read(out.data(), static_cast<std::streamsize>(out.size()));
    out.resize(static_cast<std::size_t>(std::max<std::streamsize>(in_.gcount(), 0)));
    return out;
  }

 private:
  std::ifstream in_;
  std::uint64_t size_ = 0;
};

std::uint64_t unsigned_at(std::string_view bytes, std::uint64_t at, std::size_t width, bool big) {
  std::uint64_t x = 0;
  for (std::size_t i = 0; i < width; ++i) x = x << 8 | static_cast<unsigned char>(bytes[at + (big ? i : width - 1 - i)]);
  return x;
}

// a * b + c, or the largest uint64 when that overflows (only absurd headers get there).
std::uint64_t saturated(std::uint64_t a, std::uint64_t b, std::uint64_t c = 0) {
  std::uint64_t product = 0, sum = 0;
  if (__builtin_mul_overflow(a, b, &product) || __builtin_add_overflow(product, c, &sum)) return std::numeric_limits<std::uint64_t>::max();
  return sum;
}

std::string truncated(std::uint64_t size, std::uint64_t expected) {
  return "truncated data: " + std::to_string(size) + " bytes, expected at least " + std::to_string(expected);
}

// ---- v5: data elements (MAT-File Format, "Data Element Format").
struct Element {
  std::uint64_t type = 0, bytes = 0, data = 0, next = 0;  // data: offset of the data; next: after its padding
};

// The element whose tag starts at `at` in `buffer`; nullopt when the tag does not fit.
std::optional<Element> element_at(std::string_view buffer, std::uint64_t at, bool big) {
  if (at > buffer.size() || buffer.size() - at < 8) return std::nullopt;
  const std::uint64_t first = unsigned_at(buffer, at, 4, big);
  if (first >> 16 != 0) {  // small element: type and byte count in 4 bytes, at most 4 data bytes after them
    if (first >> 16 > 4) return std::nullopt;
    return Element{first & 0xffff, first >> 16, at + 4, at + 8};
  }
  const std::uint64_t bytes = unsigned_at(buffer, at + 4, 4, big);
  return Element{first, bytes, at + 8, at + 8 + (bytes + 7) / 8 * 8};
}

std::uint64_t item_bytes(std::uint64_t type) {
  switch (type) {
    case 1: case 2: return 1;            // miINT8, miUINT8
    case 3: case 4: return 2;            // miINT16, miUINT16
    case 5: case 6: case 7: return 4;    // miINT32, miUINT32, miSINGLE
    case 9: case 12: case 13: return 8;  // miDOUBLE, miINT64, miUINT64
    default: return 0;
  }
}

// A miMATRIX element of `length` bytes (tag included) whose first bytes are `buffer`. Only a numeric
// 2-D array is looked into (scae reads no other): its real and imaginary data must hold rows x cols
// items and end within the element.
std::string matrix_problem(std::string_view buffer, std::uint64_t length, bool big) {
  const std::string malformed = "malformed variable: its header does not fit in its " + std::to_string(length) + " bytes";
  const auto fits = [&](const std::optional<Element>& e) { return e && e->data + e->bytes <= std::min<std::uint64_t>(buffer.size(), length); };
  const auto flags = element_at(buffer, 8, big);
  if (!fits(flags) || flags->bytes < 4) return malformed;
  const std::uint64_t word = unsigned_at(buffer, flags->data, 4, big);
  if ((word & 0xff) < 6 || (word & 0xff) > 15) return {};  // not a numeric class (mxDOUBLE .. mxUINT64)
  const auto dims = element_at(buffer, flags->next, big);
  if (!fits(dims)) return malformed;
  if (dims->bytes != 8) return {};  // not 2-D
  const std::uint64_t rows = unsigned_at(buffer, dims->data, 4, big), cols = unsigned_at(buffer, dims->data + 4, 4, big);
  const auto name = element_at(buffer, dims->next, big);
  if (!fits(name)) return malformed;
  const std::string variable(buffer.substr(name->data, name->bytes));
  std::uint64_t at = name->next;
  for (int part = 0; part < ((word & 0x800) ? 2 : 1); ++part) {
    const auto data = element_at(buffer, at, big);
    if (!data) return malformed;
    const std::uint64_t item = item_bytes(data->type);
    if (item == 0) return "variable '" + variable + "' has data of MAT type " + std::to_string(data->type) + ", not a numeric type";
    if (data->bytes / item < rows * cols)
      return "truncated data: variable '" + variable + "' holds " + std::to_string(data->bytes) + " bytes for its " + std::to_string(rows) +
             "x" + std::to_string(cols) + " values, expected " + std::to_string(saturated(rows * cols, item));
    if (data->data + data->bytes > length) return "malformed variable '" + variable + "': its data runs past the variable's end";
    at = data->next;
  }
  return {};
}

// A miCOMPRESSED element: `bytes` bytes of zlib stream at `offset`, inflated until the inner
// element's length is reached (never further, so a small file cannot make this inflate gigabytes).
std::string compressed_problem(File& file, std::uint64_t offset, std::uint64_t bytes, bool big) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return "zlib failed to start";
  const std::unique_ptr<z_stream, int (*)(z_stream*)> cleanup(&z, inflateEnd);
  std::string input, output(chunk, '\0'), prefix;
  std::uint64_t total = 0, needed = 8, consumed = 0;
  int status = Z_OK;
  while (total < needed && status != Z_STREAM_END) {
    if (z.avail_in == 0) {
      input = file.read(offset + consumed, std::min(bytes - consumed, chunk));
      if (input.empty()) break;
      consumed += input.size();
      z.next_in = reinterpret_cast<Bytef*>(input.data());
      z.avail_in = static_cast<uInt>(input.size());
    }
    const uInt available_before = z.avail_in;
    z.next_out = reinterpret_cast<Bytef*>(output.data());
    z.avail_out = static_cast<uInt>(output.size());
    status = inflate(&z, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR)
      return std::string("compressed variable does not inflate (zlib: ") + (z.msg ? z.msg : "error " + std::to_string(status)) + ")";
    const std::uint64_t produced = output.size() - z.avail_out;
    if (produced == 0 && z.avail_in == available_before) break;  // no progress possible
    prefix.append(output, 0, static_cast<std::size_t>(std::min(produced, chunk - std::min<std::uint64_t>(prefix.size(), chunk))));
    total += produced;
    if (needed == 8 && prefix.size() >= 8) needed = 8 + unsigned_at(prefix, 4, 4, big);
  }
  if (total < needed)
    return "truncated data: a compressed variable inflates to " + std::to_string(total) + " bytes, expected at least " + std::to_string(needed);
  if (unsigned_at(prefix, 0, 4, big) != 14) return {};  // not a miMATRIX inside: left to libmatio
  return matrix_problem(prefix, needed, big);
}

std::string v5_problem(File& file, bool big) {
  for (std::uint64_t at = 128; at < file.size();) {
    const std::string tag = file.read(at, 8);
    if (tag.size() < 8) return truncated(file.size(), at + 8);
    const std::uint64_t type = unsigned_at(tag, 0, 4, big), bytes = unsigned_at(tag, 4, 4, big), end = at + 8 + bytes;
    if (end > file.size()) return truncated(file.size(), end);
    std::string problem;
    if (type == 14) problem = matrix_problem(file.read(at, std::min(8 + bytes, chunk)), 8 + bytes, big);
    if (type == 15) problem = compressed_problem(file, at + 8, bytes, big);
    if (!problem.empty()) return problem;
    at = end;
  }
  return {};
}

// ---- v4: records of a 20-byte header (type MOPT, rows, columns, imaginary flag, name length).
std::string v4_problem(File& file) {
  for (std::uint64_t at = 0; at < file.size();) {
    const std::string header = file.read(at, 20);
    if (header.size() < 20) return at == 0 ? std::string() : truncated(file.size(), at + 20);
    const bool big = unsigned_at(header, 0, 4, false) >= 1000;  // M = 1: big-endian
    const std::uint64_t type = unsigned_at(header, 0, 4, big), rows = unsigned_at(header, 4, 4, big),
                        cols = unsigned_at(header, 8, 4, big), imaginary = unsigned_at(header, 12, 4, big),
                        name = unsigned_at(header, 16, 4, big);
    const std::uint64_t precision = type / 10 % 10;
    const bool sensible = type / 1000 == (big ? 1 : 0) && type / 100 % 10 == 0 && precision <= 5 && type % 10 <= 2 && imaginary <= 1 &&
                          name >= 1 && name < chunk && rows < (1ULL << 31) && cols < (1ULL << 31);
    if (!sensible) return at == 0 ? std::string() : "malformed v4 record at byte " + std::to_string(at);
    const std::uint64_t item = precision == 0 ? 8 : precision <= 2 ? 4 : precision <= 4 ? 2 : 1;
    const std::uint64_t end = saturated(saturated(rows * cols, item), imaginary + 1, at + 20 + name);
    if (end > file.size()) return truncated(file.size(), end);
    at = end;
  }
  return {};
}

// ---- v7.3: HDF5 with a 512-byte user block; the superblock records the end-of-file address.
std::string hdf5_problem(File& file) {
  const std::string block = file.read(512, 64);
  if (block.size() < 8) return truncated(file.size(), 520);
  if (block.substr(0, 8) != std::string_view("\x89HDF\r\n\x1a\n", 8)) return {};
  const unsigned version = static_cast<unsigned char>(block[8]);
  const std::uint64_t width = static_cast<unsigned char>(block[version <= 1 ? 13 : 9]);
  const std::uint64_t at = (version == 0 ? 24 : version == 1 ? 28 : 12) + 2 * width;  // base, next address, end of file
  if (width != 2 && width != 4 && width != 8) return {};
  if (block.size() < at + width) return truncated(file.size(), 512 + at + width);
  const std::uint64_t end = unsigned_at(block, at, width, false);
  if (end != std::numeric_limits<std::uint64_t>::max() >> (64 - 8 * width) && end > file.size()) return truncated(file.size(), end);
  return {};
}

}  // namespace

std::string mat_layout_problem(const fs::path& path) {
  File file(path);
  if (!file.is_open()) return {};
  const std::string header = file.read(0, 128);
  const std::string_view endian = header.size() == 128 ? std::string_view(header).substr(126) : std::string_view();
  if (endian == "IM" || endian == "MI") {
    const bool big = endian == "MI";
    return unsigned_at(header, 124, 2, big) == 0x0200 ? hdf5_problem(file) : v5_problem(file, big);
  }
  if (header.size() < 128 && header.starts_with("MATLAB")) return truncated(file.size(), 128);
  return v4_problem(file);
}

}  // namespace scae
