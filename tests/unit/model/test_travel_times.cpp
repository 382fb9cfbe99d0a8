// Travel times: the segment formula, hand-computed loaded and empty legs to the microsecond, the
// loaded-robot rules (never through storage), one-way aisles, the documented problems, and a
// cross-check of every table entry and many empty legs against a plain reference search over the
// (cell, heading, k) model on pseudo-random floors.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <queue>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/core/error.hpp"
#include "whsim/model/floor.hpp"
#include "whsim/model/travel_times.hpp"

namespace whsim::model {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

Floor parse(const std::string& map, double cell_size = 1.0) {
  std::vector<std::string> problems;
  Floor floor = Floor::from_ascii(map, cell_size, problems);
  EXPECT_TRUE(problems.empty()) << (problems.empty() ? "" : problems.front());
  return floor;
}

std::int64_t micros(double seconds) {
  return Duration::from_seconds(seconds).ticks();
}

// ---- segment_seconds ---------------------------------------------------------------------------

TEST(SegmentSecondsTest, LongAndShortSegments) {
  const Motion m{1.5, 0.5, 0.5, 0.5};  // d* = 2.25 + 2.25 = 4.5 m
  EXPECT_EQ(segment_seconds(0.0, m), 0.0);
  EXPECT_DOUBLE_EQ(segment_seconds(10.0, m), 10.0 / 1.5 + 3.0);  // 9.666...
  EXPECT_EQ(micros(segment_seconds(10.0, m)), 9'666'667);
  EXPECT_DOUBLE_EQ(segment_seconds(2.0, m), 4.0);          // p = sqrt(2 * 2 * 0.25 / 1) = 1
  EXPECT_DOUBLE_EQ(segment_seconds(4.5, m), 6.0);          // both branches meet at d*
  EXPECT_NEAR(segment_seconds(4.5 - 1e-9, m), 6.0, 1e-9);  // continuous at d*
  EXPECT_DOUBLE_EQ(segment_seconds(1.0, m), std::sqrt(8.0));
  // Unequal acceleration and braking: v = 1, a = 1, b = 0.5: d* = 0.5 + 1 = 1.5 m.
  const Motion u{1.0, 1.0, 0.5, 0.0};
  EXPECT_DOUBLE_EQ(segment_seconds(3.0, u), 3.0 + 0.5 + 1.0);
  EXPECT_DOUBLE_EQ(segment_seconds(1.0, u), 3.0 * std::sqrt(2.0 / 3.0));  // p = sqrt(2/3), t = p + 2p
}

// ---- Loaded legs, by hand ----------------------------------------------------------------------

TEST(TravelTimesLoadedTest, OneTurnLegToTheMicrosecond) {
  const Floor floor = parse(
      "#######\n"
      "#s....#\n"
      "#####.#\n"
      "#####P#\n"
      "#######\n");
  const TravelTimes travel(floor, Motion{});
  ASSERT_FALSE(travel.problem().has_value()) << *travel.problem();
  // East 4 cells (p = sqrt(2), 4p s), a quarter turn (0.5 s), south 2 cells (4 s).
  const double expected = 4.0 * std::sqrt(2.0) + 0.5 + 4.0;  // 10.156854...
  const Leg to = travel.to_station(0, 0);
  EXPECT_EQ(to.time.ticks(), 10'156'854);
  EXPECT_EQ(to.time.ticks(), micros(expected));
  EXPECT_DOUBLE_EQ(to.metres, 6.0);
  const Leg from = travel.from_station(0, 0);
  EXPECT_EQ(from.time, to.time);
  EXPECT_DOUBLE_EQ(from.metres, 6.0);
}

TEST(TravelTimesLoadedTest, CellSizeScalesDistances) {
  const Floor floor = parse("s.....P\n", 1.25);  // one segment of 6 cells = 7.5 m >= d*
  const TravelTimes travel(floor, Motion{});
  EXPECT_EQ(travel.to_station(0, 0).time.ticks(), micros(7.5 / 1.5 + 3.0));
  EXPECT_DOUBLE_EQ(travel.to_station(0, 0).metres, 7.5);
}

// Two routes from s to P: a short staircase with four turns (8 cells, segments 2 1 2 1 2) and a
// long detour with two turns (12 cells, segments 3 6 3).
constexpr const char* kTwoRoutes =
    "#########\n"
    "#.......#\n"
    "#.#####.#\n"
    "#.#...#.#\n"
    "#s..#..P#\n"
    "#########\n";

TEST(TravelTimesLoadedTest, FewerTurnsWinWhenTurnsAreExpensive) {
  const Floor floor = parse(kTwoRoutes);
  // Quick acceleration: every segment costs n / 1.5 + 0.15 s (d* = 0.225 m).
  const Motion cheap_turns{1.5, 10.0, 10.0, 0.5};
  const Motion dear_turns{1.5, 10.0, 10.0, 2.0};
  const auto seg = [](int n) { return n / 1.5 + 0.15; };

  const TravelTimes cheap(floor, cheap_turns);
  ASSERT_FALSE(cheap.problem().has_value());
  const double staircase = 3 * seg(2) + 2 * seg(1) + 4 * 0.5;  // 8.0833 s
  EXPECT_EQ(cheap.to_station(0, 0).time.ticks(), 8'083'333);
  EXPECT_EQ(cheap.to_station(0, 0).time.ticks(), micros(staircase));
  EXPECT_DOUBLE_EQ(cheap.to_station(0, 0).metres, 8.0);

  const TravelTimes dear(floor, dear_turns);
  const double detour = 2 * seg(3) + seg(6) + 2 * 2.0;  // 12.45 s, against 14.08 s for the stairs
  EXPECT_EQ(dear.to_station(0, 0).time.ticks(), 12'450'000);
  EXPECT_EQ(dear.to_station(0, 0).time.ticks(), micros(detour));
  EXPECT_DOUBLE_EQ(dear.to_station(0, 0).metres, 12.0);
  EXPECT_EQ(dear.from_station(0, 0).time, dear.to_station(0, 0).time);

  // With the default motion the many stops alone make the staircase slower.
  const TravelTimes slow(floor, Motion{});
  const double detour_default = 2 * std::sqrt(24.0) + 7.0 + 2 * 0.5;
  EXPECT_EQ(slow.to_station(0, 0).time.ticks(), micros(detour_default));
}

TEST(TravelTimesLoadedTest, NeverDrivesThroughStorage) {
  const Floor floor = parse(
      "#######\n"
      "#s.s.P#\n"
      "#######\n");
  const TravelTimes travel(floor, Motion{});
  ASSERT_TRUE(travel.problem().has_value());
  EXPECT_EQ(*travel.problem(), "storage location (1, 1) cannot reach station 0 at (5, 1) on aisles");
  EXPECT_EQ(travel.to_station(0, 0).time, Duration::max());
  EXPECT_EQ(travel.to_station(0, 0).metres, kInf);
  EXPECT_EQ(travel.from_station(0, 0).time, Duration::max());
  // The other location is reachable: it is the first cell of its leg.
  EXPECT_EQ(travel.to_station(1, 0).time.ticks(), micros(4.0));
  // An empty robot drives under the stored pod: one straight segment of 4 cells.
  const Leg empty = travel.empty(floor.cell(1, 1), floor.cell(5, 1));
  EXPECT_EQ(empty.time.ticks(), micros(4.0 * std::sqrt(2.0)));
  EXPECT_DOUBLE_EQ(empty.metres, 4.0);
}

TEST(TravelTimesLoadedTest, StorageWalledInByStorageIsAProblem) {
  const Floor floor = parse(
      "######\n"
      "#s#.P#\n"
      "#s...#\n"
      "######\n");
  const TravelTimes travel(floor, Motion{});
  ASSERT_TRUE(travel.problem().has_value());
  EXPECT_EQ(*travel.problem(), "storage location (1, 1) cannot reach station 0 at (4, 1) on aisles");
  EXPECT_NE(travel.to_station(1, 0).time, Duration::max());
}

TEST(TravelTimesLoadedTest, OneWayAislesMakeDirectionsDiffer) {
  Floor floor = parse(
      "#######\n"
      "#.....#\n"
      "#.#s#.#\n"
      "#P....#\n"
      "#######\n");
  for (int x = 2; x <= 5; ++x) floor.forbid(floor.cell(x, 3), Dir::kWest);  // bottom row: eastwards only
  const TravelTimes travel(floor, Motion{});
  ASSERT_FALSE(travel.problem().has_value()) << *travel.problem();
  const double seg1 = std::sqrt(8.0);
  // To the station: north 1, west 2, south 2 (the bottom row may not be driven westwards).
  const Leg to = travel.to_station(0, 0);
  EXPECT_EQ(to.time.ticks(), micros(seg1 + 0.5 + 4.0 + 0.5 + 4.0));
  EXPECT_EQ(to.time.ticks(), 11'828'427);
  EXPECT_DOUBLE_EQ(to.metres, 5.0);
  // From the station: east 2, north 1.
  const Leg from = travel.from_station(0, 0);
  EXPECT_EQ(from.time.ticks(), micros(4.0 + 0.5 + seg1));
  EXPECT_EQ(from.time.ticks(), 7'328'427);
  EXPECT_DOUBLE_EQ(from.metres, 3.0);
}

TEST(TravelTimesLoadedTest, UnreachableFromTheStationIsAProblem) {
  Floor floor = parse("#####\n#s.P#\n#####\n");
  floor.forbid(floor.cell(2, 1), Dir::kWest);
  const TravelTimes travel(floor, Motion{});
  ASSERT_TRUE(travel.problem().has_value());
  EXPECT_EQ(*travel.problem(),
            "storage location (1, 1) cannot be reached from station 0 at (3, 1) on aisles");
  EXPECT_EQ(travel.to_station(0, 0).time.ticks(), micros(4.0));
  EXPECT_EQ(travel.from_station(0, 0).time, Duration::max());
}

TEST(TravelTimesLoadedTest, FirstProblemIsLowestStationThenLowestStorage) {
  const Floor floor = parse(
      "##########\n"
      "#P.s#s#ss#\n"
      "#.....#.P#\n"
      "##########\n");
  // Two halves: station 0 (1, 1) cannot reach storage 2 and 3, station 1 (8, 2) not 0 and 1.
  const TravelTimes travel(floor, Motion{});
  ASSERT_TRUE(travel.problem().has_value());
  EXPECT_EQ(*travel.problem(), "storage location (7, 1) cannot reach station 0 at (1, 1) on aisles");
}

TEST(TravelTimesLoadedTest, SymmetricFloorGivesEqualDirections) {
  ParametricLayout layout;  // 4 x 3 blocks of 5 x 2, two stations west and east
  const Floor floor = Floor::parametric(layout, 1.1);
  const TravelTimes travel(floor, Motion{});
  ASSERT_FALSE(travel.problem().has_value()) << *travel.problem();
  // The same floor, but with an exit between two storage cells forbidden: loaded robots never
  // use such an edge, so every loaded time is unchanged, but the graph is no longer symmetric
  // and each direction gets its own search.
  Floor lopsided = floor;
  const CellId s0 = floor.storage_cells()[0];
  ASSERT_EQ(floor.kind(floor.neighbour(s0, Dir::kEast)), CellKind::kStorage);
  lopsided.forbid(s0, Dir::kEast);
  const TravelTimes two_way(lopsided, Motion{});
  ASSERT_FALSE(two_way.problem().has_value());
  for (std::size_t st = 0; st < floor.station_cells().size(); ++st) {
    for (std::size_t j = 0; j < floor.storage_cells().size(); ++j) {
      const Leg to = travel.to_station(j, st);
      const Leg from = travel.from_station(st, j);
      EXPECT_EQ(to.time, from.time);
      EXPECT_EQ(to.metres, from.metres);
      EXPECT_EQ(two_way.to_station(j, st).time, to.time) << j << " " << st;
      EXPECT_EQ(two_way.from_station(st, j).time, to.time) << j << " " << st;
      EXPECT_EQ(two_way.from_station(st, j).metres, to.metres);
      EXPECT_GT(to.time, Duration::zero());
    }
  }
}

TEST(TravelTimesLoadedTest, RejectsBadMotionAndIndices) {
  const Floor floor = parse("s.P\n");
  EXPECT_THROW(TravelTimes(floor, Motion{0.0, 0.5, 0.5, 0.5}), ContractError);
  EXPECT_THROW(TravelTimes(floor, Motion{1.5, -1.0, 0.5, 0.5}), ContractError);
  EXPECT_THROW(TravelTimes(floor, Motion{1.5, 0.5, 0.5, -0.1}), ContractError);
  const TravelTimes travel(floor, Motion{});
  EXPECT_THROW((void)travel.to_station(1, 0), ContractError);
  EXPECT_THROW((void)travel.from_station(1, 0), ContractError);
  EXPECT_THROW((void)travel.empty(CellId::invalid(), floor.cell(0, 0)), ContractError);
}

// ---- Empty legs, by hand -----------------------------------------------------------------------

TEST(TravelTimesEmptyTest, StraightAndLShapedPaths) {
  const Floor floor = parse(
      "#######\n"
      "#s....#\n"
      "#.ss..#\n"
      "#...P.#\n"
      "#######\n");
  const TravelTimes travel(floor, Motion{});
  const CellId a = floor.cell(1, 1);
  EXPECT_EQ(travel.empty(a, a).time, Duration::zero());
  EXPECT_EQ(travel.empty(a, a).metres, 0.0);
  // Straight, under storage: 3 cells.
  EXPECT_EQ(travel.empty(floor.cell(1, 2), floor.cell(4, 2)).time.ticks(), micros(std::sqrt(24.0)));
  // L: 3 east, 2 south (either way round), onto the station.
  const double l_time = std::sqrt(24.0) + 0.5 + 4.0;  // 9.398979...
  const Leg to_station = travel.empty(a, floor.cell(4, 3));
  EXPECT_EQ(to_station.time.ticks(), 9'398'979);
  EXPECT_EQ(to_station.time.ticks(), micros(l_time));
  EXPECT_DOUBLE_EQ(to_station.metres, 5.0);
  // From the station the same.
  EXPECT_EQ(travel.empty(floor.cell(4, 3), a).time, to_station.time);
}

TEST(TravelTimesEmptyTest, BlockedLFallsBackToTheExactSearch) {
  const Floor floor = parse(
      "#######\n"
      "#.....#\n"
      "#.###.#\n"
      "#.#.#.#\n"
      "#...s.#\n"
      "#####P#\n");
  const TravelTimes travel(floor, Motion{});
  ASSERT_FALSE(travel.problem().has_value()) << *travel.problem();
  // (1, 1) -> (3, 3): both Ls run into walls; the way is south 3, east 2, north 1.
  const double expected = std::sqrt(24.0) + 0.5 + 4.0 + 0.5 + std::sqrt(8.0);  // 12.727407 s
  const Leg leg = travel.empty(floor.cell(1, 1), floor.cell(3, 3));
  EXPECT_EQ(leg.time.ticks(), 12'727'407);
  EXPECT_EQ(leg.time.ticks(), micros(expected));
  EXPECT_DOUBLE_EQ(leg.metres, 6.0);
  // A straight line through a wall also falls back: (3, 3) -> (3, 1) goes round.
  // south 1, west 2 (or east 2, under the stored pod), north 3, east 2 (or west 2).
  const Leg round = travel.empty(floor.cell(3, 3), floor.cell(3, 1));
  EXPECT_EQ(round.time.ticks(), micros(std::sqrt(8.0) + 4.0 + std::sqrt(24.0) + 4.0 + 3 * 0.5));
  EXPECT_EQ(round.time.ticks(), 17'227'407);
  EXPECT_DOUBLE_EQ(round.metres, 8.0);
}

TEST(TravelTimesEmptyTest, StationsAreNotDrivenThroughAndWallsAreUnreachable) {
  const Floor floor = parse(
      "s.P.s\n"
      "##.##\n"
      "#####\n"
      "##P##\n");
  const TravelTimes travel(floor, Motion{});
  // (0, 0) -> (4, 0): the only way passes the station at (2, 0).
  const Leg blocked = travel.empty(floor.cell(0, 0), floor.cell(4, 0));
  EXPECT_EQ(blocked.time, Duration::max());
  EXPECT_EQ(blocked.metres, kInf);
  // But a station may be the start or the end.
  EXPECT_EQ(travel.empty(floor.cell(2, 0), floor.cell(4, 0)).time.ticks(), micros(4.0));
  EXPECT_EQ(travel.empty(floor.cell(0, 0), floor.cell(2, 0)).time.ticks(), micros(4.0));
  // The walled-in station (2, 3) cannot be reached.
  EXPECT_EQ(travel.empty(floor.cell(0, 0), floor.cell(2, 3)).time, Duration::max());
}

// ---- Cross-check against a plain (cell, heading, k) search ---------------------------------------

/// The model as the header states it, searched without any shortcut: states (cell, heading, k),
/// driving on costs segment_seconds((k+1) cs) - segment_seconds(k cs) (cs / speed from K on),
/// a quarter turn costs turn_90 and resets k. `enter(cell)` says whether a cell may be entered.
Leg reference_leg(const Floor& floor, const Motion& m, CellId from, CellId to,
                  const std::function<bool(CellId)>& enter) {
  if (from == to) return Leg{Duration::zero(), 0.0};
  const double cs = floor.cell_size();
  const double full = m.speed * m.speed / (2 * m.accel) + m.speed * m.speed / (2 * m.decel);
  int k_max = 0;
  while (k_max * cs < full) ++k_max;
  const auto step_cost = [&](int k) {
    return k >= k_max ? cs / m.speed : segment_seconds((k + 1) * cs, m) - segment_seconds(k * cs, m);
  };
  const auto states = floor.cell_count() * 4 * static_cast<std::size_t>(k_max + 1);
  const auto index = [&](CellId c, int h, int k) {
    return (c.index() * 4 + static_cast<std::size_t>(h)) * static_cast<std::size_t>(k_max + 1) +
           static_cast<std::size_t>(k);
  };
  std::vector<std::pair<double, int>> best(states, {kInf, 0});
  using Item = std::tuple<double, int, std::size_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> open;
  const auto push = [&](std::size_t s, double cost, int cells) {
    if (std::make_pair(cost, cells) < best[s]) {
      best[s] = {cost, cells};
      open.emplace(cost, cells, s);
    }
  };
  for (int h = 0; h < 4; ++h) push(index(from, h, 0), 0.0, 0);
  while (!open.empty()) {
    const auto [cost, cells, s] = open.top();
    open.pop();
    if (std::make_pair(cost, cells) != best[s]) continue;
    const auto k = static_cast<int>(s % static_cast<std::size_t>(k_max + 1));
    const auto h = static_cast<int>((s / static_cast<std::size_t>(k_max + 1)) % 4);
    const CellId c(static_cast<std::uint32_t>(s / static_cast<std::size_t>(k_max + 1) / 4));
    if (c == to) return Leg{Duration::from_seconds(cost), cells * cs};
    const Dir d = static_cast<Dir>(h);
    if (floor.can_leave(c, d)) {
      const CellId n = floor.neighbour(c, d);
      if (n == to || enter(n)) push(index(n, h, std::min(k + 1, k_max)), cost + step_cost(k), cells + 1);
    }
    push(index(c, (h + 1) % 4, 0), cost + m.turn_90, cells);
    push(index(c, (h + 3) % 4, 0), cost + m.turn_90, cells);
  }
  return Leg{Duration::max(), kInf};
}

/// A small deterministic generator (standard-library engines differ between implementations).
struct Lcg {
  std::uint64_t state;
  std::uint32_t next(std::uint32_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>((state >> 33) % bound);
  }
};

Floor random_floor(std::uint64_t seed, int width, int height, bool one_way, double cell_size) {
  Lcg rng{seed};
  std::string map;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const std::uint32_t r = rng.next(100);
      map += r < 12 ? '#' : r < 32 ? 's' : r < 35 ? 'b' : r < 37 ? 'c' : r < 40 ? 'P' : '.';
    }
    map += '\n';
  }
  map[0] = 's';
  map[2] = 'P';
  Floor floor = parse(map, cell_size);
  if (one_way) {
    for (int i = 0; i < width * height / 6; ++i) {
      floor.forbid(floor.cell(static_cast<int>(rng.next(static_cast<std::uint32_t>(width))),
                              static_cast<int>(rng.next(static_cast<std::uint32_t>(height)))),
                   static_cast<Dir>(rng.next(4)));
    }
  }
  return floor;
}

void expect_same(const Leg& got, const Leg& want, const std::string& what) {
  EXPECT_EQ(got.time, want.time) << what;
  if (want.metres == kInf) {
    EXPECT_EQ(got.metres, kInf) << what;
  } else {
    EXPECT_NEAR(got.metres, want.metres, 1e-4) << what;
  }
}

class TravelTimesReferenceTest : public ::testing::TestWithParam<std::tuple<int, bool>> {};

TEST_P(TravelTimesReferenceTest, TablesAndEmptyLegsMatchThePlainSearch) {
  const auto [motion_case, one_way] = GetParam();
  const std::vector<Motion> motions{
      Motion{},                      // K = 5
      Motion{2.0, 0.3, 0.6, 1.1},    // d* = 10 m: K = 9 with 1.2 m cells
      Motion{1.5, 10.0, 10.0, 0.5},  // K = 1
      Motion{1.0, 0.4, 0.8, 0.0},    // free turns
  };
  const Motion& motion = motions[static_cast<std::size_t>(motion_case)];
  const double cell_size = motion_case == 1 ? 1.2 : 1.0;
  for (std::uint64_t seed = 1; seed <= 2; ++seed) {
    const Floor floor =
        random_floor(seed * 7919 + static_cast<std::uint64_t>(motion_case), 11, 8, one_way, cell_size);
    const TravelTimes travel(floor, motion);
    const auto loaded_to = [&](CellId target) {
      return [&floor, target](CellId c) {
        const CellKind k = floor.kind(c);
        return c == target || k == CellKind::kAisle || k == CellKind::kStation || k == CellKind::kBuffer ||
               k == CellKind::kCharger;
      };
    };
    const auto& storage = floor.storage_cells();
    const auto& stations = floor.station_cells();
    bool any_unreachable = false;
    for (std::size_t st = 0; st < stations.size(); ++st) {
      for (std::size_t j = 0; j < storage.size(); ++j) {
        const std::string what = "seed " + std::to_string(seed) + " storage " + floor.describe(storage[j]) +
                                 " station " + floor.describe(stations[st]);
        const Leg to = reference_leg(floor, motion, storage[j], stations[st], loaded_to(stations[st]));
        const Leg from = reference_leg(floor, motion, stations[st], storage[j], loaded_to(storage[j]));
        expect_same(travel.to_station(j, st), to, "to " + what);
        expect_same(travel.from_station(st, j), from, "from " + what);
        any_unreachable = any_unreachable || to.time == Duration::max() || from.time == Duration::max();
      }
    }
    EXPECT_EQ(travel.problem().has_value(), any_unreachable);

    // Empty legs between pseudo-random pairs of non-wall cells, in two orders (a cache must not
    // change results).
    Lcg rng{seed};
    std::vector<std::pair<CellId, CellId>> pairs;
    while (pairs.size() < 60) {
      const CellId a(rng.next(static_cast<std::uint32_t>(floor.cell_count())));
      const CellId b(rng.next(static_cast<std::uint32_t>(floor.cell_count())));
      if (floor.kind(a) != CellKind::kWall && floor.kind(b) != CellKind::kWall) pairs.emplace_back(a, b);
    }
    std::vector<Leg> first;
    for (const auto& [a, b] : pairs) {
      const Leg want = reference_leg(floor, motion, a, b, [&floor, b](CellId c) {
        return c == b || floor.kind(c) != CellKind::kStation;
      });
      first.push_back(travel.empty(a, b));
      expect_same(first.back(), want, "empty " + floor.describe(a) + " -> " + floor.describe(b));
    }
    for (std::size_t i = pairs.size(); i-- > 0;) {
      const Leg again = travel.empty(pairs[i].first, pairs[i].second);
      EXPECT_EQ(again.time, first[i].time);
      EXPECT_EQ(again.metres, first[i].metres);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Motions, TravelTimesReferenceTest,
                         ::testing::Combine(::testing::Values(0, 1, 2, 3), ::testing::Bool()));

}  // namespace
}  // namespace whsim::model
