// The floor as a neutral layout for pictures (see the header).
#include "whsim/model/layout.hpp"

#include <fmt/format.h>

namespace whsim::model {
namespace {

stats::LayoutCell layout_cell(CellKind kind) {
  switch (kind) {
    case CellKind::kWall:
      return stats::LayoutCell::kWall;
    case CellKind::kAisle:
      return stats::LayoutCell::kAisle;
    case CellKind::kStorage:
      return stats::LayoutCell::kStorage;
    case CellKind::kStation:
      return stats::LayoutCell::kStation;
    case CellKind::kBuffer:
      return stats::LayoutCell::kBuffer;
    case CellKind::kCharger:
      return stats::LayoutCell::kCharger;
  }
  return stats::LayoutCell::kWall;
}

}  // namespace

stats::FloorLayout floor_layout(const Floor& floor) {
  stats::FloorLayout layout;
  layout.width = floor.width();
  layout.height = floor.height();
  layout.cell_size_m = floor.cell_size();
  layout.cells.resize(floor.cell_count());
  for (std::size_t i = 0; i < floor.cell_count(); ++i) {
    layout.cells[i] =
        static_cast<std::uint8_t>(layout_cell(floor.kind(CellId(static_cast<std::uint32_t>(i)))));
  }
  const auto add = [&](const std::vector<CellId>& cells, const char* kind, char prefix) {
    for (std::size_t k = 0; k < cells.size(); ++k) {
      layout.markers.push_back({kind, fmt::format("{}{}", prefix, k), floor.x(cells[k]), floor.y(cells[k])});
    }
  };
  add(floor.station_cells(), "station", 'S');
  add(floor.charger_cells(), "charger", 'C');
  return layout;
}

}  // namespace whsim::model
