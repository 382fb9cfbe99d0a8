// Floor::from_mapf: maps in the Moving AI MAPF benchmark format. Both storage rules on literal
// maps, station placement, every documented problem with its exact message, and a warehouse map
// (a literal fixture always; the shared benchmark map when ../shared is present).
#include <cstddef>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/core/error.hpp"
#include "whsim/model/floor.hpp"
#include "whsim/model/travel_times.hpp"

namespace whsim::model {
namespace {

constexpr std::string_view kHeader8x12 =
    "type octile\n"
    "height 8\n"
    "width 12\n"
    "map\n";

// Shelves of 2 and 3 rows (the middle of the 3-row block is an interior wall), all blocked and
// free characters of the format.
constexpr std::string_view kShelvesMap =
    "type octile\n"
    "height 8\n"
    "width 12\n"
    "map\n"
    "@@@@@@@@@@@@\n"
    "@..........@\n"
    "@..@@@.TTT.@\n"
    "@..@@@.TTT.@\n"
    "@..@@@.....@\n"
    "@......OOW.@\n"
    "@.S.......G@\n"
    "@@@@@@@@@@@@\n";

// Wide aisles: storage locations beside the shelves.
constexpr std::string_view kBesideMap =
    "type octile\n"
    "height 8\n"
    "width 12\n"
    "map\n"
    "@@@@@@@@@@@@\n"
    "@..........@\n"
    "@..........@\n"
    "@...@@@@...@\n"
    "@...@@@@...@\n"
    "@..........@\n"
    "@..........@\n"
    "@@@@@@@@@@@@\n";

// A warehouse like the benchmark's, smaller: 2 x 3 blocks of 4 x 2 shelves, 1-cell aisles, open
// areas of 3 columns on the left and right, enclosed by a wall.
constexpr std::string_view kWarehouseFixture =
    "type octile\n"
    "height 12\n"
    "width 17\n"
    "map\n"
    "@@@@@@@@@@@@@@@@@\n"
    "@...............@\n"
    "@...@@@@.@@@@...@\n"
    "@...@@@@.@@@@...@\n"
    "@...............@\n"
    "@...@@@@.@@@@...@\n"
    "@...@@@@.@@@@...@\n"
    "@...............@\n"
    "@...@@@@.@@@@...@\n"
    "@...@@@@.@@@@...@\n"
    "@...............@\n"
    "@@@@@@@@@@@@@@@@@\n";

std::vector<std::string> station_positions(const Floor& floor) {
  std::vector<std::string> out;
  for (const CellId c : floor.station_cells()) out.push_back(floor.describe(c));
  return out;
}

/// Counts, independently of Floor, the '@'/'T' cells not on the map's edge that have a free
/// ('.') 4-neighbour: the kShelves storage locations of a map with only '.', '@' and 'T'.
std::size_t count_shelf_cells_beside_free(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::string row;
  for (int i = 0; i < 4; ++i) std::getline(in, row);  // header
  std::vector<std::string> grid;
  while (std::getline(in, row)) {
    if (!row.empty() && row.back() == '\r') row.pop_back();
    if (!row.empty()) grid.push_back(row);
  }
  const auto height = static_cast<int>(grid.size());
  const auto width = static_cast<int>(grid.front().size());
  const auto is_free = [&](int x, int y) {
    return x >= 0 && y >= 0 && x < width && y < height &&
           grid[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)] == '.';
  };
  std::size_t count = 0;
  for (int y = 1; y < height - 1; ++y) {
    for (int x = 1; x < width - 1; ++x) {
      const char ch = grid[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)];
      if (ch != '@' && ch != 'T') continue;
      if (is_free(x - 1, y) || is_free(x + 1, y) || is_free(x, y - 1) || is_free(x, y + 1)) ++count;
    }
  }
  return count;
}

/// The problems from_mapf reports for `text` (default rules).
std::vector<std::string> problems_of(std::string_view text, const MapfRules& rules = MapfRules{}) {
  std::vector<std::string> problems;
  (void)Floor::from_mapf(text, 1.0, rules, problems);
  return problems;
}

using Problems = std::vector<std::string>;

// ---- storage rules and stations ----

TEST(FloorMapfTest, ShelvesRuleOnSmallMap) {
  std::vector<std::string> problems;
  const Floor floor = Floor::from_mapf(kShelvesMap, 1.25, MapfRules{}, problems);
  ASSERT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(floor.width(), 12);
  EXPECT_EQ(floor.height(), 8);
  EXPECT_DOUBLE_EQ(floor.cell_size(), 1.25);
  EXPECT_EQ(floor.to_ascii(),
            "############\n"
            "#..........#\n"
            "#P.sss.sssP#\n"
            "#..s#s.sss.#\n"
            "#..sss.....#\n"
            "#P.....sssP#\n"
            "#..........#\n"
            "############\n");
  EXPECT_EQ(floor.storage_cells().size(), 17U);
  EXPECT_EQ(floor.describe(floor.storage_cells().front()), "(3, 2)");
  // West side first (increasing y), then east.
  EXPECT_EQ(station_positions(floor), (std::vector<std::string>{"(1, 2)", "(1, 5)", "(10, 2)", "(10, 5)"}));
  EXPECT_EQ(floor.kind(floor.cell(4, 3)), CellKind::kWall);   // the middle of a 3-row block
  EXPECT_EQ(floor.kind(floor.cell(0, 3)), CellKind::kWall);   // the enclosure is never storage
  EXPECT_EQ(floor.kind(floor.cell(2, 6)), CellKind::kAisle);  // 'S' is free
  EXPECT_TRUE(floor.buffer_cells().empty());
  EXPECT_TRUE(floor.charger_cells().empty());
  // Robots may drive under shelves (into storage), never into walls.
  EXPECT_TRUE(floor.can_leave(floor.cell(2, 2), Dir::kEast));
  EXPECT_FALSE(floor.can_leave(floor.cell(3, 3), Dir::kEast));
}

TEST(FloorMapfTest, BesideShelvesRuleOnSmallMap) {
  MapfRules rules;
  rules.storage = MapfStorage::kBesideShelves;
  std::vector<std::string> problems;
  const Floor floor = Floor::from_mapf(kBesideMap, 1.0, rules, problems);
  ASSERT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(floor.to_ascii(),
            "############\n"
            "#..........#\n"
            "#P..ssss..P#\n"
            "#..s####s..#\n"
            "#..s####s..#\n"
            "#P..ssss..P#\n"
            "#..........#\n"
            "############\n");
  EXPECT_EQ(floor.storage_cells().size(), 12U);
  EXPECT_EQ(station_positions(floor), (std::vector<std::string>{"(1, 2)", "(1, 5)", "(10, 2)", "(10, 5)"}));
  TravelTimes travel(floor, Motion{});
  EXPECT_FALSE(travel.problem().has_value()) << *travel.problem();
}

TEST(FloorMapfTest, StationsSkipStorageAndFollowSideOrder) {
  // No enclosure: the west column itself has storage cells beside the shelves at x = 1.
  const std::string map =
      "type octile\nheight 5\nwidth 6\nmap\n"
      "......\n"
      ".@@...\n"
      "......\n"
      ".@@...\n"
      "......\n";
  MapfRules rules;
  rules.storage = MapfStorage::kBesideShelves;
  rules.stations_per_side = 1;
  rules.station_sides = {Side::kWest, Side::kNorth};
  std::vector<std::string> problems;
  const Floor floor = Floor::from_mapf(map, 1.0, rules, problems);
  ASSERT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(floor.to_ascii(),
            ".ss.P.\n"
            "s##s..\n"
            "Pss...\n"
            "s##s..\n"
            ".ss...\n");
  // Numbered side by side in the order given, not row-major.
  EXPECT_EQ(station_positions(floor), (std::vector<std::string>{"(0, 2)", "(4, 0)"}));
}

TEST(FloorMapfTest, StationLineIsTheOutermostWithAFreeCell) {
  // South side: the last row is all blocked, the row above has free cells only at x = 2 and 5.
  const std::string map =
      "type octile\nheight 5\nwidth 8\nmap\n"
      "@@@@@@@@\n"
      "@......@\n"
      "@.@@@@.@\n"
      "@@.@@.@@\n"
      "@@@@@@@@\n";
  MapfRules rules;
  rules.station_sides = {Side::kSouth};
  std::vector<std::string> problems;
  const Floor floor = Floor::from_mapf(map, 1.0, rules, problems);
  ASSERT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(station_positions(floor), (std::vector<std::string>{"(2, 3)", "(5, 3)"}));
  // (2..5, 2), and (1, 3), (3, 3), (4, 3), (6, 3) beside free cells; the last row is the enclosure.
  EXPECT_EQ(floor.storage_cells().size(), 8U);
}

TEST(FloorMapfTest, ToleratesCrLfAndBlankLinesAtTheEnd) {
  std::string crlf;
  for (const char ch : kShelvesMap) {
    if (ch == '\n') crlf += '\r';
    crlf += ch;
  }
  std::vector<std::string> problems;
  const Floor expected = Floor::from_mapf(kShelvesMap, 1.0, MapfRules{}, problems);
  const Floor with_crlf = Floor::from_mapf(crlf + "\r\n\r\n", 1.0, MapfRules{}, problems);
  const std::string_view no_final_newline = kShelvesMap.substr(0, kShelvesMap.size() - 1);
  const Floor without_newline = Floor::from_mapf(no_final_newline, 1.0, MapfRules{}, problems);
  ASSERT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(with_crlf.to_ascii(), expected.to_ascii());
  EXPECT_EQ(without_newline.to_ascii(), expected.to_ascii());
}

TEST(FloorMapfTest, ContractErrorsForBadRules) {
  std::vector<std::string> problems;
  EXPECT_THROW((void)Floor::from_mapf(kShelvesMap, 0.0, MapfRules{}, problems), ContractError);
  MapfRules rules;
  rules.stations_per_side = 0;
  EXPECT_THROW((void)Floor::from_mapf(kShelvesMap, 1.0, rules, problems), ContractError);
  rules = MapfRules{};
  rules.station_sides = {};
  EXPECT_THROW((void)Floor::from_mapf(kShelvesMap, 1.0, rules, problems), ContractError);
  rules.station_sides = {Side::kEast, Side::kEast};
  EXPECT_THROW((void)Floor::from_mapf(kShelvesMap, 1.0, rules, problems), ContractError);
  EXPECT_TRUE(problems.empty());
}

// ---- problems: header ----

TEST(FloorMapfProblemTest, HeaderLines) {
  EXPECT_EQ(problems_of(""), (Problems{"line 1: expected \"type octile\", got the end of the text"}));
  EXPECT_EQ(problems_of("type x\nheight 8\nwidth 12\nmap\n"),
            (Problems{"line 1: expected \"type octile\", got \"type x\""}));
  EXPECT_EQ(problems_of("type octile\nheigth 8\nwidth 12\nmap\n"),
            (Problems{"line 2: expected \"height <rows>\", got \"heigth 8\""}));
  EXPECT_EQ(problems_of("type octile\nheight 8\nwidth\nmap\n"),
            (Problems{"line 3: expected \"width <columns>\", got \"width\""}));
  EXPECT_EQ(problems_of("type octile\nheight 8\nwidth 12\nmapp\n"),
            (Problems{"line 4: expected \"map\", got \"mapp\""}));
  // The text ends inside the header: one problem, not one per missing line.
  EXPECT_EQ(problems_of("type octile\nheight 8\n"),
            (Problems{"line 3: expected \"width <columns>\", got the end of the text"}));
  // Every bad header line is reported.
  EXPECT_EQ(problems_of("type x\nheight 8\nwidth 12\nmapp\n"),
            (Problems{"line 1: expected \"type octile\", got \"type x\"",
                      "line 4: expected \"map\", got \"mapp\""}));
  // Long text is cut in messages.
  EXPECT_EQ(problems_of("type " + std::string(100, 'x') + "\nheight 8\nwidth 12\nmap\n"),
            (Problems{"line 1: expected \"type octile\", got \"type " + std::string(35, 'x') + "...\""}));
}

TEST(FloorMapfProblemTest, HeaderNumbers) {
  EXPECT_EQ(problems_of("type octile\nheight abc\nwidth 12\nmap\n"),
            (Problems{"line 2, column 8: height \"abc\" is not a whole number (expected 1 to 100000)"}));
  EXPECT_EQ(problems_of("type octile\nheight -3\nwidth 12\nmap\n"),
            (Problems{"line 2, column 8: height \"-3\" is not a whole number (expected 1 to 100000)"}));
  EXPECT_EQ(problems_of("type octile\nheight 8\nwidth 1.5\nmap\n"),
            (Problems{"line 3, column 7: width \"1.5\" is not a whole number (expected 1 to 100000)"}));
  EXPECT_EQ(problems_of("type octile\nheight 0\nwidth 12\nmap\n"),
            (Problems{"line 2, column 8: height 0 is out of range (expected 1 to 100000)"}));
  EXPECT_EQ(problems_of("type octile\nheight 8\nwidth 100001\nmap\n"),
            (Problems{"line 3, column 7: width 100001 is out of range (expected 1 to 100000)"}));
  // No overflow on absurdly long numbers.
  EXPECT_EQ(problems_of("type octile\nheight 8\nwidth 99999999999999999999999999\nmap\n"),
            (Problems{"line 3, column 7: width 99999999999999999999999999 is out of range (expected 1 to "
                      "100000)"}));
}

TEST(FloorMapfProblemTest, HugeClaimedSizeIsRejectedFromTheHeaderAlone) {
  // 10^10 cells: rejected before the rows are looked at (and before anything is allocated).
  const std::string huge = "type octile\nheight 100000\nwidth 100000\nmap\n" + std::string(12, '.') + "\n";
  EXPECT_EQ(problems_of(huge),
            (Problems{"line 3: height 100000 times width 100000 is 10000000000 cells (expected at most "
                      "100000000)"}));
  // 10^8 cells are allowed by the header, but a short text cannot make the reader allocate them:
  // the rows are checked first.
  const std::string claims = "type octile\nheight 10000\nwidth 10000\nmap\n............\n............\n";
  EXPECT_EQ(problems_of(claims), (Problems{"line 5: row has 12 cells (expected 10000, the header's width)",
                                           "line 6: row has 12 cells (expected 10000, the header's width)",
                                           "line 7: the map ends after 2 rows (expected 10000, the header's "
                                           "height)"}));
}

TEST(FloorMapfProblemTest, ControlCharactersInTheHeader) {
  EXPECT_EQ(problems_of("type\toctile\nheight 8\nwidth 12\nmap\n"),
            (Problems{"line 1, column 5: control character \\x09 (expected \"type octile\")"}));
  EXPECT_EQ(problems_of(std::string("type octile\nheight 8\0\nwidth 12\nmap\n", 35)),
            (Problems{"line 2, column 9: control character \\x00 (expected \"height <rows>\")"}));
  // A lone '\r' does not end a line.
  EXPECT_EQ(problems_of("type octile\rheight 8\rwidth 12\rmap\r"),
            (Problems{"line 1, column 12: control character \\x0d (expected \"type octile\")",
                      "line 2: expected \"height <rows>\", got the end of the text"}));
}

// ---- problems: rows ----

std::string with_row(std::size_t row, const std::string& replacement) {
  std::string text(kShelvesMap);
  std::size_t pos = kHeader8x12.size();
  for (std::size_t i = 0; i < row; ++i) pos = text.find('\n', pos) + 1;
  const std::size_t end = text.find('\n', pos);
  return text.replace(pos, end - pos, replacement);
}

TEST(FloorMapfProblemTest, RaggedRows) {
  EXPECT_EQ(problems_of(with_row(2, "@..@@@.TTT@")),
            (Problems{"line 7: row has 11 cells (expected 12, the header's width)"}));
  EXPECT_EQ(problems_of(with_row(6, "@.S.......G@@")),
            (Problems{"line 11: row has 13 cells (expected 12, the header's width)"}));
  EXPECT_EQ(problems_of(with_row(3, "")),
            (Problems{"line 8: row has 0 cells (expected 12, the header's width)"}));
}

TEST(FloorMapfProblemTest, WrongRowCount) {
  const std::string_view seven_rows = kShelvesMap.substr(0, kShelvesMap.size() - 13);
  EXPECT_EQ(problems_of(seven_rows),
            (Problems{"line 12: the map ends after 7 rows (expected 8, the header's height)"}));
  EXPECT_EQ(problems_of(std::string(kShelvesMap) + "@@@@@@@@@@@@\n"),
            (Problems{"line 13: more map rows than the header's height (expected 8 rows)"}));
  // Blank lines before the extra text do not hide it.
  EXPECT_EQ(problems_of(std::string(kShelvesMap) + "\n\nextra\n"),
            (Problems{"line 15: more map rows than the header's height (expected 8 rows)"}));
  EXPECT_EQ(problems_of(std::string(kHeader8x12)),
            (Problems{"line 5: the map ends after 0 rows (expected 8, the header's height)"}));
}

TEST(FloorMapfProblemTest, UnknownCharacters) {
  EXPECT_EQ(problems_of(with_row(2, "@..@@@.TTTE@")),
            (Problems{"line 7, column 11: unknown map character 'E' (expected . G S @ O T W)"}));
  EXPECT_EQ(problems_of(with_row(2, "@..@@@.TTT.E")),
            (Problems{"line 7, column 12: unknown map character 'E' (expected . G S @ O T W)"}));
  EXPECT_EQ(problems_of(with_row(1, "@.....#....@")),
            (Problems{"line 6, column 7: unknown map character '#' (expected . G S @ O T W)"}));
  EXPECT_EQ(problems_of(with_row(1, "@.....\xc3\xa9...@")),
            (Problems{"line 6, column 7: unknown map character '\\xc3' (expected . G S @ O T W)",
                      "line 6, column 8: unknown map character '\\xa9' (expected . G S @ O T W)"}));
}

TEST(FloorMapfProblemTest, ControlCharactersInRows) {
  EXPECT_EQ(problems_of(with_row(1, std::string("@.\0........@", 12))),
            (Problems{"line 6, column 3: control character \\x00 (expected . G S @ O T W)"}));
  EXPECT_EQ(problems_of(with_row(4, "@..@@@\t....@")),
            (Problems{"line 9, column 7: control character \\x09 (expected . G S @ O T W)"}));
  // A '\r' before the '\r\n' line end is not part of it.
  EXPECT_EQ(problems_of(with_row(1, "@..........@\r\r")),
            (Problems{"line 6: row has 13 cells (expected 12, the header's width)",
                      "line 6, column 13: control character \\x0d (expected . G S @ O T W)"}));
}

TEST(FloorMapfProblemTest, AtMostTwentyProblemsAppended) {
  std::string text = std::string(kHeader8x12);
  for (int i = 0; i < 8; ++i) text += "EEEEEEEEEEEE\n";
  std::vector<std::string> problems{"an earlier problem"};
  (void)Floor::from_mapf(text, 1.0, MapfRules{}, problems);
  ASSERT_EQ(problems.size(), 21U);
  EXPECT_EQ(problems[0], "an earlier problem");
  EXPECT_EQ(problems[1], "line 5, column 1: unknown map character 'E' (expected . G S @ O T W)");
  EXPECT_EQ(problems[20], "line 6, column 8: unknown map character 'E' (expected . G S @ O T W)");
}

// ---- problems: storage and stations ----

TEST(FloorMapfProblemTest, NoStorage) {
  const std::string open =
      "type octile\nheight 4\nwidth 5\nmap\n"
      "@@@@@\n"
      "@...@\n"
      "@...@\n"
      "@@@@@\n";
  EXPECT_EQ(problems_of(open), (Problems{"line 5: the map has no storage location (expected a blocked cell "
                                         "beside a free cell, not on the map's edge)"}));
  MapfRules rules;
  rules.storage = MapfStorage::kBesideShelves;
  EXPECT_EQ(problems_of(open, rules),
            (Problems{"line 5: the map has no storage location (expected a free cell "
                      "beside a blocked cell that is not on the map's edge)"}));
  // All blocked: no storage, and no free cell for stations.
  rules = MapfRules{};
  rules.station_sides = {Side::kNorth};
  EXPECT_EQ(problems_of("type octile\nheight 2\nwidth 2\nmap\n@@\n@@\n", rules),
            (Problems{"line 5: the map has no storage location (expected a blocked cell beside a free cell, "
                      "not on the map's edge)",
                      "line 5: the map has no free cell for stations on the north side (expected at least 2, "
                      "one per station)"}));
}

TEST(FloorMapfProblemTest, TooFewFreeCellsForStations) {
  MapfRules rules;
  rules.stations_per_side = 7;  // the station columns have 6 free cells each
  EXPECT_EQ(
      problems_of(kShelvesMap, rules),
      (Problems{"line 5, column 2: the west side's station column has 6 usable free cells (expected at "
                "least 7, one per station; storage and other sides' stations do not count)",
                "line 5, column 11: the east side's station column has 6 usable free cells (expected at "
                "least 7, one per station; storage and other sides' stations do not count)"}));
  // A corner cell taken by the west side does not count for the north side.
  const std::string small =
      "type octile\nheight 3\nwidth 3\nmap\n"
      "...\n"
      ".@.\n"
      "...\n";
  rules.stations_per_side = 3;
  rules.station_sides = {Side::kWest, Side::kNorth};
  EXPECT_EQ(
      problems_of(small, rules),
      (Problems{"line 5: the north side's station row has 2 usable free cells (expected at least 3, one "
                "per station; storage and other sides' stations do not count)"}));
  rules.stations_per_side = 2;
  std::vector<std::string> problems;
  const Floor floor = Floor::from_mapf(small, 1.0, rules, problems);
  ASSERT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(station_positions(floor), (std::vector<std::string>{"(0, 0)", "(0, 2)", "(1, 0)", "(2, 0)"}));
}

// ---- warehouse maps ----

TEST(FloorMapfWarehouseTest, FixtureWarehouse) {
  MapfRules rules;
  rules.stations_per_side = 2;
  std::vector<std::string> problems;
  const Floor floor = Floor::from_mapf(kWarehouseFixture, 1.0, rules, problems);
  ASSERT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(floor.width(), 17);
  EXPECT_EQ(floor.height(), 12);
  EXPECT_EQ(count_shelf_cells_beside_free(kWarehouseFixture), 3U * 2U * 4U * 2U);
  EXPECT_EQ(floor.storage_cells().size(), 3U * 2U * 4U * 2U);
  EXPECT_EQ(station_positions(floor), (std::vector<std::string>{"(1, 3)", "(1, 8)", "(15, 3)", "(15, 8)"}));
  const TravelTimes travel(floor, Motion{});
  EXPECT_FALSE(travel.problem().has_value()) << *travel.problem();
  EXPECT_LT(travel.to_station(0, 0).metres, 1e9);
}

TEST(FloorMapfWarehouseTest, SharedBenchmarkMap) {
  const char* const path = "../shared/data/maps/warehouse-10-20-10-2-1.map";
  std::ifstream in(path, std::ios::binary);
  if (!in) GTEST_SKIP() << "../shared/data/maps not present (a user's clone has no ../shared)";
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};

  MapfRules rules;
  rules.storage = MapfStorage::kShelves;
  rules.stations_per_side = 4;
  rules.station_sides = {Side::kWest, Side::kEast};
  std::vector<std::string> problems;
  const Floor floor = Floor::from_mapf(text, 1.0, rules, problems);
  ASSERT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(floor.width(), 161);
  EXPECT_EQ(floor.height(), 63);
  // 20 rows x 10 columns of 10 x 2 shelf blocks; the enclosing wall is not storage.
  const std::size_t counted = count_shelf_cells_beside_free(text);
  EXPECT_EQ(counted, 20U * 10U * 10U * 2U);
  EXPECT_EQ(floor.storage_cells().size(), counted);
  ASSERT_EQ(floor.station_cells().size(), 8U);
  EXPECT_EQ(station_positions(floor),
            (std::vector<std::string>{"(1, 8)", "(1, 23)", "(1, 39)", "(1, 54)", "(159, 8)", "(159, 23)",
                                      "(159, 39)", "(159, 54)"}));
  const TravelTimes travel(floor, Motion{});
  EXPECT_FALSE(travel.problem().has_value()) << *travel.problem();
}

}  // namespace
}  // namespace whsim::model
