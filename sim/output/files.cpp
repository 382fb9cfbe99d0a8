// Result folders and atomic file writing (see the header).
#include "whsim/output/files.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include <fmt/format.h>

#include <unistd.h>

namespace whsim::output {
namespace {

/// The files whsim writes into a result folder (and their temporaries).
constexpr std::array<std::string_view, 4> kOurFiles{"result.h5", "summary.json", "summary.csv",
                                                    "report.html"};

bool is_ours(std::string_view name) {
  for (const std::string_view f : kOurFiles) {
    if (name == f) return true;
    if (name.size() > f.size() + 5 && name.front() == '.' && name.substr(1, f.size()) == f &&
        name.substr(1 + f.size(), 4) == ".tmp") {
      return true;
    }
  }
  return false;
}

}  // namespace

std::filesystem::path temporary_name(const std::filesystem::path& file) {
  return file.parent_path() / fmt::format(".{}.tmp{}", file.filename().string(), static_cast<long>(getpid()));
}

void prepare_result_dir(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) {
      throw OutputError(OutputError::Kind::kCreate,
                        fmt::format("{} exists and is not a folder", dir.string()));
    }
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (!is_ours(name)) {
        throw OutputError(OutputError::Kind::kCreate,
                          fmt::format("{} holds files whsim did not write ({}); choose another --out folder",
                                      dir.string(), name));
      }
    }
    // Temporaries left by a whsim that was killed (its process is gone) are removed.
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      const std::size_t at = name.rfind(".tmp");
      if (name.front() != '.' || at == std::string::npos) continue;
      const long pid = std::strtol(name.c_str() + at + 4, nullptr, 10);
      if (pid > 0 && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
        std::error_code ignored;
        fs::remove(entry.path(), ignored);
      }
    }
    return;
  }
  fs::create_directories(dir, ec);
  if (ec) {
    throw OutputError(OutputError::Kind::kCreate,
                      fmt::format("cannot create the folder {}: {}", dir.string(), ec.message()));
  }
}

namespace {

/// Writes `content` to `tmp`, flushed to disk; removes `tmp` and throws on failure.
void write_temporary(const std::filesystem::path& tmp, const std::filesystem::path& file,
                     std::string_view content) {
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    throw OutputError(OutputError::Kind::kCreate,
                      fmt::format("cannot create {}: {}", tmp.string(), std::strerror(errno)));
  }
  const std::size_t written = std::fwrite(content.data(), 1, content.size(), f);
  int err = written == content.size() ? 0 : errno;
  if (std::fflush(f) != 0 && err == 0) err = errno;
  if (err == 0 && fsync(fileno(f)) != 0 && errno != EINVAL) err = errno;
  if (std::fclose(f) != 0 && err == 0) err = errno;
  if (err != 0) {
    std::remove(tmp.c_str());
    throw OutputError(OutputError::Kind::kWrite,
                      fmt::format("cannot write {}: {}", file.string(), std::strerror(err)));
  }
}

void rename_over(const std::filesystem::path& tmp, const std::filesystem::path& file) {
  if (std::rename(tmp.c_str(), file.c_str()) != 0) {
    const int err = errno;
    std::remove(tmp.c_str());
    throw OutputError(OutputError::Kind::kWrite, fmt::format("cannot rename {} to {}: {}", tmp.string(),
                                                             file.string(), std::strerror(err)));
  }
}

}  // namespace

void write_file_atomically(const std::filesystem::path& file, std::string_view content) {
  const std::filesystem::path tmp = temporary_name(file);
  write_temporary(tmp, file, content);
  rename_over(tmp, file);
}

StagedFiles::~StagedFiles() {
  for (const auto& entry : staged_) std::remove(entry.first.c_str());
}

void StagedFiles::stage(const std::filesystem::path& file, std::string_view content) {
  const std::filesystem::path tmp = temporary_name(file);
  write_temporary(tmp, file, content);
  staged_.emplace_back(tmp, file);
}

void StagedFiles::commit() {
  while (!staged_.empty()) {
    const auto [tmp, file] = staged_.front();
    staged_.erase(staged_.begin());
    rename_over(tmp, file);
  }
}

}  // namespace whsim::output
