// Helpers the result-writing commands share: the ResultMeta of this build, the result folder of a
// RESULT argument, and the scenario stored in a result (for `whsim run --from`).
#pragma once

#include <filesystem>
#include <string>

#include "whsim/output/result.hpp"

namespace whsim::cli {

/// ResultMeta with this program's version, commit, compiler and flags filled in, and the
/// provenance's creation time (now, UTC) and host.
[[nodiscard]] output::ResultMeta this_build();
/// The result.h5 of a RESULT argument: the file itself, or RESULT/result.h5 for a folder.
[[nodiscard]] std::filesystem::path result_file_of(const std::filesystem::path& result);

}  // namespace whsim::cli
