// What `whsim check` found, in the forms people and CI systems read: the text table printed on
// the terminal, JUnit XML (GitHub Actions, GitLab and Jenkins display it: one test suite per
// baseline, one test case per guarded KPI plus one for the run fingerprints) and a Markdown
// summary (for $GITHUB_STEP_SUMMARY or a merge-request comment). docs/ci.md shows all three.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "whsim/stats/regression.hpp"

namespace whsim::output {

/// How a baseline's run fingerprints are compared.
enum class FingerprintMode : std::uint8_t {
  kExact,   ///< any changed fingerprint fails the check (golden scenarios)
  kReport,  ///< changed fingerprints are shown, the KPI tests decide
};
/// "exact" or "report".
[[nodiscard]] std::string_view to_string(FingerprintMode mode);

/// One guarded KPI: the judgement plus what the tables show.
struct KpiCheck {
  stats::KpiJudgement judgement;
  std::string unit;
};

/// One baseline file, checked (or not: `error` says why it could not be).
struct BaselineCheck {
  std::string name;      ///< the baseline's name (its file stem)
  std::string file;      ///< the baseline file as given
  std::string scenario;  ///< the scenario as the baseline names it ("" for the built-in quickstart)
  std::string error;     ///< non-empty: the baseline could not be checked (a JUnit <error>)
  int replications = 0;
  std::uint64_t seed = 0;
  std::string scenario_hash_then;  ///< the resolved scenario's hash when the baseline was made
  std::string scenario_hash_now;   ///< ... and now ("" when not loaded)
  FingerprintMode fingerprint_mode = FingerprintMode::kReport;
  std::vector<std::string> fingerprints_then;  ///< per replication, 16 hex digits
  std::vector<std::string> fingerprints_now;   ///< per replication ("" when not run)
  std::vector<KpiCheck> kpis;
  std::string updated_file;  ///< the .UPDATED file written by --accept ("" for none)
  double seconds = 0;        ///< wall time of the reruns

  /// Replications whose fingerprint differs from the baseline's.
  [[nodiscard]] std::size_t fingerprints_changed() const;
  /// True when the fingerprints fail the check (exact mode and at least one changed).
  [[nodiscard]] bool fingerprint_failed() const;
  /// True when anything fails: an error, a failing fingerprint, a regressed or changed KPI.
  [[nodiscard]] bool failed() const;
};

struct CheckReport {
  std::vector<BaselineCheck> baselines;
  double alpha = 0.05;    ///< family-wise error rate of the KPI tests
  std::string overrides;  ///< --set flags given to the check, joined by spaces ("" for none)
  double seconds = 0;

  [[nodiscard]] std::size_t kpis_checked() const;
  [[nodiscard]] std::size_t kpis_failed() const;
  [[nodiscard]] std::size_t errors() const;
  /// True when no baseline failed or had an error.
  [[nodiscard]] bool passed() const;
};

/// The terminal table: per baseline a header line (name, scenario, replications, seed,
/// fingerprints identical/changed), then one row per KPI — KPI, baseline mean, now, change,
/// change %, tolerance, p (Holm), verdict — and a final line with the counts.
[[nodiscard]] std::string check_table(const CheckReport& report);

/// JUnit XML: <testsuites> with tests/failures/errors/time, one <testsuite> per baseline
/// (its properties: scenario, seed, replications, hashes), one <testcase> per KPI
/// (classname "whsim.check.<baseline>", name the KPI) with a <failure> for a regressed or
/// changed KPI, and a test case "fingerprint" with a <failure> when exact fingerprints changed;
/// a baseline that could not be checked is one test case with an <error>. Text is XML-escaped
/// and characters XML 1.0 forbids are replaced.
[[nodiscard]] std::string junit_xml(const CheckReport& report);

/// A Markdown summary: a one-line verdict, then a table per baseline.
[[nodiscard]] std::string check_markdown(const CheckReport& report);

}  // namespace whsim::output
