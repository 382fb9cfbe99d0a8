// The file discipline every output follows: a result folder is created if missing, each file is
// written under a temporary name in the same folder (".NAME.tmpPID") and renamed over its final
// name when complete, and a folder whsim did not write is never touched.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace whsim::output {

/// An output problem: kCreate (cannot create the folder or file: exit 73), kWrite (an I/O
/// error while writing: exit 74) or kRead (a result file that cannot be read back: exit 66).
class OutputError : public std::runtime_error {
 public:
  enum class Kind : std::uint8_t { kCreate, kWrite, kRead };
  OutputError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  [[nodiscard]] Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

/// Creates `dir` (and its parents) for a result. Refuses (kCreate) when it exists and holds
/// anything but files whsim writes (result.h5, summary.json, summary.csv, report.html and their
/// temporaries), so a folder whsim did not write is never changed.
void prepare_result_dir(const std::filesystem::path& dir);
/// Writes `content` to `file` atomically: a temporary in the same folder, flushed and closed,
/// then renamed over `file`. On failure the temporary is removed and `file` is unchanged.
void write_file_atomically(const std::filesystem::path& file, std::string_view content);

/// Several files of one result, written to temporaries first and renamed over their final
/// names together by commit(), so a previous result is replaced only once every new file is
/// complete. Temporaries not committed are removed by the destructor.
class StagedFiles {
 public:
  StagedFiles() = default;
  StagedFiles(const StagedFiles&) = delete;
  StagedFiles& operator=(const StagedFiles&) = delete;
  ~StagedFiles();
  /// Writes `content` to the temporary of `file` (OutputError as write_file_atomically).
  void stage(const std::filesystem::path& file, std::string_view content);
  /// Renames every staged temporary over its file (OutputError kWrite on failure).
  void commit();

 private:
  std::vector<std::pair<std::filesystem::path, std::filesystem::path>> staged_;  ///< (temporary, file)
};

/// The temporary name write_file_atomically and the HDF5 writer use for `file`.
[[nodiscard]] std::filesystem::path temporary_name(const std::filesystem::path& file);

}  // namespace whsim::output
