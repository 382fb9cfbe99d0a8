// CSV readers for the SKU master and the order file: the dialect (quotes, comments, CRLF, column
// order), both time forms, volumes with units, every problem with its exact message, and hostile
// input (huge fields, binary garbage, NUL bytes, floods of problems) rejected quickly.
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "whsim/scenario/csv_files.hpp"
#include "whsim/scenario/input_file.hpp"

namespace whsim::scenario {
namespace {

constexpr std::string_view kSkuHeader = "id,class,volume,initial_stock\n";
constexpr std::string_view kOrderHeader = "time,order,sku,quantity\n";

/// The simulation start of the order tests: 2026-12-01 06:00.
units::DateTime start() {
  return units::DateTime{2026, 12, 1, Duration::hours(6)};
}

/// "S<n>" with n < 1000 is SKU n; anything else is unknown.
std::optional<std::uint32_t> sku_index(std::string_view id) {
  if (id.size() < 2 || id.front() != 'S') return std::nullopt;
  std::uint32_t n = 0;
  const auto [ptr, ec] = std::from_chars(id.data() + 1, id.data() + id.size(), n);
  if (ec != std::errc() || ptr != id.data() + id.size() || n >= 1000) return std::nullopt;
  return n;
}

std::vector<std::string> sku_problems(std::string_view text, const CsvLimits& limits = {}) {
  std::vector<std::string> problems;
  (void)read_sku_master(text, limits, problems);
  return problems;
}

std::vector<std::string> order_problems(std::string_view text, const CsvLimits& limits = {}) {
  std::vector<std::string> problems;
  (void)read_order_file(text, start(), sku_index, limits, problems);
  return problems;
}

std::string repeated(char c, std::size_t n) {
  return std::string(n, c);
}

/// The single problem of a SKU master with the standard header and `rows`.
std::string sku_problem(std::string_view rows, const CsvLimits& limits = {}) {
  const auto problems = sku_problems(std::string(kSkuHeader) + std::string(rows), limits);
  EXPECT_EQ(problems.size(), 1U) << rows;
  return problems.empty() ? std::string() : problems.front();
}

/// The single problem of an order file with the standard header and `rows`.
std::string order_problem(std::string_view rows, const CsvLimits& limits = {}) {
  const auto problems = order_problems(std::string(kOrderHeader) + std::string(rows), limits);
  EXPECT_EQ(problems.size(), 1U) << rows;
  return problems.empty() ? std::string() : problems.front();
}

// --- SKU master: happy paths -------------------------------------------------------------------

TEST(CsvSkuMasterTest, ReadsQuotedFieldsCommentsCrlfAndAnyColumnOrder) {
  const std::string text =
      "# SKU master, exported 2026-11-30\r\n"
      "class,initial_stock,id,volume\r\n"
      "\r\n"
      "A,10,S1,0.8\r\n"
      "  B , 0 , \"S,2\" , 2 L\r\n"
      "# a comment between rows\n"
      "   \n"
      "\"C C\",5,\"say \"\"hi\"\"\",0.001 m^3\n";
  std::vector<std::string> problems;
  const auto skus = read_sku_master(text, {}, problems);
  EXPECT_TRUE(problems.empty()) << problems.front();
  ASSERT_EQ(skus.size(), 3U);
  EXPECT_EQ(skus[0].id, "S1");
  EXPECT_EQ(skus[0].sku_class, "A");
  EXPECT_DOUBLE_EQ(skus[0].volume_m3, 0.0008);  // plain numbers are litres
  EXPECT_EQ(skus[0].initial_stock, 10);
  EXPECT_EQ(skus[0].line, 4);
  EXPECT_EQ(skus[1].id, "S,2");
  EXPECT_EQ(skus[1].sku_class, "B");
  EXPECT_DOUBLE_EQ(skus[1].volume_m3, 0.002);
  EXPECT_EQ(skus[1].initial_stock, 0);
  EXPECT_EQ(skus[1].line, 5);
  EXPECT_EQ(skus[2].id, "say \"hi\"");
  EXPECT_EQ(skus[2].sku_class, "C C");
  EXPECT_DOUBLE_EQ(skus[2].volume_m3, 0.001);
  EXPECT_EQ(skus[2].initial_stock, 5);
  EXPECT_EQ(skus[2].line, 8);
}

TEST(CsvSkuMasterTest, ReadsVolumesWithUnitsAndWithoutAFinalNewline) {
  std::vector<std::string> problems;
  const auto skus = read_sku_master(
      std::string(kSkuHeader) + "S1,A,800 mL,1\nS2,A,1.5l,1\nS3,A,1000 cm^3,1\nS4,Ä,\" 2.5 \",1", {},
      problems);
  EXPECT_TRUE(problems.empty()) << problems.front();
  ASSERT_EQ(skus.size(), 4U);
  EXPECT_DOUBLE_EQ(skus[0].volume_m3, 0.0008);
  EXPECT_DOUBLE_EQ(skus[1].volume_m3, 0.0015);
  EXPECT_DOUBLE_EQ(skus[2].volume_m3, 0.001);
  EXPECT_DOUBLE_EQ(skus[3].volume_m3, 0.0025);
  EXPECT_EQ(skus[3].sku_class, "Ä");  // one character of two bytes
}

TEST(CsvSkuMasterTest, ByteOrderMarkIsOneProblemAndTheRestIsStillRead) {
  std::vector<std::string> problems;
  const auto skus = read_sku_master("\xEF\xBB\xBFid,class,volume,initial_stock\nS1,A,1,1\n", {}, problems);
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0], "line 1: byte-order mark (save the file as UTF-8 without BOM)");
  EXPECT_EQ(skus.size(), 1U);
}

// --- SKU master: each problem ------------------------------------------------------------------

TEST(CsvSkuMasterTest, DuplicateAndEmptyIds) {
  EXPECT_EQ(sku_problem("S1,A,1,1\nS2,A,1,1\n\nS1,B,1,1\n"),
            "line 5, column 1: sku \"S1\" is already defined on line 2");
  EXPECT_EQ(sku_problem(",A,1,1\n"), "line 2, column 1: empty sku id (expected a unique id)");
  EXPECT_EQ(sku_problem("  \"\"  ,A,1,1\n"), "line 2, column 3: empty sku id (expected a unique id)");
}

TEST(CsvSkuMasterTest, BadClass) {
  EXPECT_EQ(sku_problem("S1,,1,1\n"),
            "line 2, column 4: empty sku class (expected 1 to 16 characters such as \"A\", \"B\" or \"C\")");
  EXPECT_EQ(
      sku_problem("S1,ABCDEFGHIJKLMNOPQ,1,1\n"),
      "line 2, column 4: sku class \"ABCDEFGHIJKLMNOPQ\" is 17 characters long (expected 1 to 16 such as "
      "\"A\", \"B\" or \"C\")");
}

TEST(CsvSkuMasterTest, BadVolume) {
  const std::string expected =
      "(expected litres such as \"0.8\" or a volume with a unit such as \"0.8 L\" or \"0.001 m^3\")";
  EXPECT_EQ(sku_problem("S1,A,abc,1\n"), "line 2, column 6: volume \"abc\" is not a number " + expected);
  EXPECT_EQ(sku_problem("S1,A,1.2.3,1\n"), "line 2, column 6: volume \"1.2.3\" is not a number " + expected);
  EXPECT_EQ(sku_problem("S1,A,,1\n"), "line 2, column 6: empty volume " + expected);
  EXPECT_EQ(
      sku_problem("S1,A,2 kg,1\n"),
      "line 2, column 6: unknown unit \"kg\" for a volume (expected m^3, m3, L, l, mL, ml, cm^3 or cm3)");
  EXPECT_EQ(sku_problem("S1,A,0,1\n"),
            "line 2, column 6: volume \"0\" is not positive (expected a unit volume greater than zero)");
  EXPECT_EQ(sku_problem("S1,A,-2 L,1\n"),
            "line 2, column 6: volume \"-2 L\" is not positive (expected a unit volume greater than zero)");
}

TEST(CsvSkuMasterTest, BadStock) {
  const std::string expected = "(expected a whole number of units, 0 or more)";
  EXPECT_EQ(sku_problem("S1,A,1,-5\n"), "line 2, column 8: initial_stock \"-5\" is negative " + expected);
  EXPECT_EQ(sku_problem("S1,A,1,1.5\n"),
            "line 2, column 8: initial_stock \"1.5\" is not a whole number " + expected);
  EXPECT_EQ(sku_problem("S1,A,1,lots\n"),
            "line 2, column 8: initial_stock \"lots\" is not a whole number " + expected);
  EXPECT_EQ(sku_problem("S1,A,1,99999999999999999999\n"),
            "line 2, column 8: initial_stock \"99999999999999999999\" is out of range " + expected);
  EXPECT_EQ(sku_problem("S1,A,1,\n"), "line 2, column 8: empty initial_stock " + expected);
}

TEST(CsvSkuMasterTest, EveryBadFieldOfARowIsOneProblem) {
  const auto problems = sku_problems(std::string(kSkuHeader) + ",,0,-1\n");
  ASSERT_EQ(problems.size(), 4U);
  EXPECT_EQ(problems[0], "line 2, column 1: empty sku id (expected a unique id)");
  EXPECT_EQ(
      problems[3],
      "line 2, column 5: initial_stock \"-1\" is negative (expected a whole number of units, 0 or more)");
}

TEST(CsvSkuMasterTest, WrongNumberOfFields) {
  EXPECT_EQ(sku_problem("S1,A,1,1,x\n"),
            "line 2, column 10: too many fields (expected 4: id, class, volume, initial_stock)");
  EXPECT_EQ(sku_problem("S1,A,1,1,\n"),
            "line 2, column 10: too many fields (expected 4: id, class, volume, initial_stock)");
  EXPECT_EQ(sku_problem("S1,A,1\n"),
            "line 2, column 7: too few fields: 3 (expected 4: id, class, volume, initial_stock)");
  const auto problems = sku_problems("volume,id,initial_stock,class\n1,S1\n");
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0],
            "line 2, column 5: too few fields: 2 (expected 4: volume, id, initial_stock, class)");
}

TEST(CsvSkuMasterTest, BadQuoting) {
  EXPECT_EQ(
      sku_problem("S1,\"A,1,1\n"),
      "line 2, column 4: quoted field is not closed on this line (expected a closing quote; quoted fields "
      "may not contain line breaks)");
  EXPECT_EQ(
      sku_problem("\"S1\"x,A,1,1\n"),
      "line 2, column 5: text after the closing quote of a field (expected a comma; write a quote inside "
      "quotes as \"\")");
  EXPECT_EQ(
      sku_problem("S\"1,A,1,1\n"),
      "line 2, column 2: quote inside an unquoted field (expected the whole field in quotes, with a quote "
      "inside written as \"\")");
}

TEST(CsvSkuMasterTest, FieldOverTheLimit) {
  CsvLimits limits;
  limits.max_field_bytes = 13;  // the longest column name, initial_stock
  EXPECT_EQ(sku_problem("S12345678901234,A,1,1\n", limits),
            "line 2, column 1: field of 15 bytes is longer than the limit of 13 bytes");
  EXPECT_EQ(sku_problem("S1,A,1,\"12345678901234\"\n", limits),
            "line 2, column 8: field of 14 bytes is longer than the limit of 13 bytes");
  // "" counts as one byte: 13 bytes once unescaped.
  EXPECT_TRUE(
      sku_problems(std::string(kSkuHeader) + "\"" + std::string(6, '"') + "1234567890\",A,1,1\n", limits)
          .empty());
}

TEST(CsvSkuMasterTest, ControlBytesAndInvalidUtf8) {
  using namespace std::string_literals;
  EXPECT_EQ(sku_problem("S1,A\0,1,1\n"s), "line 2, column 5: NUL byte (is it a binary file?)");
  EXPECT_EQ(sku_problem("S1,A\x07,1,1\n"),
            "line 2, column 5: control character 0x07 (expected text; only tabs are allowed)");
  EXPECT_EQ(sku_problem("S1,A\r,1,1\n"),
            "line 2, column 5: carriage return inside a line (expected line ends \"\\n\" or \"\\r\\n\")");
  EXPECT_EQ(sku_problem("S1,\xFF,1,1\n"),
            "line 2, column 4: invalid UTF-8 byte 0xFF (save the file as UTF-8)");
  EXPECT_EQ(sku_problem("S1,\xC3(,1,1\n"),
            "line 2, column 4: invalid UTF-8 sequence (save the file as UTF-8)");
  EXPECT_EQ(sku_problem("S1,\xED\xA0\x80,1,1\n"),  // a UTF-16 surrogate
            "line 2, column 4: invalid UTF-8 sequence (save the file as UTF-8)");
  EXPECT_EQ(sku_problem("# comment with a NUL \0\nS1,A,1,1\n"s),
            "line 2, column 22: NUL byte (is it a binary file?)");
  EXPECT_TRUE(sku_problems(std::string(kSkuHeader) + "S1,\tA\t,1,1\n").empty());  // tabs are blanks
}

TEST(CsvSkuMasterTest, EmptyFileAndNoRows) {
  const std::string empty =
      "file is empty (expected a header line naming the columns id, class, volume and initial_stock)";
  EXPECT_EQ(sku_problems(""), std::vector<std::string>{empty});
  EXPECT_EQ(sku_problems("# only a comment\n\n  \n"), std::vector<std::string>{empty});
  EXPECT_EQ(sku_problems("# SKUs\nid,class,volume,initial_stock\n# none yet\n"),
            std::vector<std::string>{"line 2: no data rows after the header (expected one SKU per line)"});
}

TEST(CsvSkuMasterTest, RowLimitIsCheckedBeforeStoring) {
  CsvLimits limits;
  limits.max_rows = 2;
  std::vector<std::string> problems;
  const auto skus = read_sku_master(std::string(kSkuHeader) + "S1,A,1,1\n# c\nS2,A,1,1\nS3,A,1,1\nS4,A,1,1\n",
                                    limits, problems);
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0], "line 5: more than 2 data rows (the limit of one file)");
  EXPECT_EQ(skus.size(), 2U);
}

// --- header --------------------------------------------------------------------------------------

TEST(CsvHeaderTest, UnknownColumnsWithDidYouMean) {
  EXPECT_EQ(sku_problems("id,clas,volume,initial_stock\nS1,A,1,1\n"),
            (std::vector<std::string>{
                "line 1, column 4: unknown column \"clas\" (did you mean \"class\"?)",
                "line 1: missing column \"class\" (the header must name the columns id, class, volume and "
                "initial_stock)"}));
  EXPECT_EQ(
      sku_problems("ID,class,volume,initial_stock\n")[0],
      "line 1, column 1: unknown column \"ID\" (column names are case-sensitive: did you mean \"id\"?)");
  EXPECT_EQ(sku_problems("ID,CLASS,VOLUME,INITIAL_STOCK\n").size(), 8U);  // 4 hints, 4 missing columns
  EXPECT_EQ(
      sku_problems("id,class,volume,initial_stock,colour\n"),
      std::vector<std::string>{
          "line 1, column 31: unknown column \"colour\" (expected id, class, volume or initial_stock)"});
  EXPECT_EQ(sku_problems("id,class,,volume,initial_stock\n"),
            std::vector<std::string>{
                "line 1, column 10: empty column name (expected id, class, volume or initial_stock)"});
}

TEST(CsvHeaderTest, DuplicateMissingAndAbsentHeader) {
  EXPECT_EQ(sku_problems("id,class,volume,initial_stock, id\n"),
            std::vector<std::string>{"line 1, column 32: column \"id\" is named twice (first at column 1)"});
  EXPECT_EQ(
      sku_problems("id,class,volume\n"),
      std::vector<std::string>{"line 1: missing column \"initial_stock\" (the header must name the columns "
                               "id, class, volume and initial_stock)"});
  EXPECT_EQ(
      sku_problems("S1,A,1,1\nS2,A,1,1\n"),
      std::vector<std::string>{"line 1: expected a header line naming the columns id, class, volume and "
                               "initial_stock (the first line that is not a comment names the columns)"});
  std::string wide = "id,class,volume,initial_stock";
  for (int i = 0; i < 100; ++i) wide += ",x";
  EXPECT_EQ(
      sku_problems(wide + "\n"),
      std::vector<std::string>{"line 1, column 151: more than 64 columns (expected id, class, volume and "
                               "initial_stock)"});
}

TEST(CsvHeaderTest, ProblemsLocateInTheFile) {
  const auto problems = sku_problems(std::string(kSkuHeader) + "S1,A,1,-5\n");
  ASSERT_EQ(problems.size(), 1U);
  const Diagnostic d = located_problem("skus.csv", "skus.file", problems[0]);
  EXPECT_EQ(d.where.line, 2);
  EXPECT_EQ(d.where.column, 8);
  EXPECT_EQ(d.to_string(),
            "skus.csv:2:8: skus.file: initial_stock \"-5\" is negative (expected a whole number of units, 0 "
            "or more)");
}

// --- order file: happy paths -------------------------------------------------------------------

TEST(CsvOrderFileTest, ReadsBothTimeFormsInAnyColumnOrder) {
  const std::string text =
      "# orders of one morning\r\n"
      "sku,quantity,order,time\r\n"
      "S1,2,O1,0\r\n"
      "S2,1,O1,0\r\n"
      "\r\n"
      "S3,5,O2,90s\r\n"
      "S4,1,\"O,3\",90.5\r\n"
      "S5,1,O4,1h30m\r\n"
      "S6,3, O5 ,2026-12-01 07:30:15\r\n"
      "S7,1,O6,\"2026-12-02 06:00\"\r\n";
  std::vector<std::string> problems;
  const auto lines = read_order_file(text, start(), sku_index, {}, problems);
  EXPECT_TRUE(problems.empty()) << problems.front();
  ASSERT_EQ(lines.size(), 7U);
  EXPECT_EQ(lines[0].time, Duration::zero());
  EXPECT_EQ(lines[0].order_id, "O1");
  EXPECT_EQ(lines[0].sku, 1U);
  EXPECT_EQ(lines[0].quantity, 2);
  EXPECT_EQ(lines[0].line, 3);
  EXPECT_EQ(lines[1].order_id, "O1");
  EXPECT_EQ(lines[2].time, Duration::seconds(90));
  EXPECT_EQ(lines[2].line, 6);
  EXPECT_EQ(lines[3].order_id, "O,3");
  EXPECT_EQ(lines[3].time, Duration::milliseconds(90'500));
  EXPECT_EQ(lines[4].time, Duration::minutes(90));
  EXPECT_EQ(lines[5].order_id, "O5");
  EXPECT_EQ(lines[5].time, Duration::minutes(90) + Duration::seconds(15));
  EXPECT_EQ(lines[5].quantity, 3);
  EXPECT_EQ(lines[6].time, Duration::days(1));
  EXPECT_EQ(lines[6].sku, 7U);
}

// --- order file: each problem ------------------------------------------------------------------

TEST(CsvOrderFileTest, TimeOrderAndOrderContiguity) {
  EXPECT_EQ(
      order_problem("10,O1,S1,1\n5,O2,S1,1\n"),
      "line 3, column 1: time \"5\" is earlier than the previous line's time \"10\" on line 2 (expected the "
      "lines sorted by time)");
  EXPECT_EQ(
      order_problem("0,O1,S1,1\n0,O2,S1,1\n0,O1,S2,1\n0,O1,S3,1\n"),
      "line 4, column 3: order \"O1\" continues here after other orders (expected the lines of an order "
      "together; it began on line 2)");
  EXPECT_EQ(
      order_problem("0,O1,S1,1\n5,O1,S2,1\n"),
      "line 3, column 1: order \"O1\" has time \"5\" here but \"0\" on line 2 (all lines of an order must "
      "have the same time)");
  // An earlier time inside one order is reported once, as the order's time.
  EXPECT_EQ(
      order_problem("5,O1,S1,1\n0,O1,S2,1\n"),
      "line 3, column 1: order \"O1\" has time \"0\" here but \"5\" on line 2 (all lines of an order must "
      "have the same time)");
  // One early line is one problem, not one per following line.
  EXPECT_EQ(
      order_problem("10,O1,S1,1\n20,O2,S1,1\n15,O3,S1,1\n30,O4,S1,1\n"),
      "line 4, column 1: time \"15\" is earlier than the previous line's time \"20\" on line 3 (expected the "
      "lines sorted by time)");
}

TEST(CsvOrderFileTest, BadTimes) {
  const std::string expected =
      "(expected seconds since the start such as \"90\", a duration such as \"90s\" or \"1h30m\", or a date "
      "and "
      "time \"YYYY-MM-DD HH:MM[:SS]\")";
  EXPECT_EQ(order_problem("soon,O1,S1,1\n"), "line 2, column 1: bad time \"soon\" " + expected);
  EXPECT_EQ(order_problem("1-2,O1,S1,1\n"), "line 2, column 1: bad time \"1-2\" " + expected);
  EXPECT_EQ(order_problem(",O1,S1,1\n"), "line 2, column 1: empty time " + expected);
  EXPECT_EQ(order_problem("2026-12-01 05:59,O1,S1,1\n"),
            "line 2, column 1: time \"2026-12-01 05:59\" is before the simulation start 2026-12-01 06:00:00 "
            "(expected a time at or after it)");
  EXPECT_EQ(order_problem("-5s,O1,S1,1\n"),
            "line 2, column 1: time \"-5s\" is negative (expected a time since the simulation start)");
  EXPECT_EQ(order_problem("-5,O1,S1,1\n"),
            "line 2, column 1: time \"-5\" is negative (expected a time since the simulation start)");
  EXPECT_EQ(order_problem("2026-13-01,O1,S1,1\n"),
            "line 2, column 1: \"2026-13-01\" is not a calendar date between 1970-01-01 and 9999-12-31");
  EXPECT_EQ(order_problem("5 fortnights,O1,S1,1\n")
                .rfind("line 2, column 1: unknown unit \"fortnights\" for a "
                       "duration (expected us, ms, s, ",
                       0),
            0U);
}

TEST(CsvOrderFileTest, BadOrderSkuAndQuantity) {
  EXPECT_EQ(order_problem("0,,S1,1\n"), "line 2, column 3: empty order id (expected an order id)");
  EXPECT_EQ(order_problem("0,O1,X9,1\n"),
            "line 2, column 6: unknown sku \"X9\" (not in the SKU catalog or master)");
  EXPECT_EQ(order_problem("0,O1,,1\n"),
            "line 2, column 6: empty sku id (expected an id from the SKU catalog or master)");
  const std::string expected = "(expected a whole number from 1 to 1000000)";
  EXPECT_EQ(order_problem("0,O1,S1,0\n"), "line 2, column 9: quantity \"0\" is out of range " + expected);
  EXPECT_EQ(order_problem("0,O1,S1,1000001\n"),
            "line 2, column 9: quantity \"1000001\" is out of range " + expected);
  EXPECT_EQ(order_problem("0,O1,S1,-3\n"), "line 2, column 9: quantity \"-3\" is out of range " + expected);
  EXPECT_EQ(order_problem("0,O1,S1,1.5\n"),
            "line 2, column 9: quantity \"1.5\" is not a whole number " + expected);
  EXPECT_EQ(order_problem("0,O1,S1,\n"), "line 2, column 9: empty quantity " + expected);
  EXPECT_EQ(
      order_problems(std::string(kOrderHeader)),
      std::vector<std::string>{"line 1: no data rows after the header (expected one order line per line)"});
  EXPECT_EQ(
      order_problems("time,order,sku,qty\n0,O1,S1,1\n"),
      (std::vector<std::string>{"line 1, column 16: unknown column \"qty\" (expected time, order, sku or "
                                "quantity)",
                                "line 1: missing column \"quantity\" (the header must name the columns time, "
                                "order, sku and quantity)"}));
}

TEST(CsvOrderFileTest, TwoMillionRowsParseInOnePass) {
  // Not timed (benchmarks show performance): this only has to finish, so nothing is quadratic.
  // About 1 s in Release; the sanitizer build (12 s for 2M rows) reads a tenth of it.
#if defined(__SANITIZE_ADDRESS__)
  constexpr std::size_t kRows = 200'000;
#else
  constexpr std::size_t kRows = 2'000'000;
#endif
  std::string text = "time,order,sku,quantity\n";
  text.reserve(kRows * 28);
  for (std::size_t i = 0; i < kRows; ++i) {
    fmt::format_to(std::back_inserter(text), "{},O{},S{},{}\n", i / 4, i / 4, i % 1000, 1 + i % 7);
  }
  std::vector<std::string> problems;
  const auto lines = read_order_file(text, start(), sku_index, {}, problems);
  EXPECT_TRUE(problems.empty()) << problems.front();
  ASSERT_EQ(lines.size(), kRows);
  EXPECT_EQ(lines.back().time, Duration::seconds((kRows - 1) / 4));
  EXPECT_EQ(lines.back().order_id, fmt::format("O{}", (kRows - 1) / 4));
  EXPECT_EQ(lines.back().line, static_cast<int>(kRows + 1));
}

// --- hostile input -------------------------------------------------------------------------------

TEST(CsvHostileTest, HugeFieldIsOneProblem) {
  const std::string huge = repeated('x', 10'000'000);
  EXPECT_EQ(sku_problem(huge + ",A,1,1\n"),
            "line 2, column 1: field of 10000000 bytes is longer than the limit of 256 bytes");
  EXPECT_EQ(sku_problem("\"" + huge + "\",A,1,1\n"),
            "line 2, column 1: field of 10000000 bytes is longer than the limit of 256 bytes");
  const std::string quotes = repeated('"', 10'000'000);  // a quoted field of 4999999 escaped quotes
  EXPECT_EQ(sku_problem(quotes + ",A,1,1\n"),
            "line 2, column 1: field of 9999998 bytes is longer than the limit of 256 bytes");
  EXPECT_EQ(sku_problem(repeated(',', 10'000'000) + "\n"),
            "line 2, column 5: too many fields (expected 4: id, class, volume, initial_stock)");
  EXPECT_EQ(
      sku_problems(huge + "\n"),
      std::vector<std::string>{"line 1, column 1: field of 10000000 bytes is longer than the limit of 256 "
                               "bytes"});
}

TEST(CsvHostileTest, BinaryGarbageStopsAtTheProblemLimit) {
  std::string garbage(4'000'000, '\0');
  std::uint64_t state = 0x9E3779B97F4A7C15U;  // a fixed linear congruential sequence
  for (char& c : garbage) {
    state = state * 6364136223846793005U + 1442695040888963407U;
    c = static_cast<char>(state >> 56U);
  }
  for (const std::string& text : {garbage, std::string(kSkuHeader) + garbage}) {
    std::vector<std::string> problems;
    const auto skus = read_sku_master(text, {}, problems);
    EXPECT_TRUE(skus.empty());
    EXPECT_GE(problems.size(), 1U);
    EXPECT_LE(problems.size(), 20U);
    std::vector<std::string> order_problems_found;
    const auto lines = read_order_file(text, start(), sku_index, {}, order_problems_found);
    EXPECT_TRUE(lines.empty());
    EXPECT_GE(order_problems_found.size(), 1U);
    EXPECT_LE(order_problems_found.size(), 20U);
  }
}

TEST(CsvHostileTest, NulByteInTheHeader) {
  using namespace std::string_literals;
  EXPECT_EQ(
      sku_problems("id,cl\0ass,volume,initial_stock\nS1,A,1,1\n"s),
      (std::vector<std::string>{
          "line 1, column 6: NUL byte (is it a binary file?)",
          "line 2: expected a header line naming the columns id, class, volume and initial_stock (the first "
          "line that is not a comment names the columns)"}));
}

TEST(CsvHostileTest, HundredProblemsStopAtTwenty) {
  std::string text(kSkuHeader);
  for (int i = 0; i < 100; ++i) text += ",A,1,1\n";
  const auto problems = sku_problems(text);
  ASSERT_EQ(problems.size(), 20U);
  EXPECT_EQ(problems.back(), "line 21, column 1: empty sku id (expected a unique id)");

  std::string orders(kOrderHeader);
  for (int i = 0; i < 100; ++i) orders += fmt::format("0,O{},X{},0\n", i, i);  // two problems a line
  EXPECT_EQ(order_problems(orders).size(), 20U);
  CsvLimits limits;
  limits.max_problems = 3;
  EXPECT_EQ(order_problems(orders, limits).size(), 3U);
}

TEST(CsvHostileTest, ProblemsAppendToEarlierOnes) {
  std::vector<std::string> problems{"an earlier problem"};
  (void)read_sku_master(std::string(kSkuHeader) + ",A,1,1\n", {}, problems);
  ASSERT_EQ(problems.size(), 2U);
  EXPECT_EQ(problems[0], "an earlier problem");
}

}  // namespace
}  // namespace whsim::scenario
