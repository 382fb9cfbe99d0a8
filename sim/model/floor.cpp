// The warehouse floor grid (see the header): the parametric generator, the ASCII map reader and
// writer, the MAPF benchmark map reader, and the directed-graph queries. Geometry only: it must
// never know of pods or robots.
#include "whsim/model/floor.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "whsim/core/error.hpp"

namespace whsim::model {

namespace {

/// The largest floor either builder accepts (cells), checked before anything is allocated.
constexpr std::uint64_t kMaxCells = 100'000'000;
/// from_ascii stops after this many problems of its own.
constexpr std::size_t kMaxAsciiProblems = 20;
constexpr std::uint8_t kAllExits = 0x0F;

constexpr std::array<int, 4> kDx{0, 1, 0, -1};
constexpr std::array<int, 4> kDy{-1, 0, 1, 0};

char to_char(CellKind kind) {
  switch (kind) {
    case CellKind::kWall:
      return '#';
    case CellKind::kAisle:
      return '.';
    case CellKind::kStorage:
      return 's';
    case CellKind::kStation:
      return 'P';
    case CellKind::kBuffer:
      return 'b';
    case CellKind::kCharger:
      return 'c';
  }
  return '?';
}

bool from_char(char ch, CellKind& kind) {
  switch (ch) {
    case '#':
      kind = CellKind::kWall;
      return true;
    case '.':
      kind = CellKind::kAisle;
      return true;
    case 's':
      kind = CellKind::kStorage;
      return true;
    case 'P':
      kind = CellKind::kStation;
      return true;
    case 'b':
      kind = CellKind::kBuffer;
      return true;
    case 'c':
      kind = CellKind::kCharger;
      return true;
    default:
      return false;
  }
}

/// A map byte as it should appear in a message: itself when printable ASCII, else \xNN.
std::string printable(char ch) {
  const auto byte = static_cast<unsigned char>(ch);
  if (byte >= 0x20 && byte < 0x7F) return std::string(1, ch);
  return fmt::format("\\x{:02x}", static_cast<unsigned>(byte));
}

void check_cell_size(double cell_size_m) {
  if (!std::isfinite(cell_size_m) || cell_size_m <= 0) {
    throw ContractError(fmt::format("floor: cell size {} m is not a positive finite number", cell_size_m));
  }
}

/// The map's rows: split at '\n', one trailing '\r' per row dropped, blank rows at the end ignored.
/// Calls fn(row) for each row in order; returns nothing so that no row list is allocated.
template <class Fn>
void for_each_row(std::string_view map, Fn&& fn) {
  // Trim trailing blank rows (and the final newline) first.
  std::size_t end = map.size();
  while (end > 0) {
    const std::size_t start = map.rfind('\n', end - 1);
    const std::size_t row_start = start == std::string_view::npos ? 0 : start + 1;
    std::string_view row = map.substr(row_start, end - row_start);
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    if (!row.empty()) break;
    if (start == std::string_view::npos) {
      end = 0;
      break;
    }
    end = start;
  }
  std::size_t pos = 0;
  while (pos < end) {
    std::size_t nl = map.find('\n', pos);
    if (nl == std::string_view::npos || nl > end) nl = end;
    std::string_view row = map.substr(pos, nl - pos);
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    fn(row);
    pos = nl + 1;
  }
}

/// Throws ContractError unless `sides` is a non-empty list of distinct sides.
void check_station_sides(const std::vector<Side>& sides, std::string_view who) {
  if (sides.empty()) throw ContractError(fmt::format("{}: no station side given", who));
  std::array<bool, 4> side_seen{};
  for (const Side side : sides) {
    const auto s = static_cast<std::size_t>(side);
    if (s >= side_seen.size()) throw ContractError(fmt::format("{}: station side out of range", who));
    if (side_seen[s]) {
      throw ContractError(fmt::format("{}: station side {} given twice", who, to_string(side)));
    }
    side_seen[s] = true;
  }
}

// ---- MAPF benchmark maps ----

/// The largest height or width of a MAPF map.
constexpr std::uint64_t kMaxMapfSide = 100'000;
/// The header's four lines; map rows start on the next line.
constexpr std::size_t kMapfHeaderLines = 4;
/// Text quoted from a map in a message is cut after this many bytes.
constexpr std::size_t kMaxQuoted = 40;
constexpr std::string_view kMapfLegend = ". G S @ O T W";

bool mapf_free(char ch) {
  return ch == '.' || ch == 'G' || ch == 'S';
}
bool mapf_blocked(char ch) {
  return ch == '@' || ch == 'O' || ch == 'T' || ch == 'W';
}
bool is_control(char ch) {
  const auto byte = static_cast<unsigned char>(ch);
  return byte < 0x20 || byte == 0x7F;
}

/// Map text for a message: non-printable bytes as \xNN, cut after kMaxQuoted bytes ("...").
std::string shown(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size() && i < kMaxQuoted; ++i) out += printable(text[i]);
  if (text.size() > kMaxQuoted) out += "...";
  return out;
}

/// The lines of a text, one at a time, without '\n' and one '\r' before it; allocates nothing.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}
  /// The next line; false at the end of the text (a final newline starts no further line).
  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) {
      exhausted_ = true;
      return false;
    }
    std::size_t nl = text_.find('\n', pos_);
    if (nl == std::string_view::npos) nl = text_.size();
    line = text_.substr(pos_, nl - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = nl + 1;
    ++number_;
    return true;
  }
  /// The 1-based number of the line last returned (0 before the first).
  [[nodiscard]] std::size_t number() const { return number_; }
  /// True once next() has returned false.
  [[nodiscard]] bool exhausted() const { return exhausted_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t number_ = 0;
  bool exhausted_ = false;
};

/// Adds problems up to the limit; full() once the limit is reached.
class ProblemSink {
 public:
  explicit ProblemSink(std::vector<std::string>& problems) : problems_(problems) {}
  void add(std::string message) {
    if (added_ >= kMaxAsciiProblems) return;
    problems_.push_back(std::move(message));
    ++added_;
  }
  [[nodiscard]] bool any() const { return added_ > 0; }
  [[nodiscard]] bool full() const { return added_ >= kMaxAsciiProblems; }

 private:
  std::vector<std::string>& problems_;
  std::size_t added_ = 0;
};

/// Reads the next header line into `line`; adds a problem and returns false when the text ends
/// (once: later lines return false silently) or the line holds a control character. `expected`
/// is the line's form, e.g. "height <rows>".
bool read_header_line(LineReader& lines, std::string_view expected, std::string_view& line,
                      ProblemSink& sink) {
  if (lines.exhausted()) return false;
  if (!lines.next(line)) {
    sink.add(fmt::format("line {}: expected \"{}\", got the end of the text", lines.number() + 1, expected));
    return false;
  }
  for (std::size_t col = 0; col < line.size(); ++col) {
    if (is_control(line[col])) {
      sink.add(fmt::format("line {}, column {}: control character {} (expected \"{}\")", lines.number(),
                           col + 1, printable(line[col]), expected));
      return false;
    }
  }
  return true;
}

/// Reads the header line "<key> <number>" with the number in 1..kMaxMapfSide; 0 after a problem.
std::uint64_t read_header_size(LineReader& lines, std::string_view key, std::string_view unit,
                               ProblemSink& sink) {
  const std::string expected = fmt::format("{} <{}>", key, unit);
  std::string_view line;
  if (!read_header_line(lines, expected, line, sink)) return 0;
  const std::size_t prefix = key.size() + 1;
  if (line.size() < prefix || line.substr(0, key.size()) != key || line[key.size()] != ' ') {
    sink.add(fmt::format("line {}: expected \"{}\", got \"{}\"", lines.number(), expected, shown(line)));
    return 0;
  }
  const std::string_view digits = line.substr(prefix);
  const bool numeric = !digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos;
  if (!numeric) {
    sink.add(fmt::format("line {}, column {}: {} \"{}\" is not a whole number (expected 1 to {})",
                         lines.number(), prefix + 1, key, shown(digits), kMaxMapfSide));
    return 0;
  }
  std::uint64_t value = 0;
  for (const char ch : digits) {
    value = value * 10 + static_cast<std::uint64_t>(ch - '0');
    if (value > kMaxMapfSide) break;  // out of range already; stop before any overflow
  }
  if (value < 1 || value > kMaxMapfSide) {
    sink.add(fmt::format("line {}, column {}: {} {} is out of range (expected 1 to {})", lines.number(),
                         prefix + 1, key, shown(digits), kMaxMapfSide));
    return 0;
  }
  return value;
}

}  // namespace

std::string_view to_string(CellKind kind) {
  switch (kind) {
    case CellKind::kWall:
      return "wall";
    case CellKind::kAisle:
      return "aisle";
    case CellKind::kStorage:
      return "storage";
    case CellKind::kStation:
      return "station";
    case CellKind::kBuffer:
      return "buffer";
    case CellKind::kCharger:
      return "charger";
  }
  return "unknown";
}

std::string_view to_string(Side side) {
  switch (side) {
    case Side::kNorth:
      return "north";
    case Side::kEast:
      return "east";
    case Side::kSouth:
      return "south";
    case Side::kWest:
      return "west";
  }
  return "unknown";
}

Floor Floor::parametric(const ParametricLayout& layout, double cell_size_m) {
  check_cell_size(cell_size_m);
  const auto check_count = [](int value, const char* name) {
    if (value < 1)
      throw ContractError(fmt::format("parametric floor: {} is {} (expected at least 1)", name, value));
  };
  check_count(layout.block_columns, "block_columns");
  check_count(layout.block_rows, "block_rows");
  check_count(layout.block_width, "block_width");
  check_count(layout.block_depth, "block_depth");
  check_count(layout.aisle_width, "aisle_width");
  check_count(layout.cross_aisle_width, "cross_aisle_width");
  check_count(layout.margin, "margin");
  check_count(layout.stations_per_side, "stations_per_side");
  check_station_sides(layout.station_sides, "parametric floor");

  // Sizes in double first: int64 could overflow for absurd parameters; the cell budget is far
  // below 2^53, so the comparison is exact where it matters.
  const auto extent = [](int margin, int blocks, int block, int gap) {
    return 2.0 * margin + static_cast<double>(blocks) * block + (static_cast<double>(blocks) - 1.0) * gap;
  };
  const double width_d = extent(layout.margin, layout.block_columns, layout.block_width, layout.aisle_width);
  const double height_d =
      extent(layout.margin, layout.block_rows, layout.block_depth, layout.cross_aisle_width);
  if (width_d * height_d > static_cast<double>(kMaxCells)) {
    throw ContractError(fmt::format("parametric floor: {} x {} cells is more than the limit of {} cells",
                                    width_d, height_d, kMaxCells));
  }

  Floor floor;
  floor.width_ = static_cast<int>(width_d);
  floor.height_ = static_cast<int>(height_d);
  floor.cell_size_ = cell_size_m;
  const auto cells = static_cast<std::size_t>(floor.width_) * static_cast<std::size_t>(floor.height_);
  floor.kinds_.assign(cells, CellKind::kAisle);
  floor.exits_.assign(cells, kAllExits);

  const int column_pitch = layout.block_width + layout.aisle_width;
  const int row_pitch = layout.block_depth + layout.cross_aisle_width;
  for (int by = 0; by < layout.block_rows; ++by) {
    for (int bx = 0; bx < layout.block_columns; ++bx) {
      const int x0 = layout.margin + bx * column_pitch;
      const int y0 = layout.margin + by * row_pitch;
      for (int y = y0; y < y0 + layout.block_depth; ++y) {
        for (int x = x0; x < x0 + layout.block_width; ++x) {
          floor.kinds_[floor.cell(x, y).index()] = CellKind::kStorage;
        }
      }
    }
  }

  // Stations: spread evenly along each side, numbered side by side and along each side.
  std::vector<CellId> stations;
  const int n = layout.stations_per_side;
  for (const Side side : layout.station_sides) {
    const bool horizontal = side == Side::kNorth || side == Side::kSouth;
    const int length = horizontal ? floor.width_ : floor.height_;
    if (n > length) {
      throw ContractError(
          fmt::format("parametric floor: {} stations per side do not fit on the {} side of {} cells", n,
                      to_string(side), length));
    }
    // Keep clear of the corners when the side is long enough (a corner belongs to two sides).
    const bool avoid_corners = n <= length - 2;
    const std::int64_t first = avoid_corners ? 1 : 0;
    const std::int64_t span = avoid_corners ? length - 2 : length;
    for (int i = 0; i < n; ++i) {
      const auto along =
          static_cast<int>(first + (2 * static_cast<std::int64_t>(i) + 1) * span / (2 * std::int64_t{n}));
      int x = along;
      int y = along;
      switch (side) {
        case Side::kNorth:
          y = 0;
          break;
        case Side::kSouth:
          y = floor.height_ - 1;
          break;
        case Side::kWest:
          x = 0;
          break;
        case Side::kEast:
          x = floor.width_ - 1;
          break;
      }
      const CellId c = floor.cell(x, y);
      if (floor.kinds_[c.index()] == CellKind::kStation) {
        throw ContractError(fmt::format(
            "parametric floor: stations on two sides would share the corner cell {}", floor.describe(c)));
      }
      floor.kinds_[c.index()] = CellKind::kStation;
      stations.push_back(c);
    }
  }
  floor.index_cells();
  floor.stations_ = std::move(stations);
  return floor;
}

Floor Floor::from_ascii(std::string_view map, double cell_size_m, std::vector<std::string>& problems) {
  check_cell_size(cell_size_m);
  std::size_t added = 0;
  const auto add = [&](std::string message) {
    if (added >= kMaxAsciiProblems) return;
    problems.push_back(std::move(message));
    ++added;
  };

  // First pass: size. The row width is that of the first non-blank row.
  std::uint64_t rows = 0;
  std::uint64_t expected = 0;
  bool have_width = false;
  for_each_row(map, [&](std::string_view row) {
    ++rows;
    if (!have_width && !row.empty()) {
      expected = row.size();
      have_width = true;
    }
  });
  if (rows * expected > kMaxCells) {
    add(fmt::format("the map has {} rows of {} cells, more than the limit of {} cells", rows, expected,
                    kMaxCells));
    return Floor{};
  }

  Floor floor;
  floor.cell_size_ = cell_size_m;
  floor.width_ = static_cast<int>(expected);
  floor.height_ = static_cast<int>(rows);
  const auto cells = static_cast<std::size_t>(rows * expected);
  floor.kinds_.assign(cells, CellKind::kWall);
  floor.exits_.assign(cells, kAllExits);

  bool has_storage = false;
  bool has_station = false;
  std::size_t line = 0;
  for_each_row(map, [&](std::string_view row) {
    ++line;
    if (added >= kMaxAsciiProblems) return;
    if (row.size() != expected) {
      add(fmt::format("line {}: row has {} cells, expected {} (rows must all be the same length)", line,
                      row.size(), expected));
    }
    for (std::size_t col = 0; col < row.size(); ++col) {
      CellKind kind = CellKind::kWall;
      if (!from_char(row[col], kind)) {
        add(fmt::format("line {}, column {}: unknown map character '{}' (expected . # s P b c)", line,
                        col + 1, printable(row[col])));
        continue;
      }
      has_storage = has_storage || kind == CellKind::kStorage;
      has_station = has_station || kind == CellKind::kStation;
      if (col < expected) floor.kinds_[(line - 1) * expected + col] = kind;
    }
  });
  if (!has_storage) add("the map has no storage location ('s')");
  if (!has_station) add("the map has no pick station ('P')");
  floor.index_cells();
  return floor;
}

Floor Floor::from_mapf(std::string_view text, double cell_size_m, const MapfRules& rules,
                       std::vector<std::string>& problems) {
  check_cell_size(cell_size_m);
  if (rules.stations_per_side < 1) {
    throw ContractError(
        fmt::format("mapf floor: stations_per_side is {} (expected at least 1)", rules.stations_per_side));
  }
  check_station_sides(rules.station_sides, "mapf floor");
  if (rules.storage != MapfStorage::kShelves && rules.storage != MapfStorage::kBesideShelves) {
    throw ContractError("mapf floor: storage rule out of range");
  }
  ProblemSink sink(problems);

  // Blank lines (and line ends) at the end of the text are not part of the map.
  const std::size_t content_end = text.find_last_not_of("\r\n");
  const std::string_view content =
      content_end == std::string_view::npos ? std::string_view{} : text.substr(0, content_end + 1);

  // Header: four lines; a bad header stops parsing (the rows cannot be read without it).
  LineReader lines(content);
  std::string_view line;
  if (read_header_line(lines, "type octile", line, sink) && line != "type octile") {
    sink.add(fmt::format("line {}: expected \"type octile\", got \"{}\"", lines.number(), shown(line)));
  }
  const std::uint64_t height = read_header_size(lines, "height", "rows", sink);
  const std::uint64_t width = read_header_size(lines, "width", "columns", sink);
  if (read_header_line(lines, "map", line, sink) && line != "map") {
    sink.add(fmt::format("line {}: expected \"map\", got \"{}\"", lines.number(), shown(line)));
  }
  if (sink.any()) return Floor{};
  if (height * width > kMaxCells) {
    sink.add(fmt::format("line 3: height {} times width {} is {} cells (expected at most {})", height, width,
                         height * width, kMaxCells));
    return Floor{};
  }

  // Rows: checked without allocating; the cells are allocated only for a map that is all there.
  const LineReader map_start = lines;
  std::uint64_t rows = 0;
  while (!sink.full() && lines.next(line)) {
    if (rows == height) {
      if (line.empty()) continue;  // blank lines between the last row and trailing text
      sink.add(fmt::format("line {}: more map rows than the header's height (expected {} rows)",
                           lines.number(), height));
      break;
    }
    ++rows;
    if (line.size() != width) {
      sink.add(fmt::format("line {}: row has {} cells (expected {}, the header's width)", lines.number(),
                           line.size(), width));
    }
    for (std::size_t col = 0; col < line.size() && !sink.full(); ++col) {
      const char ch = line[col];
      if (mapf_free(ch) || mapf_blocked(ch)) continue;
      sink.add(fmt::format("line {}, column {}: {} {} (expected {})", lines.number(), col + 1,
                           is_control(ch) ? "control character" : "unknown map character",
                           is_control(ch) ? printable(ch) : fmt::format("'{}'", printable(ch)), kMapfLegend));
    }
  }
  if (!sink.full() && rows < height) {
    sink.add(fmt::format("line {}: the map ends after {} rows (expected {}, the header's height)",
                         lines.number() + 1, rows, height));
  }
  if (sink.any()) return Floor{};

  Floor floor;
  floor.cell_size_ = cell_size_m;
  floor.width_ = static_cast<int>(width);
  floor.height_ = static_cast<int>(height);
  const auto cells = static_cast<std::size_t>(height * width);
  floor.kinds_.assign(cells, CellKind::kWall);
  floor.exits_.assign(cells, kAllExits);
  LineReader reread = map_start;
  for (std::size_t y = 0; y < height && reread.next(line); ++y) {
    for (std::size_t x = 0; x < width; ++x) {
      if (mapf_free(line[x])) floor.kinds_[y * width + x] = CellKind::kAisle;
    }
  }

  // Storage. Walls never change and aisles only become storage under kBesideShelves (whose test
  // reads walls), so the cells can be classified in place.
  const int w = floor.width_;
  const int h = floor.height_;
  const auto on_edge = [&](int x, int y) { return x == 0 || y == 0 || x == w - 1 || y == h - 1; };
  const bool shelves = rules.storage == MapfStorage::kShelves;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const CellId c = floor.cell(x, y);
      const CellKind kind = floor.kinds_[c.index()];
      if (shelves ? (kind != CellKind::kWall || on_edge(x, y)) : kind != CellKind::kAisle) continue;
      for (std::size_t d = 0; d < kDx.size(); ++d) {
        const int nx = x + kDx[d];
        const int ny = y + kDy[d];
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
        const CellKind next = floor.kinds_[floor.cell(nx, ny).index()];
        if (shelves ? next == CellKind::kAisle : (next == CellKind::kWall && !on_edge(nx, ny))) {
          floor.kinds_[c.index()] = CellKind::kStorage;
          break;
        }
      }
    }
  }
  const std::size_t first_row_line = kMapfHeaderLines + 1;
  floor.index_cells();
  if (floor.storage_.empty()) {
    sink.add(fmt::format("line {}: the map has no storage location (expected {})", first_row_line,
                         shelves ? "a blocked cell beside a free cell, not on the map's edge"
                                 : "a free cell beside a blocked cell that is not on the map's edge"));
  }

  // Stations, side by side.
  const auto is_free = [&](CellId c) {
    const CellKind kind = floor.kinds_[c.index()];
    return kind != CellKind::kWall && !(shelves && kind == CellKind::kStorage);
  };
  const int n = rules.stations_per_side;
  std::vector<CellId> stations;
  std::vector<CellId> usable;
  for (const Side side : rules.station_sides) {
    if (sink.full()) break;
    const bool column = side == Side::kWest || side == Side::kEast;
    const bool from_low = side == Side::kWest || side == Side::kNorth;
    const int line_count = column ? w : h;
    const int length = column ? h : w;
    const auto at = [&](int index, int along) {
      return column ? floor.cell(index, along) : floor.cell(along, index);
    };
    int station_line = -1;
    for (int k = 0; k < line_count && station_line < 0; ++k) {
      const int index = from_low ? k : line_count - 1 - k;
      for (int along = 0; along < length; ++along) {
        if (is_free(at(index, along))) {
          station_line = index;
          break;
        }
      }
    }
    if (station_line < 0) {
      sink.add(
          fmt::format("line {}: the map has no free cell for stations on the {} side (expected at least "
                      "{}, one per station)",
                      first_row_line, to_string(side), n));
      continue;
    }
    usable.clear();
    for (int along = 0; along < length; ++along) {
      const CellId c = at(station_line, along);
      if (is_free(c) && floor.kinds_[c.index()] == CellKind::kAisle) usable.push_back(c);
    }
    const std::int64_t m = static_cast<std::int64_t>(usable.size());
    if (m < n) {
      const std::string where =
          column ? fmt::format("line {}, column {}", first_row_line, station_line + 1)
                 : fmt::format("line {}", first_row_line + static_cast<std::size_t>(station_line));
      sink.add(
          fmt::format("{}: the {} side's station {} has {} usable free cell{} (expected at least {}, one "
                      "per station; storage and other sides' stations do not count)",
                      where, to_string(side), column ? "column" : "row", m, m == 1 ? "" : "s", n));
      continue;
    }
    for (int i = 0; i < n; ++i) {
      const std::int64_t pick = (2 * static_cast<std::int64_t>(i) + 1) * m / (2 * std::int64_t{n});
      const CellId c = usable[static_cast<std::size_t>(pick)];
      floor.kinds_[c.index()] = CellKind::kStation;
      stations.push_back(c);
    }
  }
  if (sink.any()) return Floor{};
  floor.index_cells();
  floor.stations_ = std::move(stations);
  return floor;
}

CellId Floor::neighbour(CellId c, Dir d) const {
  const int nx = x(c) + kDx[static_cast<std::size_t>(d)];
  const int ny = y(c) + kDy[static_cast<std::size_t>(d)];
  if (nx < 0 || ny < 0 || nx >= width_ || ny >= height_) return CellId::invalid();
  return cell(nx, ny);
}

bool Floor::can_leave(CellId c, Dir d) const {
  if (!c.valid() || c.index() >= kinds_.size()) return false;
  if (kinds_[c.index()] == CellKind::kWall) return false;
  if ((exits_[c.index()] & (1U << static_cast<unsigned>(d))) == 0) return false;
  const CellId n = neighbour(c, d);
  return n.valid() && kinds_[n.index()] != CellKind::kWall;
}

void Floor::forbid(CellId c, Dir d) {
  if (!c.valid() || c.index() >= kinds_.size()) {
    throw ContractError(fmt::format("Floor::forbid: cell {} is not on the floor", c.value()));
  }
  exits_[c.index()] = static_cast<std::uint8_t>(exits_[c.index()] & ~(1U << static_cast<unsigned>(d)));
}

std::string Floor::to_ascii() const {
  std::string out;
  out.reserve(kinds_.size() + static_cast<std::size_t>(height_));
  for (std::size_t i = 0; i < kinds_.size(); ++i) {
    out.push_back(to_char(kinds_[i]));
    if ((i + 1) % static_cast<std::size_t>(width_) == 0) out.push_back('\n');
  }
  return out;
}

std::string Floor::describe(CellId c) const {
  if (!c.valid() || c.index() >= kinds_.size()) return "(no cell)";
  return fmt::format("({}, {})", x(c), y(c));
}

void Floor::index_cells() {
  storage_.clear();
  stations_.clear();
  buffers_.clear();
  chargers_.clear();
  for (std::size_t i = 0; i < kinds_.size(); ++i) {
    const CellId c(static_cast<std::uint32_t>(i));
    switch (kinds_[i]) {
      case CellKind::kStorage:
        storage_.push_back(c);
        break;
      case CellKind::kStation:
        stations_.push_back(c);
        break;
      case CellKind::kBuffer:
        buffers_.push_back(c);
        break;
      case CellKind::kCharger:
        chargers_.push_back(c);
        break;
      case CellKind::kWall:
      case CellKind::kAisle:
        break;
    }
  }
}

}  // namespace whsim::model
