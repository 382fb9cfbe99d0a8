// Validation of a YAML document against the schema into a ScenarioSpec (see the header).
#include "whsim/scenario/loader.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <variant>

#include <fmt/format.h>

#include "whsim/core/text.hpp"
#include "whsim/scenario/schema.hpp"

namespace whsim::scenario {
namespace {

using Value = std::variant<std::int64_t, double, bool, std::string, Duration, units::DateTime>;

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
  }
  return "a value";
}

/// Converts a scalar to the key's type. Returns the value or a message.
std::variant<Value, std::string> convert(const KeySpec& key, const YamlNode& node) {
  const std::string_view text = node.text;
  const std::string_view type_name = with_article(key.type);
  if (node.kind == YamlKind::kNull) return fmt::format("a value is missing (expected {})", type_name);
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
    case ValueType::kSection:
      break;
  }
  return std::string("internal error: a section is not a value");
}

/// The value as a number for range checks (durations in seconds); nullopt when not numeric.
std::optional<double> numeric(const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* t = std::get_if<Duration>(&v)) return t->to_seconds();
  return std::nullopt;
}

void assign(ScenarioSpec& spec, const std::string& path, const Value& v, const SourceLocation& where) {
  const auto set = [&](auto& field, auto value) {
    field.value = value;
    field.where = where;
    field.given = true;
  };
  if (path == "extends") return;  // resolved before validation (load_scenario_document)
  if (path == "name") return set(spec.name, std::get<std::string>(v));
  if (path == "description") return set(spec.description, std::get<std::string>(v));
  if (path == "simulation.start") return set(spec.simulation.start, std::get<units::DateTime>(v));
  if (path == "simulation.horizon") return set(spec.simulation.horizon, std::get<Duration>(v));
  if (path == "simulation.warmup") return set(spec.simulation.warmup, std::get<Duration>(v));
  if (path == "simulation.seed")
    return set(spec.simulation.seed, static_cast<std::uint64_t>(std::get<std::int64_t>(v)));
  if (path == "simulation.sample_interval")
    return set(spec.simulation.sample_interval, std::get<Duration>(v));
  throw ContractError(fmt::format("schema key '{}' has no field in ScenarioSpec", path));
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

  void section(NodeIndex n, const std::string& path) {
    const YamlNode& node = doc_.node(n);
    if (node.kind == YamlKind::kNull) return;  // an empty section
    if (node.kind != YamlKind::kMapping) {
      error(doc_.where(n), path, "expected a section (a mapping of keys)");
      return;
    }
    for (const YamlEntry& e : node.entries) {
      const std::string child = path.empty() ? e.key : path + "." + e.key;
      const KeySpec* key = find_key(child);
      const SourceLocation key_at = doc_.where(e);
      if (key == nullptr) {
        error(key_at, child, fmt::format("unknown key \"{}\"{}", e.key, suggestion(e.key, path)));
        continue;
      }
      if (key->type == ValueType::kSection) {
        section(e.value, child);
        continue;
      }
      leaf(*key, e.value, key_at);
    }
  }

  void leaf(const KeySpec& key, NodeIndex n, const SourceLocation& key_at) {
    const YamlNode& node = doc_.node(n);
    // An empty value has no position of its own worth showing: point at its key.
    const SourceLocation where = node.kind == YamlKind::kNull ? key_at : doc_.where(n);
    auto converted = convert(key, node);
    if (const auto* message = std::get_if<std::string>(&converted)) {
      error(where, key.path, *message);
      return;
    }
    const Value& v = std::get<Value>(converted);
    if (const auto x = numeric(v)) {
      if ((key.min && *x < *key.min) || (key.max && *x > *key.max)) {
        error(where, key.path,
              fmt::format("{} is out of range (expected {})", in_quotes(node.text), key.range));
        return;
      }
    }
    assign(spec_, key.path, v, where);
  }

  void cross_checks() {
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
  }

  const YamlDocument& doc_;
  ScenarioSpec spec_;
  std::vector<Diagnostic> errors_;
};

}  // namespace

ScenarioSpec default_scenario(const std::string& file) {
  ScenarioSpec spec;
  spec.file = file;
  const SourceLocation where{file, 0, 0};
  // Defaults come from the schema's own text, so the reference and the code cannot disagree.
  for (const KeySpec& key : scenario_schema()) {
    if (key.type == ValueType::kSection || key.default_value.empty()) continue;
    YamlNode node;
    node.kind = YamlKind::kScalar;
    node.plain = true;
    node.text = key.default_value;
    auto v = convert(key, node);
    if (const auto* message = std::get_if<std::string>(&v)) {
      throw ContractError(fmt::format("schema default of {} is invalid: {}", key.path, *message));
    }
    assign(spec, key.path, std::get<Value>(v), where);
  }
  // Defaults are not "given".
  spec.simulation.start.given = spec.simulation.horizon.given = spec.simulation.warmup.given = false;
  spec.simulation.seed.given = spec.simulation.sample_interval.given = false;
  return spec;
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
