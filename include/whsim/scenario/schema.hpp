// The scenario schema: every key a scenario may contain, declared once with its type, unit,
// default, range and a one-line description. The loader checks files against it (unknown keys,
// types, ranges) and `whsim schema --markdown` prints docs/scenario-reference.md from it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "whsim/core/units.hpp"
#include "whsim/scenario/distribution_spec.hpp"

namespace whsim::scenario {

enum class ValueType : std::uint8_t {
  kSection,        ///< a mapping of further keys
  kInteger,        ///< a whole number
  kNumber,         ///< a finite number
  kBoolean,        ///< true or false
  kText,           ///< any string
  kDuration,       ///< "90s", "1.5 min", "8h", "2d", "1h30m"
  kDateTime,       ///< "2026-12-01 06:00"
  kQuantity,       ///< a number with a unit of KeySpec::quantity ("1.5 m/s", "40 L", "85%")
  kDistribution,   ///< a constant or a {dist: ...} mapping (durations or plain numbers, per KeySpec::domain)
  kChoice,         ///< one of KeySpec::choices
  kChoiceList,     ///< a list of distinct KeySpec::choices
  kNumberList,     ///< a list of finite numbers >= 0, of the length in KeySpec (see KeySpec::weights)
  kSectionList,    ///< a list of sections, each with the keys "<path>.<key>" (e.g. worker pools)
  kClockTime,      ///< a time of day, "06:00"
  kBreakList,      ///< a list of breaks, "10:00 30min" (clock time and duration)
  kIntegerList,    ///< a list of distinct whole numbers, each within KeySpec::min and max
  kClockTimeList,  ///< a list of distinct times of day, ["06:00", "14:00"]
};
[[nodiscard]] std::string_view to_string(ValueType type);

struct KeySpec {
  KeySpec() = default;
  KeySpec(std::string key_path, ValueType value_type, std::string default_text, std::optional<double> minimum,
          std::optional<double> maximum, std::string range_text, std::string one_line)
      : path(std::move(key_path)),
        type(value_type),
        default_value(std::move(default_text)),
        min(minimum),
        max(maximum),
        range(std::move(range_text)),
        description(std::move(one_line)) {}
  std::string path;  ///< dotted, e.g. "simulation.horizon"
  ValueType type = ValueType::kText;
  std::string default_value;  ///< as written in YAML; empty when there is none
  std::optional<double> min;  ///< inclusive; durations in seconds
  std::optional<double> max;  ///< inclusive; durations in seconds
  std::string range;          ///< the range as the reference shows it (e.g. "> 0, at most 10 years")
  std::string description;    ///< one line
  units::Quantity quantity = units::Quantity::kDistance;  ///< kQuantity
  DistDomain domain = DistDomain::kNumber;                ///< kDistribution
  std::vector<std::string> choices;                       ///< kChoice, kChoiceList
  std::size_t list_length = 0;                            ///< kNumberList: exact length (0: any >= 1)
  /// kNumberList: the numbers are weights (at least one above 0); false: any numbers from `min`
  /// to `max` (e.g. a probability per SKU class), all 0 allowed.
  bool weights = true;
  /// kNumberList: an item may also be a percentage ("8%", stored as the fraction 0.08).
  bool percentages = false;
  bool required = false;  ///< a key of a kSectionList item that every item must give
};

/// Every key, in the order the reference lists them.
[[nodiscard]] const std::vector<KeySpec>& scenario_schema();
/// The key at a dotted path, or nullptr.
[[nodiscard]] const KeySpec* find_key(std::string_view path);
/// The direct children of a section ("" for the top level), for "did you mean" suggestions.
[[nodiscard]] std::vector<std::string_view> child_names(std::string_view section);
/// The Markdown reference (docs/scenario-reference.md).
[[nodiscard]] std::string schema_markdown();

}  // namespace whsim::scenario
