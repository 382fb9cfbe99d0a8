// Shared helpers of the result-writing commands (see the header).
#include "result_io.hpp"

#include <array>
#include <ctime>

#include <fmt/format.h>

#include "whsim/output/files.hpp"
#include "whsim/output/hdf5_result.hpp"
#include "whsim/output/report.hpp"
#include "whsim/output/summary.hpp"

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

output::RunRecord make_run_record(run::ReplicationOutput&& out, std::string run_id, std::uint64_t point,
                                  std::uint64_t replication) {
  output::RunRecord record;
  record.run_id = std::move(run_id);
  record.point = point;
  record.replication = replication;
  record.wall_seconds = out.wall_seconds;
  record.model = {{"robots", static_cast<std::int64_t>(out.robots)},
                  {"pods", static_cast<std::int64_t>(out.pods)},
                  {"skus", static_cast<std::int64_t>(out.skus)},
                  {"stations", static_cast<std::int64_t>(out.stations)},
                  {"storage_locations", static_cast<std::int64_t>(out.storage_locations)},
                  {"units_initial", out.units_initial},
                  {"units_demanded", out.units_demanded},
                  {"units_picked", out.units_picked}};
  record.result = std::move(out.result);
  return record;
}

void write_output_folder(const std::filesystem::path& dir,
                         const std::vector<std::pair<std::string, std::string>>& files) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec) && !files.empty() &&
      !fs::exists(dir / files.front().first, ec)) {
    throw output::OutputError(output::OutputError::Kind::kCreate,
                              fmt::format("{} exists and holds files whsim did not write", dir.string()));
  }
  fs::create_directories(dir, ec);
  if (ec) {
    throw output::OutputError(output::OutputError::Kind::kCreate,
                              fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  }
  output::StagedFiles staged;
  for (const auto& [name, content] : files) staged.stage(dir / name, content);
  staged.commit();
}

void write_result_folder(const std::filesystem::path& dir, const output::ResultData& data, bool report) {
  output::StagedFiles staged;
  staged.stage(dir / "summary.json", output::summary_json(data));
  staged.stage(dir / "summary.csv", output::summary_csv(data));
  if (report) staged.stage(dir / "report.html", output::render_report(data));
  output::write_result_h5(dir / "result.h5", data);
  staged.commit();
  std::error_code ec;
  if (!report) std::filesystem::remove(dir / "report.html", ec);  // a previous run's, now stale
}

}  // namespace whsim::cli
