// Result folders and atomic file writing (see the header).
#include "whsim/output/files.hpp"

#include <array>
#include <cerrno>
#include <cstdio>
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
    return;
  }
  fs::create_directories(dir, ec);
  if (ec) {
    throw OutputError(OutputError::Kind::kCreate,
                      fmt::format("cannot create the folder {}: {}", dir.string(), ec.message()));
  }
}

void write_file_atomically(const std::filesystem::path& file, std::string_view content) {
  const std::filesystem::path tmp = temporary_name(file);
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
  if (std::rename(tmp.c_str(), file.c_str()) != 0) {
    err = errno;
    std::remove(tmp.c_str());
    throw OutputError(OutputError::Kind::kWrite, fmt::format("cannot rename {} to {}: {}", tmp.string(),
                                                             file.string(), std::strerror(err)));
  }
}

}  // namespace whsim::output
