// The warehouse floor grid (see the header): the parametric generator, the ASCII map reader and
// writer, and the directed-graph queries. Geometry only: it must never know of pods or robots.
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
  if (layout.station_sides.empty()) throw ContractError("parametric floor: no station side given");
  std::array<bool, 4> side_seen{};
  for (const Side side : layout.station_sides) {
    const auto s = static_cast<std::size_t>(side);
    if (s >= side_seen.size()) throw ContractError("parametric floor: station side out of range");
    if (side_seen[s]) {
      throw ContractError(fmt::format("parametric floor: station side {} given twice", to_string(side)));
    }
    side_seen[s] = true;
  }

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
