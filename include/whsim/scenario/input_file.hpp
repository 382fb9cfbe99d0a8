// Reading the other files a scenario names (grid maps now; CSV order and SKU files later) with
// the same discipline as scenario files: a path relative to the file that names it, a size
// budget checked before reading, and errors located at the key that names the file.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "whsim/core/error.hpp"

namespace whsim::scenario {

/// `path` as written at `named_at` (a scenario file, or a --set override): relative paths are
/// relative to the folder of that file (to the working folder for overrides).
[[nodiscard]] std::filesystem::path resolve_input_path(std::string_view path, const SourceLocation& named_at);

/// Reads a whole file of at most `max_bytes`. A missing or unreadable file throws
/// UnreadableFileError and a file over the budget InputError, both located at `named_at` with
/// `key` and the path as written.
[[nodiscard]] std::string read_input_file(const std::filesystem::path& path, std::size_t max_bytes,
                                          const SourceLocation& named_at, const std::string& key);

/// Turns a reader's problem "line L, column C: what" or "line L: what" into a diagnostic located
/// in `file` (other texts are located at the file itself).
[[nodiscard]] Diagnostic located_problem(const std::string& file, const std::string& key,
                                         std::string_view problem);

}  // namespace whsim::scenario
