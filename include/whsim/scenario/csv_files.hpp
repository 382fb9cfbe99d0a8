// Readers for the CSV files a scenario names: the SKU master and the order file. They take the
// whole text (read with read_input_file, which checks the size budget) and append one located
// problem per mistake, "line L, column C: what is wrong (what was expected)" or "line L: ...",
// for located_problem to turn into diagnostics. They must never allocate in proportion to a
// number read from the file, nor go quadratic on hostile input.
//
// CSV dialect (both files):
//  - one record per line, fields separated by commas; '\n' or "\r\n" line ends;
//  - a field may be double-quoted (RFC 4180): inside quotes a comma is text and "" is one quote;
//    a quoted field may not contain a line break, and nothing but blanks may follow its closing
//    quote; a quote inside an unquoted field is a problem;
//  - spaces and tabs around an unquoted field, and around the quotes of a quoted one, are
//    dropped; the text inside quotes is kept as written;
//  - empty lines (or lines of only blanks) are skipped; a line whose first byte is '#' is a
//    comment, before or after the header (quote a first field that starts with '#');
//  - the first other line is the header naming the columns (any order, case-sensitive, each
//    exactly once); every further line is one data row with exactly one field per column;
//  - the text must be UTF-8 without a byte-order mark, with no control characters but tabs.
// Columns in messages are 1-based byte columns of a field's first non-blank byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "whsim/core/time.hpp"
#include "whsim/core/units.hpp"

namespace whsim::scenario {

/// Budgets of one CSV file.
struct CsvLimits {
  std::size_t max_rows = 20'000'000;  ///< data rows (header, comments and empty lines not counted)
  std::size_t max_field_bytes = 256;  ///< bytes of one field (inside the quotes when quoted)
  std::size_t max_problems = 20;      ///< reading stops after this many problems
};

/// One SKU of a SKU master file.
struct SkuRecord {
  std::string id;                  ///< as written (unique)
  std::string sku_class;           ///< e.g. "A", "B", "C" (free text, 1..16 characters)
  double volume_m3 = 0;            ///< unit volume, > 0
  std::int64_t initial_stock = 0;  ///< units, >= 0
  int line = 0;                    ///< 1-based line in the file
};

/// Reads a SKU master CSV: a header naming the columns id, class, volume and initial_stock, then
/// one SKU per line. volume is in litres when it is a plain number ("0.8") or a volume with a
/// unit ("0.8 L", "0.001 m^3"); initial_stock is a whole number >= 0. Appends problems to
/// `problems` (at most limits.max_problems) and returns the rows that had none.
[[nodiscard]] std::vector<SkuRecord> read_sku_master(std::string_view text, const CsvLimits& limits,
                                                     std::vector<std::string>& problems);

/// One line of an order file: a unit count of one SKU on one order at one time.
struct OrderLineRecord {
  Duration time;  ///< since the start of the simulation
  std::string order_id;
  std::uint32_t sku = 0;  ///< index returned by the lookup
  std::int64_t quantity = 0;
  int line = 0;  ///< 1-based line in the file
};

/// Reads an order file CSV: a header naming the columns time, order, sku and quantity, then one
/// order line per line. time is seconds since the simulation start ("90"), a duration since it
/// ("90s", "1h30m") or a date and time "YYYY-MM-DD HH:MM[:SS]" at or after `start`; rows must be
/// in non-decreasing time order, and the lines of one order contiguous and at one time. sku is
/// looked up with `sku_index` (nullopt: unknown); quantity is a whole number from 1 to 1000000.
/// Appends problems to `problems` (at most limits.max_problems) and returns the rows that had
/// none.
[[nodiscard]] std::vector<OrderLineRecord> read_order_file(
    std::string_view text, const units::DateTime& start,
    const std::function<std::optional<std::uint32_t>(std::string_view)>& sku_index, const CsvLimits& limits,
    std::vector<std::string>& problems);

}  // namespace whsim::scenario
