// The text table, JUnit XML and Markdown forms of a `whsim check` report (see the header). Pure
// string building: no files, no clocks, no libm transcendental functions.
#include "whsim/output/check_report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string_view>

#include <fmt/format.h>

#include "report_svg.hpp"

namespace whsim::output {
namespace {

using stats::KpiJudgement;
using stats::Verdict;

constexpr std::size_t kColumnCount = 8;
using Row = std::array<std::string, kColumnCount>;
constexpr std::array<std::string_view, kColumnCount> kColumns = {
    "KPI", "baseline", "now", "change", "change %", "tolerance", "p (Holm)", "verdict"};
// Numbers right-aligned, names and words left-aligned.
constexpr std::array<bool, kColumnCount> kRightAligned = {false, true, true, true, true, true, true, false};

std::string number(double v) {
  return std::isnan(v) ? std::string("-") : fmt::format("{:.4g}", v);
}
std::string signed_number(double v) {
  return std::isnan(v) ? std::string("-") : fmt::format("{:+.4g}", v);
}
std::string percent(double fraction) {
  return std::isnan(fraction) ? std::string("-") : fmt::format("{:+.2f}%", 100.0 * fraction);
}
std::string seconds_attribute(double s) {
  return fmt::format("{:.3f}", std::isfinite(s) && s > 0 ? s : 0.0);
}

// "12.5 s"; dimensionless units ("" or "1") and "-" stay bare.
std::string with_unit(const std::string& value, const std::string& unit) {
  if (unit.empty() || unit == "1" || value == "-") return value;
  return fmt::format("{} {}", value, unit);
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string kpi_label(const KpiCheck& k) {
  if (k.unit.empty() || k.unit == "1") return k.judgement.name;
  return fmt::format("{} [{}]", k.judgement.name, k.unit);
}

// The p-value behind the verdict: the better-direction one for an improvement, the worse-direction
// one otherwise; none for a KPI the change did not touch.
double shown_p(const KpiJudgement& j) {
  if (j.identical) return std::numeric_limits<double>::quiet_NaN();
  return j.verdict == Verdict::kImproved ? j.p_better_holm : j.p_worse_holm;
}

// Failing verdicts in capitals so they stand out in a column of "pass".
std::string verdict_text(const KpiJudgement& j) {
  if (j.identical) return "pass";
  std::string s(stats::to_string(j.verdict));
  if (stats::fails(j.verdict)) {
    for (char& c : s) c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

std::string status_text(const BaselineCheck& b) {
  if (!b.error.empty()) return "ERROR";
  return b.failed() ? "FAIL" : "PASS";
}

std::string scenario_text(const BaselineCheck& b) {
  return b.scenario.empty() || b.scenario == "builtin:quickstart"
             ? std::string("built-in quickstart scenario")
             : fmt::format("scenario {}", b.scenario);
}

std::size_t fingerprint_count(const BaselineCheck& b) {
  return std::max(b.fingerprints_then.size(), b.fingerprints_now.size());
}

// "" when the baseline has no fingerprints.
std::string fingerprint_line(const BaselineCheck& b) {
  const std::size_t total = fingerprint_count(b);
  if (total == 0) return "";
  const std::size_t changed = b.fingerprints_changed();
  if (changed == 0) return fmt::format("fingerprints: {} of {} identical", total, total);
  return fmt::format("fingerprints: {} of {} changed ({})", changed, total,
                     b.fingerprint_mode == FingerprintMode::kExact ? "exact: fails" : "report only");
}

// "" unless both hashes are known and differ.
std::string scenario_note(const BaselineCheck& b) {
  if (b.scenario_hash_then.empty() || b.scenario_hash_now.empty() ||
      b.scenario_hash_then == b.scenario_hash_now)
    return "";
  return fmt::format("scenario changed since the baseline: {} -> {}", b.scenario_hash_then,
                     b.scenario_hash_now);
}

Row kpi_row(const KpiCheck& k) {
  const KpiJudgement& j = k.judgement;
  return Row{kpi_label(k),
             number(j.baseline_mean),
             number(j.now_mean),
             signed_number(j.change),
             percent(j.change_relative),
             stats::format_tolerance(j.tolerance),
             number(shown_p(j)),
             verdict_text(j)};
}

std::size_t baselines_with_fingerprint_failures(const CheckReport& r) {
  return static_cast<std::size_t>(
      std::count_if(r.baselines.begin(), r.baselines.end(),
                    [](const BaselineCheck& b) { return b.error.empty() && b.fingerprint_failed(); }));
}

// "12 KPIs checked in 2 baselines: 1 failed, 0 errors; family-wise error rate 5%"
std::string counts_line(const CheckReport& r) {
  std::string line = fmt::format("{} checked in {}: {} failed, {}", plural(r.kpis_checked(), "KPI", "KPIs"),
                                 plural(r.baselines.size(), "baseline", "baselines"), r.kpis_failed(),
                                 plural(r.errors(), "error", "errors"));
  const std::size_t fingerprints = baselines_with_fingerprint_failures(r);
  if (fingerprints > 0) {
    line += fmt::format(", fingerprints changed in {}", plural(fingerprints, "baseline", "baselines"));
  }
  line += fmt::format("; family-wise error rate {:g}%", 100.0 * r.alpha);
  return line;
}

std::string overrides_line(const CheckReport& r) {
  if (r.overrides.empty()) return "";
  if (r.overrides.starts_with("--set")) return fmt::format("checked with {}", r.overrides);
  return fmt::format("checked with --set {}", r.overrides);
}

// ---- text table ----

void append_table(std::string& out, const std::vector<Row>& rows) {
  std::array<std::size_t, kColumnCount> width{};
  for (std::size_t c = 0; c < kColumnCount; ++c) width[c] = kColumns[c].size();
  for (const Row& row : rows) {
    for (std::size_t c = 0; c < kColumnCount; ++c) width[c] = std::max(width[c], row[c].size());
  }
  const auto append_row = [&](const auto& cells) {
    std::string line = "  ";
    for (std::size_t c = 0; c < kColumnCount; ++c) {
      if (c > 0) line += "  ";
      const std::string_view cell = cells[c];
      const std::string pad(width[c] - cell.size(), ' ');
      if (kRightAligned[c]) {
        line += pad;
        line += cell;
      } else {
        line += cell;
        if (c + 1 < kColumnCount) line += pad;
      }
    }
    out += line;
    out += '\n';
  };
  append_row(kColumns);
  std::size_t total = 0;
  for (std::size_t c = 0; c < kColumnCount; ++c) total += width[c] + (c > 0 ? 2 : 0);
  out += "  ";
  out += std::string(total, '-');
  out += '\n';
  for (const Row& row : rows) append_row(row);
}

void append_indented(std::string& out, std::string_view prefix, std::string_view text) {
  bool first = true;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    out += first ? prefix : std::string_view("         ");
    out += text.substr(start, end - start);
    out += '\n';
    first = false;
    start = end + 1;
    if (end == text.size()) break;
  }
}

// ---- XML ----

// Length of the well-formed UTF-8 sequence at s[i] when it encodes a character XML 1.0 allows;
// 0 for anything else (control characters, stray or truncated bytes, overlong forms, surrogates,
// U+FFFE and U+FFFF).
std::size_t xml_char_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return lead >= 0x20 || lead == '\t' || lead == '\n' || lead == '\r' ? 1 : 0;
  std::size_t n = 0;
  char32_t cp = 0;
  if ((lead & 0xE0U) == 0xC0U) {
    n = 2;
    cp = lead & 0x1FU;
  } else if ((lead & 0xF0U) == 0xE0U) {
    n = 3;
    cp = lead & 0x0FU;
  } else if ((lead & 0xF8U) == 0xF0U) {
    n = 4;
    cp = lead & 0x07U;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const unsigned char b = byte(i + k);
    if ((b & 0xC0U) != 0x80U) return 0;
    cp = (cp << 6U) | (b & 0x3FU);
  }
  constexpr std::array<char32_t, 5> kSmallest = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kSmallest[n]) return 0;
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF || cp > 0x10FFFF) return 0;
  return n;
}

// Escapes the five markup characters; in attributes also tabs and line breaks (a parser would
// fold them to spaces). Characters XML 1.0 forbids become '?'.
std::string xml_escape(std::string_view s, bool attribute) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t n = xml_char_length(s, i);
    if (n == 0) {
      out += '?';
      ++i;
      continue;
    }
    if (n > 1) {
      out += s.substr(i, n);
      i += n;
      continue;
    }
    const char c = s[i++];
    if (c == '\r') {
      out += "&#13;";
    } else if (attribute && c == '\n') {
      out += "&#10;";
    } else if (attribute && c == '\t') {
      out += "&#9;";
    } else {
      out += chart::escape(std::string_view(&c, 1));  // the five markup characters, as in the report
    }
  }
  return out;
}

std::string attr(std::string_view name, std::string_view value) {
  return fmt::format(" {}=\"{}\"", name, xml_escape(value, true));
}

std::string first_line(std::string_view text) {
  return std::string(text.substr(0, text.find('\n')));
}

struct Suite {
  std::string body;  // the <testcase> elements
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::size_t errors = 0;
};

std::string testcase_open(const BaselineCheck& b, std::string_view name) {
  return fmt::format("    <testcase{}{} time=\"0\"", attr("classname", fmt::format("whsim.check.{}", b.name)),
                     attr("name", name));
}

// "5.00%" of the baseline mean, or the change in the KPI's unit when the baseline mean is 0.
std::string change_amount(const KpiCheck& k, bool with_sign) {
  const KpiJudgement& j = k.judgement;
  if (std::isfinite(j.change_relative)) {
    const double pct = 100.0 * (with_sign ? j.change_relative : std::fabs(j.change_relative));
    return with_sign ? fmt::format("{:+.2f}%", pct) : fmt::format("{:.2f}%", pct);
  }
  return with_unit(with_sign ? signed_number(j.change) : number(std::fabs(j.change)), k.unit);
}

std::string failure_details(const KpiCheck& k) {
  const KpiJudgement& j = k.judgement;
  std::string text;
  text += fmt::format("baseline mean:  {}\n", with_unit(number(j.baseline_mean), k.unit));
  text += fmt::format("now mean:       {}\n", with_unit(number(j.now_mean), k.unit));
  text += fmt::format("change:         {} ({})\n", with_unit(signed_number(j.change), k.unit),
                      percent(j.change_relative));
  text += fmt::format("tolerance:      {} (margin {})\n", stats::format_tolerance(j.tolerance),
                      with_unit(number(j.margin), k.unit));
  text += fmt::format("better:         {}\n", stats::to_string(j.better));
  text += fmt::format("p (raw):        {}\n", number(j.p_worse));
  text += fmt::format("p (Holm):       {}\n", number(j.p_worse_holm));
  text += fmt::format("pairs:          {}\n", j.pairs);
  return text;
}

void add_kpi_case(Suite& suite, const BaselineCheck& b, const KpiCheck& k) {
  const KpiJudgement& j = k.judgement;
  ++suite.tests;
  suite.body += testcase_open(b, j.name);
  if (!j.identical && stats::fails(j.verdict)) {
    ++suite.failures;
    const std::string message =
        j.verdict == Verdict::kRegressed
            ? fmt::format("{} worse by {} (tolerance {}), p (Holm) = {}", j.name, change_amount(k, false),
                          stats::format_tolerance(j.tolerance), number(j.p_worse_holm))
            : fmt::format("{} changed by {} (tolerance {}), p (Holm) = {}", j.name, change_amount(k, true),
                          stats::format_tolerance(j.tolerance), number(j.p_worse_holm));
    suite.body += fmt::format(">\n      <failure{}{}>{}</failure>\n    </testcase>\n",
                              attr("type", stats::to_string(j.verdict)), attr("message", message),
                              xml_escape(failure_details(k), false));
  } else if (!j.identical && j.verdict == Verdict::kImproved) {
    const std::string note = fmt::format(
        "improved beyond tolerance: consider whsim check --accept (change {}, tolerance {}, p (Holm) = {})",
        change_amount(k, true), stats::format_tolerance(j.tolerance), number(j.p_better_holm));
    suite.body +=
        fmt::format(">\n      <system-out>{}</system-out>\n    </testcase>\n", xml_escape(note, false));
  } else {
    suite.body += "/>\n";
  }
}

std::string fingerprint_or_none(const std::vector<std::string>& v, std::size_t i) {
  return i < v.size() && !v[i].empty() ? v[i] : std::string("(none)");
}

void add_fingerprint_case(Suite& suite, const BaselineCheck& b) {
  const std::size_t total = fingerprint_count(b);
  if (total == 0) return;
  ++suite.tests;
  suite.body += testcase_open(b, "fingerprint");
  const std::size_t changed = b.fingerprints_changed();
  if (changed == 0) {
    suite.body += "/>\n";
    return;
  }
  std::string list;
  for (std::size_t i = 0; i < total; ++i) {
    const std::string then = fingerprint_or_none(b.fingerprints_then, i);
    const std::string now = fingerprint_or_none(b.fingerprints_now, i);
    const bool same = i < b.fingerprints_then.size() && i < b.fingerprints_now.size() &&
                      b.fingerprints_then[i] == b.fingerprints_now[i];
    if (!same) list += fmt::format("{}: {} -> {}\n", i, then, now);
  }
  if (b.fingerprint_failed()) {
    ++suite.failures;
    const std::string message =
        fmt::format("{} of {} replication fingerprints changed (exact mode)", changed, total);
    suite.body += fmt::format(">\n      <failure{}{}>{}</failure>\n    </testcase>\n",
                              attr("type", "fingerprint"), attr("message", message), xml_escape(list, false));
  } else {
    const std::string note =
        fmt::format("{} of {} replication fingerprints changed (report mode: the KPI tests decide)\n{}",
                    changed, total, list);
    suite.body +=
        fmt::format(">\n      <system-out>{}</system-out>\n    </testcase>\n", xml_escape(note, false));
  }
}

Suite suite_cases(const BaselineCheck& b) {
  Suite suite;
  if (!b.error.empty()) {
    suite.tests = 1;
    suite.errors = 1;
    suite.body += testcase_open(b, "baseline");
    suite.body += fmt::format(">\n      <error{}{}>{}</error>\n    </testcase>\n", attr("type", "error"),
                              attr("message", first_line(b.error)), xml_escape(b.error, false));
    return suite;
  }
  for (const KpiCheck& k : b.kpis) add_kpi_case(suite, b, k);
  add_fingerprint_case(suite, b);
  return suite;
}

// ---- Markdown ----

// Cell text: pipes escaped, line breaks folded.
std::string md_cell(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// A fenced block that its own text cannot close.
void append_fenced(std::string& out, std::string_view text) {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (const char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  out += fence;
  out += "text\n";
  out += text;
  if (!text.ends_with('\n')) out += '\n';
  out += fence;
  out += '\n';
}

}  // namespace

std::string_view to_string(FingerprintMode mode) {
  switch (mode) {
    case FingerprintMode::kExact:
      return "exact";
    case FingerprintMode::kReport:
      break;
  }
  return "report";
}

std::size_t BaselineCheck::fingerprints_changed() const {
  const std::size_t common = std::min(fingerprints_then.size(), fingerprints_now.size());
  std::size_t changed = std::max(fingerprints_then.size(), fingerprints_now.size()) - common;
  for (std::size_t i = 0; i < common; ++i) {
    if (fingerprints_then[i] != fingerprints_now[i]) ++changed;
  }
  return changed;
}

bool BaselineCheck::fingerprint_failed() const {
  return fingerprint_mode == FingerprintMode::kExact && fingerprints_changed() > 0;
}

bool BaselineCheck::failed() const {
  if (!error.empty() || fingerprint_failed()) return true;
  return std::any_of(kpis.begin(), kpis.end(),
                     [](const KpiCheck& k) { return stats::fails(k.judgement.verdict); });
}

std::size_t CheckReport::kpis_checked() const {
  std::size_t n = 0;
  for (const BaselineCheck& b : baselines) {
    if (b.error.empty()) n += b.kpis.size();
  }
  return n;
}

std::size_t CheckReport::kpis_failed() const {
  std::size_t n = 0;
  for (const BaselineCheck& b : baselines) {
    if (!b.error.empty()) continue;
    n += static_cast<std::size_t>(std::count_if(
        b.kpis.begin(), b.kpis.end(), [](const KpiCheck& k) { return stats::fails(k.judgement.verdict); }));
  }
  return n;
}

std::size_t CheckReport::errors() const {
  return static_cast<std::size_t>(std::count_if(baselines.begin(), baselines.end(),
                                                [](const BaselineCheck& b) { return !b.error.empty(); }));
}

bool CheckReport::passed() const {
  return std::none_of(baselines.begin(), baselines.end(), [](const BaselineCheck& b) { return b.failed(); });
}

std::string check_table(const CheckReport& report) {
  std::string out;
  for (const BaselineCheck& b : report.baselines) {
    if (!b.error.empty()) {
      out += fmt::format("== {} ({}): ERROR\n", b.name, b.file);
    } else {
      out += fmt::format(
          "== {} ({}, {}, seed {}): {}\n", b.name, scenario_text(b),
          plural(static_cast<std::size_t>(std::max(b.replications, 0)), "replication", "replications"),
          b.seed, status_text(b));
    }
    if (!b.error.empty()) {
      append_indented(out, "  error: ", b.error);
      out += '\n';
      continue;
    }
    if (const std::string line = fingerprint_line(b); !line.empty()) out += fmt::format("  {}\n", line);
    if (const std::string note = scenario_note(b); !note.empty()) out += fmt::format("  {}\n", note);
    if (!b.updated_file.empty()) out += fmt::format("  updated baseline written to {}\n", b.updated_file);
    if (!b.kpis.empty()) {
      std::vector<Row> rows;
      rows.reserve(b.kpis.size());
      for (const KpiCheck& k : b.kpis) rows.push_back(kpi_row(k));
      append_table(out, rows);
    }
    out += '\n';
  }
  if (const std::string line = overrides_line(report); !line.empty()) out += fmt::format("{}\n", line);
  out += fmt::format("{}: {}\n", counts_line(report), report.passed() ? "PASS" : "FAIL");
  return out;
}

std::string junit_xml(const CheckReport& report) {
  std::vector<Suite> suites;
  suites.reserve(report.baselines.size());
  Suite total;
  for (const BaselineCheck& b : report.baselines) {
    suites.push_back(suite_cases(b));
    total.tests += suites.back().tests;
    total.failures += suites.back().failures;
    total.errors += suites.back().errors;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites{} tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{}\">\n",
                     attr("name", "whsim check"), total.tests, total.failures, total.errors,
                     seconds_attribute(report.seconds));
  for (std::size_t s = 0; s < suites.size(); ++s) {
    const BaselineCheck& b = report.baselines[s];
    const Suite& suite = suites[s];
    out += fmt::format(
        "  <testsuite{} tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"{}\">\n",
        attr("name", b.name), suite.tests, suite.failures, suite.errors, seconds_attribute(b.seconds));
    out += "    <properties>\n";
    const auto property = [&](std::string_view name, std::string_view value) {
      out += fmt::format("      <property{}{}/>\n", attr("name", name), attr("value", value));
    };
    property("baseline_file", b.file);
    property("scenario", b.scenario);
    property("seed", fmt::format("{}", b.seed));
    property("replications", fmt::format("{}", b.replications));
    property("scenario_hash_then", b.scenario_hash_then);
    property("scenario_hash_now", b.scenario_hash_now);
    property("fingerprint_mode", to_string(b.fingerprint_mode));
    out += "    </properties>\n";
    out += suite.body;
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

std::string check_markdown(const CheckReport& report) {
  std::string out = fmt::format("### whsim check: {}\n\n", report.passed() ? "PASS" : "FAIL");
  out += fmt::format("{}.\n", md_cell(counts_line(report)));
  if (const std::string line = overrides_line(report); !line.empty())
    out += fmt::format("\n{}\n", md_cell(line));
  for (const BaselineCheck& b : report.baselines) {
    out += fmt::format("\n#### {} — {}\n\n", md_cell(b.name), status_text(b));
    std::string about = !b.error.empty()
                            ? b.file
                            : fmt::format("{}, {}, seed {}", scenario_text(b),
                                          plural(static_cast<std::size_t>(std::max(b.replications, 0)),
                                                 "replication", "replications"),
                                          b.seed);
    if (b.error.empty()) {
      if (const std::string line = fingerprint_line(b); !line.empty()) about += fmt::format("; {}", line);
    }
    out += fmt::format("{}\n\n", md_cell(about));
    if (!b.error.empty()) {
      append_fenced(out, b.error);
      continue;
    }
    if (const std::string note = scenario_note(b); !note.empty()) out += fmt::format("{}\n\n", md_cell(note));
    if (!b.updated_file.empty())
      out += fmt::format("updated baseline written to {}\n\n", md_cell(b.updated_file));
    if (b.kpis.empty()) continue;
    out += "|";
    for (const std::string_view c : kColumns) out += fmt::format(" {} |", c);
    out += "\n|";
    for (std::size_t c = 0; c < kColumnCount; ++c) out += kRightAligned[c] ? "---:|" : "---|";
    out += '\n';
    for (const KpiCheck& k : b.kpis) {
      Row row = kpi_row(k);
      if (!k.judgement.identical && stats::fails(k.judgement.verdict)) row[7] = fmt::format("**{}**", row[7]);
      out += "|";
      for (const std::string& cell : row) out += fmt::format(" {} |", md_cell(cell));
      out += '\n';
    }
  }
  return out;
}

}  // namespace whsim::output
