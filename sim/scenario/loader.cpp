// Validation of a YAML document against the schema into a ScenarioSpec (see the header).
#include "whsim/scenario/loader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <limits>
#include <optional>
#include <tuple>
#include <variant>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "whsim/core/text.hpp"
#include "whsim/scenario/schema.hpp"

namespace whsim::scenario {
namespace {

using Value = std::variant<std::int64_t, double, bool, std::string, Duration, units::DateTime,
                           DistributionSpec, std::vector<double>, std::vector<std::string>,
                           std::vector<BreakSpec>, std::vector<std::int64_t>, std::vector<Duration>>;

std::string format_clock(Duration since_midnight) {
  const std::int64_t minutes = since_midnight.ticks() / Duration::minutes(1).ticks();
  return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

std::string in_quotes(std::string_view s) {
  return fmt::format("\"{}\"", s);
}

bool is_special_float(std::string_view s) {
  for (std::string_view f :
       {".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", "+.inf"}) {
    if (s == f) return true;
  }
  return false;
}

std::string_view with_article(ValueType type) {
  switch (type) {
    case ValueType::kInteger:
      return "an integer";
    case ValueType::kNumber:
      return "a number";
    case ValueType::kBoolean:
      return "true or false";
    case ValueType::kText:
      return "text";
    case ValueType::kDuration:
      return "a duration";
    case ValueType::kDateTime:
      return "a date and time";
    case ValueType::kSection:
      return "a section";
    case ValueType::kQuantity:
      return "a quantity";
    case ValueType::kDistribution:
      return "a distribution";
    case ValueType::kSectionList:
      return "a list of sections";
    case ValueType::kClockTime:
      return "a clock time";
    case ValueType::kBreakList:
      return "a list of breaks";
    case ValueType::kIntegerList:
      return "a list of integers";
    case ValueType::kClockTimeList:
      return "a list of clock times";
    case ValueType::kChoice:
      return "a name";
    case ValueType::kChoiceList:
      return "a list of names";
    case ValueType::kNumberList:
      return "a list of numbers";
  }
  return "a value";
}

std::string choice_message(const KeySpec& key, std::string_view text) {
  const std::vector<std::string_view> names(key.choices.begin(), key.choices.end());
  if (const auto best = closest_match(text, names)) {
    return fmt::format("unknown name {} (did you mean \"{}\"? expected {})", in_quotes(text), *best,
                       join_alternatives(names));
  }
  return fmt::format("unknown name {} (expected {})", in_quotes(text), join_alternatives(names));
}

/// A located problem inside a list value: the message and the item it is about.
struct ItemProblem {
  NodeIndex item;
  std::string message;
};
using Converted = std::variant<Value, std::string, ItemProblem>;

Converted convert_list(const KeySpec& key, const YamlDocument& doc, const YamlNode& node) {
  if (node.kind != YamlKind::kSequence) {
    return fmt::format("expected {}, got {}", with_article(key.type),
                       node.kind == YamlKind::kMapping ? "a mapping" : in_quotes(node.text));
  }
  if (node.items.empty()) {
    return fmt::format("the list is empty (expected {})",
                       key.range.empty() ? "at least one item" : key.range);
  }
  if (key.type == ValueType::kNumberList) {
    if (key.list_length != 0 && node.items.size() != key.list_length) {
      return fmt::format("expected {} numbers, got {}", key.list_length, node.items.size());
    }
    std::vector<double> out;
    double total = 0;
    for (NodeIndex i : node.items) {
      const YamlNode& item = doc.node(i);
      if (item.kind != YamlKind::kScalar || !item.plain || is_special_float(item.text)) {
        return ItemProblem{
            i, fmt::format("expected a finite number >= 0, got {}",
                           item.kind == YamlKind::kScalar ? in_quotes(item.text) : "a collection")};
      }
      // A percentage ("8%") where the key takes one, else a plain number.
      const bool percentage = key.percentages && item.text.find('%') != std::string::npos;
      const auto p = percentage ? units::parse_quantity(item.text, units::Quantity::kPercentage)
                                : units::parse_number(item.text);
      if (!p) return ItemProblem{i, p.message()};
      if (p.value() < 0)
        return ItemProblem{i, fmt::format("{} is negative (expected a number >= 0)", in_quotes(item.text))};
      if (key.max && p.value() > *key.max) {
        return ItemProblem{i,
                           fmt::format("{} is out of range (expected {})", in_quotes(item.text), key.range)};
      }
      out.push_back(p.value());
      total += p.value();
    }
    if (key.weights && !(total > 0)) return std::string("every weight is 0 (expected at least one above 0)");
    return Value(std::move(out));
  }
  std::vector<std::string> out;
  for (NodeIndex i : node.items) {
    const YamlNode& item = doc.node(i);
    if (item.kind != YamlKind::kScalar) return ItemProblem{i, "expected a name, got a collection"};
    if (!key.choices.empty() &&
        std::find(key.choices.begin(), key.choices.end(), item.text) == key.choices.end()) {
      return ItemProblem{i, choice_message(key, item.text)};
    }
    if (std::find(out.begin(), out.end(), item.text) != out.end()) {
      return ItemProblem{i, fmt::format("{} is listed twice", in_quotes(item.text))};
    }
    out.push_back(item.text);
  }
  return Value(std::move(out));
}

/// A list of distinct integers (kIntegerList), each within the key's range.
Converted convert_integers(const KeySpec& key, const YamlDocument& doc, const YamlNode& node) {
  if (node.kind != YamlKind::kSequence) {
    return fmt::format("expected a list of integers like [0, 3], got {}",
                       node.kind == YamlKind::kMapping ? "a mapping" : in_quotes(node.text));
  }
  if (node.items.empty()) return fmt::format("the list is empty (expected {})", key.range);
  std::vector<std::int64_t> out;
  for (NodeIndex i : node.items) {
    const YamlNode& item = doc.node(i);
    if (item.kind != YamlKind::kScalar || !item.plain) {
      return ItemProblem{i,
                         fmt::format("expected an integer, got {}",
                                     item.kind == YamlKind::kScalar ? in_quotes(item.text) : "a collection")};
    }
    const std::string_view text = item.text;
    std::int64_t v = 0;
    const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
    if (res.ec != std::errc() || res.ptr != text.data() + text.size()) {
      return ItemProblem{i, fmt::format("expected an integer, got {}", in_quotes(text))};
    }
    if (key.min && static_cast<double>(v) < *key.min) {
      return ItemProblem{i, fmt::format("{} is out of range (expected {} or more)", in_quotes(text),
                                        static_cast<std::int64_t>(*key.min))};
    }
    if (key.max && static_cast<double>(v) > *key.max) {
      return ItemProblem{i, fmt::format("{} is out of range (expected at most {})", in_quotes(text),
                                        static_cast<std::int64_t>(*key.max))};
    }
    if (std::find(out.begin(), out.end(), v) != out.end()) {
      return ItemProblem{i, fmt::format("{} is listed twice (expected distinct values)", in_quotes(text))};
    }
    out.push_back(v);
  }
  return Value(std::move(out));
}

/// A list of distinct clock times (kClockTimeList), e.g. ["06:00", "14:00"].
Converted convert_clock_times(const YamlDocument& doc, const YamlNode& node) {
  if (node.kind != YamlKind::kSequence) {
    return fmt::format("expected a list of clock times like [\"06:00\", \"14:00\"], got {}",
                       node.kind == YamlKind::kMapping ? "a mapping" : in_quotes(node.text));
  }
  if (node.items.empty()) return std::string("the list is empty (expected at least one clock time)");
  std::vector<Duration> out;
  for (NodeIndex i : node.items) {
    const YamlNode& item = doc.node(i);
    if (item.kind != YamlKind::kScalar) {
      return ItemProblem{i, "expected a clock time like \"06:00\", got a collection"};
    }
    const auto at = units::parse_clock_time(item.text);
    if (!at) return ItemProblem{i, at.message()};
    if (std::find(out.begin(), out.end(), at.value()) != out.end()) {
      return ItemProblem{i,
                         fmt::format("{} is listed twice (expected distinct times)", in_quotes(item.text))};
    }
    out.push_back(at.value());
  }
  return Value(std::move(out));
}

/// A list of breaks: each "HH:MM duration", e.g. "10:00 30min".
Converted convert_breaks(const YamlDocument& doc, const YamlNode& node) {
  if (node.kind != YamlKind::kSequence) {
    return fmt::format("expected a list of breaks like [\"10:00 30min\"], got {}",
                       node.kind == YamlKind::kMapping ? "a mapping" : in_quotes(node.text));
  }
  std::vector<BreakSpec> out;
  for (NodeIndex i : node.items) {
    const YamlNode& item = doc.node(i);
    if (item.kind != YamlKind::kScalar) {
      return ItemProblem{i, "expected a break like \"10:00 30min\", got a collection"};
    }
    const std::string_view text = item.text;
    const auto space = text.find(' ');
    if (space == std::string_view::npos) {
      return ItemProblem{i, fmt::format("expected a clock time and a duration like \"10:00 30min\", got {}",
                                        in_quotes(text))};
    }
    const auto at = units::parse_clock_time(text.substr(0, space));
    if (!at) {
      return ItemProblem{
          i, fmt::format("a break starts with a clock time from 00:00 to 24:00, got {}", in_quotes(text))};
    }
    const auto length = units::parse_duration(text.substr(text.find_first_not_of(' ', space)));
    if (!length) return ItemProblem{i, length.message()};
    if (length.value() <= Duration::zero() || length.value() > Duration::hours(24)) {
      return ItemProblem{i, fmt::format("a break of {} is out of range (expected more than 0, at most 24h)",
                                        format_human(length.value()))};
    }
    out.push_back(BreakSpec{at.value(), length.value()});
  }
  return Value(std::move(out));
}

/// Converts a value to the key's type. Returns the value or a message (distribution problems are
/// appended to `errors` directly, with their own positions and `shown`, the key path for messages,
/// by default the key's own; then the message is empty).
Converted convert(const KeySpec& key, const YamlDocument& doc, NodeIndex n, std::vector<Diagnostic>& errors,
                  const std::string& shown = "") {
  const YamlNode& node = doc.node(n);
  const std::string_view text = node.text;
  const std::string_view type_name = with_article(key.type);
  if (node.kind == YamlKind::kNull) return fmt::format("a value is missing (expected {})", type_name);
  if (key.type == ValueType::kDistribution) {
    const std::size_t before = errors.size();
    DistributionSpec d = read_distribution(doc, n, key.domain, shown.empty() ? key.path : shown, errors);
    if (errors.size() != before) return std::string();
    return Value(std::move(d));
  }
  if (key.type == ValueType::kNumberList || key.type == ValueType::kChoiceList) {
    return convert_list(key, doc, node);
  }
  if (key.type == ValueType::kBreakList) return convert_breaks(doc, node);
  if (key.type == ValueType::kIntegerList) return convert_integers(key, doc, node);
  if (key.type == ValueType::kClockTimeList) return convert_clock_times(doc, node);
  if (node.kind != YamlKind::kScalar) {
    return fmt::format("expected {}, got a {}", type_name,
                       node.kind == YamlKind::kMapping ? "mapping" : "list");
  }
  switch (key.type) {
    case ValueType::kInteger: {
      if (!node.plain)
        return fmt::format("expected an integer, got the text {} (remove the quotes)", in_quotes(text));
      std::int64_t v = 0;
      const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
      if (res.ec == std::errc::result_out_of_range) {
        return fmt::format("{} is too large (expected {})", in_quotes(text), key.range);
      }
      if (res.ec != std::errc() || res.ptr != text.data() + text.size()) {
        return fmt::format("expected an integer, got {}", in_quotes(text));
      }
      return Value(v);
    }
    case ValueType::kNumber: {
      if (is_special_float(text)) return fmt::format("expected a finite number, got {}", in_quotes(text));
      const auto p = units::parse_number(text);
      if (!p) return p.message();
      return Value(p.value());
    }
    case ValueType::kBoolean:
      if (node.plain && text == "true") return Value(true);
      if (node.plain && text == "false") return Value(false);
      return fmt::format("expected true or false, got {}", in_quotes(text));
    case ValueType::kText:
      return Value(std::string(text));
    case ValueType::kDuration: {
      const auto p = units::parse_duration(text);
      if (!p) return p.message();
      return Value(p.value());
    }
    case ValueType::kDateTime: {
      const auto p = units::parse_date_time(text);
      if (!p) return p.message();
      return Value(p.value());
    }
    case ValueType::kQuantity: {
      if (is_special_float(text)) return fmt::format("expected a finite number, got {}", in_quotes(text));
      const auto p = units::parse_quantity(text, key.quantity);
      if (!p) return p.message();
      return Value(p.value());
    }
    case ValueType::kClockTime: {
      const auto p = units::parse_clock_time(text);
      if (!p) return p.message();
      return Value(p.value());
    }
    case ValueType::kChoice:
      if (std::find(key.choices.begin(), key.choices.end(), text) == key.choices.end()) {
        return choice_message(key, text);
      }
      return Value(std::string(text));
    case ValueType::kSection:
    case ValueType::kDistribution:
    case ValueType::kChoiceList:
    case ValueType::kNumberList:
    case ValueType::kSectionList:
    case ValueType::kBreakList:
    case ValueType::kIntegerList:
    case ValueType::kClockTimeList:
      break;
  }
  return std::string("internal error: not a scalar type");
}

/// The value as a number for range checks (durations in seconds); nullopt when not numeric.
std::optional<double> numeric(const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* t = std::get_if<Duration>(&v)) return t->to_seconds();
  return std::nullopt;
}

template <class T>
void set(Located<T>& field, T value, const SourceLocation& where) {
  field.value = std::move(value);
  field.where = where;
  field.given = where.line != 0 || where.file.starts_with("command line");  // schema defaults have no line
}

/// Stores a converted value in the spec. `index` is the item of a list of sections the key
/// belongs to (workforce.pools.*, outbound.pack.size_classes.*, outbound.packaging.*,
/// outbound.carriers.*); the list has been sized before.
void assign(ScenarioSpec& spec, const std::string& path, const Value& v, const SourceLocation& where,
            std::size_t index = 0) {
  const auto i64 = [&](Located<std::int64_t>& f) { set(f, std::get<std::int64_t>(v), where); };
  const auto num = [&](Located<double>& f) { set(f, std::get<double>(v), where); };
  const auto str = [&](Located<std::string>& f) { set(f, std::get<std::string>(v), where); };
  const auto dur = [&](Located<Duration>& f) { set(f, std::get<Duration>(v), where); };
  const auto dist = [&](Located<DistributionSpec>& f) { set(f, std::get<DistributionSpec>(v), where); };
  const auto nums = [&](Located<std::vector<double>>& f) { set(f, std::get<std::vector<double>>(v), where); };
  if (path == "extends") return;  // resolved before validation (load_scenario_document)
  if (path == "name") return str(spec.name);
  if (path == "description") return str(spec.description);
  if (path == "simulation.start") return set(spec.simulation.start, std::get<units::DateTime>(v), where);
  if (path == "simulation.horizon") return dur(spec.simulation.horizon);
  if (path == "simulation.warmup") return dur(spec.simulation.warmup);
  if (path == "simulation.seed")
    return set(spec.simulation.seed, static_cast<std::uint64_t>(std::get<std::int64_t>(v)), where);
  if (path == "simulation.sample_interval") return dur(spec.simulation.sample_interval);
  FloorSpec& f = spec.floor;
  if (path == "floor.cell_size") return num(f.cell_size);
  if (path == "floor.map") return str(f.map);
  if (path == "floor.map_file") return str(f.map_file);
  if (path == "floor.map_storage") return str(f.map_storage);
  if (path == "floor.block_columns") return i64(f.block_columns);
  if (path == "floor.block_rows") return i64(f.block_rows);
  if (path == "floor.block_width") return i64(f.block_width);
  if (path == "floor.block_depth") return i64(f.block_depth);
  if (path == "floor.aisle_width") return i64(f.aisle_width);
  if (path == "floor.cross_aisle_width") return i64(f.cross_aisle_width);
  if (path == "floor.margin") return i64(f.margin);
  if (path == "floor.stations_per_side") return i64(f.stations_per_side);
  if (path == "floor.station_sides")
    return set(f.station_sides, std::get<std::vector<std::string>>(v), where);
  SkuSpec& k = spec.skus;
  if (path == "skus.count") return i64(k.count);
  if (path == "skus.master_file") return str(k.master_file);
  if (path == "skus.popularity") return str(k.popularity);
  if (path == "skus.zipf_alpha") return num(k.zipf_alpha);
  if (path == "skus.abc_sku_shares") return nums(k.abc_sku_shares);
  if (path == "skus.abc_demand_shares") return nums(k.abc_demand_shares);
  if (path == "skus.unit_volume") return num(k.unit_volume);
  if (path == "skus.pods_per_sku") return i64(k.pods_per_sku);
  if (path == "skus.variants") return i64(k.variants);
  PodSpec& p = spec.pods;
  if (path == "pods.count") return i64(p.count);
  if (path == "pods.bins") return i64(p.bins);
  if (path == "pods.bin_volume") return num(p.bin_volume);
  if (path == "pods.initial_fill") return num(p.initial_fill);
  OrderSpec& o = spec.orders;
  if (path == "orders.mode") return str(o.mode);
  if (path == "orders.file") return str(o.file);
  if (path == "orders.rate") return num(o.rate);
  if (path == "orders.hourly_profile") return nums(o.hourly_profile);
  if (path == "orders.day_profile") return nums(o.day_profile);
  if (path == "orders.season_profile") return nums(o.season_profile);
  if (path == "orders.backlog") return i64(o.backlog);
  if (path == "orders.lines") return dist(o.lines);
  if (path == "orders.units_per_line") return dist(o.units_per_line);
  if (path == "orders.due_after") return dur(o.due_after);
  if (path == "orders.co_purchase") return num(o.co_purchase);
  if (path == "orders.stockout") return str(o.stockout);
  RobotSpec& r = spec.robots;
  if (path == "robots.count") return i64(r.count);
  if (path == "robots.speed") return num(r.speed);
  if (path == "robots.acceleration") return num(r.acceleration);
  if (path == "robots.deceleration") return num(r.deceleration);
  if (path == "robots.turn_time") return dur(r.turn_time);
  if (path == "robots.lift_time") return dur(r.lift_time);
  if (path == "robots.set_down_time") return dur(r.set_down_time);
  if (path == "robots.movement") return str(r.movement);
  if (path == "robots.traffic.node_limit") return i64(r.traffic_node_limit);
  if (path == "robots.traffic.retry") return dur(r.traffic_retry);
  if (path == "robots.traffic.gridlock_after") return dur(r.traffic_gridlock_after);
  if (path == "robots.traffic.check") return set(r.traffic_check, std::get<bool>(v), where);
  StationSpec& st = spec.stations;
  if (path == "stations.pickers") return i64(st.pickers);
  if (path == "stations.queue_capacity") return i64(st.queue_capacity);
  if (path == "stations.put_wall_slots") return i64(st.put_wall_slots);
  if (path == "stations.pick_time") return dist(st.pick_time);
  if (path == "stations.presentation_time") return dist(st.presentation_time);
  PolicySpec& pol = spec.policies;
  if (path == "policies.order_assignment") return str(pol.order_assignment);
  if (path == "policies.pod_selection") return str(pol.pod_selection);
  if (path == "policies.robot_assignment") return str(pol.robot_assignment);
  if (path == "policies.pod_storage") return str(pol.pod_storage);
  if (path == "policies.slotting") return str(pol.slotting);
  if (path == "policies.pile_on") return set(pol.pile_on, std::get<bool>(v), where);
  if (path == "stations.pools") return set(st.pools, std::get<std::vector<std::string>>(v), where);
  const auto names = [&](Located<std::vector<std::string>>& field) {
    set(field, std::get<std::vector<std::string>>(v), where);
  };
  InboundSpec& in = spec.inbound;
  if (path == "inbound.doors") return i64(in.doors);
  if (path == "inbound.door_side") return str(in.door_side);
  if (path == "inbound.transfer_speed") return num(in.transfer_speed);
  if (path == "inbound.trucks.mode") return str(in.trucks.mode);
  if (path == "inbound.trucks.schedule")
    return set(in.trucks.schedule, std::get<std::vector<Duration>>(v), where);
  if (path == "inbound.trucks.rate") return num(in.trucks.rate);
  if (path == "inbound.trucks.lines") return dist(in.trucks.lines);
  if (path == "inbound.trucks.cases_per_line") return dist(in.trucks.cases_per_line);
  if (path == "inbound.units_per_case") return i64(in.units_per_case);
  if (path == "inbound.unload_time") return dist(in.unload_time);
  if (path == "inbound.receiving.scan") return str(in.receiving.scan);
  if (path == "inbound.receiving.scan_time") return dist(in.receiving.scan_time);
  if (path == "inbound.receiving.workers") return i64(in.receiving.workers);
  if (path == "inbound.receiving.pools") return names(in.receiving.pools);
  if (path == "inbound.inspection.share") return num(in.inspection.share);
  if (path == "inbound.inspection.time") return dist(in.inspection.time);
  if (path == "inbound.inspection.defect_rate") return nums(in.inspection.defect_rate);
  if (path == "inbound.stow.stations")
    return set(in.stow.stations, std::get<std::vector<std::int64_t>>(v), where);
  if (path == "inbound.stow.workers") return i64(in.stow.workers);
  if (path == "inbound.stow.pools") return names(in.stow.pools);
  if (path == "inbound.stow.time") return dist(in.stow.time);
  if (path == "inbound.stow.policy") return str(in.stow.policy);
  if (path == "inbound.stow.robot_priority") return str(in.stow.robot_priority);
  ReplenishmentSpec& rp = spec.replenishment;
  if (path == "replenishment.consolidation") return str(rp.consolidation);
  if (path == "replenishment.order_cutoff") return dur(rp.order_cutoff);
  // replenishment.a.*, .b.*, .c.*: one class each.
  constexpr std::string_view kClassPrefix = "replenishment.";
  if (path.starts_with(kClassPrefix) && path.size() > kClassPrefix.size() + 2 &&
      path[kClassPrefix.size() + 1] == '.') {
    const auto letter = static_cast<std::size_t>(path[kClassPrefix.size()] - 'a');
    ReplenishmentClassSpec& rc = spec.replenishment.classes.at(letter);
    const std::string_view leaf = std::string_view(path).substr(kClassPrefix.size() + 2);
    if (leaf == "policy") return str(rc.policy);
    if (leaf == "reorder_point") return i64(rc.reorder_point);
    if (leaf == "order_quantity") return i64(rc.order_quantity);
    if (leaf == "order_up_to") return i64(rc.order_up_to);
    if (leaf == "review_period") return dur(rc.review_period);
    if (leaf == "forecast") return str(rc.forecast);
    if (leaf == "alpha") return num(rc.alpha);
    if (leaf == "beta") return num(rc.beta);
    if (leaf == "gamma") return num(rc.gamma);
    if (leaf == "season_days") return i64(rc.season_days);
    if (leaf == "service_level") return num(rc.service_level);
    if (leaf == "cover") return dur(rc.cover);
    if (leaf == "lead_time") return dist(rc.lead_time);
    if (leaf == "supplier") return str(rc.supplier);
    if (leaf == "holding_cost") return num(rc.holding_cost);
    if (leaf == "initial_stock") return i64(rc.initial_stock);
  }
  if (path.starts_with("workforce.pools.")) {
    PoolSpec& pool = spec.workforce.pools.at(index);
    if (path == "workforce.pools.name") return str(pool.name);
    if (path == "workforce.pools.skills") return names(pool.skills);
    if (path == "workforce.pools.workers") return i64(pool.workers);
    if (path == "workforce.pools.shift_start") return dur(pool.shift_start);
    if (path == "workforce.pools.shift_end") return dur(pool.shift_end);
    if (path == "workforce.pools.days") return names(pool.days);
    if (path == "workforce.pools.breaks") return set(pool.breaks, std::get<std::vector<BreakSpec>>(v), where);
  }
  OutboundSpec& out = spec.outbound;
  if (path == "outbound.transfer_time") return dist(out.transfer_time);
  if (path == "outbound.pack.stations") return i64(out.pack.stations);
  if (path == "outbound.pack.workers") return i64(out.pack.workers);
  if (path == "outbound.pack.pools") return names(out.pack.pools);
  if (path == "outbound.pack.time") return dist(out.pack.time);
  if (path.starts_with("outbound.pack.size_classes.")) {
    PackSizeClassSpec& size = out.pack.size_classes.at(index);
    if (path == "outbound.pack.size_classes.max_units") return i64(size.max_units);
    if (path == "outbound.pack.size_classes.time") return dist(size.time);
  }
  if (path.starts_with("outbound.packaging.")) {
    PackagingSpec& packaging = out.packaging.at(index);
    if (path == "outbound.packaging.name") return str(packaging.name);
    if (path == "outbound.packaging.volume") return num(packaging.volume);
    if (path == "outbound.packaging.cost") return num(packaging.cost);
  }
  if (path == "outbound.sort_time") return dist(out.sort_time);
  if (path == "outbound.doors") return i64(out.doors);
  if (path.starts_with("outbound.carriers.")) {
    CarrierSpec& carrier = out.carriers.at(index);
    if (path == "outbound.carriers.name") return str(carrier.name);
    if (path == "outbound.carriers.share") return num(carrier.share);
    if (path == "outbound.carriers.max_order_volume") return num(carrier.max_order_volume);
    if (path == "outbound.carriers.cutoffs")
      return set(carrier.cutoffs, std::get<std::vector<Duration>>(v), where);
    if (path == "outbound.carriers.truck_packages") return i64(carrier.truck_packages);
    if (path == "outbound.carriers.truck_volume") return num(carrier.truck_volume);
    if (path == "outbound.carriers.dock_before") return dur(carrier.dock_before);
    if (path == "outbound.carriers.load_time") return dist(carrier.load_time);
    if (path == "outbound.carriers.lanes") return i64(carrier.lanes);
    if (path == "outbound.carriers.lane_capacity") return i64(carrier.lane_capacity);
    if (path == "outbound.carriers.truck_cost") return num(carrier.truck_cost);
    if (path == "outbound.carriers.truck_co2") return num(carrier.truck_co2);
    if (path == "outbound.carriers.route_km") return num(carrier.route_km);
    if (path == "outbound.carriers.truck_co2_per_km") return num(carrier.truck_co2_per_km);
  }
  if (path == "outbound.promise_lead") return dur(out.promise_lead);
  BatterySpec& bat = spec.batteries;
  if (path == "batteries.capacity") return num(bat.capacity);
  if (path == "batteries.initial") return num(bat.initial);
  if (path == "batteries.consumption.empty") return num(bat.consumption.empty);
  if (path == "batteries.consumption.loaded") return num(bat.consumption.loaded);
  if (path == "batteries.consumption.lift") return num(bat.consumption.lift);
  if (path == "batteries.consumption.idle") return num(bat.consumption.idle);
  if (path == "batteries.charging.below") return num(bat.charging.below);
  if (path == "batteries.charging.to") return num(bat.charging.to);
  if (path == "batteries.charging.opportunity_below") return num(bat.charging.opportunity_below);
  if (path == "batteries.chargers.count") return i64(bat.chargers.count);
  if (path == "batteries.chargers.side") return str(bat.chargers.side);
  if (path == "batteries.chargers.bays") return i64(bat.chargers.bays);
  if (path == "batteries.chargers.power") return num(bat.chargers.power);
  if (path == "batteries.chargers.taper_from") return num(bat.chargers.taper_from);
  if (path == "batteries.chargers.taper_floor") return num(bat.chargers.taper_floor);
  if (path == "batteries.chargers.efficiency") return num(bat.chargers.efficiency);
  if (path == "batteries.grid_intensity") return num(bat.grid_intensity);
  ReturnsSpec& ret = spec.returns;
  if (path == "returns.rate") return nums(ret.rate);
  if (path == "returns.delay") return dist(ret.delay);
  if (path == "returns.arrival_times")
    return set(ret.arrival_times, std::get<std::vector<Duration>>(v), where);
  if (path == "returns.workers") return i64(ret.workers);
  if (path == "returns.pools") return names(ret.pools);
  if (path == "returns.inspect_time") return dist(ret.inspect_time);
  if (path == "returns.outcomes.restock") return num(ret.restock);
  if (path == "returns.outcomes.refurbish") return num(ret.refurbish);
  if (path == "returns.refurbish_time") return dist(ret.refurbish_time);
  AccuracySpec& acc = spec.accuracy;
  if (path == "damage.unload") return num(acc.damage_unload);
  if (path == "damage.stow") return num(acc.damage_stow);
  if (path == "damage.pick") return num(acc.damage_pick);
  if (path == "damage.pack") return num(acc.damage_pack);
  if (path == "record_errors.unrecorded_damage") return num(acc.unrecorded_damage);
  if (path == "record_errors.wrong_bin") return num(acc.wrong_bin);
  if (path == "record_errors.miscount") return num(acc.miscount);
  if (path == "record_errors.miscount_max") return i64(acc.miscount_max);
  if (path == "record_errors.shrinkage") return num(acc.shrinkage);
  AuditSpec& audit = spec.audit;
  if (path == "audit.workers") return i64(audit.workers);
  if (path == "audit.pools") return names(audit.pools);
  if (path == "audit.count_time") return dist(audit.count_time);
  if (path == "audit.abc_interval_days") return nums(audit.abc_interval_days);
  if (path == "audit.bins_per_day") return i64(audit.bins_per_day);
  if (path == "audit.on_pick_exception") return set(audit.on_pick_exception, std::get<bool>(v), where);
  if (path == "audit.on_zero_record") return set(audit.on_zero_record, std::get<bool>(v), where);
  CostSpec& cost = spec.costs;
  if (path == "costs.currency") return str(cost.currency);
  if (path == "costs.labour.pick") return num(cost.labour_pick);
  if (path == "costs.labour.stow") return num(cost.labour_stow);
  if (path == "costs.labour.inspect") return num(cost.labour_inspect);
  if (path == "costs.labour.pack") return num(cost.labour_pack);
  if (path == "costs.labour.returns") return num(cost.labour_returns);
  if (path == "costs.labour.audit") return num(cost.labour_audit);
  if (path == "costs.robots.purchase_price") return num(cost.robot_price);
  if (path == "costs.robots.amortisation_days") return num(cost.robot_amortisation_days);
  if (path == "costs.robots.maintenance_per_hour") return num(cost.robot_maintenance);
  if (path == "costs.energy_price") return num(cost.energy_price);
  throw ContractError(fmt::format("schema key '{}' has no field in ScenarioSpec", path));
}

/// Whether the key belongs to the items of a list of sections (workforce.pools.name, ...): such
/// keys get their defaults per item, not in the spec's top level.
bool is_item_key(const KeySpec& key) {
  const auto dot = key.path.rfind('.');
  if (dot == std::string::npos) return false;
  const KeySpec* parent = find_key(std::string_view(key.path).substr(0, dot));
  return parent != nullptr && parent->type == ValueType::kSectionList;
}

/// Appends an item to a list of sections of the spec; returns its index.
template <class Item>
std::size_t append_item(std::vector<Item>& items, const SourceLocation& where) {
  items.emplace_back();
  items.back().where = where;
  return items.size() - 1;
}

std::size_t append_item(ScenarioSpec& spec, const std::string& list, const SourceLocation& where) {
  if (list == "workforce.pools") return append_item(spec.workforce.pools, where);
  if (list == "outbound.pack.size_classes") return append_item(spec.outbound.pack.size_classes, where);
  if (list == "outbound.packaging") return append_item(spec.outbound.packaging, where);
  if (list == "outbound.carriers") return append_item(spec.outbound.carriers, where);
  throw ContractError(fmt::format("schema list '{}' has no field in ScenarioSpec", list));
}

/// Why `label` is not a currency label (1 to 8 characters, no spaces or control characters), or
/// nullopt. Characters are counted as UTF-8 code points (the document is valid UTF-8), so the euro
/// sign is one.
std::optional<std::string> currency_problem(std::string_view label) {
  constexpr std::string_view kExpected =
      "expected a short label of 1 to 8 characters without spaces, such as EUR, USD or kCHF";
  constexpr std::size_t kMaxCharacters = 8;
  if (label.empty()) return fmt::format("the label is empty ({})", kExpected);
  std::size_t characters = 0;
  for (std::size_t i = 0; i < label.size(); ++i) {
    const auto c = static_cast<unsigned char>(label[i]);
    if ((c & 0xC0U) != 0x80U) ++characters;  // not a continuation byte: a character starts
    if (c == ' ') return fmt::format("{} contains a space ({})", in_quotes(label), kExpected);
    if (c < 0x20U || c == 0x7FU) {
      return fmt::format("the label contains the control character 0x{:02X} ({})", c, kExpected);
    }
    // ASCII: letters, digits and $ only; "/" or "." would read as part of a unit (EUR/day).
    if (c < 0x80U && std::isalnum(c) == 0 && c != '$') {
      return fmt::format("{} contains \"{}\" ({}, letters, digits or currency signs)", in_quotes(label),
                         static_cast<char>(c), kExpected);
    }
    // Unicode spaces: U+2000 to U+200A, U+202F, U+205F (E2 80 80-8A, E2 80 AF, E2 81 9F), U+3000.
    if (i + 2 < label.size() && c >= 0xE2U && c <= 0xE3U) {
      const auto b1 = static_cast<unsigned char>(label[i + 1]);
      const auto b2 = static_cast<unsigned char>(label[i + 2]);
      if ((c == 0xE2U && b1 == 0x80U && (b2 <= 0x8AU || b2 == 0xAFU)) ||
          (c == 0xE2U && b1 == 0x81U && b2 == 0x9FU) || (c == 0xE3U && b1 == 0x80U && b2 == 0x80U)) {
        return fmt::format("{} contains a space ({})", in_quotes(label), kExpected);
      }
    }
    // U+0080 to U+009F (C1 controls) and U+00A0 (no-break space) are C2 80 to C2 A0 in UTF-8.
    if (c == 0xC2U && i + 1 < label.size()) {
      const auto next = static_cast<unsigned char>(label[i + 1]);
      if (next == 0xA0U) return fmt::format("{} contains a no-break space ({})", in_quotes(label), kExpected);
      if (next < 0xA0U) {
        return fmt::format("the label contains the control character U+{:04X} ({})", next, kExpected);
      }
    }
  }
  if (characters > kMaxCharacters) {
    return fmt::format("{} is {} characters long ({})", in_quotes(label), characters, kExpected);
  }
  return std::nullopt;
}

std::string suggestion(std::string_view key, std::string_view section) {
  const auto names = child_names(section);
  if (const auto best = closest_match(key, names)) return fmt::format(" (did you mean \"{}\"?)", *best);
  return names.empty() ? std::string(" (this section takes no keys)")
                       : fmt::format(" (expected {})", join_alternatives(names));
}

class Checker {
 public:
  explicit Checker(const YamlDocument& doc) : doc_(doc), spec_(default_scenario(doc.file())) {}

  ScenarioSpec run() {
    const YamlNode& root = doc_.node(doc_.root());
    if (root.kind != YamlKind::kMapping) {
      error(doc_.where(doc_.root()), "", "a scenario must be a mapping of sections (name, simulation, ...)");
    } else {
      section(doc_.root(), "");
      cross_checks();
    }
    if (!errors_.empty()) throw InputError(std::move(errors_));
    return std::move(spec_);
  }

 private:
  void error(SourceLocation where, std::string path, std::string message) {
    // An override names its key already ("command line: --set a.b=1"): no key path after it.
    if (where.line == 0 && where.file.starts_with("command line: --set ")) path.clear();
    errors_.push_back(Diagnostic{std::move(where), std::move(path), std::move(message)});
  }

  /// A section at schema path `path`; `shown` is the path for messages (with [i] inside lists),
  /// `index` the list item the keys belong to.
  void section(NodeIndex n, const std::string& path, const std::string& shown = "", std::size_t index = 0) {
    const std::string& display = shown.empty() ? path : shown;
    const YamlNode& node = doc_.node(n);
    if (path == "floor") spec_.floor.section = doc_.where(n);
    if (path == "inbound") inbound_section_ = doc_.where(n);
    if (path == "outbound") outbound_section_ = doc_.where(n);
    if (path == "batteries") batteries_section_ = doc_.where(n);
    if (path == "costs") costs_section_ = doc_.where(n);
    if (path == "returns") returns_section_ = doc_.where(n);
    // The first of the two accuracy sections in the file.
    if ((path == "damage" || path == "record_errors") && !accuracy_section_)
      accuracy_section_ = doc_.where(n);
    if (path == "audit") audit_section_ = doc_.where(n);
    if (node.kind == YamlKind::kNull) return;  // an empty section
    if (node.kind != YamlKind::kMapping) {
      error(doc_.where(n), display, "expected a section (a mapping of keys)");
      return;
    }
    for (const YamlEntry& e : node.entries) {
      const std::string child = path.empty() ? e.key : path + "." + e.key;
      const std::string child_shown = display.empty() ? e.key : display + "." + e.key;
      // A key is one name: "a.b" is not the path a -> b (and must not reach keys of list items).
      const KeySpec* key = e.key.find('.') == std::string::npos ? find_key(child) : nullptr;
      const SourceLocation key_at = doc_.where(e);
      if (key == nullptr) {
        error(key_at, child_shown, fmt::format("unknown key \"{}\"{}", e.key, suggestion(e.key, path)));
        continue;
      }
      // Any outbound key (a section or list too), even a wrong one, turns outbound on.
      if (child.starts_with("outbound.")) {
        if (!spec_.outbound.enabled) spec_.outbound.where = key_at;
        spec_.outbound.enabled = true;
        seen_.push_back(child);
      }
      if (key->type == ValueType::kSection) {
        section(e.value, child, child_shown, index);
      } else if (key->type == ValueType::kSectionList) {
        section_list(*key, e.value, key_at);
      } else {
        leaf(*key, e.value, key_at, child_shown, index);
      }
    }
  }

  /// A list of sections (workforce.pools, outbound.carriers, ...): each item gets the schema
  /// defaults of its keys, then its own values; required keys must be given.
  void section_list(const KeySpec& list, NodeIndex n, const SourceLocation& key_at) {
    const YamlNode& node = doc_.node(n);
    if (node.kind == YamlKind::kNull) return;
    if (node.kind != YamlKind::kSequence) {
      error(doc_.where(n), list.path, "expected a list of sections (each item a mapping of keys)");
      return;
    }
    if (list.path == "outbound.carriers") carriers_list_ = key_at;
    const std::string prefix = list.path + ".";
    for (std::size_t i = 0; i < node.items.size(); ++i) {
      const NodeIndex item = node.items[i];
      const std::string shown = fmt::format("{}[{}]", list.path, i);
      const std::size_t index = append_item(spec_, list.path, doc_.where(item));
      for (const KeySpec& key : scenario_schema()) {
        if (!key.path.starts_with(prefix) || key.default_value.empty()) continue;
        const YamlDocument d = YamlDocument::parse(key.default_value, "schema default of " + key.path);
        std::vector<Diagnostic> ignored;
        auto v = convert(key, d, d.root(), ignored);
        assign(spec_, key.path, std::get<Value>(v), SourceLocation{doc_.file(), 0, 0}, index);
      }
      if (doc_.node(item).kind != YamlKind::kMapping) {
        error(doc_.where(item), shown, "expected a section (a mapping of keys)");
        continue;
      }
      section(item, list.path, shown, index);
      for (const KeySpec& key : scenario_schema()) {
        if (!key.path.starts_with(prefix) || !key.required) continue;
        if (doc_.find(item, key.path.substr(prefix.size())) == nullptr) {
          error(doc_.where(item), shown,
                fmt::format("{} is missing (every item needs one)", key.path.substr(prefix.size())));
        }
      }
      if (list.path == "outbound.carriers") route_check(item, shown, spec_.outbound.carriers[index]);
    }
  }

  /// A carrier's route_km and truck_co2_per_km are given together or not at all: one alone is a
  /// problem at the one given (a wrong value of the other is reported once, as wrong).
  void route_check(NodeIndex item, const std::string& shown, const CarrierSpec& carrier) {
    const std::pair<const Located<double>*, const char*> keys[] = {
        {&carrier.route_km, "route_km"}, {&carrier.truck_co2_per_km, "truck_co2_per_km"}};
    for (std::size_t i = 0; i < 2; ++i) {
      const auto& [field, name] = keys[i];
      const char* other = keys[1 - i].second;
      if (!field->given || doc_.find(item, other) != nullptr) continue;
      error(field->where, fmt::format("{}.{}", shown, name),
            fmt::format("given without {}.{} (expected both or neither: a truck emits route_km x "
                        "truck_co2_per_km kg of CO2 per departure, on top of truck_co2)",
                        shown, other));
    }
  }

  void leaf(const KeySpec& key, NodeIndex n, const SourceLocation& key_at, const std::string& shown,
            std::size_t index) {
    const YamlNode& node = doc_.node(n);
    // An empty value has no position of its own worth showing: point at its key.
    const SourceLocation where = node.kind == YamlKind::kNull ? key_at : doc_.where(n);
    // Any inbound or replenishment key, even a wrong one, turns inbound on (outbound: section()).
    if (key.path.starts_with("inbound.") || key.path.starts_with("replenishment.")) {
      if (!spec_.inbound.enabled) spec_.inbound.where = key_at;
      spec_.inbound.enabled = true;
      seen_.push_back(key.path);
    }
    // Any batteries key, even a wrong one, turns batteries on.
    if (key.path.starts_with("batteries.")) {
      if (!spec_.batteries.enabled) spec_.batteries.where = key_at;
      spec_.batteries.enabled = true;
      seen_.push_back(key.path);
    }
    // Any costs key, and a packaging or truck cost, even a wrong one, turns cost accounting on (so
    // those costs are never silently ignored).
    if (key.path.starts_with("costs.") || key.path == "outbound.packaging.cost" ||
        key.path == "outbound.carriers.truck_cost") {
      if (!spec_.costs.enabled) spec_.costs.where = key_at;
      spec_.costs.enabled = true;
      seen_.push_back(key.path);
    }
    // Any returns key, even a wrong one, turns returns on.
    if (key.path.starts_with("returns.")) {
      if (!spec_.returns.enabled) spec_.returns.where = key_at;
      spec_.returns.enabled = true;
      seen_.push_back(key.path);
    }
    // Any damage or record_errors key, even a wrong one, turns damage and record errors on.
    if (key.path.starts_with("damage.") || key.path.starts_with("record_errors.")) {
      if (!spec_.accuracy.enabled) spec_.accuracy.where = key_at;
      spec_.accuracy.enabled = true;
      seen_.push_back(key.path);
    }
    // Any audit key, even a wrong one, turns cycle counting on.
    if (key.path.starts_with("audit.")) {
      if (!spec_.audit.enabled) spec_.audit.where = key_at;
      spec_.audit.enabled = true;
      seen_.push_back(key.path);
    }
    auto converted = convert(key, doc_, n, errors_, shown);
    if (const auto* message = std::get_if<std::string>(&converted)) {
      if (!message->empty()) error(where, shown, *message);
      return;
    }
    if (const auto* problem = std::get_if<ItemProblem>(&converted)) {
      error(doc_.where(problem->item), shown, problem->message);
      return;
    }
    const Value& v = std::get<Value>(converted);
    if (const auto x = numeric(v)) {
      if ((key.min && *x < *key.min) || (key.max && *x > *key.max)) {
        error(where, shown, fmt::format("{} is out of range (expected {})", in_quotes(node.text), key.range));
        return;
      }
    }
    assign(spec_, key.path, v, where, index);
  }

  void workforce_checks() {
    const auto& pools = spec_.workforce.pools;
    std::vector<std::string_view> names;
    for (std::size_t i = 0; i < pools.size(); ++i) {
      const PoolSpec& p = pools[i];
      if (p.name.given && std::find(names.begin(), names.end(), p.name.value) != names.end()) {
        error(p.name.where, fmt::format("workforce.pools[{}].name", i),
              fmt::format("a pool named \"{}\" is already defined (names must be unique)", p.name.value));
      } else if (p.name.given) {
        names.push_back(p.name.value);
      }
      // Breaks must lie inside the shift (clock times; a night shift runs past midnight).
      const Duration day = Duration::hours(24);
      const Duration start = p.shift_start.value;
      Duration end = p.shift_end.value;
      if (end <= start) end = end + day;
      for (const BreakSpec& b : p.breaks.value) {
        Duration at = b.start;
        if (at < start) at = at + day;
        if (at < start || at + b.length > end) {
          error(p.breaks.where, fmt::format("workforce.pools[{}].breaks", i),
                fmt::format("the break at {} for {} is not inside the shift {} to {}", format_clock(b.start),
                            format_human(b.length), format_clock(p.shift_start.value),
                            format_clock(p.shift_end.value)));
          break;
        }
      }
    }
    const auto& wanted = spec_.stations.pools;
    if (!pools.empty() && wanted.value.empty() &&
        std::none_of(pools.begin(), pools.end(), [](const PoolSpec& p) {
          return std::find(p.skills.value.begin(), p.skills.value.end(), "pick") != p.skills.value.end();
        })) {
      error(pools.front().where, "workforce.pools",
            "no pool has the pick skill, so no pick station would ever be staffed (add pick to a pool's "
            "skills)");
    }
    check_pool_names(wanted, "stations.pools", "pick");
  }

  /// Pool names in `wanted` (at key `path`) must name pools of workforce.pools with `skill`.
  void check_pool_names(const Located<std::vector<std::string>>& wanted, const char* path,
                        std::string_view skill) {
    const auto& pools = spec_.workforce.pools;
    std::vector<std::string_view> names;
    for (const PoolSpec& p : pools) {
      if (p.name.given && std::find(names.begin(), names.end(), p.name.value) == names.end()) {
        names.push_back(p.name.value);
      }
    }
    for (const std::string& name : wanted.value) {
      const auto it =
          std::find_if(pools.begin(), pools.end(), [&](const PoolSpec& p) { return p.name.value == name; });
      if (it == pools.end()) {
        std::string hint;
        if (const auto best = closest_match(name, names)) hint = fmt::format("did you mean \"{}\"? ", *best);
        error(wanted.where, path,
              fmt::format("no worker pool named \"{}\" ({}expected {})", name, hint,
                          names.empty() ? std::string("a pool defined under workforce.pools")
                                        : join_alternatives(names)));
      } else if (std::find(it->skills.value.begin(), it->skills.value.end(), skill) ==
                 it->skills.value.end()) {
        error(wanted.where, path,
              fmt::format("the pool \"{}\" has no {} skill (its skills: {})", name, skill,
                          fmt::join(it->skills.value, ", ")));
      }
    }
  }

  [[nodiscard]] bool seen(const std::string& path) const {
    return std::find(seen_.begin(), seen_.end(), path) != seen_.end();
  }

  /// Inbound and replenishment: keys that need each other.
  void inbound_checks() {
    InboundSpec& in = spec_.inbound;
    if (in.enabled && inbound_section_) in.where = *inbound_section_;
    const TruckSpec& t = in.trucks;
    if (t.mode.value == "schedule" && !t.schedule.given && !seen("inbound.trucks.schedule")) {
      error(t.mode.where, "inbound.trucks.mode",
            "schedule needs inbound.trucks.schedule (the times of day the trucks arrive)");
    } else if (t.schedule.given && t.mode.value != "schedule") {
      error(t.schedule.where, "inbound.trucks.schedule", "only used with inbound.trucks.mode: schedule");
    }
    if (t.mode.value == "poisson" && !t.rate.given && !seen("inbound.trucks.rate")) {
      error(t.mode.where, "inbound.trucks.mode",
            "poisson needs inbound.trucks.rate (the mean truck arrival rate)");
    } else if (t.rate.given && t.mode.value != "poisson") {
      error(t.rate.where, "inbound.trucks.rate", "only used with inbound.trucks.mode: poisson");
    }
    if (in.enabled && !in.stow.stations.given && !seen("inbound.stow.stations")) {
      error(in.where, "inbound.stow.stations",
            "no stow stations are given, but inbound and replenishment need them (expected "
            "inbound.stow.stations: a list of station indices, such as [0])");
    }
    check_pool_names(in.receiving.pools, "inbound.receiving.pools", "inspect");
    check_pool_names(in.stow.pools, "inbound.stow.pools", "stow");
    constexpr std::array<char, 3> kClasses{'a', 'b', 'c'};
    for (std::size_t i = 0; i < kClasses.size(); ++i) {
      const ReplenishmentClassSpec& rc = spec_.replenishment.classes[i];
      const std::string at = fmt::format("replenishment.{}.", kClasses[i]);
      const std::string& policy = rc.policy.value;
      if (policy == "s_q" && !rc.order_quantity.given && !seen(at + "order_quantity")) {
        error(rc.policy.where, at + "policy",
              fmt::format("s_q needs {}order_quantity (the units one purchase order buys)", at));
      }
      if ((policy == "s_s" || policy == "r_s") && !rc.order_up_to.given && !seen(at + "order_up_to")) {
        error(rc.policy.where, at + "policy",
              fmt::format("{} needs {}order_up_to (the inventory position a purchase order restores)", policy,
                          at));
      } else if (policy == "s_s" && rc.order_up_to.given && rc.order_up_to.value <= rc.reorder_point.value) {
        error(rc.order_up_to.where, at + "order_up_to",
              fmt::format("{} is not above the reorder point {} (expected an order-up-to level above {}"
                          "reorder_point for s_s)",
                          rc.order_up_to.value, rc.reorder_point.value, at));
      }
    }
  }

  void cross_checks() {
    workforce_checks();
    const FloorSpec& f = spec_.floor;
    if (f.map.given && f.map_file.given) {
      error(f.map_file.where, "floor.map_file", "give either floor.map or floor.map_file, not both");
    }
    if (f.map_storage.given && !f.map_file.given) {
      error(f.map_storage.where, "floor.map_storage", "only used with floor.map_file");
    }
    if (f.map.given || f.map_file.given) {
      const char* used = f.map.given ? "floor.map" : "floor.map_file";
      const std::pair<const Located<std::int64_t>*, const char*> parametric[] = {
          {&f.block_columns, "floor.block_columns"},
          {&f.block_rows, "floor.block_rows"},
          {&f.block_width, "floor.block_width"},
          {&f.block_depth, "floor.block_depth"},
          {&f.aisle_width, "floor.aisle_width"},
          {&f.cross_aisle_width, "floor.cross_aisle_width"},
          {&f.margin, "floor.margin"},
          {&f.stations_per_side, "floor.stations_per_side"}};
      for (const auto& [field, name] : parametric) {
        // A map file places its stations by rule, so it keeps the two station keys.
        // Values inherited from a base scenario (another file) that the map makes irrelevant are
        // ignored: a scenario may extend a parametric one and switch to a map.
        const auto& map_at = f.map.given ? f.map.where : f.map_file.where;
        if (!field->given || (f.map_file.given && field == &f.stations_per_side)) continue;
        if (field->where.file != map_at.file && !field->where.file.starts_with("command line")) continue;
        error(field->where, name, fmt::format("not used with {} (the map fixes the layout)", used));
      }
      if (f.station_sides.given && f.map.given && f.station_sides.where.file == f.map.where.file) {
        error(f.station_sides.where, "floor.station_sides",
              "not used with floor.map (the map fixes the layout)");
      }
    }
    const SkuSpec& k = spec_.skus;
    if (k.master_file.given) {
      if (k.count.given && k.count.where.file == k.master_file.where.file) {
        error(k.count.where, "skus.count", "not used with skus.master_file (the master lists the SKUs)");
      }
      if (k.unit_volume.given && k.unit_volume.where.file == k.master_file.where.file) {
        error(k.unit_volume.where, "skus.unit_volume",
              "not used with skus.master_file (the master gives volumes)");
      }
    }
    const OrderSpec& o = spec_.orders;
    if (o.mode.value == "poisson") {
      // Every order is kept (its timeline is a result): bound what one run may generate.
      constexpr double kMaxOrders = 5e7;
      const auto peak = [](const std::vector<double>& w) {
        if (w.empty()) return 1.0;
        double sum = 0;
        double max = 0;
        for (const double x : w) {
          sum += x;
          max = std::max(max, x);
        }
        return max / (sum / static_cast<double>(w.size()));
      };
      // The season profile weighs each calendar day of the run by its overlap with the horizon
      // (day 0 starts at the start time; days after the list count at 1).
      const double horizon = spec_.simulation.horizon.value.to_seconds();
      const double start = spec_.simulation.start.value.time_of_day.to_seconds();
      double weighted = horizon;
      for (std::size_t d = 0; d < o.season_profile.value.size(); ++d) {
        const double from = std::max(start, 86400.0 * static_cast<double>(d));
        const double to = std::min(start + horizon, 86400.0 * static_cast<double>(d + 1));
        if (to <= from) break;
        weighted += (to - from) * (o.season_profile.value[d] - 1.0);
      }
      const double expected =
          o.rate.value * weighted * peak(o.hourly_profile.value) * peak(o.day_profile.value);
      const bool by_season =
          o.season_profile.given && weighted > horizon &&
          o.rate.value * horizon * peak(o.hourly_profile.value) * peak(o.day_profile.value) <= kMaxOrders;
      if (by_season && expected > kMaxOrders) {
        error(
            o.season_profile.where, "orders.season_profile",
            fmt::format("with these multipliers the run would generate up to {:.3g} orders (expected at most "
                        "5e+07 per run: lower the multipliers, the rate or the horizon)",
                        expected));
      } else if (expected > kMaxOrders) {
        const auto& at = o.rate.given ? o.rate.where : spec_.simulation.horizon.where;
        error(at, o.rate.given ? "orders.rate" : "simulation.horizon",
              fmt::format(
                  "{} over {} would generate up to {:.3g} orders (expected at most 5e+07 per run: shorten "
                  "the horizon or lower the rate)",
                  o.rate.given ? "this rate" : "the rate", format_human(spec_.simulation.horizon.value),
                  expected));
      }
    }
    for (const double m : o.season_profile.value) {
      if (m > 1000.0) {
        error(o.season_profile.where, "orders.season_profile",
              fmt::format("a multiplier of {} (expected multipliers from 0 to 1,000)", m));
        break;
      }
    }
    if (o.mode.value == "file" && !o.file.given) {
      error(o.mode.where, "orders.mode", "file needs orders.file (the order file to replay)");
    } else if (o.file.given && o.mode.value != "file") {
      error(o.file.where, "orders.file", "only used with orders.mode: file");
    }
    if (k.popularity.value == "abc") {
      if (!k.abc_sku_shares.given || !k.abc_demand_shares.given) {
        error(k.popularity.where, "skus.popularity",
              "abc needs skus.abc_sku_shares and skus.abc_demand_shares (one weight per class each)");
      } else if (k.abc_sku_shares.value.size() != k.abc_demand_shares.value.size()) {
        error(k.abc_demand_shares.where, "skus.abc_demand_shares",
              fmt::format("{} classes, but skus.abc_sku_shares has {} (expected one share per class in both)",
                          k.abc_demand_shares.value.size(), k.abc_sku_shares.value.size()));
      }
    } else {
      for (const auto* field : {&k.abc_sku_shares, &k.abc_demand_shares}) {
        if (field->given) {
          error(field->where, field == &k.abc_sku_shares ? "skus.abc_sku_shares" : "skus.abc_demand_shares",
                "only used when skus.popularity is abc");
        }
      }
    }
    const SimulationSpec& s = spec_.simulation;
    if (s.warmup.value >= s.horizon.value) {
      const auto& at = s.warmup.given ? s.warmup : s.horizon;
      error(at.where, s.warmup.given ? "simulation.warmup" : "simulation.horizon",
            fmt::format("the warm-up ({}) must be shorter than the horizon ({})",
                        format_human(s.warmup.value), format_human(s.horizon.value)));
    }
    if (s.sample_interval.value > s.horizon.value) {
      const auto& at = s.sample_interval.given ? s.sample_interval : s.horizon;
      error(at.where, s.sample_interval.given ? "simulation.sample_interval" : "simulation.horizon",
            fmt::format("the sample interval ({}) is longer than the horizon ({})",
                        format_human(s.sample_interval.value), format_human(s.horizon.value)));
    }
    inbound_checks();
    outbound_checks();
    battery_checks();
    cost_checks();
    returns_checks();
    accuracy_checks();
    audit_checks();
    traffic_checks();
  }

  /// Traffic mode: its settings only with it, and no batteries yet (docs/model.md, "Traffic").
  void traffic_checks() {
    const RobotSpec& r = spec_.robots;
    const bool traffic = r.movement.value == "traffic";
    if (!traffic) {
      const std::pair<const SourceLocation*, const char*> keys[] = {
          {r.traffic_node_limit.given ? &r.traffic_node_limit.where : nullptr, "robots.traffic.node_limit"},
          {r.traffic_retry.given ? &r.traffic_retry.where : nullptr, "robots.traffic.retry"},
          {r.traffic_gridlock_after.given ? &r.traffic_gridlock_after.where : nullptr,
           "robots.traffic.gridlock_after"},
          {r.traffic_check.given ? &r.traffic_check.where : nullptr, "robots.traffic.check"}};
      for (const auto& [where, name] : keys) {
        if (where != nullptr) {
          error(*where, name,
                "is used only in traffic mode (expected robots.movement: traffic, or no " +
                    std::string(name) + ")");
        }
      }
      return;
    }
    if (spec_.batteries.enabled) {
      error(r.movement.where, "robots.movement",
            "traffic mode does not model batteries and charging yet (expected robots.movement: travel_time "
            "with batteries, or no batteries section)");
    }
  }

  /// Whether `a` was given after `b`: a --set override after the file, the scenario's own file
  /// after the base scenarios it extends, and within a file by position.
  [[nodiscard]] bool given_after(const SourceLocation& a, const SourceLocation& b) const {
    const auto rank = [&](const SourceLocation& w) {
      if (w.file.starts_with("command line")) return 2;
      return w.file == doc_.file() ? 1 : 0;
    };
    if (rank(a) != rank(b)) return rank(a) > rank(b);
    return std::pair(a.line, a.column) > std::pair(b.line, b.column);
  }

  /// Returns: restocked units go through the inbound stow flow, the pools named exist and have the
  /// returns skill, delivery times are distinct times of day, and the outcome shares add up to at
  /// most 100%.
  void returns_checks() {
    ReturnsSpec& r = spec_.returns;
    if (!r.enabled) return;
    if (returns_section_) r.where = *returns_section_;
    if (!spec_.inbound.enabled) {
      error(r.where, "inbound.stow.stations",
            "returned units are restocked by the stow flow, so the scenario needs inbound stow stations "
            "(expected inbound.stow.stations: a list of station indices, such as [0], which turns inbound "
            "on)");
    }
    check_pool_names(r.pools, "returns.pools", "returns");
    // "00:00" and "24:00" are one delivery (exact repeats are rejected with the list).
    const auto& times = r.arrival_times.value;
    const auto midnight = std::find(times.begin(), times.end(), Duration::zero());
    if (midnight != times.end() &&
        std::find(times.begin(), times.end(), Duration::hours(24)) != times.end()) {
      error(r.arrival_times.where, "returns.arrival_times",
            "00:00 and 24:00 are the same time of day (expected distinct times)");
    }
    // A wrong share is reported once, not again in the sum.
    const std::pair<const Located<double>*, const char*> shares[] = {
        {&r.restock, "returns.outcomes.restock"}, {&r.refurbish, "returns.outcomes.refurbish"}};
    for (const auto& [share, name] : shares) {
      if (!share->given && seen(name)) return;
    }
    constexpr double kTolerance = 1e-9;  // 70% + 30% may add up to a hair above 1
    const double sum = r.restock.value + r.refurbish.value;
    if (sum <= 1.0 + kTolerance) return;
    // At the share given last (one given: that one; a default alone cannot exceed 100%).
    const bool at_restock =
        r.restock.given && (!r.refurbish.given || given_after(r.restock.where, r.refurbish.where));
    const auto& [at, at_name] = shares[at_restock ? 0 : 1];
    const auto& [other, other_name] = shares[at_restock ? 1 : 0];
    const auto percent = [](const Located<double>& share) {
      return fmt::format("{:g}%{}", share.value * 100.0, share.given ? "" : ", the default");
    };
    error(at->where, at_name,
          fmt::format("{} with {} ({}) adds up to {:g}% of the inspected units (expected restock and "
                      "refurbish to add up to at most 100%; the rest is disposed of)",
                      percent(*at), other_name, percent(*other), sum * 100.0));
  }

  /// Damage and record errors: each rate above 0 needs the flow it happens in (inbound for
  /// unloading, stowing and receiving, outbound for packing), unrecorded damage needs damage to
  /// miss, and the miscount size needs miscounts. Each problem is reported at its key.
  void accuracy_checks() {
    AccuracySpec& a = spec_.accuracy;
    if (!a.enabled) return;
    if (accuracy_section_) a.where = *accuracy_section_;
    const auto percent = [](const Located<double>& rate) { return fmt::format("{:g}%", rate.value * 100.0); };
    constexpr std::string_view kTurnsInboundOn =
        "expected inbound.stow.stations: a list of station indices, such as [0], which turns inbound on";
    const std::tuple<const Located<double>*, const char*, const char*> inbound[] = {
        {&a.damage_unload, "damage.unload", "no trucks are unloaded"},
        {&a.damage_stow, "damage.stow", "nothing is stowed"},
        {&a.wrong_bin, "record_errors.wrong_bin", "no cases are stowed"},
        {&a.miscount, "record_errors.miscount", "no cases are received"}};
    for (const auto& [rate, name, without] : inbound) {
      if (spec_.inbound.enabled || !(rate->value > 0)) continue;
      error(rate->where, name,
            fmt::format("{} needs inbound (without it {}; {})", percent(*rate), without, kTurnsInboundOn));
    }
    if (!spec_.outbound.enabled && a.damage_pack.value > 0) {
      error(a.damage_pack.where, "damage.pack",
            fmt::format("{} needs outbound (without it nothing is packed; expected outbound.carriers: a list "
                        "of carriers, each with a name and cutoffs, which turns outbound on)",
                        percent(a.damage_pack)));
    }
    // A wrong damage rate is reported once, not again as no damage.
    const auto wrong = [&](const Located<double>& rate, const char* name) {
      return !rate.given && seen(name);
    };
    if (a.unrecorded_damage.value > 0 && !(a.damage_unload.value > 0) && !(a.damage_stow.value > 0) &&
        !wrong(a.damage_unload, "damage.unload") && !wrong(a.damage_stow, "damage.stow")) {
      error(a.unrecorded_damage.where, "record_errors.unrecorded_damage",
            fmt::format("{} of the unload and stow damage, but damage.unload and damage.stow are 0, so there "
                        "is no damage to miss (expected damage.unload or damage.stow above 0)",
                        percent(a.unrecorded_damage)));
    }
    if (a.miscount_max.given && !(a.miscount.value > 0) && !wrong(a.miscount, "record_errors.miscount")) {
      error(a.miscount_max.where, "record_errors.miscount_max",
            "only used when record_errors.miscount is above 0 (no count is off, so this has no effect)");
    }
  }

  /// Cycle counting: the pools named exist and have the audit skill, and something must be counted
  /// (a class interval, records per day or a trigger). A wrong value of one of those keys is
  /// reported once, not again as counting nothing.
  void audit_checks() {
    AuditSpec& a = spec_.audit;
    if (!a.enabled) return;
    if (audit_section_) a.where = *audit_section_;
    check_pool_names(a.pools, "audit.pools", "audit");
    const std::pair<bool, const char*> counts[] = {{a.abc_interval_days.given, "audit.abc_interval_days"},
                                                   {a.bins_per_day.given, "audit.bins_per_day"},
                                                   {a.on_pick_exception.given, "audit.on_pick_exception"},
                                                   {a.on_zero_record.given, "audit.on_zero_record"}};
    for (const auto& [given, name] : counts) {
      if (!given && seen(name)) return;
    }
    const auto& days = a.abc_interval_days.value;
    const bool by_class = std::any_of(days.begin(), days.end(), [](double d) { return d > 0; });
    if (by_class || a.bins_per_day.value > 0 || a.on_pick_exception.value || a.on_zero_record.value) return;
    error(a.where, "audit",
          "counts nothing: no class has an interval, no records are counted per day and no pick triggers a "
          "count (expected audit.abc_interval_days above 0 for a class, audit.bins_per_day above 0, "
          "audit.on_pick_exception or audit.on_zero_record true)");
  }

  /// Costs: the currency is a short label.
  void cost_checks() {
    CostSpec& c = spec_.costs;
    if (!c.enabled) return;
    if (costs_section_) c.where = *costs_section_;
    if (!c.currency.given) return;
    if (const auto problem = currency_problem(c.currency.value)) {
      error(c.currency.where, "costs.currency", *problem);
    }
  }

  /// Batteries: a robot must charge to a level above those that send it to charge. Each problem
  /// is reported at the level given in the file (batteries.charging.to when both are).
  void battery_checks() {
    BatterySpec& b = spec_.batteries;
    if (!b.enabled) return;
    if (batteries_section_) b.where = *batteries_section_;
    const Located<double>& to = b.charging.to;
    const auto percent = [](const Located<double>& level) {
      return fmt::format("{:g}%{}", level.value * 100.0, level.given ? "" : ", the default");
    };
    const std::pair<const Located<double>*, const char*> lower[] = {
        {&b.charging.below, "batteries.charging.below"},
        {&b.charging.opportunity_below, "batteries.charging.opportunity_below"}};
    // A wrong value is reported once, not again against its default.
    const auto wrong = [&](const Located<double>& level, const char* name) {
      return !level.given && seen(name);
    };
    for (const auto& [level, name] : lower) {
      if (to.value > level->value || wrong(to, "batteries.charging.to") || wrong(*level, name)) continue;
      if (to.given || !level->given) {
        error(to.where, "batteries.charging.to",
              fmt::format("{} is not above {} ({}) (expected a level above those that send a robot to "
                          "charge)",
                          percent(to), name, percent(*level)));
      } else {
        error(level->where, name,
              fmt::format("{} is not below batteries.charging.to ({}) (expected a level below the one "
                          "robots charge up to)",
                          percent(*level), percent(to)));
      }
    }
  }

  /// Outbound: carriers are required, names and size classes distinct, every order must have a
  /// carrier, and a carrier's trucks must not overlap at the docks.
  void outbound_checks() {
    OutboundSpec& out = spec_.outbound;
    if (!out.enabled) return;
    if (outbound_section_) out.where = *outbound_section_;
    if (out.carriers.empty() && carriers_list_) {
      error(*carriers_list_, "outbound.carriers", "the list is empty (expected at least one carrier)");
    } else if (out.carriers.empty() && !seen("outbound.carriers")) {
      error(out.where, "outbound.carriers",
            "no carriers are given, but outbound needs them (expected outbound.carriers: a list of carriers, "
            "each with a name and cutoffs)");
    }
    check_pool_names(out.pack.pools, "outbound.pack.pools", "pack");
    const auto& classes = out.pack.size_classes;
    for (std::size_t i = 0; i < classes.size(); ++i) {
      const auto& units = classes[i].max_units;
      if (units.given &&
          std::any_of(classes.begin(), classes.begin() + static_cast<std::ptrdiff_t>(i),
                      [&](const PackSizeClassSpec& c) { return c.max_units.value == units.value; })) {
        error(units.where, fmt::format("outbound.pack.size_classes[{}].max_units", i),
              fmt::format("a size class of up to {} units is already defined (expected distinct max_units)",
                          units.value));
      }
    }
    unique_names(out.packaging, "outbound.packaging", "a packaging type");
    unique_names(out.carriers, "outbound.carriers", "a carrier");
    const auto& carriers = out.carriers;
    if (!carriers.empty()) {
      const auto ships = [](const CarrierSpec& c) { return c.share.value > 0; };
      if (std::none_of(carriers.begin(), carriers.end(), ships)) {
        error(carriers.front().where, "outbound.carriers",
              "every carrier has share 0, so no order could ship (expected a carrier with a share above 0)");
      } else if (std::none_of(carriers.begin(), carriers.end(),
                              [&](const CarrierSpec& c) { return ships(c) && !c.max_order_volume.given; })) {
        error(carriers.front().where, "outbound.carriers",
              "every carrier with a share above 0 has a max_order_volume, so a larger order would have no "
              "carrier (every order needs one: expected a carrier with a share above 0 and no "
              "max_order_volume)");
      }
    }
    for (std::size_t i = 0; i < carriers.size(); ++i) dock_gap_check(carriers[i], i);
  }

  /// Items of a list of sections must have distinct names.
  template <class Item>
  void unique_names(const std::vector<Item>& items, std::string_view list, std::string_view what) {
    std::vector<std::string_view> names;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Located<std::string>& name = items[i].name;
      if (!name.given) continue;
      if (std::find(names.begin(), names.end(), name.value) != names.end()) {
        error(name.where, fmt::format("{}[{}].name", list, i),
              fmt::format("{} named \"{}\" is already defined (names must be unique)", what, name.value));
      } else {
        names.push_back(name.value);
      }
    }
  }

  /// One truck per carrier docks at a time: it docks dock_before its cutoff, so dock_before must
  /// not exceed the shortest gap between two consecutive cutoffs (the last to the next day's first
  /// counts too).
  void dock_gap_check(const CarrierSpec& c, std::size_t i) {
    if (c.cutoffs.value.empty()) return;
    std::vector<Duration> times = c.cutoffs.value;
    std::sort(times.begin(), times.end());
    const Duration day = Duration::hours(24);
    std::size_t shortest = times.size() - 1;  // the gap from times[shortest] to the next cutoff
    Duration gap = times.front() + day - times.back();
    for (std::size_t j = 0; j + 1 < times.size(); ++j) {
      if (times[j + 1] - times[j] < gap) {
        gap = times[j + 1] - times[j];
        shortest = j;
      }
    }
    const Duration from = times[shortest];
    const Duration to = times[(shortest + 1) % times.size()];
    if (gap == Duration::zero()) {
      error(c.cutoffs.where, fmt::format("outbound.carriers[{}].cutoffs", i),
            fmt::format("{} and {} are the same time of day (expected distinct cutoffs)", format_clock(from),
                        format_clock(to)));
    } else if (c.dock_before.value > gap) {
      const bool given = c.dock_before.given;
      error(given ? c.dock_before.where : c.cutoffs.where,
            fmt::format("outbound.carriers[{}].{}", i, given ? "dock_before" : "cutoffs"),
            fmt::format("a truck docks {} before its cutoff{}, longer than the shortest gap between two "
                        "cutoffs ({}, from {} to {}), but one truck per carrier docks at a time (expected "
                        "dock_before at most {})",
                        format_human(c.dock_before.value), given ? "" : " (the default dock_before)",
                        format_human(gap), format_clock(from), format_clock(to), format_human(gap)));
    }
  }

  const YamlDocument& doc_;
  ScenarioSpec spec_;
  std::vector<Diagnostic> errors_;
  std::optional<SourceLocation> inbound_section_;    ///< where the inbound section is, when given
  std::optional<SourceLocation> outbound_section_;   ///< where the outbound section is, when given
  std::optional<SourceLocation> carriers_list_;      ///< where outbound.carriers is, when a list
  std::optional<SourceLocation> batteries_section_;  ///< where the batteries section is, when given
  std::optional<SourceLocation> costs_section_;      ///< where the costs section is, when given
  std::optional<SourceLocation> returns_section_;    ///< where the returns section is, when given
  std::optional<SourceLocation> accuracy_section_;   ///< where damage or record_errors is, when given
  std::optional<SourceLocation> audit_section_;      ///< where the audit section is, when given
  /// Inbound, replenishment, outbound, batteries, costs, returns, damage, record_errors and audit keys
  /// in the file, wrong ones too (a wrong value is reported once, not again as a missing key or against a
  /// default).
  std::vector<std::string> seen_;
};

}  // namespace

ScenarioSpec default_scenario(const std::string& file) {
  ScenarioSpec spec;
  spec.file = file;
  const SourceLocation where{file, 0, 0};
  // Defaults come from the schema's own text (read as YAML, like a value in a file), so the
  // reference and the code cannot disagree.
  for (const KeySpec& key : scenario_schema()) {
    if (key.type == ValueType::kSection || key.default_value.empty() || is_item_key(key)) {
      continue;  // keys of list items get their defaults per item
    }
    const YamlDocument doc = YamlDocument::parse(key.default_value, "schema default of " + key.path);
    std::vector<Diagnostic> errors;
    auto v = convert(key, doc, doc.root(), errors);
    if (!errors.empty() || !std::holds_alternative<Value>(v)) {
      throw ContractError(fmt::format("schema default of {} is invalid", key.path));
    }
    assign(spec, key.path, std::get<Value>(v), where);
  }
  spec.floor.section = where;
  return spec;
}

namespace {

void canonical(const YamlDocument& doc, NodeIndex n, const std::string& path, std::string& out) {
  const YamlNode& node = doc.node(n);
  switch (node.kind) {
    case YamlKind::kNull:
      out += "~";
      break;
    case YamlKind::kScalar:
      out += fmt::format("{}{}:{}", node.plain ? 'p' : 'q', node.text.size(), node.text);
      break;
    case YamlKind::kSequence:
      out += "[";
      for (NodeIndex i : node.items) {
        canonical(doc, i, path + "[]", out);
        out += ",";
      }
      out += "]";
      break;
    case YamlKind::kMapping: {
      std::vector<const YamlEntry*> entries;
      for (const YamlEntry& e : node.entries) entries.push_back(&e);
      std::sort(entries.begin(), entries.end(),
                [](const YamlEntry* a, const YamlEntry* b) { return a->key < b->key; });
      out += "{";
      for (const YamlEntry* e : entries) {
        const std::string child = path.empty() ? e->key : path + "." + e->key;
        if (child == "simulation.seed") continue;
        out += fmt::format("{}:{}=", e->key.size(), e->key);
        canonical(doc, e->value, child, out);
        out += ";";
      }
      out += "}";
      break;
    }
  }
}

}  // namespace

std::uint32_t scenario_hash(const YamlDocument& doc) {
  std::string text;
  canonical(doc, doc.root(), "", text);
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}

ScenarioSpec load_scenario(const YamlDocument& doc) {
  return Checker(doc).run();
}

namespace {

constexpr std::size_t kMaxExtendsDepth = 16;

YamlDocument load_chain(const std::filesystem::path& path, std::vector<std::filesystem::path>& chain) {
  YamlDocument doc = YamlDocument::load(path);
  const YamlNode& root = doc.node(doc.root());
  if (root.kind != YamlKind::kMapping) return doc;
  const auto it = std::find_if(root.entries.begin(), root.entries.end(),
                               [](const YamlEntry& e) { return e.key == "extends"; });
  if (it == root.entries.end()) return doc;
  const YamlNode& target = doc.node(it->value);
  const SourceLocation at = doc.where(it->value);
  if (target.kind != YamlKind::kScalar || target.text.empty()) {
    throw InputError(Diagnostic{at, "extends", "expected the path of a base scenario file"});
  }
  std::filesystem::path base = target.text;
  if (base.is_relative()) base = path.parent_path() / base;
  std::error_code ec;
  chain.push_back(std::filesystem::weakly_canonical(path, ec));
  const std::filesystem::path base_id = std::filesystem::weakly_canonical(base, ec);
  if (std::find(chain.begin(), chain.end(), base_id) != chain.end()) {
    std::string cycle;
    for (const auto& p : chain) cycle += p.filename().string() + " -> ";
    cycle += base_id.filename().string();
    throw InputError(
        Diagnostic{at, "extends", fmt::format("scenarios extend each other in a cycle: {}", cycle)});
  }
  if (chain.size() >= kMaxExtendsDepth) {
    throw InputError(
        Diagnostic{at, "extends", fmt::format("more than {} scenarios extend each other", kMaxExtendsDepth)});
  }
  YamlDocument base_doc;
  try {
    base_doc = load_chain(base, chain);
  } catch (const UnreadableFileError& e) {
    if (e.diagnostics().front().where.file != base.string()) throw;
    throw UnreadableFileError(Diagnostic{
        at, "extends",
        fmt::format("cannot read \"{}\": {}", target.text,
                    e.diagnostics().front().message.substr(sizeof("cannot read the file: ") - 1))});
  }
  chain.pop_back();
  doc.merge_base(base_doc);
  doc.remove_top_level_key("extends");
  return doc;
}

}  // namespace

YamlDocument load_scenario_document(const std::filesystem::path& path) {
  std::vector<std::filesystem::path> chain;
  return load_chain(path, chain);
}

ScenarioSpec load_scenario_file(const std::filesystem::path& path) {
  return load_scenario(load_scenario_document(path));
}

}  // namespace whsim::scenario
