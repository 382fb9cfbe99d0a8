// Shared helpers of the result-writing commands (see the header).
#include "result_io.hpp"

#include <array>
#include <ctime>

#include <fmt/format.h>

#include "commands.hpp"
#include <unistd.h>

namespace whsim::cli {

output::ResultMeta this_build() {
  output::ResultMeta meta;
  const BuildInfo b = build_info();
  meta.whsim_version = WHSIM_VERSION;
  meta.git_commit = b.git_commit;
  meta.git_dirty = b.git_dirty;
  meta.compiler = b.compiler;
  meta.compiler_flags = b.flags;
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  meta.provenance.created = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900,
                                        utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) == 0) meta.provenance.host = host.data();
  return meta;
}

std::filesystem::path result_file_of(const std::filesystem::path& result) {
  std::error_code ec;
  if (std::filesystem::is_directory(result, ec)) return result / "result.h5";
  return result;
}

}  // namespace whsim::cli
