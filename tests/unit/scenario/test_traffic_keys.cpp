// The traffic keys (robots.movement: traffic, robots.traffic.*): read into the warehouse
// configuration with their defaults, refused outside traffic mode, and the combinations traffic
// mode cannot run (batteries; as many robots as storage locations) reported with their positions.
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/scenario/build.hpp"
#include "whsim/scenario/loader.hpp"

#include "unit/scenario/scenario_test_support.hpp"

namespace whsim::scenario {
namespace {

using test_support::config_errors;
using test_support::config_of;
using test_support::errors_of;

/// A small parametric floor (2 x 2 blocks of 5 x 2: 40 storage locations): lines 1 to 3.
constexpr std::string_view kFloor = "floor:\n  block_columns: 2\n  block_rows: 2\n";

TEST(TrafficKeysTest, DefaultsAndEveryKeyReachTheConfiguration) {
  const model::WarehouseConfig off = config_of(std::string(kFloor));
  EXPECT_FALSE(off.traffic.enabled);
  const model::WarehouseConfig on =
      config_of(std::string(kFloor) + "robots: {count: 4, movement: traffic}\n");
  EXPECT_TRUE(on.traffic.enabled);
  EXPECT_EQ(on.traffic.node_limit, 20000U);
  EXPECT_EQ(on.traffic.retry, Duration::seconds(1));
  EXPECT_EQ(on.traffic.gridlock_after, Duration::minutes(10));
  EXPECT_FALSE(on.traffic.check);
  const model::WarehouseConfig set = config_of(std::string(kFloor) +
                                               "robots:\n  count: 4\n  movement: traffic\n  traffic: "
                                               "{node_limit: 500, retry: 250ms, gridlock_after: 1h, "
                                               "check: true}\n");
  EXPECT_EQ(set.traffic.node_limit, 500U);
  EXPECT_EQ(set.traffic.retry, Duration::milliseconds(250));
  EXPECT_EQ(set.traffic.gridlock_after, Duration::hours(1));
  EXPECT_TRUE(set.traffic.check);
}

TEST(TrafficKeysTest, TrafficKeysOutsideTrafficModeAreErrors) {
  const std::vector<std::string> errors =
      errors_of(std::string(kFloor) + "robots:\n  traffic: {node_limit: 500, check: true}\n");
  ASSERT_EQ(errors.size(), 2U);
  EXPECT_EQ(errors[0],
            "s.yaml:5:25: robots.traffic.node_limit: is used only in traffic mode (expected robots.movement: "
            "traffic, or no robots.traffic.node_limit)");
  EXPECT_EQ(errors[1],
            "s.yaml:5:37: robots.traffic.check: is used only in traffic mode (expected robots.movement: "
            "traffic, or "
            "no robots.traffic.check)");
}

TEST(TrafficKeysTest, OutOfRangeAndUnknownValuesAreErrors) {
  const std::vector<std::string> errors = errors_of(
      std::string(kFloor) + "robots:\n  movement: traffik\n  traffic: {node_limit: 5, retry: 0s}\n");
  ASSERT_GE(errors.size(), 3U);
  EXPECT_NE(errors[0].find("robots.movement"), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("traffic"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("robots.traffic.node_limit"), std::string::npos) << errors[1];
  EXPECT_NE(errors[2].find("robots.traffic.retry"), std::string::npos) << errors[2];
}

TEST(TrafficKeysTest, BatteriesAreNotModelledInTrafficModeYet) {
  const std::vector<std::string> errors = errors_of(
      std::string(kFloor) + "robots: {count: 4, movement: traffic}\nbatteries: {capacity: 1 kWh}\n");
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_EQ(errors[0],
            "s.yaml:4:30: robots.movement: traffic mode does not model batteries and charging yet (expected "
            "robots.movement: travel_time with batteries, or no batteries section)");
}

TEST(TrafficKeysTest, EveryRobotNeedsAStorageLocationToParkOn) {
  const std::vector<std::string> errors =
      config_errors(std::string(kFloor) + "robots: {count: 40, movement: traffic}\npods: {count: 10}\n");
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_EQ(
      errors[0],
      "s.yaml:4:17: robots.count: traffic mode needs a storage location for every robot to park on and one "
      "to spare: 40 robots on 40 storage locations (expected at most 39)");
  EXPECT_TRUE(
      config_errors(std::string(kFloor) + "robots: {count: 39, movement: traffic}\npods: {count: 10}\n")
          .empty());
}

}  // namespace
}  // namespace whsim::scenario
