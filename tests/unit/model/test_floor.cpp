// The floor grid: parametric layout geometry (checked against literal maps), ASCII parsing with
// every documented problem message, round trips, and the directed-graph queries.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/core/error.hpp"
#include "whsim/model/floor.hpp"

namespace whsim::model {
namespace {

ParametricLayout small_layout() {
  ParametricLayout layout;
  layout.block_columns = 2;
  layout.block_rows = 2;
  layout.block_width = 3;
  layout.block_depth = 2;
  layout.aisle_width = 1;
  layout.cross_aisle_width = 1;
  layout.margin = 1;
  layout.stations_per_side = 1;
  layout.station_sides = {Side::kWest, Side::kEast};
  return layout;
}

TEST(FloorParametricTest, SmallLayoutMatchesLiteralMap) {
  const Floor floor = Floor::parametric(small_layout(), 1.2);
  // width 2*1 + 2*3 + 1*1 = 9, height 2*1 + 2*2 + 1*1 = 7; one station mid-side west and east.
  EXPECT_EQ(floor.width(), 9);
  EXPECT_EQ(floor.height(), 7);
  EXPECT_EQ(floor.cell_count(), 63U);
  EXPECT_DOUBLE_EQ(floor.cell_size(), 1.2);
  EXPECT_EQ(floor.to_ascii(),
            ".........\n"
            ".sss.sss.\n"
            ".sss.sss.\n"
            "P.......P\n"
            ".sss.sss.\n"
            ".sss.sss.\n"
            ".........\n");
  EXPECT_EQ(floor.storage_cells().size(), 24U);
  ASSERT_EQ(floor.station_cells().size(), 2U);
  EXPECT_EQ(floor.describe(floor.station_cells()[0]), "(0, 3)");
  EXPECT_EQ(floor.describe(floor.station_cells()[1]), "(8, 3)");
  EXPECT_EQ(floor.kind(floor.cell(1, 1)), CellKind::kStorage);
  EXPECT_EQ(floor.kind(floor.cell(4, 1)), CellKind::kAisle);
  EXPECT_EQ(floor.kind(floor.cell(0, 3)), CellKind::kStation);
  EXPECT_TRUE(floor.buffer_cells().empty());
  EXPECT_TRUE(floor.charger_cells().empty());
  // Storage in row-major order.
  EXPECT_EQ(floor.describe(floor.storage_cells()[0]), "(1, 1)");
  EXPECT_EQ(floor.describe(floor.storage_cells()[3]), "(5, 1)");
  EXPECT_EQ(floor.describe(floor.storage_cells()[23]), "(7, 5)");
}

TEST(FloorParametricTest, WiderAislesMarginsAndStationOrder) {
  ParametricLayout layout = small_layout();
  layout.block_columns = 2;
  layout.block_rows = 1;
  layout.block_width = 2;
  layout.block_depth = 1;
  layout.aisle_width = 2;
  layout.margin = 2;
  layout.stations_per_side = 3;
  layout.station_sides = {Side::kEast, Side::kNorth, Side::kSouth};
  const Floor floor = Floor::parametric(layout, 1.0);
  // width 4 + 4 + 2 = 10, height 4 + 1 = 5.
  EXPECT_EQ(floor.to_ascii(),
            "..P..P.P..\n"
            ".........P\n"
            "..ss..ss.P\n"
            ".........P\n"
            "..P..P.P..\n");
  // Numbered side by side in the given order, along each side in increasing x or y.
  std::vector<std::string> where;
  for (const CellId c : floor.station_cells()) where.push_back(floor.describe(c));
  EXPECT_EQ(where, (std::vector<std::string>{"(9, 1)", "(9, 2)", "(9, 3)", "(2, 0)", "(5, 0)", "(7, 0)",
                                             "(2, 4)", "(5, 4)", "(7, 4)"}));
}

TEST(FloorParametricTest, StationsFillTheWholeSideWhenAsked) {
  ParametricLayout layout = small_layout();
  layout.stations_per_side = 7;  // the full height: corners included
  layout.station_sides = {Side::kWest};
  const Floor floor = Floor::parametric(layout, 1.0);
  EXPECT_EQ(floor.station_cells().size(), 7U);
  for (int y = 0; y < 7; ++y) EXPECT_EQ(floor.kind(floor.cell(0, y)), CellKind::kStation);
}

TEST(FloorParametricTest, RejectsBadParameters) {
  const auto rejects = [](auto change) {
    ParametricLayout layout = small_layout();
    change(layout);
    EXPECT_THROW((void)Floor::parametric(layout, 1.0), ContractError);
  };
  rejects([](ParametricLayout& l) { l.block_columns = 0; });
  rejects([](ParametricLayout& l) { l.block_rows = -1; });
  rejects([](ParametricLayout& l) { l.block_width = 0; });
  rejects([](ParametricLayout& l) { l.block_depth = 0; });
  rejects([](ParametricLayout& l) { l.aisle_width = 0; });
  rejects([](ParametricLayout& l) { l.cross_aisle_width = 0; });
  rejects([](ParametricLayout& l) { l.margin = 0; });
  rejects([](ParametricLayout& l) { l.stations_per_side = 0; });
  rejects([](ParametricLayout& l) { l.stations_per_side = 8; });  // west side is 7 cells long
  rejects([](ParametricLayout& l) { l.station_sides = {Side::kWest, Side::kWest}; });
  rejects([](ParametricLayout& l) { l.station_sides.clear(); });
  // 9 x 7 is fine, but 20000 x 10000 blocks is far beyond 10^8 cells (and must not allocate).
  rejects([](ParametricLayout& l) {
    l.block_columns = 20000;
    l.block_rows = 10000;
  });
  rejects([](ParametricLayout& l) {
    l.block_columns = 2'000'000'000;
    l.block_width = 2'000'000'000;
    l.aisle_width = 2'000'000'000;
  });
  // Full sides on two adjacent sides would share a corner cell (5 x 5 floor, 4 stations a side).
  rejects([](ParametricLayout& l) {
    l.block_columns = 1;
    l.block_rows = 1;
    l.block_width = 3;
    l.block_depth = 3;
    l.stations_per_side = 4;
    l.station_sides = {Side::kWest, Side::kNorth};
  });
  EXPECT_THROW((void)Floor::parametric(small_layout(), 0.0), ContractError);
  EXPECT_THROW((void)Floor::parametric(small_layout(), -1.0), ContractError);
}

TEST(FloorAsciiTest, ParsesLegendAndRoundTrips) {
  const std::string map =
      "#######\n"
      "#s.b.c#\n"
      "#sP...#\n"
      "#######\n";
  std::vector<std::string> problems;
  const Floor floor = Floor::from_ascii(map, 1.5, problems);
  ASSERT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(floor.width(), 7);
  EXPECT_EQ(floor.height(), 4);
  EXPECT_DOUBLE_EQ(floor.cell_size(), 1.5);
  EXPECT_EQ(floor.kind(floor.cell(0, 0)), CellKind::kWall);
  EXPECT_EQ(floor.kind(floor.cell(1, 1)), CellKind::kStorage);
  EXPECT_EQ(floor.kind(floor.cell(2, 1)), CellKind::kAisle);
  EXPECT_EQ(floor.kind(floor.cell(3, 1)), CellKind::kBuffer);
  EXPECT_EQ(floor.kind(floor.cell(5, 1)), CellKind::kCharger);
  EXPECT_EQ(floor.kind(floor.cell(2, 2)), CellKind::kStation);
  EXPECT_EQ(floor.storage_cells().size(), 2U);
  EXPECT_EQ(floor.station_cells().size(), 1U);
  EXPECT_EQ(floor.buffer_cells().size(), 1U);
  EXPECT_EQ(floor.charger_cells().size(), 1U);
  EXPECT_EQ(floor.to_ascii(), map);

  // And the parametric floor's map reads back to the same floor.
  const Floor generated = Floor::parametric(small_layout(), 1.0);
  const Floor again = Floor::from_ascii(generated.to_ascii(), 1.0, problems);
  ASSERT_TRUE(problems.empty());
  EXPECT_EQ(again.to_ascii(), generated.to_ascii());
  EXPECT_EQ(again.storage_cells(), generated.storage_cells());
  EXPECT_EQ(again.station_cells(), generated.station_cells());
}

TEST(FloorAsciiTest, StationsAreNumberedRowMajor) {
  std::vector<std::string> problems;
  const Floor floor = Floor::from_ascii("..P\nP.s\n.P.", 1.0, problems);
  ASSERT_TRUE(problems.empty());
  ASSERT_EQ(floor.station_cells().size(), 3U);
  EXPECT_EQ(floor.describe(floor.station_cells()[0]), "(2, 0)");
  EXPECT_EQ(floor.describe(floor.station_cells()[1]), "(0, 1)");
  EXPECT_EQ(floor.describe(floor.station_cells()[2]), "(1, 2)");
}

TEST(FloorAsciiTest, ToleratesCrLfNoFinalNewlineAndTrailingBlankLines) {
  std::vector<std::string> problems;
  const Floor a = Floor::from_ascii("s.P\r\n...\r\n", 1.0, problems);
  const Floor b = Floor::from_ascii("s.P\n...", 1.0, problems);
  const Floor c = Floor::from_ascii("s.P\n...\n\n\r\n\n", 1.0, problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(a.to_ascii(), "s.P\n...\n");
  EXPECT_EQ(b.to_ascii(), "s.P\n...\n");
  EXPECT_EQ(c.to_ascii(), "s.P\n...\n");
  EXPECT_EQ(c.height(), 2);
}

TEST(FloorAsciiTest, ReportsEachProblem) {
  std::vector<std::string> problems;
  (void)Floor::from_ascii("s.P\n.x.\n..\n....\n\n...\n", 1.0, problems);
  EXPECT_EQ(problems, (std::vector<std::string>{
                          "line 2, column 2: unknown map character 'x' (expected . # s P b c)",
                          "line 3: row has 2 cells, expected 3 (rows must all be the same length)",
                          "line 4: row has 4 cells, expected 3 (rows must all be the same length)",
                          "line 5: row has 0 cells, expected 3 (rows must all be the same length)",
                      }));

  problems.clear();
  (void)Floor::from_ascii("...\n.P.\n", 1.0, problems);
  EXPECT_EQ(problems, std::vector<std::string>{"the map has no storage location ('s')"});

  problems.clear();
  (void)Floor::from_ascii("...\n.s.\n", 1.0, problems);
  EXPECT_EQ(problems, std::vector<std::string>{"the map has no pick station ('P')"});

  problems.clear();
  (void)Floor::from_ascii("", 1.0, problems);
  EXPECT_EQ(problems, (std::vector<std::string>{"the map has no storage location ('s')",
                                                "the map has no pick station ('P')"}));

  problems.clear();
  (void)Floor::from_ascii("sP\t\n", 1.0, problems);
  EXPECT_EQ(problems, std::vector<std::string>{
                          "line 1, column 3: unknown map character '\\x09' (expected . # s P b c)"});

  // Problems already in the list are kept.
  problems = {"earlier"};
  (void)Floor::from_ascii("sP\n", 1.0, problems);
  EXPECT_EQ(problems, std::vector<std::string>{"earlier"});
}

TEST(FloorAsciiTest, StopsAfterTwentyProblems) {
  std::vector<std::string> problems;
  (void)Floor::from_ascii("sP" + std::string(50, 'x') + "\n", 1.0, problems);
  ASSERT_EQ(problems.size(), 20U);
  EXPECT_EQ(problems.front(), "line 1, column 3: unknown map character 'x' (expected . # s P b c)");
  EXPECT_EQ(problems.back(), "line 1, column 22: unknown map character 'x' (expected . # s P b c)");
}

TEST(FloorAsciiTest, RejectsMoreThanTheCellBudgetBeforeAllocating) {
  // 501 rows of 200,000 cells (100.2 million) from a map of about 200 kB: the blank rows count.
  const std::string map = std::string(200'000, 's') + std::string(500, '\n') + "P";
  std::vector<std::string> problems;
  const Floor floor = Floor::from_ascii(map, 1.0, problems);
  EXPECT_EQ(problems, std::vector<std::string>{
                          "the map has 501 rows of 200000 cells, more than the limit of 100000000 cells"});
  EXPECT_EQ(floor.cell_count(), 0U);
}

TEST(FloorGraphTest, NeighboursExitsAndForbid) {
  std::vector<std::string> problems;
  Floor floor = Floor::from_ascii(
      "s..\n"
      ".#P\n",
      1.0, problems);
  ASSERT_TRUE(problems.empty());
  const CellId corner = floor.cell(0, 0);
  EXPECT_EQ(floor.x(floor.cell(2, 1)), 2);
  EXPECT_EQ(floor.y(floor.cell(2, 1)), 1);
  EXPECT_FALSE(floor.neighbour(corner, Dir::kNorth).valid());
  EXPECT_FALSE(floor.neighbour(corner, Dir::kWest).valid());
  EXPECT_EQ(floor.neighbour(corner, Dir::kEast), floor.cell(1, 0));
  EXPECT_EQ(floor.neighbour(corner, Dir::kSouth), floor.cell(0, 1));
  EXPECT_FALSE(floor.can_leave(corner, Dir::kNorth));  // edge of the grid
  EXPECT_TRUE(floor.can_leave(corner, Dir::kEast));
  EXPECT_FALSE(floor.can_leave(floor.cell(1, 0), Dir::kSouth));  // into a wall
  EXPECT_FALSE(floor.can_leave(floor.cell(1, 1), Dir::kNorth));  // out of a wall
  EXPECT_TRUE(floor.can_leave(floor.cell(2, 0), Dir::kSouth));
  floor.forbid(floor.cell(2, 0), Dir::kSouth);
  EXPECT_FALSE(floor.can_leave(floor.cell(2, 0), Dir::kSouth));
  EXPECT_TRUE(floor.can_leave(floor.cell(2, 1), Dir::kNorth));  // one way only
  EXPECT_THROW(floor.forbid(CellId::invalid(), Dir::kEast), ContractError);
  EXPECT_EQ(floor.describe(floor.cell(2, 1)), "(2, 1)");
  EXPECT_EQ(to_string(CellKind::kStorage), "storage");
  EXPECT_EQ(to_string(Side::kWest), "west");
}

}  // namespace
}  // namespace whsim::model
