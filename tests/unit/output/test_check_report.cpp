// The three forms of a `whsim check` report: the terminal table, JUnit XML (well-formed, counted,
// escaped) and the Markdown summary; and the pass/fail bookkeeping behind them.
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "whsim/output/check_report.hpp"

namespace whsim::output {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

KpiCheck kpi(std::string name, stats::Verdict verdict, double base, double now, std::string unit = "s") {
  KpiCheck k;
  k.unit = std::move(unit);
  stats::KpiJudgement& j = k.judgement;
  j.name = std::move(name);
  j.better = stats::KpiBetter::kLower;
  j.tolerance = stats::Tolerance{stats::ToleranceKind::kRelative, 0.02};
  j.margin = 0.02 * base;
  j.pairs = 20;
  j.baseline_mean = base;
  j.now_mean = now;
  j.change = now - base;
  j.change_relative = base == 0 ? kNaN : (now - base) / base;
  j.p_worse = verdict == stats::Verdict::kRegressed ? 0.0001 : 0.7;
  j.p_worse_holm = verdict == stats::Verdict::kRegressed ? 0.0004 : 1.0;
  j.p_better_holm = verdict == stats::Verdict::kImproved ? 0.002 : 1.0;
  j.verdict = verdict;
  return k;
}

std::vector<std::string> fingerprints(std::size_t n, char digit) {
  return std::vector<std::string>(n, std::string(16, digit));
}

BaselineCheck baseline(std::string name) {
  BaselineCheck b;
  b.name = std::move(name);
  b.file = fmt::format("baselines/{}.json", b.name);
  b.scenario = "scenarios/small.yaml";
  b.replications = 4;
  b.seed = 42;
  b.scenario_hash_then = "aaaa";
  b.scenario_hash_now = "aaaa";
  b.fingerprint_mode = FingerprintMode::kReport;
  b.fingerprints_then = fingerprints(4, 'a');
  b.fingerprints_now = fingerprints(4, 'a');
  b.seconds = 1.5;
  return b;
}

// Two baselines: "small" with a regressed, an improved, an identical and a passing KPI; "other"
// whose KPIs all pass.
CheckReport sample() {
  CheckReport r;
  r.alpha = 0.05;
  r.seconds = 3.25;
  BaselineCheck small = baseline("small");
  small.kpis.push_back(kpi("orders.cycle_time", stats::Verdict::kRegressed, 100, 110));
  small.kpis.push_back(kpi("orders.completed", stats::Verdict::kImproved, 500, 450, "orders"));
  KpiCheck same = kpi("robots.utilisation", stats::Verdict::kPass, 0.5, 0.5, "1");
  same.judgement.identical = true;
  same.judgement.p_worse = kNaN;
  same.judgement.p_worse_holm = kNaN;
  small.kpis.push_back(same);
  small.kpis.push_back(kpi("docks.wait", stats::Verdict::kPass, 0, 0.1));
  r.baselines.push_back(small);
  BaselineCheck other = baseline("other");
  other.kpis.push_back(kpi("orders.cycle_time", stats::Verdict::kPass, 100, 100.5));
  r.baselines.push_back(other);
  return r;
}

std::size_t count(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + what.size()))
    ++n;
  return n;
}

// The first start tag of `element` whose text contains `marker`, e.g. the <testsuite> named "small".
std::string start_tag(std::string_view xml, std::string_view element, std::string_view marker = "") {
  const std::string open = fmt::format("<{}", element);
  for (std::size_t at = xml.find(open); at != std::string_view::npos; at = xml.find(open, at + 1)) {
    const std::size_t end = xml.find('>', at);
    const std::string tag(xml.substr(at, end - at + 1));
    if (tag.find(marker) != std::string::npos) return tag;
  }
  return "";
}

std::string attribute(std::string_view tag, std::string_view name) {
  const std::string key = fmt::format(" {}=\"", name);
  const std::size_t at = tag.find(key);
  if (at == std::string_view::npos) return "<missing>";
  const std::size_t start = at + key.size();
  return std::string(tag.substr(start, tag.find('"', start) - start));
}

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == ':';
}

// "" when `s[i..]` starts a valid entity or character reference, else what is wrong.
std::string check_reference(std::string_view s, std::size_t i) {
  const std::size_t semi = s.find(';', i);
  if (semi == std::string_view::npos) return "unterminated reference";
  const std::string_view ref = s.substr(i + 1, semi - i - 1);
  if (ref == "amp" || ref == "lt" || ref == "gt" || ref == "quot" || ref == "apos") return "";
  if (ref.size() > 1 && ref[0] == '#' &&
      ref.substr(1).find_first_not_of("0123456789") == std::string_view::npos)
    return "";
  return fmt::format("unknown reference &{};", ref);
}

// A small well-formedness check: one root element, every start tag closed in order, attributes
// quoted, no raw '<' or stray '&' in text or attribute values, no control characters XML 1.0
// forbids. "" when well formed, else the first problem.
std::string xml_problem(std::string_view s) {
  const std::string_view decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  if (!s.starts_with(decl)) return "missing XML declaration";
  std::vector<std::string> open;
  int roots = 0;
  for (std::size_t i = decl.size(); i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return "control character";
    if (c == '&') {
      if (std::string e = check_reference(s, i); !e.empty()) return e;
      ++i;
      continue;
    }
    if (c == '>') return "raw '>' in text";  // legal XML, but our writer escapes it
    if (c != '<') {
      if (open.empty() && c != '\n') return "text outside the root element";
      ++i;
      continue;
    }
    const bool closing = i + 1 < s.size() && s[i + 1] == '/';
    std::size_t j = i + (closing ? 2 : 1);
    const std::size_t name_start = j;
    while (j < s.size() && name_char(s[j])) ++j;
    const std::string name(s.substr(name_start, j - name_start));
    if (name.empty()) return "tag without a name";
    if (closing) {
      if (j >= s.size() || s[j] != '>') return fmt::format("malformed end tag </{}", name);
      if (open.empty() || open.back() != name) return fmt::format("mismatched end tag </{}>", name);
      open.pop_back();
      i = j + 1;
      continue;
    }
    // attributes
    bool self_closing = false;
    while (true) {
      while (j < s.size() && s[j] == ' ') ++j;
      if (j >= s.size()) return fmt::format("unterminated tag <{}", name);
      if (s[j] == '>') {
        ++j;
        break;
      }
      if (s[j] == '/' && j + 1 < s.size() && s[j + 1] == '>') {
        self_closing = true;
        j += 2;
        break;
      }
      const std::size_t attr_start = j;
      while (j < s.size() && name_char(s[j])) ++j;
      if (j == attr_start || j + 1 >= s.size() || s[j] != '=' || s[j + 1] != '"')
        return fmt::format("malformed attribute in <{}", name);
      j += 2;
      while (j < s.size() && s[j] != '"') {
        const auto a = static_cast<unsigned char>(s[j]);
        if (a == '<') return fmt::format("raw '<' in an attribute of <{}", name);
        if (a < 0x20) return fmt::format("raw control character or line break in an attribute of <{}", name);
        if (a == '&') {
          if (std::string e = check_reference(s, j); !e.empty()) return e;
        }
        ++j;
      }
      if (j >= s.size()) return fmt::format("unterminated attribute in <{}", name);
      ++j;
    }
    if (open.empty()) ++roots;
    if (!self_closing) open.push_back(name);
    i = j;
  }
  if (!open.empty()) return fmt::format("unclosed <{}>", open.back());
  if (roots != 1) return "expected one root element";
  return "";
}

// Everything between <testcase ... name="NAME" ...> and its </testcase> (or the self-closing tag).
std::string testcase(std::string_view xml, std::string_view suite, std::string_view name) {
  const std::string marker = fmt::format("classname=\"whsim.check.{}\" name=\"{}\"", suite, name);
  const std::size_t at = xml.find(marker);
  if (at == std::string_view::npos) return "";
  const std::size_t start = xml.rfind('<', at);
  const std::size_t tag_end = xml.find('>', at);
  if (xml[tag_end - 1] == '/') return std::string(xml.substr(start, tag_end - start + 1));
  const std::size_t end = xml.find("</testcase>", at);
  return std::string(xml.substr(start, end - start));
}

TEST(CheckReport, FingerprintModeNames) {
  EXPECT_EQ(to_string(FingerprintMode::kExact), "exact");
  EXPECT_EQ(to_string(FingerprintMode::kReport), "report");
}

TEST(CheckReport, FingerprintsChangedCountsDifferencesAndMissingEntries) {
  BaselineCheck b = baseline("b");
  EXPECT_EQ(b.fingerprints_changed(), 0U);
  b.fingerprints_now[1] = std::string(16, 'b');
  EXPECT_EQ(b.fingerprints_changed(), 1U);
  b.fingerprints_now.pop_back();  // replication 3 not run: changed
  EXPECT_EQ(b.fingerprints_changed(), 2U);
  b.fingerprints_now.assign(6, std::string(16, 'a'));  // two extra replications
  EXPECT_EQ(b.fingerprints_changed(), 2U);
  b.fingerprints_then.clear();
  b.fingerprints_now.clear();
  EXPECT_EQ(b.fingerprints_changed(), 0U);
}

TEST(CheckReport, FailedAndCounts) {
  CheckReport r = sample();
  EXPECT_TRUE(r.baselines[0].failed());
  EXPECT_FALSE(r.baselines[1].failed());
  EXPECT_EQ(r.kpis_checked(), 5U);
  EXPECT_EQ(r.kpis_failed(), 1U);
  EXPECT_EQ(r.errors(), 0U);
  EXPECT_FALSE(r.passed());

  r.baselines[0].kpis[0].judgement.verdict = stats::Verdict::kPass;
  EXPECT_TRUE(r.passed());  // improved passes

  r.baselines[1].fingerprints_now[0] = std::string(16, 'f');
  EXPECT_FALSE(r.baselines[1].fingerprint_failed());  // report mode
  EXPECT_TRUE(r.passed());
  r.baselines[1].fingerprint_mode = FingerprintMode::kExact;
  EXPECT_TRUE(r.baselines[1].fingerprint_failed());
  EXPECT_TRUE(r.baselines[1].failed());
  EXPECT_FALSE(r.passed());

  r.baselines[1].fingerprint_mode = FingerprintMode::kReport;
  r.baselines[1].error = "cannot read baselines/other.json";
  EXPECT_TRUE(r.baselines[1].failed());
  EXPECT_EQ(r.errors(), 1U);
  EXPECT_EQ(r.kpis_checked(), 4U);  // the errored baseline's KPIs are not counted
  EXPECT_FALSE(r.passed());

  EXPECT_TRUE(CheckReport{}.passed());
}

TEST(CheckReport, TableShowsRowsVerdictsAndCounts) {
  CheckReport r = sample();
  r.baselines[0].scenario_hash_now = "bbbb";
  r.overrides = "robots.count=60";
  const std::string t = check_table(r);
  EXPECT_NE(t.find("== small (scenario scenarios/small.yaml, 4 replications, seed 42): FAIL\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("== other (scenario scenarios/small.yaml, 4 replications, seed 42): PASS\n"),
            std::string::npos);
  EXPECT_NE(t.find("fingerprints: 4 of 4 identical"), std::string::npos);
  EXPECT_NE(t.find("scenario changed since the baseline: aaaa -> bbbb"), std::string::npos);
  EXPECT_EQ(count(t, "scenario changed"), 1U);  // only where the hashes differ
  for (const char* column :
       {"KPI", "baseline", "now", "change", "change %", "tolerance", "p (Holm)", "verdict"})
    EXPECT_NE(t.find(column), std::string::npos) << column;
  EXPECT_EQ(count(t, "REGRESSED"), 1U);
  EXPECT_EQ(count(t, "improved"), 1U);
  EXPECT_NE(t.find("checked with --set robots.count=60\n"), std::string::npos);
  EXPECT_NE(t.find("5 KPIs checked in 2 baselines: 1 failed, 0 errors; family-wise error rate 5%: FAIL\n"),
            std::string::npos)
      << t;

  // The regressed row: name with unit, means, signed change, change %, tolerance, Holm p.
  const std::size_t row = t.find("orders.cycle_time [s]");
  ASSERT_NE(row, std::string::npos);
  const std::string line = t.substr(row, t.find('\n', row) - row);
  for (const char* cell : {" 100 ", " 110 ", " +10 ", " +10.00% ", " 2% ", " 0.0004 ", "REGRESSED"})
    EXPECT_NE(line.find(cell), std::string::npos) << cell << " in: " << line;

  // Identical: no p-value, plain pass; a zero baseline mean has no change %.
  const std::size_t same = t.find("robots.utilisation");
  ASSERT_NE(same, std::string::npos);
  const std::string same_line = t.substr(same, t.find('\n', same) - same);
  EXPECT_NE(same_line.find(" - "), std::string::npos) << same_line;
  EXPECT_TRUE(same_line.ends_with("pass")) << same_line;
  EXPECT_EQ(same_line.find("robots.utilisation ["), std::string::npos);  // unit "1" not shown
  const std::size_t docks = t.find("docks.wait [s]");
  ASSERT_NE(docks, std::string::npos);
  EXPECT_NE(t.substr(docks, t.find('\n', docks) - docks).find(" - "), std::string::npos);

  // Fixed width: the rows of one table line up (same length up to the verdict column).
  const std::size_t header = t.find("  KPI");
  const std::size_t verdict_col = t.find("verdict", header) - header;
  EXPECT_EQ(line.find("REGRESSED") + 2, verdict_col);  // `line` starts after the two-space indent
}

TEST(CheckReport, TableFingerprintsAndErrors) {
  CheckReport r = sample();
  r.baselines[0].fingerprints_now[2] = std::string(16, 'c');
  r.baselines[1].fingerprints_now[0] = std::string(16, 'c');
  r.baselines[1].fingerprint_mode = FingerprintMode::kExact;
  std::string t = check_table(r);
  EXPECT_NE(t.find("fingerprints: 1 of 4 changed (report only)"), std::string::npos) << t;
  EXPECT_NE(t.find("fingerprints: 1 of 4 changed (exact: fails)"), std::string::npos) << t;
  EXPECT_NE(t.find("== other (scenario scenarios/small.yaml, 4 replications, seed 42): FAIL"),
            std::string::npos);
  EXPECT_NE(t.find("fingerprints changed in 1 baseline;"), std::string::npos) << t;

  r.baselines[1].error = "baselines/other.json:3:5: error: unknown key\n  caret line";
  r.baselines[0].scenario.clear();
  t = check_table(r);
  EXPECT_NE(t.find(fmt::format("== other ({}): ERROR\n"
                               "  error: baselines/other.json:3:5: error: unknown key\n"
                               "           caret line\n",
                               r.baselines[1].file)),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("== small (built-in quickstart scenario, 4 replications"), std::string::npos) << t;
  EXPECT_NE(t.find("4 KPIs checked in 2 baselines: 1 failed, 1 error; "), std::string::npos) << t;
}

TEST(CheckReport, JunitIsWellFormedWithCorrectCounts) {
  CheckReport r = sample();
  const std::string x = junit_xml(r);
  EXPECT_EQ(xml_problem(x), "") << x;
  const std::string suites = start_tag(x, "testsuites");
  EXPECT_EQ(attribute(suites, "name"), "whsim check");
  EXPECT_EQ(attribute(suites, "tests"), "7");  // 4 + 1 KPIs and a fingerprint case each
  EXPECT_EQ(attribute(suites, "failures"), "1");
  EXPECT_EQ(attribute(suites, "errors"), "0");
  EXPECT_EQ(attribute(suites, "time"), "3.250");

  const std::string small = start_tag(x, "testsuite ", "name=\"small\"");
  EXPECT_EQ(attribute(small, "tests"), "5");
  EXPECT_EQ(attribute(small, "failures"), "1");
  EXPECT_EQ(attribute(small, "errors"), "0");
  EXPECT_EQ(attribute(small, "skipped"), "0");
  EXPECT_EQ(attribute(small, "time"), "1.500");
  EXPECT_EQ(attribute(start_tag(x, "testsuite ", "name=\"other\""), "tests"), "2");

  for (const char* p : {"baseline_file", "scenario", "seed", "replications", "scenario_hash_then",
                        "scenario_hash_now", "fingerprint_mode"})
    EXPECT_EQ(count(x, fmt::format("<property name=\"{}\" value=\"", p)), 2U) << p;
  for (const char* p :
       {"baseline_file\" value=\"baselines/small.json\"", "scenario\" value=\"scenarios/small.yaml\"",
        "seed\" value=\"42\"", "replications\" value=\"4\"", "scenario_hash_then\" value=\"aaaa\"",
        "scenario_hash_now\" value=\"aaaa\"", "fingerprint_mode\" value=\"report\""})
    EXPECT_NE(x.find(fmt::format("<property name=\"{}/>", p)), std::string::npos) << p;
  EXPECT_NE(x.find("<property name=\"baseline_file\" value=\"baselines/other.json\"/>"), std::string::npos);

  const std::string regressed = testcase(x, "small", "orders.cycle_time");
  const std::string failure = start_tag(regressed, "failure");
  EXPECT_EQ(attribute(failure, "type"), "regressed");
  EXPECT_EQ(attribute(failure, "message"),
            "orders.cycle_time worse by 10.00% (tolerance 2%), p (Holm) = 0.0004");
  for (const char* body : {"baseline mean:  100 s\n", "now mean:       110 s\n",
                           "change:         +10 s (+10.00%)\n", "tolerance:      2% (margin 2 s)\n",
                           "p (raw):        0.0001\n", "p (Holm):       0.0004\n", "pairs:          20\n"})
    EXPECT_NE(regressed.find(body), std::string::npos) << body << " in: " << regressed;

  const std::string improved = testcase(x, "small", "orders.completed");
  EXPECT_EQ(improved.find("<failure"), std::string::npos);
  EXPECT_NE(improved.find("<system-out>improved beyond tolerance: consider whsim check --accept"),
            std::string::npos)
      << improved;
  EXPECT_EQ(testcase(x, "other", "orders.cycle_time"),
            "<testcase classname=\"whsim.check.other\" name=\"orders.cycle_time\" time=\"0\"/>");
  EXPECT_EQ(testcase(x, "small", "fingerprint"),
            "<testcase classname=\"whsim.check.small\" name=\"fingerprint\" time=\"0\"/>");
  EXPECT_TRUE(x.ends_with("</testsuites>\n"));
}

TEST(CheckReport, JunitChangedMessageHasSign) {
  CheckReport r;
  BaselineCheck b = baseline("b");
  KpiCheck k = kpi("queue.length", stats::Verdict::kChanged, 10, 8, "");
  k.judgement.better = stats::KpiBetter::kNeither;
  b.kpis.push_back(k);
  r.baselines.push_back(b);
  const std::string x = junit_xml(r);
  EXPECT_EQ(xml_problem(x), "") << x;
  const std::string failure = start_tag(x, "failure");
  EXPECT_EQ(attribute(failure, "type"), "changed");
  EXPECT_EQ(attribute(failure, "message"), "queue.length changed by -20.00% (tolerance 2%), p (Holm) = 1");
  EXPECT_NE(check_table(r).find("CHANGED"), std::string::npos);
}

TEST(CheckReport, JunitEscapesMarkupAndReplacesForbiddenCharacters) {
  CheckReport r;
  BaselineCheck b = baseline("a&b");
  b.kpis.push_back(kpi("x<y&\"z\"'", stats::Verdict::kRegressed, 1, 2));
  r.baselines.push_back(b);
  BaselineCheck bad = baseline("bad");
  bad.error = std::string("cannot parse <baseline> & \"key\"\x01 here\xff caf\xc3\xa9\nsecond line");
  r.baselines.push_back(bad);
  const std::string x = junit_xml(r);
  EXPECT_EQ(xml_problem(x), "") << x;
  EXPECT_NE(x.find("name=\"x&lt;y&amp;&quot;z&quot;&#39;\""), std::string::npos) << x;
  EXPECT_NE(x.find("<testsuite name=\"a&amp;b\""), std::string::npos);
  EXPECT_NE(x.find("classname=\"whsim.check.a&amp;b\""), std::string::npos);
  // The error message attribute holds the first line; the text holds all of it.
  EXPECT_NE(x.find("message=\"cannot parse &lt;baseline&gt; &amp; &quot;key&quot;? here? caf\xc3\xa9\""),
            std::string::npos)
      << x;
  EXPECT_NE(x.find("&quot;key&quot;? here? caf\xc3\xa9\nsecond line</error>"), std::string::npos) << x;
  EXPECT_EQ(x.find('\x01'), std::string::npos);
  EXPECT_EQ(x.find('\xff'), std::string::npos);

  // Every kind of malformed UTF-8 and every forbidden code point is replaced.
  BaselineCheck odd = baseline("odd");
  odd.error =
      "a\xc3"
      "b"
      "\xe0\x80\x80"
      "\xed\xa0\x80"
      "\xef\xbf\xbe"
      "\x1f"
      "\xf0\x9f\x98\x80";
  r.baselines = {odd};
  const std::string y = junit_xml(r);
  EXPECT_EQ(xml_problem(y), "") << y;
  EXPECT_NE(y.find(fmt::format("message=\"a?b{}\xf0\x9f\x98\x80\"", std::string(10, '?'))), std::string::npos)
      << y;
}

TEST(CheckReport, JunitErrorBaselineIsOneErroredCase) {
  CheckReport r = sample();
  r.baselines[1].error = "baselines/other.json: no such file";
  const std::string x = junit_xml(r);
  EXPECT_EQ(xml_problem(x), "") << x;
  const std::string suites = start_tag(x, "testsuites");
  EXPECT_EQ(attribute(suites, "tests"), "6");
  EXPECT_EQ(attribute(suites, "failures"), "1");
  EXPECT_EQ(attribute(suites, "errors"), "1");
  const std::string other = start_tag(x, "testsuite ", "name=\"other\"");
  EXPECT_EQ(attribute(other, "tests"), "1");
  EXPECT_EQ(attribute(other, "failures"), "0");
  EXPECT_EQ(attribute(other, "errors"), "1");
  const std::string c = testcase(x, "other", "baseline");
  EXPECT_NE(c.find("<error type=\"error\" message=\"baselines/other.json: no such file\">"),
            std::string::npos)
      << c;
  EXPECT_EQ(testcase(x, "other", "orders.cycle_time"), "");
  EXPECT_EQ(testcase(x, "other", "fingerprint"), "");
  EXPECT_EQ(count(x, "<error "), 1U);
}

TEST(CheckReport, JunitExactFingerprintChangeFails) {
  CheckReport r;
  BaselineCheck b = baseline("golden");
  b.fingerprint_mode = FingerprintMode::kExact;
  b.fingerprints_now[1] = "0123456789abcdef";
  b.fingerprints_now.pop_back();
  r.baselines.push_back(b);
  const std::string x = junit_xml(r);
  EXPECT_EQ(xml_problem(x), "") << x;
  EXPECT_EQ(attribute(start_tag(x, "testsuites"), "failures"), "1");
  const std::string c = testcase(x, "golden", "fingerprint");
  const std::string failure = start_tag(c, "failure");
  EXPECT_EQ(attribute(failure, "type"), "fingerprint");
  EXPECT_EQ(attribute(failure, "message"), "2 of 4 replication fingerprints changed (exact mode)");
  EXPECT_NE(c.find("1: aaaaaaaaaaaaaaaa -&gt; 0123456789abcdef\n3: aaaaaaaaaaaaaaaa -&gt; (none)\n"),
            std::string::npos)
      << c;
  EXPECT_EQ(c.find("0: "), std::string::npos);  // unchanged replications are not listed
}

TEST(CheckReport, JunitReportModeFingerprintChangePasses) {
  CheckReport r;
  BaselineCheck b = baseline("noisy");
  b.fingerprints_now[0] = "0123456789abcdef";
  r.baselines.push_back(b);
  const std::string x = junit_xml(r);
  EXPECT_EQ(xml_problem(x), "") << x;
  EXPECT_EQ(attribute(start_tag(x, "testsuites"), "failures"), "0");
  EXPECT_EQ(attribute(start_tag(x, "testsuites"), "tests"), "1");
  const std::string c = testcase(x, "noisy", "fingerprint");
  EXPECT_EQ(c.find("<failure"), std::string::npos);
  EXPECT_NE(c.find("<system-out>1 of 4 replication fingerprints changed (report mode"), std::string::npos)
      << c;
  EXPECT_TRUE(r.passed());

  b.fingerprints_then.clear();
  b.fingerprints_now.clear();
  r.baselines = {b};
  EXPECT_EQ(junit_xml(r).find("name=\"fingerprint\""), std::string::npos);  // no fingerprints: no case
}

TEST(CheckReport, MarkdownHasVerdictCountsAndEscapedPipes) {
  CheckReport r = sample();
  r.baselines[0].name = "small|fast";
  r.baselines[0].kpis[3].judgement.name = "a|b";
  const std::string m = check_markdown(r);
  EXPECT_TRUE(m.starts_with("### whsim check: FAIL\n\n5 KPIs checked in 2 baselines: 1 failed, 0 errors;"))
      << m;
  EXPECT_NE(m.find("#### small\\|fast — FAIL\n"), std::string::npos) << m;
  EXPECT_NE(m.find("#### other — PASS\n"), std::string::npos) << m;
  EXPECT_NE(m.find("| KPI | baseline | now | change | change % | tolerance | p (Holm) | verdict |\n"
                   "|---|---:|---:|---:|---:|---:|---:|---|\n"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("| a\\|b [s] |"), std::string::npos) << m;
  EXPECT_EQ(m.find("a|b"), std::string::npos);
  EXPECT_NE(m.find("| **REGRESSED** |"), std::string::npos) << m;
  EXPECT_NE(m.find("fingerprints: 4 of 4 identical"), std::string::npos);
  // Every table row has the same number of unescaped cell separators.
  std::size_t pos = m.find("| KPI");
  std::size_t rows = 0;
  while (pos != std::string::npos && pos < m.size() && m[pos] == '|') {
    const std::size_t end = m.find('\n', pos);
    const std::string line = m.substr(pos, end - pos);
    EXPECT_EQ(count(line, "|") - count(line, "\\|"), 9U) << line;
    ++rows;
    pos = end + 1;
  }
  EXPECT_EQ(rows, 6U);  // header, rule, 4 KPIs

  r = sample();
  r.baselines[0].kpis[0].judgement.verdict = stats::Verdict::kPass;
  r.baselines[1].error = "bad ``` input";
  const std::string e = check_markdown(r);
  EXPECT_TRUE(e.starts_with("### whsim check: FAIL\n")) << e;
  EXPECT_NE(e.find("#### other — ERROR\n"), std::string::npos) << e;
  EXPECT_NE(e.find("````text\nbad ``` input\n````\n"), std::string::npos) << e;
}

TEST(CheckReport, MarkdownPasses) {
  CheckReport r = sample();
  r.baselines.erase(r.baselines.begin());
  r.overrides = "--set a=1";
  const std::string m = check_markdown(r);
  EXPECT_TRUE(m.starts_with("### whsim check: PASS\n\n1 KPI checked in 1 baseline: 0 failed, 0 errors;"))
      << m;
  EXPECT_NE(m.find("checked with --set a=1\n"), std::string::npos) << m;
}

}  // namespace
}  // namespace whsim::output
