// The warehouse floor: a grid of square cells (storage locations, aisles, pick stations, buffer
// cells, chargers, walls) stored as a directed graph: each cell keeps a 4-bit mask of the
// directions a robot may leave it in (all four by default; one-way aisles clear bits later).
// A floor comes from the parametric generator (blocks of storage locations separated by aisles,
// stations on chosen sides: what planners vary), from an ASCII map, or from a grid map in the
// Moving AI MAPF benchmark format. The floor knows nothing of pods or robots; it is geometry only,
// built once and then read-only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "whsim/core/id.hpp"

namespace whsim::model {

/// A cell: index y * width + x (row-major, y grows southwards, x eastwards).
using CellId = Id<struct CellTag>;

enum class CellKind : std::uint8_t {
  kWall,     ///< never entered
  kAisle,    ///< travel lane; loaded robots drive only here (and on station/buffer/charger cells)
  kStorage,  ///< a pod storage location; empty robots may drive under it, loaded robots only
             ///< leave it (after a lift) or enter it (to set a pod down)
  kStation,  ///< a pick station's presentation cell
  kBuffer,   ///< a waiting cell for robots whose station queue is full
  kCharger,  ///< a charging spot (used by the battery issue)
};
[[nodiscard]] std::string_view to_string(CellKind kind);

/// Headings: north = y - 1, east = x + 1, south = y + 1, west = x - 1.
enum class Dir : std::uint8_t { kNorth = 0, kEast = 1, kSouth = 2, kWest = 3 };
enum class Side : std::uint8_t { kNorth = 0, kEast = 1, kSouth = 2, kWest = 3 };
[[nodiscard]] std::string_view to_string(Side side);

/// The parametric generator's parameters (all counts in cells or pods).
///
/// Layout: an outer highway `margin` cells wide surrounds the storage area. The storage area is
/// block_columns x block_rows blocks of block_width x block_depth storage cells; blocks are
/// separated by vertical aisles `aisle_width` cells wide and horizontal cross-aisles
/// `cross_aisle_width` cells wide. Pick stations sit on the outermost ring of cells (the
/// margin's outer edge) of each side in `station_sides`, `stations_per_side` per side, spread
/// evenly along the side. Stations are numbered side by side in the order of `station_sides`,
/// along each side in increasing x (north/south) or y (east/west).
struct ParametricLayout {
  int block_columns = 4;
  int block_rows = 3;
  int block_width = 5;
  int block_depth = 2;
  int aisle_width = 1;
  int cross_aisle_width = 1;
  int margin = 2;
  int stations_per_side = 2;
  std::vector<Side> station_sides{Side::kWest, Side::kEast};
};

/// How storage locations are derived from a MAPF map's blocked cells. Blocked cells on the map's
/// outer edge (first or last row or column) are the enclosure: always walls, never storage, and
/// they make no free cell a storage location.
enum class MapfStorage : std::uint8_t {
  kShelves,        ///< blocked cells with a free 4-neighbour are storage locations (robots drive
                   ///< under shelves); other blocked cells are walls
  kBesideShelves,  ///< free cells with a blocked 4-neighbour become storage locations; blocked
                   ///< cells are walls
};

/// How Floor::from_mapf turns a MAPF map into a floor.
struct MapfRules {
  MapfStorage storage = MapfStorage::kShelves;
  int stations_per_side = 2;
  std::vector<Side> station_sides{Side::kWest, Side::kEast};
};

class Floor {
 public:
  /// Builds the parametric layout. Throws ContractError on parameters out of range (the scenario
  /// layer validates them first: counts >= 1, margin >= 1, at most 10^8 cells), and also for a
  /// cell size that is not positive, no or a repeated station side, more stations per side than
  /// the side has cells, or full sides that would put two stations on one corner cell. Stations
  /// keep clear of the corners when stations_per_side <= side length - 2: station i of n sits at
  /// 1 + floor((i + 0.5) (length - 2) / n) along the side, else at floor((i + 0.5) length / n).
  [[nodiscard]] static Floor parametric(const ParametricLayout& layout, double cell_size_m);

  /// Parses an ASCII map: one text line per row, all rows the same length. Legend:
  ///   '.' aisle   '#' wall   's' storage location   'P' pick station   'b' buffer   'c' charger
  /// Problems (unknown character, ragged rows, no storage location, no station, more than 10^8
  /// cells) are appended to `problems` as "line L, column C: what is wrong" (1-based within the
  /// map text); the returned floor is meaningful only when none were added. Stations are numbered
  /// in row-major order. A final newline, a '\r' at the end of each line and blank lines at the
  /// end are ignored; the row length is that of the first non-blank row; at most 20 problems are
  /// added. Throws ContractError for a cell size that is not positive.
  [[nodiscard]] static Floor from_ascii(std::string_view map, double cell_size_m,
                                        std::vector<std::string>& problems);

  /// Parses a map in the Moving AI MAPF benchmark format:
  ///   type octile / height H / width W / map / H lines of W characters
  /// (exactly these header lines, in this order, one space before each number). Characters:
  /// '.', 'G', 'S' free; '@', 'O', 'T', 'W' blocked; anything else is a problem. Storage
  /// locations follow rules.storage (see MapfStorage). Stations: on each side in
  /// rules.station_sides, the outermost column (west, east) or row (north, south) that has a free
  /// cell is the station line; its usable cells (free, neither storage nor another side's
  /// station), m of them in increasing y (west, east) or x (north, south), hold the side's n =
  /// rules.stations_per_side stations: station i at usable cell floor((i + 0.5) m / n). Stations
  /// are numbered side by side in the order of station_sides. Free cells that are neither storage
  /// nor station are aisles.
  ///
  /// The header alone must allow the floor (height and width 1..100000, at most 10^8 cells);
  /// the rows are then checked without allocating anything proportional, and cells are allocated
  /// only once H rows of W valid characters have been seen, so a short text cannot claim a large
  /// floor. Problems are appended to `problems` as "line L, column C: what is wrong (what was
  /// expected)" or "line L: ..." (1-based lines and columns of the text, header lines included;
  /// a problem of the whole map or of a station line is placed on its first line and column),
  /// at most 20, then parsing stops; the returned floor is meaningful only when none were added.
  /// Tolerated: '\r\n' line endings, a missing final newline and blank lines at the end. Control
  /// characters (NUL, tab, a '\r' not before a '\n', ...) are problems with their location.
  /// Throws ContractError for a cell size that is not positive, stations_per_side < 1, and no, a
  /// repeated or an unknown station side.
  [[nodiscard]] static Floor from_mapf(std::string_view text, double cell_size_m, const MapfRules& rules,
                                       std::vector<std::string>& problems);

  [[nodiscard]] int width() const { return width_; }
  [[nodiscard]] int height() const { return height_; }
  [[nodiscard]] double cell_size() const { return cell_size_; }
  [[nodiscard]] std::size_t cell_count() const { return kinds_.size(); }
  [[nodiscard]] CellKind kind(CellId c) const { return kinds_[c.index()]; }
  [[nodiscard]] int x(CellId c) const {
    return static_cast<int>(c.value() % static_cast<std::uint32_t>(width_));
  }
  [[nodiscard]] int y(CellId c) const {
    return static_cast<int>(c.value() / static_cast<std::uint32_t>(width_));
  }
  [[nodiscard]] CellId cell(int x, int y) const {
    return CellId(static_cast<std::uint32_t>(y) * static_cast<std::uint32_t>(width_) +
                  static_cast<std::uint32_t>(x));
  }
  /// The neighbour in direction d, or an invalid id at the edge of the grid.
  [[nodiscard]] CellId neighbour(CellId c, Dir d) const;
  /// True when the directed edge c -> neighbour(c, d) exists in the graph (both cells inside the
  /// grid, neither a wall, and d allowed by c's exit mask).
  [[nodiscard]] bool can_leave(CellId c, Dir d) const;
  /// Clears direction d from c's exit mask (one-way aisles; the traffic issue uses it).
  void forbid(CellId c, Dir d);

  /// Storage locations in row-major order; a storage index is a position in this list.
  [[nodiscard]] const std::vector<CellId>& storage_cells() const { return storage_; }
  /// Pick station cells; a station index is a position in this list.
  [[nodiscard]] const std::vector<CellId>& station_cells() const { return stations_; }
  [[nodiscard]] const std::vector<CellId>& buffer_cells() const { return buffers_; }
  [[nodiscard]] const std::vector<CellId>& charger_cells() const { return chargers_; }

  /// The floor as an ASCII map in the legend above, each row ending in '\n' (round-trips through
  /// from_ascii; exit masks are not part of the map).
  [[nodiscard]] std::string to_ascii() const;
  /// "(x, y)" for messages.
  [[nodiscard]] std::string describe(CellId c) const;

 private:
  void index_cells();
  int width_ = 0;
  int height_ = 0;
  double cell_size_ = 1.0;
  std::vector<CellKind> kinds_;
  std::vector<std::uint8_t> exits_;  ///< bit d set: may leave in direction d
  std::vector<CellId> storage_;
  std::vector<CellId> stations_;
  std::vector<CellId> buffers_;
  std::vector<CellId> chargers_;
};

}  // namespace whsim::model
