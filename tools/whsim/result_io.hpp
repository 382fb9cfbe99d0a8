// Helpers the result-writing commands share: the ResultMeta of this build, the result folder of a
// RESULT argument, and the scenario stored in a result (for `whsim run --from`).
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "whsim/output/result.hpp"
#include "whsim/run/replication.hpp"

namespace whsim::cli {

/// ResultMeta with this program's version, commit, compiler and flags filled in, and the
/// provenance's creation time (now, UTC) and host.
[[nodiscard]] output::ResultMeta this_build();
/// The result.h5 of a RESULT argument: the file itself, or RESULT/result.h5 for a folder.
[[nodiscard]] std::filesystem::path result_file_of(const std::filesystem::path& result);

/// A run's record for the result: its id, point and replication, model sizes and totals, and
/// the RunResult (moved out of `out`).
[[nodiscard]] output::RunRecord make_run_record(run::ReplicationOutput&& out, std::string run_id,
                                                std::uint64_t point, std::uint64_t replication);

/// Writes `files` (name, content) into `dir`, all renamed into place together. `dir` may be new,
/// empty, or hold an earlier output of the same command (recognised by its first file);
/// anything else is refused. Throws output::OutputError (kCreate: refused or not creatable).
void write_output_folder(const std::filesystem::path& dir,
                         const std::vector<std::pair<std::string, std::string>>& files);

/// Writes summary.json, summary.csv, result.h5 and (with `report`) report.html into `dir`,
/// all renamed into place together; removes a stale report.html when `report` is false.
/// Throws output::OutputError.
void write_result_folder(const std::filesystem::path& dir, const output::ResultData& data, bool report);

}  // namespace whsim::cli
