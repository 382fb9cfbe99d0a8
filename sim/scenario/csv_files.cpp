// CSV readers for the SKU master and the order file (see the header for the dialect). One pass
// over the text, line by line; fields are views into the text (a quoted field with "" is copied
// into a buffer reused for every line), so memory grows only with the rows kept. Capacity is
// reserved from the number of lines actually in the text, never from a number read from it.
#include "whsim/scenario/csv_files.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <climits>
#include <deque>
#include <span>
#include <system_error>

#include <fmt/format.h>

#include "whsim/core/text.hpp"

namespace whsim::scenario {
namespace {

/// The header may name at most this many columns (it needs 4; more is a mistake, not data).
constexpr std::size_t kMaxHeaderColumns = 64;
/// Values quoted in messages are cut after this many bytes.
constexpr std::size_t kMaxShown = 40;
constexpr std::size_t kMaxClassCharacters = 16;
constexpr std::int64_t kMaxQuantity = 1'000'000;

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

bool is_utf8_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

/// A field value for a message: cut after kMaxShown bytes (at a character boundary) with "...".
/// Values reaching here are valid UTF-8 without control characters.
std::string shown(std::string_view value) {
  if (value.size() <= kMaxShown) return std::string(value);
  std::size_t cut = kMaxShown;
  while (cut > 0 && is_utf8_continuation(value[cut])) --cut;
  return fmt::format("{}...", value.substr(0, cut));
}

/// Characters (UTF-8 code points) of a valid UTF-8 text.
std::size_t character_count(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return !is_utf8_continuation(c); }));
}

/// Length of the UTF-8 sequence starting at s[i] (a byte >= 0x80): 0 when the lead byte can
/// never start one, SIZE_MAX when the sequence after a valid lead byte is broken.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  std::size_t n = 0;
  unsigned char lo = 0x80;  // range of the second byte (excludes overlong forms and surrogates)
  unsigned char hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    n = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    n = 3;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    n = 4;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (s.size() - i < n || byte(i + 1) < lo || byte(i + 1) > hi) return SIZE_MAX;
  for (std::size_t k = 2; k < n; ++k) {
    if (!is_utf8_continuation(s[i + k])) return SIZE_MAX;
  }
  return n;
}

/// A plain decimal number as units::parse_number reads it (digits, point, exponent, sign).
bool is_plain_number(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789.eE+-") == std::string_view::npos;
}

/// Starts like a number ("5", "-1", ".5"), as opposed to a word.
bool starts_like_number(std::string_view s) {
  return !s.empty() && (is_digit(s.front()) || s.front() == '.' || s.front() == '+' || s.front() == '-');
}

/// A whole number, all of `s` (no sign but '-', no fraction); nullopt otherwise. `out_of_range`
/// is set when the digits do not fit in int64.
std::optional<std::int64_t> parse_whole(std::string_view s, bool& out_of_range) {
  out_of_range = false;
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range && ptr == s.data() + s.size()) {
    out_of_range = true;
    return std::nullopt;
  }
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

/// One field of the current line.
struct Field {
  std::string_view value;  ///< without quotes and surrounding blanks; "" already made one quote
  std::size_t column = 0;  ///< 1-based byte column of its first non-blank byte
  bool in_text = true;     ///< value views the text (false: a buffer reused by the next line)
};

/// The ids seen so far, each with the line where it first appeared. Open addressing over views
/// into the text (ids with "" are copied once), so a million orders cost no node allocations.
class FirstLines {
 public:
  /// The line where `id` first appeared; 0 after recording it now, at `line` (> 0).
  std::size_t find_or_add(const Field& id, std::size_t line) {
    if (2 * (used_ + 1) > slots_.size()) grow();
    const std::size_t hash = std::hash<std::string_view>{}(id.value);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.line == 0) {
        slot = Slot{hash, id.in_text ? id.value : std::string_view(copies_.emplace_back(id.value)), line};
        ++used_;
        return 0;
      }
      if (slot.hash == hash && slot.id == id.value) return slot.line;
    }
  }

 private:
  struct Slot {
    std::size_t hash = 0;
    std::string_view id;
    std::size_t line = 0;  ///< 0: empty
  };
  void grow() {
    std::vector<Slot> old(std::max<std::size_t>(64, 2 * slots_.size()));
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.line == 0) continue;
      std::size_t i = slot.hash & mask;
      while (slots_[i].line != 0) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }
  std::vector<Slot> slots_;  // a power of two in size, at most half full
  std::size_t used_ = 0;
  std::deque<std::string> copies_;  // ids that were not in the text; a deque never moves them
};

/// Splits a CSV text into checked lines and fields and keeps the problem count. A line with a
/// problem in its bytes or its quoting gets one problem and is skipped.
class CsvReader {
 public:
  CsvReader(std::string_view text, std::span<const std::string_view> columns, std::string_view row_noun,
            const CsvLimits& limits, std::vector<std::string>& problems)
      : text_(text),
        columns_(columns),
        row_noun_(row_noun),
        limits_(limits),
        problems_(problems),
        order_(columns.size(), 0),
        fields_(kMaxHeaderColumns + 1),
        unescaped_(kMaxHeaderColumns + 1) {}

  /// Reads the header and maps the columns; false (after its problems) when there is none that
  /// names every column exactly once.
  bool read_header();
  /// Moves to the next data row that splits into one field per column; false at the end of the
  /// text or once reading stopped.
  bool next_row();
  /// Adds "no data rows" when the header was the last line. Call after next_row() returned false.
  void finish();

  /// The field of column `k` (index into the constructor's `columns`) in the current row.
  [[nodiscard]] const Field& field(std::size_t k) const { return fields_[order_[k]]; }
  [[nodiscard]] std::size_t line() const { return line_number_; }
  [[nodiscard]] int line_int() const { return static_cast<int>(line_number_); }
  /// An upper bound on the data rows, from the lines in the text and the row limit.
  [[nodiscard]] std::size_t row_capacity() const {
    const auto newlines = static_cast<std::size_t>(std::count(text_.begin(), text_.end(), '\n'));
    return std::min(newlines + 1, limits_.max_rows);
  }

  void problem_at(std::size_t column, std::string_view what) {
    add(fmt::format("line {}, column {}: {}", line_number_, column, what));
  }
  void problem_on_line(std::string_view what) { add(fmt::format("line {}: {}", line_number_, what)); }

 private:
  void add(std::string problem) {
    if (stopped_) return;
    problems_.push_back(std::move(problem));
    if (++added_ >= limits_.max_problems) stopped_ = true;
  }
  /// Moves to the next line that is not empty, not a comment and has only allowed bytes.
  bool next_line();
  /// One problem for the first byte of the current line that is not allowed; false then.
  bool check_bytes();
  /// Splits the current line into fields_; nullopt after a problem. A field after `max_fields`
  /// is the problem `too_many`.
  std::optional<std::size_t> split(std::size_t max_fields, std::string_view too_many);
  /// "id, class, volume and initial_stock" (joined with "and" or "or").
  [[nodiscard]] std::string column_list(std::string_view last_joiner) const;

  std::string_view text_;
  std::span<const std::string_view> columns_;
  std::string_view row_noun_;
  const CsvLimits& limits_;
  std::vector<std::string>& problems_;
  std::size_t added_ = 0;
  bool stopped_ = false;

  std::size_t pos_ = 0;          // start of the next line in text_
  std::size_t line_number_ = 0;  // of line_
  std::string_view line_;        // without '\n' and a '\r' before it
  std::size_t start_ = 0;        // first byte of line_ to read (3 after a byte-order mark)

  std::size_t header_line_ = 0;
  std::size_t rows_ = 0;
  std::size_t bad_lines_ = 0;       // lines after the header skipped for their bytes (maybe rows)
  std::vector<std::size_t> order_;  // field index of each column
  std::string too_many_;            // the message for a data row with too many fields
  std::string header_order_;        // the columns in header order, for messages
  std::vector<Field> fields_;
  std::vector<std::string> unescaped_;  // buffers of quoted fields with "" (one per field index)
};

std::string CsvReader::column_list(std::string_view last_joiner) const {
  std::string out;
  for (std::size_t k = 0; k < columns_.size(); ++k) {
    if (k > 0) out += k + 1 == columns_.size() ? fmt::format(" {} ", last_joiner) : std::string(", ");
    out += columns_[k];
  }
  return out;
}

bool CsvReader::next_line() {
  while (!stopped_ && pos_ < text_.size()) {
    const std::size_t newline = text_.find('\n', pos_);
    const std::size_t end = newline == std::string_view::npos ? text_.size() : newline;
    line_ = text_.substr(pos_, end - pos_);
    pos_ = newline == std::string_view::npos ? text_.size() : newline + 1;
    if (line_number_ == static_cast<std::size_t>(INT_MAX)) {
      add(fmt::format("file has more than {} lines", INT_MAX));
      stopped_ = true;
      return false;
    }
    ++line_number_;
    if (!line_.empty() && line_.back() == '\r') line_.remove_suffix(1);
    start_ = 0;
    if (line_number_ == 1 && line_.starts_with("\xEF\xBB\xBF")) {
      problem_on_line("byte-order mark (save the file as UTF-8 without BOM)");
      start_ = 3;
    }
    if (!check_bytes()) {
      if (header_line_ != 0) ++bad_lines_;
      continue;
    }
    const std::string_view rest = line_.substr(start_);
    if (trim_blanks(rest).empty() || rest.front() == '#') continue;
    return true;
  }
  return false;
}

bool CsvReader::check_bytes() {
  for (std::size_t i = start_; i < line_.size(); ++i) {
    const auto byte = static_cast<unsigned char>(line_[i]);
    if (byte >= 0x20 && byte < 0x7F) continue;
    if (byte == '\t') continue;
    if (byte >= 0x80) {
      const std::size_t n = utf8_sequence_length(line_, i);
      if (n == 0) {
        problem_at(i + 1, fmt::format("invalid UTF-8 byte 0x{:02X} (save the file as UTF-8)", byte));
        return false;
      }
      if (n == SIZE_MAX) {
        problem_at(i + 1, "invalid UTF-8 sequence (save the file as UTF-8)");
        return false;
      }
      i += n - 1;
      continue;
    }
    if (byte == 0) {
      problem_at(i + 1, "NUL byte (is it a binary file?)");
    } else if (byte == '\r') {
      problem_at(i + 1, "carriage return inside a line (expected line ends \"\\n\" or \"\\r\\n\")");
    } else {
      problem_at(i + 1,
                 fmt::format("control character 0x{:02X} (expected text; only tabs are allowed)", byte));
    }
    return false;
  }
  return true;
}

std::optional<std::size_t> CsvReader::split(std::size_t max_fields, std::string_view too_many) {
  const std::size_t len = line_.size();
  const std::size_t max_bytes = limits_.max_field_bytes;
  const auto too_long = [&](std::size_t column, std::size_t bytes) {
    problem_at(column,
               fmt::format("field of {} bytes is longer than the limit of {} bytes", bytes, max_bytes));
  };
  std::size_t n = 0;
  std::size_t i = start_;
  while (true) {
    while (i < len && is_blank(line_[i])) ++i;
    const std::size_t column = i + 1;
    if (n == max_fields) {
      problem_at(column, too_many);
      return std::nullopt;
    }
    std::string_view value;
    bool escaped = false;  // value is in unescaped_[n], not in the text
    if (i < len && line_[i] == '"') {
      std::size_t close = i + 1;
      while (true) {
        close = line_.find('"', close);
        if (close == std::string_view::npos) {
          problem_at(column,
                     "quoted field is not closed on this line (expected a closing quote; quoted fields may "
                     "not contain line breaks)");
          return std::nullopt;
        }
        if (close + 1 < len && line_[close + 1] == '"') {
          escaped = true;
          close += 2;
          continue;
        }
        break;
      }
      value = line_.substr(i + 1, close - i - 1);
      if (escaped) {
        if (value.size() > 2 * max_bytes) {
          too_long(column, value.size());
          return std::nullopt;
        }
        std::string& buffer = unescaped_[n];
        buffer.clear();
        for (std::size_t k = 0; k < value.size(); ++k) {
          buffer.push_back(value[k]);
          if (value[k] == '"') ++k;  // the second quote of ""
        }
        value = buffer;
      }
      if (value.size() > max_bytes) {
        too_long(column, value.size());
        return std::nullopt;
      }
      i = close + 1;
      while (i < len && is_blank(line_[i])) ++i;
      if (i < len && line_[i] != ',') {
        problem_at(i + 1,
                   "text after the closing quote of a field (expected a comma; write a quote inside "
                   "quotes as \"\")");
        return std::nullopt;
      }
    } else {
      std::size_t end = line_.find(',', i);
      if (end == std::string_view::npos) end = len;
      value = trim_blanks(line_.substr(i, end - i));
      if (const std::size_t quote = value.find('"'); quote != std::string_view::npos) {
        problem_at(i + quote + 1,
                   "quote inside an unquoted field (expected the whole field in quotes, with a quote "
                   "inside written as \"\")");
        return std::nullopt;
      }
      if (value.size() > max_bytes) {
        too_long(column, value.size());
        return std::nullopt;
      }
      i = end;
    }
    fields_[n] = Field{value, column, !escaped};
    ++n;
    if (i >= len) return n;
    ++i;  // the comma
  }
}

bool CsvReader::read_header() {
  if (!next_line()) {
    if (!stopped_) {
      add(fmt::format("file is empty (expected a header line naming the columns {})", column_list("and")));
    }
    return false;
  }
  header_line_ = line_number_;
  const auto count = split(kMaxHeaderColumns, fmt::format("more than {} columns (expected {})",
                                                          kMaxHeaderColumns, column_list("and")));
  if (!count) return false;
  const std::span<const Field> names(fields_.data(), *count);

  // A first line with no column name, nor anything close to one, is data without a header.
  const bool any_name = std::any_of(names.begin(), names.end(), [&](const Field& f) {
    return std::any_of(columns_.begin(), columns_.end(),
                       [&](std::string_view c) { return equal_ignoring_case(c, f.value); }) ||
           (!f.value.empty() && closest_match(f.value, columns_).has_value());
  });
  if (!any_name) {
    problem_on_line(
        fmt::format("expected a header line naming the columns {} (the first line that is not a "
                    "comment names the columns)",
                    column_list("and")));
    return false;
  }

  bool ok = true;
  std::vector<std::size_t> first_column(columns_.size(), 0);
  for (std::size_t i = 0; i < names.size() && !stopped_; ++i) {
    const Field& f = names[i];
    const auto known = std::find(columns_.begin(), columns_.end(), f.value);
    if (known != columns_.end()) {
      const auto k = static_cast<std::size_t>(known - columns_.begin());
      if (first_column[k] != 0) {
        ok = false;
        problem_at(f.column, fmt::format("column \"{}\" is named twice (first at column {})", f.value,
                                         first_column[k]));
      } else {
        first_column[k] = f.column;
        order_[k] = i;
      }
      continue;
    }
    ok = false;
    if (f.value.empty()) {
      problem_at(f.column, fmt::format("empty column name (expected {})", column_list("or")));
      continue;
    }
    const auto same_letters = std::find_if(columns_.begin(), columns_.end(), [&](std::string_view c) {
      return equal_ignoring_case(c, f.value);
    });
    if (same_letters != columns_.end()) {
      problem_at(f.column,
                 fmt::format("unknown column \"{}\" (column names are case-sensitive: did you mean \"{}\"?)",
                             shown(f.value), *same_letters));
    } else if (const auto near = closest_match(f.value, columns_)) {
      problem_at(f.column,
                 fmt::format("unknown column \"{}\" (did you mean \"{}\"?)", shown(f.value), *near));
    } else {
      problem_at(f.column,
                 fmt::format("unknown column \"{}\" (expected {})", shown(f.value), column_list("or")));
    }
  }
  for (std::size_t k = 0; k < columns_.size() && !stopped_; ++k) {
    if (first_column[k] == 0) {
      ok = false;
      problem_on_line(fmt::format("missing column \"{}\" (the header must name the columns {})", columns_[k],
                                  column_list("and")));
    }
  }
  if (!ok) return false;

  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) header_order_ += ", ";
    header_order_ += names[i].value;
  }
  too_many_ = fmt::format("too many fields (expected {}: {})", columns_.size(), header_order_);
  return true;
}

bool CsvReader::next_row() {
  while (next_line()) {
    if (rows_ == limits_.max_rows) {
      problem_on_line(fmt::format("more than {} data rows (the limit of one file)", limits_.max_rows));
      stopped_ = true;
      return false;
    }
    ++rows_;
    const auto count = split(columns_.size(), too_many_);
    if (!count) continue;
    if (*count < columns_.size()) {
      problem_at(line_.size() + 1,
                 fmt::format("too few fields: {} (expected {}: {})", *count, columns_.size(), header_order_));
      continue;
    }
    return true;
  }
  return false;
}

void CsvReader::finish() {
  if (rows_ > 0 || bad_lines_ > 0 || stopped_) return;
  add(fmt::format("line {}: no data rows after the header (expected {})", header_line_, row_noun_));
}

// --- SKU master ----------------------------------------------------------------------------------

/// litres as a plain number, or a volume with a unit; in m^3.
units::Parsed<double> parse_volume(std::string_view field) {
  const std::string_view text = trim_blanks(field);  // blanks inside quotes too
  constexpr std::string_view kExpected =
      "expected litres such as \"0.8\" or a volume with a unit such as \"0.8 L\" or \"0.001 m^3\"";
  if (text.empty()) return units::Parsed<double>::error(fmt::format("empty volume ({})", kExpected));
  double m3 = 0;
  if (is_plain_number(text)) {
    const auto litres = units::parse_number(text);
    if (!litres) {
      return units::Parsed<double>::error(
          fmt::format("volume \"{}\" is not a number ({})", shown(text), kExpected));
    }
    m3 = litres.value() * 0.001;
  } else if (starts_like_number(text)) {
    auto with_unit = units::parse_quantity(text, units::Quantity::kVolume);
    if (!with_unit) return with_unit;
    m3 = with_unit.value();
  } else {
    return units::Parsed<double>::error(
        fmt::format("volume \"{}\" is not a number ({})", shown(text), kExpected));
  }
  if (!(m3 > 0)) {
    return units::Parsed<double>::error(
        fmt::format("volume \"{}\" is not positive (expected a unit volume greater than zero)", shown(text)));
  }
  return m3;
}

// --- order file ----------------------------------------------------------------------------------

/// "YYYY-..." (a date, as opposed to a number of seconds).
bool looks_like_date(std::string_view s) {
  return s.size() >= 5 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) && s[4] == '-';
}

/// The time of an order line as the span since the simulation start.
units::Parsed<Duration> parse_order_time(std::string_view field, const units::DateTime& start) {
  const std::string_view text = trim_blanks(field);  // blanks inside quotes too
  constexpr std::string_view kExpected =
      "expected seconds since the start such as \"90\", a duration such as \"90s\" or \"1h30m\", or a date "
      "and time \"YYYY-MM-DD HH:MM[:SS]\"";
  using Result = units::Parsed<Duration>;
  if (text.empty()) return Result::error(fmt::format("empty time ({})", kExpected));
  if (looks_like_date(text)) {
    const auto date_time = units::parse_date_time(text);
    if (!date_time) return Result::error(date_time.message());
    const Duration since_start = date_time.value().since_epoch() - start.since_epoch();
    if (since_start < Duration::zero()) {
      return Result::error(
          fmt::format("time \"{}\" is before the simulation start {} (expected a time at or after it)",
                      shown(text), start.to_string()));
    }
    return since_start;
  }
  Duration since_start;
  if (is_plain_number(text)) {
    const auto seconds = units::parse_number(text);
    if (!seconds) return Result::error(fmt::format("bad time \"{}\" ({})", shown(text), kExpected));
    const auto d = Duration::from_seconds_checked(seconds.value());
    if (!d) return Result::error(fmt::format("time \"{}\" is out of range for a duration", shown(text)));
    since_start = *d;
  } else if (starts_like_number(text)) {
    auto d = units::parse_duration(text);
    if (!d) return d;
    since_start = d.value();
  } else {
    return Result::error(fmt::format("bad time \"{}\" ({})", shown(text), kExpected));
  }
  if (since_start < Duration::zero()) {
    return Result::error(
        fmt::format("time \"{}\" is negative (expected a time since the simulation start)", shown(text)));
  }
  return since_start;
}

}  // namespace

std::vector<SkuRecord> read_sku_master(std::string_view text, const CsvLimits& limits,
                                       std::vector<std::string>& problems) {
  constexpr std::array<std::string_view, 4> kColumns{"id", "class", "volume", "initial_stock"};
  constexpr std::size_t kId = 0;
  constexpr std::size_t kClass = 1;
  constexpr std::size_t kVolume = 2;
  constexpr std::size_t kStock = 3;
  std::vector<SkuRecord> skus;
  CsvReader csv(text, kColumns, "one SKU per line", limits, problems);
  if (!csv.read_header()) return skus;
  skus.reserve(csv.row_capacity());
  FirstLines first_line;

  while (csv.next_row()) {
    bool ok = true;
    SkuRecord sku;
    sku.line = csv.line_int();

    const Field& id = csv.field(kId);
    if (id.value.empty()) {
      ok = false;
      csv.problem_at(id.column, "empty sku id (expected a unique id)");
    } else if (const std::size_t seen = first_line.find_or_add(id, csv.line()); seen != 0) {
      ok = false;
      csv.problem_at(id.column,
                     fmt::format("sku \"{}\" is already defined on line {}", shown(id.value), seen));
    } else {
      sku.id = id.value;
    }

    const Field& sku_class = csv.field(kClass);
    const std::size_t characters = character_count(sku_class.value);
    if (characters == 0) {
      ok = false;
      csv.problem_at(sku_class.column,
                     "empty sku class (expected 1 to 16 characters such as \"A\", \"B\" or \"C\")");
    } else if (characters > kMaxClassCharacters) {
      ok = false;
      csv.problem_at(
          sku_class.column,
          fmt::format("sku class \"{}\" is {} characters long (expected 1 to {} such as \"A\", \"B\" "
                      "or \"C\")",
                      shown(sku_class.value), characters, kMaxClassCharacters));
    } else {
      sku.sku_class = sku_class.value;
    }

    const Field& volume = csv.field(kVolume);
    if (const auto m3 = parse_volume(volume.value)) {
      sku.volume_m3 = m3.value();
    } else {
      ok = false;
      csv.problem_at(volume.column, m3.message());
    }

    const Field& stock = csv.field(kStock);
    constexpr std::string_view kStockExpected = "expected a whole number of units, 0 or more";
    bool out_of_range = false;
    const std::string_view stock_text = trim_blanks(stock.value);
    const auto count = parse_whole(stock_text, out_of_range);
    if (stock_text.empty()) {
      ok = false;
      csv.problem_at(stock.column, fmt::format("empty initial_stock ({})", kStockExpected));
    } else if (out_of_range) {
      ok = false;
      csv.problem_at(stock.column, fmt::format("initial_stock \"{}\" is out of range ({})", shown(stock_text),
                                               kStockExpected));
    } else if (!count) {
      ok = false;
      csv.problem_at(stock.column, fmt::format("initial_stock \"{}\" is not a whole number ({})",
                                               shown(stock_text), kStockExpected));
    } else if (*count < 0) {
      ok = false;
      csv.problem_at(stock.column,
                     fmt::format("initial_stock \"{}\" is negative ({})", shown(stock_text), kStockExpected));
    } else {
      sku.initial_stock = *count;
    }

    if (ok) skus.push_back(std::move(sku));
  }
  csv.finish();
  return skus;
}

std::vector<OrderLineRecord> read_order_file(
    std::string_view text, const units::DateTime& start,
    const std::function<std::optional<std::uint32_t>(std::string_view)>& sku_index, const CsvLimits& limits,
    std::vector<std::string>& problems) {
  constexpr std::array<std::string_view, 4> kColumns{"time", "order", "sku", "quantity"};
  constexpr std::size_t kTime = 0;
  constexpr std::size_t kOrder = 1;
  constexpr std::size_t kSku = 2;
  constexpr std::size_t kQuantity = 3;
  std::vector<OrderLineRecord> lines;
  CsvReader csv(text, kColumns, "one order line per line", limits, problems);
  if (!csv.read_header()) return lines;
  lines.reserve(csv.row_capacity());
  FirstLines order_first_line;  // every order seen, at the line where it began

  // The order of the previous row and the time of its first line; the previous row's time.
  // Strings are reused, so the loop allocates only for the rows and orders it keeps.
  std::string current_order;
  // Plain flags beside the values: g++ 12 sees std::optional<Duration> as maybe uninitialized.
  bool have_order_time = false;
  Duration order_time;
  std::string order_time_text;
  std::size_t order_time_line = 0;
  bool have_previous_time = false;
  Duration previous_time;
  std::string previous_time_text;
  std::size_t previous_line = 0;

  while (csv.next_row()) {
    bool ok = true;
    OrderLineRecord record;
    record.line = csv.line_int();

    const Field& time = csv.field(kTime);
    const auto parsed_time = parse_order_time(time.value, start);
    const bool time_ok = parsed_time.ok();
    if (time_ok) {
      record.time = parsed_time.value();
    } else {
      ok = false;
      csv.problem_at(time.column, parsed_time.message());
    }

    const Field& order = csv.field(kOrder);
    bool time_reported = false;
    if (order.value.empty()) {
      ok = false;
      csv.problem_at(order.column, "empty order id (expected an order id)");
    } else if (order.value == current_order) {
      if (time_ok && have_order_time && record.time != order_time) {
        ok = false;
        time_reported = true;
        csv.problem_at(
            time.column,
            fmt::format("order \"{}\" has time \"{}\" here but \"{}\" on line {} (all lines of an order "
                        "must have the same time)",
                        shown(order.value), shown(time.value), shown(order_time_text), order_time_line));
      }
    } else {
      if (const std::size_t began = order_first_line.find_or_add(order, csv.line()); began != 0) {
        ok = false;
        csv.problem_at(
            order.column,
            fmt::format("order \"{}\" continues here after other orders (expected the lines of an order "
                        "together; it began on line {})",
                        shown(order.value), began));
      }
      current_order.assign(order.value);
      have_order_time = false;
    }
    if (!order.value.empty()) record.order_id = order.value;
    if (time_ok && !have_order_time) {
      have_order_time = true;
      order_time = record.time;
      order_time_text.assign(time.value);
      order_time_line = csv.line();
    }

    if (time_ok && !time_reported && have_previous_time && record.time < previous_time) {
      ok = false;
      csv.problem_at(time.column,
                     fmt::format("time \"{}\" is earlier than the previous line's time \"{}\" on line {} "
                                 "(expected the lines sorted by time)",
                                 shown(time.value), shown(previous_time_text), previous_line));
    }
    if (time_ok) {
      have_previous_time = true;
      previous_time = record.time;
      previous_time_text.assign(time.value);
      previous_line = csv.line();
    }

    const Field& sku = csv.field(kSku);
    if (sku.value.empty()) {
      ok = false;
      csv.problem_at(sku.column, "empty sku id (expected an id from the SKU catalog or master)");
    } else if (const auto index = sku_index(sku.value)) {
      record.sku = *index;
    } else {
      ok = false;
      csv.problem_at(sku.column,
                     fmt::format("unknown sku \"{}\" (not in the SKU catalog or master)", shown(sku.value)));
    }

    const Field& quantity = csv.field(kQuantity);
    constexpr std::string_view kQuantityExpected = "expected a whole number from 1 to 1000000";
    bool out_of_range = false;
    const std::string_view quantity_text = trim_blanks(quantity.value);
    const auto count = parse_whole(quantity_text, out_of_range);
    if (quantity_text.empty()) {
      ok = false;
      csv.problem_at(quantity.column, fmt::format("empty quantity ({})", kQuantityExpected));
    } else if (out_of_range || (count && (*count < 1 || *count > kMaxQuantity))) {
      ok = false;
      csv.problem_at(quantity.column, fmt::format("quantity \"{}\" is out of range ({})",
                                                  shown(quantity_text), kQuantityExpected));
    } else if (!count) {
      ok = false;
      csv.problem_at(quantity.column, fmt::format("quantity \"{}\" is not a whole number ({})",
                                                  shown(quantity_text), kQuantityExpected));
    } else {
      record.quantity = *count;
    }

    if (ok) lines.push_back(std::move(record));
  }
  csv.finish();
  return lines;
}

}  // namespace whsim::scenario
