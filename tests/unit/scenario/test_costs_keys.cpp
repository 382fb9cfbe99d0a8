// The cost accounting keys (costs.*, outbound.packaging[i].cost, outbound.carriers[i].truck_cost)
// and the truck CO2 keys: read with positions, switched on by any cost given, off by default, and
// carried into the warehouse configuration.
#include <array>
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
using test_support::load;

/// A small parametric floor (15 x 9 cells).
constexpr std::string_view kSmallFloor = "floor:\n  block_columns: 2\n  block_rows: 2\n";

/// A carrier that takes any order, for tests about other keys.
constexpr std::string_view kOneCarrier = "  carriers:\n    - name: post\n      cutoffs: [\"18:00\"]\n";

TEST(CostsTest, EveryKeyReachesTheConfiguration) {
  const std::string text =
      std::string(kSmallFloor) +
      "outbound:\n"
      "  packaging:\n"
      "    - name: box\n      volume: 10 L\n      cost: 0.8\n"
      "    - name: bag\n      volume: 2 L\n"
      "  carriers:\n"
      "    - name: post\n      cutoffs: [\"18:00\"]\n      truck_cost: 250\n      truck_co2: 12\n"
      "      route_km: 80\n      truck_co2_per_km: 0.9\n"
      "    - name: courier\n      cutoffs: [\"16:00\"]\n"
      "costs:\n  currency: USD\n"
      "  labour:\n    pick: 21.5\n    stow: 19\n    inspect: 20\n    pack: 18.25\n    returns: 17\n"
      "  robots:\n    purchase_price: 35000\n    amortisation_days: 1095\n    maintenance_per_hour: 0.4\n"
      "  energy_price: 0.21\n";
  const ScenarioSpec spec = load(text);
  const CostSpec& s = spec.costs;
  EXPECT_TRUE(s.enabled);
  EXPECT_EQ(s.where.to_string(), "s.yaml:21:3");  // the costs section, not the packaging cost before it
  EXPECT_EQ(s.currency.value, "USD");
  EXPECT_TRUE(s.currency.given);
  EXPECT_EQ(s.currency.where.to_string(), "s.yaml:21:13");
  EXPECT_DOUBLE_EQ(s.labour_pick.value, 21.5);
  EXPECT_EQ(s.labour_pack.where.to_string(), "s.yaml:26:11");
  EXPECT_DOUBLE_EQ(s.robot_amortisation_days.value, 1095.0);
  EXPECT_DOUBLE_EQ(spec.outbound.packaging[0].cost.value, 0.8);
  EXPECT_TRUE(spec.outbound.packaging[0].cost.given);
  EXPECT_FALSE(spec.outbound.packaging[1].cost.given);
  const CarrierSpec& post = spec.outbound.carriers[0];
  EXPECT_DOUBLE_EQ(post.route_km.value, 80.0);
  EXPECT_EQ(post.truck_co2_per_km.where.to_string(), "s.yaml:17:25");

  const model::WarehouseConfig c = config_of(text);
  const model::CostConfig& costs = c.costs;
  EXPECT_TRUE(costs.enabled);
  EXPECT_EQ(costs.currency, "USD");
  // Indexed 0 pick, 1 stow, 2 receive (the inspect skill), 3 pack, 4 returns, 5 audit.
  EXPECT_EQ(costs.labour_per_hour, (std::array<double, 6>{21.5, 19.0, 20.0, 18.25, 17.0, 0.0}));
  EXPECT_DOUBLE_EQ(costs.robot_price, 35000.0);
  EXPECT_DOUBLE_EQ(costs.robot_life_days, 1095.0);
  EXPECT_DOUBLE_EQ(costs.robot_maintenance_per_hour, 0.4);
  EXPECT_DOUBLE_EQ(costs.energy_price, 0.21);
  // Packaging ascending by volume, each with its cost.
  const model::OutboundConfig& out = c.outbound;
  ASSERT_EQ(out.packaging.size(), 2U);
  EXPECT_EQ(out.packaging[0].name, "bag");
  EXPECT_DOUBLE_EQ(out.packaging[0].cost, 0.0);
  EXPECT_EQ(out.packaging[1].name, "box");
  EXPECT_DOUBLE_EQ(out.packaging[1].cost, 0.8);
  // CO2 per departure: truck_co2 + route_km x truck_co2_per_km.
  ASSERT_EQ(out.carriers.size(), 2U);
  EXPECT_DOUBLE_EQ(out.carriers[0].truck_cost, 250.0);
  EXPECT_DOUBLE_EQ(out.carriers[0].truck_co2, 12.0 + 80.0 * 0.9);
  EXPECT_DOUBLE_EQ(out.carriers[1].truck_cost, 0.0);
  EXPECT_DOUBLE_EQ(out.carriers[1].truck_co2, 0.0);
  EXPECT_TRUE(out.truck_co2);
}

TEST(CostsTest, OffByDefault) {
  const std::string text = std::string(kSmallFloor) + "outbound:\n" + std::string(kOneCarrier);
  const ScenarioSpec spec = load(text);
  EXPECT_FALSE(spec.costs.enabled);
  EXPECT_EQ(spec.costs.currency.value, "EUR");  // schema defaults
  EXPECT_FALSE(spec.costs.currency.given);
  EXPECT_DOUBLE_EQ(spec.costs.robot_amortisation_days.value, 1826.0);
  EXPECT_DOUBLE_EQ(spec.costs.labour_pick.value, 0.0);
  EXPECT_FALSE(load("costs:\n").costs.enabled);  // an empty section turns nothing on
  EXPECT_FALSE(load("costs:\n  labour:\n  robots:\n").costs.enabled);

  const model::WarehouseConfig c = config_of(text);
  const model::CostConfig defaults;
  EXPECT_FALSE(c.costs.enabled);
  EXPECT_EQ(c.costs.currency, defaults.currency);
  EXPECT_EQ(c.costs.labour_per_hour, defaults.labour_per_hour);
  EXPECT_DOUBLE_EQ(c.costs.robot_price, defaults.robot_price);
  EXPECT_DOUBLE_EQ(c.costs.robot_life_days, defaults.robot_life_days);
  EXPECT_DOUBLE_EQ(c.costs.robot_maintenance_per_hour, defaults.robot_maintenance_per_hour);
  EXPECT_DOUBLE_EQ(c.costs.energy_price, defaults.energy_price);
  EXPECT_FALSE(c.outbound.truck_co2);
  ASSERT_EQ(c.outbound.carriers.size(), 1U);
  EXPECT_DOUBLE_EQ(c.outbound.carriers[0].truck_cost, 0.0);
  EXPECT_DOUBLE_EQ(c.outbound.carriers[0].truck_co2, 0.0);
  // Without outbound either.
  EXPECT_FALSE(config_of(kSmallFloor).costs.enabled);
  EXPECT_FALSE(config_of(kSmallFloor).outbound.truck_co2);
}

TEST(CostsTest, APackagingOrTruckCostAloneTurnsCostsOn) {
  const std::string packaging = std::string(kSmallFloor) + "outbound:\n" + std::string(kOneCarrier) +
                                "  packaging:\n    - name: box\n      volume: 10 L\n      cost: 0.5\n";
  const ScenarioSpec spec = load(packaging);
  EXPECT_TRUE(spec.costs.enabled);
  EXPECT_EQ(spec.costs.where.to_string(), "s.yaml:11:7");  // the cost's key
  const model::WarehouseConfig c = config_of(packaging);
  EXPECT_TRUE(c.costs.enabled);
  EXPECT_EQ(c.costs.currency, "EUR");
  EXPECT_DOUBLE_EQ(c.costs.robot_life_days, 1826.0);
  EXPECT_EQ(c.costs.labour_per_hour, (std::array<double, 6>{}));
  ASSERT_EQ(c.outbound.packaging.size(), 1U);
  EXPECT_DOUBLE_EQ(c.outbound.packaging[0].cost, 0.5);
  EXPECT_FALSE(c.outbound.truck_co2);

  // A cost of 0 given is still a cost given.
  const std::string truck =
      std::string(kSmallFloor) + "outbound:\n" + std::string(kOneCarrier) + "      truck_cost: 0\n";
  EXPECT_TRUE(load(truck).costs.enabled);
  EXPECT_EQ(load(truck).costs.where.to_string(), "s.yaml:8:7");
  EXPECT_TRUE(config_of(truck).costs.enabled);

  // A CO2 figure is no cost: it declares the CO2 KPIs only.
  const std::string co2 =
      std::string(kSmallFloor) + "outbound:\n" + std::string(kOneCarrier) + "      truck_co2: 40\n";
  EXPECT_FALSE(load(co2).costs.enabled);
  const model::WarehouseConfig with_co2 = config_of(co2);
  EXPECT_FALSE(with_co2.costs.enabled);
  EXPECT_TRUE(with_co2.outbound.truck_co2);
  EXPECT_DOUBLE_EQ(with_co2.outbound.carriers[0].truck_co2, 40.0);
  // A route alone declares them too.
  const model::WarehouseConfig route =
      config_of(std::string(kSmallFloor) + "outbound:\n" + std::string(kOneCarrier) +
                "      route_km: 120\n      truck_co2_per_km: 0.75\n");
  EXPECT_TRUE(route.outbound.truck_co2);
  EXPECT_DOUBLE_EQ(route.outbound.carriers[0].truck_co2, 90.0);

  // Any costs key switches them on, wherever it is.
  const ScenarioSpec one_key = load("costs:\n  robots:\n    maintenance_per_hour: 0.3\n");
  EXPECT_TRUE(one_key.costs.enabled);
  EXPECT_EQ(one_key.costs.where.to_string(), "s.yaml:2:3");  // the section (its first key)
}

TEST(CostsTest, BadValuesAreReportedAtTheirKey) {
  EXPECT_EQ(errors_of("costs:\n  labour:\n    pick: -3\n"),
            std::vector<std::string>{
                "s.yaml:3:11: costs.labour.pick: \"-3\" is out of range (expected 0 to 10^9)"});
  EXPECT_EQ(errors_of("costs:\n  energy_price: 2e9\n"),
            std::vector<std::string>{
                "s.yaml:2:17: costs.energy_price: \"2e9\" is out of range (expected 0 to 10^9)"});
  EXPECT_EQ(errors_of("costs:\n  robots:\n    amortisation_days: 0\n"),
            std::vector<std::string>{"s.yaml:3:24: costs.robots.amortisation_days: \"0\" is out of range "
                                     "(expected > 0, at most 36,525)"});
  EXPECT_EQ(errors_of("costs:\n  robots:\n    purchase_price: cheap\n"),
            std::vector<std::string>{"s.yaml:3:21: costs.robots.purchase_price: expected a number, got "
                                     "\"cheap\""});
  EXPECT_EQ(
      errors_of(
          "outbound:\n" + std::string(kOneCarrier) +
          "      truck_cost: -250\n  packaging:\n    - name: box\n      volume: 10 L\n      cost: -1\n"),
      (std::vector<std::string>{
          "s.yaml:5:19: outbound.carriers[0].truck_cost: \"-250\" is out of range (expected 0 to 10^9)",
          "s.yaml:9:13: outbound.packaging[0].cost: \"-1\" is out of range (expected 0 to 10^9)"}));
  EXPECT_EQ(errors_of("outbound:\n" + std::string(kOneCarrier) + "      truck_co2: -5\n"),
            std::vector<std::string>{
                "s.yaml:5:18: outbound.carriers[0].truck_co2: \"-5\" is out of range (expected 0 to 10^6)"});
  EXPECT_EQ(
      errors_of("costs:\n  labour:\n    pik: 20\n"),
      std::vector<std::string>{"s.yaml:3:5: costs.labour.pik: unknown key \"pik\" (did you mean \"pick\"?)"});
}

TEST(CostsTest, TheCurrencyIsAShortLabel) {
  const auto currency = [](std::string_view value) {
    return errors_of("costs:\n  currency: " + std::string(value) + "\n");
  };
  for (std::string_view good :
       {"EUR", "USD", "kCHF", "\"\xE2\x82\xAC\"", "12345678", "US$", "\"\xC2\xA3\""}) {
    EXPECT_TRUE(currency(good).empty()) << good;
  }
  EXPECT_EQ(currency("EURODOLLAR"),
            std::vector<std::string>{"s.yaml:2:13: costs.currency: \"EURODOLLAR\" is 10 characters long "
                                     "(expected a short label of 1 to 8 characters without spaces, such as "
                                     "EUR, USD or kCHF)"});
  EXPECT_EQ(currency("US D"),
            std::vector<std::string>{"s.yaml:2:13: costs.currency: \"US D\" contains a space (expected a "
                                     "short label of 1 to 8 characters without spaces, such as EUR, USD or "
                                     "kCHF)"});
  EXPECT_EQ(currency("\"\""),
            std::vector<std::string>{"s.yaml:2:13: costs.currency: the label is empty (expected a short "
                                     "label of 1 to 8 characters without spaces, such as EUR, USD or kCHF)"});
  EXPECT_EQ(currency("\"EUR\\t\""),
            std::vector<std::string>{"s.yaml:2:13: costs.currency: the label contains the control "
                                     "character 0x09 (expected a short label of 1 to 8 characters without "
                                     "spaces, such as EUR, USD or kCHF)"});
  EXPECT_EQ(currency("\"EUR\\u00a0\""),
            std::vector<std::string>{"s.yaml:2:13: costs.currency: \"EUR\xC2\xA0\" contains a no-break space "
                                     "(expected a short label of 1 to 8 characters without spaces, such as "
                                     "EUR, USD or kCHF)"});
  EXPECT_EQ(
      currency("EUR/kWh"),
      std::vector<std::string>{"s.yaml:2:13: costs.currency: \"EUR/kWh\" contains \"/\" (expected a short "
                               "label of 1 to 8 characters without spaces, such as EUR, USD or kCHF, "
                               "letters, digits or currency signs)"});
  EXPECT_EQ(currency("\"k\u2009EUR\""),
            std::vector<std::string>{"s.yaml:2:13: costs.currency: \"k\xE2\x80\x89"
                                     "EUR\" contains a space "
                                     "(expected a short label of 1 to 8 characters without spaces, such as "
                                     "EUR, USD or kCHF)"});
  EXPECT_EQ(currency(""),
            std::vector<std::string>{"s.yaml:2:3: costs.currency: a value is missing (expected text)"});
}

TEST(CostsTest, RouteAndCo2PerKmComeTogether) {
  const std::string carrier = "outbound:\n" + std::string(kOneCarrier);
  EXPECT_EQ(errors_of(carrier + "      route_km: 80\n"),
            std::vector<std::string>{
                "s.yaml:5:17: outbound.carriers[0].route_km: given without "
                "outbound.carriers[0].truck_co2_per_km (expected both or neither: a truck emits route_km x "
                "truck_co2_per_km kg of CO2 per departure, on top of truck_co2)"});
  EXPECT_EQ(
      errors_of(carrier + "    - name: courier\n      cutoffs: [\"12:00\"]\n      truck_co2_per_km: 0.9\n"),
      std::vector<std::string>{
          "s.yaml:7:25: outbound.carriers[1].truck_co2_per_km: given without "
          "outbound.carriers[1].route_km (expected both or neither: a truck emits route_km x "
          "truck_co2_per_km kg of CO2 per departure, on top of truck_co2)"});
  // A wrong value of the other is reported once, as wrong.
  EXPECT_EQ(errors_of(carrier + "      route_km: 80\n      truck_co2_per_km: -1\n"),
            std::vector<std::string>{"s.yaml:6:25: outbound.carriers[0].truck_co2_per_km: \"-1\" is out of "
                                     "range (expected 0 to 1,000, with route_km)"});
  EXPECT_EQ(errors_of(carrier + "      route_km: 2e5\n      truck_co2_per_km: 1\n"),
            std::vector<std::string>{"s.yaml:5:17: outbound.carriers[0].route_km: \"2e5\" is out of range "
                                     "(expected 0 to 10^5, with truck_co2_per_km)"});
  EXPECT_TRUE(errors_of(carrier + "      truck_co2_per_km: 0.9\n      route_km: 0\n").empty());
}

TEST(CostsTest, APoolStaffsOneRoleAndIsPaidOnce) {
  // flex has the pick skill and stations.pools is not given: it picks, and packing cannot take it too.
  const std::string pools =
      "workforce:\n  pools:\n    - {name: flex, skills: [pick, pack], workers: 4}\n"
      "    - {name: packers, skills: [pack], workers: 2}\n";
  const std::string by_name = std::string(kSmallFloor) + pools +
                              "outbound:\n  pack: {pools: [flex, packers]}\n" + std::string(kOneCarrier);
  const std::vector<std::string> errors = config_errors(by_name);
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_NE(errors[0].find("outbound.pack.pools: the pool \"flex\" already staffs the pick stations (by its "
                           "skill, as stations.pools is not given)"),
            std::string::npos)
      << errors[0];
  // By skill, packing skips the pool picking took: flex picks, packers pack.
  const model::WarehouseConfig c =
      config_of(std::string(kSmallFloor) + pools + "outbound:\n" + std::string(kOneCarrier));
  ASSERT_EQ(c.pick_pools.size(), 1U);
  EXPECT_EQ(c.pick_pools[0].name, "flex");
  ASSERT_EQ(c.outbound.pack_pools.size(), 1U);
  EXPECT_EQ(c.outbound.pack_pools[0].name, "packers");
  // Named in two lists.
  const std::vector<std::string> twice = config_errors(
      std::string(kSmallFloor) + pools + "stations:\n  pools: [flex]\noutbound:\n  pack: {pools: [flex]}\n" +
      std::string(kOneCarrier));
  ASSERT_EQ(twice.size(), 1U);
  EXPECT_NE(twice[0].find("already staffs the pick stations (named in stations.pools)"), std::string::npos)
      << twice[0];
}

}  // namespace
}  // namespace whsim::scenario
