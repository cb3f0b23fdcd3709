// The layout check matrix_io runs on a MATLAB .mat file before libmatio reads it. libmatio 1.5.23
// reads a truncated file without an error: the missing part of a v5 variable comes back as
// uninitialised memory, of a compressed one as zeros. So every variable must lie within the file
// and hold the bytes its dimensions need:
//   v4    each record: its 20-byte header, name and data (rows x cols x item size, twice if complex);
//   v5    each top-level element (its tag's byte count; a compressed one is inflated and its inner
//         element counted), and for a numeric 2-D variable its real (and imaginary) data;
//   v7.3  the HDF5 superblock's end-of-file address (HDF5 itself refuses such a file, noisily).
// Files it cannot place (no v5/v7.3 header and no sensible v4 record) are left to libmatio.
#pragma once

#include <filesystem>
#include <string>

namespace scae {

// Empty when the layout holds, else the problem, e.g. "truncated data: 3000 bytes, expected at
// least 4344".
std::string mat_layout_problem(const std::filesystem::path& file);

}  // namespace scae
