// result.h5: writing and reading a ResultData (layout: docs/output-format.md). The only place
// that includes HDF5. Files are written under a temporary name in the same folder and renamed
// when complete; object time-tracking is off, so two results that differ only in their
// provenance are the same size and differ only in the bytes of the provenance attributes.
#pragma once

#include <filesystem>

#include "whsim/output/result.hpp"

namespace whsim::output {

/// Writes `data` to `file` atomically, with what `data.meta.detail` asks for (summary: no time
/// series, records, grids or trace; standard: no trace). Throws OutputError (kCreate when the
/// temporary cannot be created, kWrite on any later failure; the temporary is removed).
void write_result_h5(const std::filesystem::path& file, const ResultData& data);

/// Reads a result.h5 written by write_result_h5 (any detail level). Throws OutputError (kRead)
/// with a clear message for a missing file, a file that is not HDF5, another schema_version
/// or a missing dataset.
[[nodiscard]] ResultData read_result_h5(const std::filesystem::path& file);

}  // namespace whsim::output
