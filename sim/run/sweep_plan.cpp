// Sweep plans (see the header): reading a sweep file or --vary flags into factors, expanding
// ranges and Latin hypercubes, the constraint language, and the cartesian product. Everything
// here must stay deterministic on every machine: no std random engines or distributions, no libm
// transcendental functions, no unordered containers; doubles are formatted shortest-round-trip.
#include "whsim/run/sweep_plan.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "whsim/core/text.hpp"
#include "whsim/core/units.hpp"
#include "whsim/kernel/random.hpp"

namespace whsim::run {
namespace {

using scenario::NodeIndex;
using scenario::YamlDocument;
using scenario::YamlEntry;
using scenario::YamlKind;
using scenario::YamlNode;

/// The longest value (as YAML text) one factor may give a key.
constexpr std::size_t kMaxValueBytes = std::size_t{1} << 20;
/// Every value read from YAML, as text: aliases let a small file use one large value many times.
constexpr std::size_t kMaxValuesBytes = std::size_t{64} << 20;
/// Memory the points of a plan may take (an upper bound computed before generating them).
constexpr double kMaxPlanBytes = 1024.0 * 1024.0 * 1024.0;
/// Integers up to this magnitude are exact as doubles (Latin hypercube integer keys).
constexpr std::int64_t kMaxExactInteger = std::int64_t{1} << 53;

// ---------------------------------------------------------------------------------------------
// Text helpers

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

std::string in_quotes(std::string_view s) {
  constexpr std::size_t kShown = 60;
  if (s.size() > kShown) return fmt::format("\"{}...\"", s.substr(0, kShown));
  return fmt::format("\"{}\"", s);
}

/// Names of letters, digits and _ joined by dots, each starting with a letter or _ (what
/// YamlDocument::apply_override walks and what a constraint can name).
/// Names of letters, digits and _ joined by dots; a name may end in [index] (an item of a list,
/// as --set takes it: outbound.carriers[0].lanes).
bool is_key_path(std::string_view s) {
  constexpr std::size_t kMaxKeyPath = 256;
  if (s.empty() || s.size() > kMaxKeyPath) return false;
  bool segment_start = true;
  bool indexed = false;  // after "[digits]": only '.' may follow
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.') {
      if (segment_start) return false;
      segment_start = true;
      indexed = false;
      continue;
    }
    if (indexed) return false;
    if (c == '[' && !segment_start) {
      const std::size_t close = s.find(']', i);
      if (close == std::string_view::npos || close == i + 1) return false;
      for (std::size_t j = i + 1; j < close; ++j) {
        if (!is_digit(s[j])) return false;
      }
      i = close;
      indexed = true;
      continue;
    }
    if (segment_start ? !is_alpha(c) : !(is_alpha(c) || is_digit(c))) return false;
    segment_start = false;
  }
  return !segment_start;
}

std::string not_a_key_path(std::string_view s) {
  return fmt::format(
      "{} is not a key path (expected names of letters, digits and _ joined by dots, e.g. robots.count, "
      "and name[i] for an item of a list)",
      in_quotes(s));
}

std::string unknown_key(std::string_view key, std::span<const std::string_view> expected) {
  if (const auto best = closest_match(key, expected)) {
    return fmt::format("unknown key {} (did you mean \"{}\"? expected {})", in_quotes(key), *best,
                       join_alternatives(expected));
  }
  return fmt::format("unknown key {} (expected {})", in_quotes(key), join_alternatives(expected));
}

std::string child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

// ---------------------------------------------------------------------------------------------
// Values as YAML text

/// True when `text` reads back as the same plain scalar both as a YAML document of its own (what
/// apply_override parses) and inside a flow collection.
bool plain_safe(std::string_view text) {
  if (text.empty() || text.front() == ' ' || text.back() == ' ') return false;
  if (text.starts_with("---") || text.starts_with("...")) return false;  // document markers
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(text.front()) != std::string_view::npos) {
    if (!(text.front() == '-' && text.size() > 1 && text[1] != ' ')) return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return false;
    if (c == ',' || c == '[' || c == ']' || c == '{' || c == '}') return false;
    if (c == ':' && (i + 1 == text.size() || text[i + 1] == ' ')) return false;
    if (c == '#' && text[i - 1] == ' ') return false;  // i > 0: a leading '#' was rejected above
  }
  return true;
}

/// A quoted scalar that reads back as exactly `text`: single quotes when it is printable,
/// double quotes with escapes otherwise.
std::string quote(std::string_view text) {
  const bool printable = std::none_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
  std::string out;
  if (printable) {
    out += '\'';
    for (const char c : text) {
      if (c == '\'') out += '\'';
      out += c;
    }
    out += '\'';
    return out;
  }
  return scenario::yaml_double_quoted(text);
}

std::string scalar_text(std::string_view text, bool plain) {
  return plain && plain_safe(text) ? std::string(text) : quote(text);
}

/// Appends node `n` as flow YAML; false when the text grows past kMaxValueBytes.
bool write_flow(const YamlDocument& doc, NodeIndex n, std::string& out) {
  const YamlNode& node = doc.node(n);
  switch (node.kind) {
    case YamlKind::kNull:
      out += "null";
      break;
    case YamlKind::kScalar:
      if (node.text.size() > kMaxValueBytes) return false;
      out += scalar_text(node.text, node.plain);
      break;
    case YamlKind::kSequence:
      out += '[';
      for (std::size_t i = 0; i < node.items.size(); ++i) {
        if (i > 0) out += ", ";
        if (!write_flow(doc, node.items[i], out)) return false;
      }
      out += ']';
      break;
    case YamlKind::kMapping:
      out += '{';
      for (std::size_t i = 0; i < node.entries.size(); ++i) {
        if (i > 0) out += ", ";
        out += scalar_text(node.entries[i].key, true);
        out += ": ";
        if (!write_flow(doc, node.entries[i].value, out)) return false;
      }
      out += '}';
      break;
  }
  return out.size() <= kMaxValueBytes;
}

/// One value of a key: its YAML text, and what constraints see of it.
struct Cell {
  std::string yaml;
  std::string text;     ///< scalar text (unquoted)
  bool scalar = false;  ///< has text
  bool number = false;  ///< a plain scalar that reads as a finite number
  double value = 0;
};

Cell scalar_cell(std::string text, bool plain) {
  Cell c;
  c.yaml = scalar_text(text, plain);
  c.scalar = true;
  if (plain) {
    const auto p = units::parse_number(text);
    if (p) {
      c.number = true;
      c.value = p.value();
    }
  }
  c.text = std::move(text);
  return c;
}

/// The value of node `n`; nullopt when its YAML text is longer than kMaxValueBytes.
std::optional<Cell> node_cell(const YamlDocument& doc, NodeIndex n) {
  const YamlNode& node = doc.node(n);
  if (node.kind == YamlKind::kScalar) {
    if (node.text.size() > kMaxValueBytes) return std::nullopt;
    Cell c = scalar_cell(node.text, node.plain);
    if (c.yaml.size() > kMaxValueBytes) return std::nullopt;
    return c;
  }
  Cell c;
  if (!write_flow(doc, n, c.yaml)) return std::nullopt;
  return c;
}

/// The running total of kMaxValuesBytes.
class ValueBudget {
 public:
  /// False once the budget is spent (then for every later value too).
  bool take(const Cell& c) {
    used_ += c.yaml.size() + c.text.size();
    spent_ = spent_ || used_ > kMaxValuesBytes;
    return !spent_;
  }
  [[nodiscard]] bool spent() const { return spent_; }
  [[nodiscard]] static std::string message() {
    return fmt::format(
        "the values take more than {} MiB as YAML text (expected fewer or shorter values; an alias counts "
        "every time it is used)",
        kMaxValuesBytes >> 20);
  }

 private:
  std::size_t used_ = 0;
  bool spent_ = false;
};

// ---------------------------------------------------------------------------------------------
// The parts of a plan before expansion

struct Factor {
  std::string path;  ///< "sweep[1]" or "--vary"
  /// Settings of the factor. Generated factors (ranges, Latin hypercubes) leave `rows` empty when
  /// the product is already over kMaxSweepPoints with them (finish() then reports it).
  std::size_t size = 0;
  std::vector<std::string> keys;
  std::vector<SourceLocation> key_where;
  std::vector<std::string> key_path;    ///< for messages, e.g. "sweep[1].key"
  std::vector<std::vector<Cell>> rows;  ///< rows[i][k]: the value of keys[k] in the i-th setting
};

struct FixedValue {
  std::string key;
  Cell cell;
};

struct ConstraintText {
  std::string text;
  SourceLocation where;
  std::string path;
};

struct Draft {
  std::vector<Factor> factors;
  std::vector<FixedValue> fixed;
  std::vector<ConstraintText> constraints;
  SourceLocation sweep_where;
  std::string sweep_path;
  bool from_flags = false;
};

// ---------------------------------------------------------------------------------------------
// Constraints: tokens, a recursive-descent parser into an expression tree, and its evaluation.

/// Where a key's value comes from: a fixed value, or a column of a factor's current row.
struct Slot {
  bool fixed = false;
  std::size_t index = 0;
  std::size_t column = 0;
};

/// Values first, then conditions (is_condition relies on the order).
enum class Op : std::uint8_t {
  kNumber,
  kText,
  kKey,
  kNeg,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kNot,
  kLt,
  kLe,
  kGt,
  kGe,
  kEq,
  kNe,
  kAnd,
  kOr
};

bool is_condition(Op op) {
  return op >= Op::kNot;
}

std::string_view symbol(Op op) {
  switch (op) {
    case Op::kNeg:
    case Op::kSub:
      return "-";
    case Op::kAdd:
      return "+";
    case Op::kMul:
      return "*";
    case Op::kDiv:
      return "/";
    case Op::kMod:
      return "%";
    case Op::kNot:
      return "not";
    case Op::kLt:
      return "<";
    case Op::kLe:
      return "<=";
    case Op::kGt:
      return ">";
    case Op::kGe:
      return ">=";
    case Op::kEq:
      return "==";
    case Op::kNe:
      return "!=";
    case Op::kAnd:
      return "and";
    case Op::kOr:
      return "or";
    case Op::kNumber:
    case Op::kText:
    case Op::kKey:
      break;
  }
  return "";
}

struct Expr {
  Op op = Op::kNumber;
  std::int32_t lhs = -1;
  std::int32_t rhs = -1;
  double number = 0;
  std::string text;  ///< kText: the literal; kKey: the key path
  Slot slot;
  std::size_t start = 0;  ///< first character of the subexpression (0-based)
  std::size_t at = 0;     ///< the operator, literal or key (0-based)
};

struct Constraint {
  std::vector<Expr> nodes;
  std::int32_t root = -1;
  SourceLocation where;
  std::string path;
};

/// A problem in a constraint; the message says where (at character N).
struct ExprError {
  std::string message;
};

enum class Tok : std::uint8_t { kNumber, kText, kName, kSymbol, kEnd };

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;
  double number = 0;
  std::size_t at = 0;
};

std::string describe(const Token& t) {
  switch (t.kind) {
    case Tok::kNumber:
      return t.text;
    case Tok::kText:
      return fmt::format("the text {}", in_quotes(t.text));
    case Tok::kName:
    case Tok::kSymbol:
      return in_quotes(t.text);
    case Tok::kEnd:
      break;
  }
  return "end of the constraint";
}

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  const auto fail = [](std::string message) { return ExprError{std::move(message)}; };
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    if (is_digit(c) || (c == '.' && i + 1 < s.size() && is_digit(s[i + 1]))) {
      std::size_t j = i;
      while (j < s.size() && (is_digit(s[j]) || s[j] == '.')) ++j;
      if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
        std::size_t k = j + 1;
        if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
        if (k < s.size() && is_digit(s[k])) {
          j = k;
          while (j < s.size() && is_digit(s[j])) ++j;
        }
      }
      bool bad = false;
      while (j < s.size() && (is_alpha(s[j]) || is_digit(s[j]) || s[j] == '.')) {
        bad = true;  // "5x", "1e", "2.5.1": not a number
        ++j;
      }
      const std::string_view text = s.substr(i, j - i);
      double v = 0;
      const auto res = std::from_chars(text.data(), text.data() + text.size(), v, std::chars_format::general);
      if (bad || res.ec == std::errc::invalid_argument || res.ptr != text.data() + text.size()) {
        throw fail(fmt::format("malformed number {} at character {} (expected a number such as 12 or 0.5)",
                               in_quotes(text), i + 1));
      }
      if (res.ec != std::errc() || !std::isfinite(v)) {
        throw fail(fmt::format("the number {} at character {} is out of range", in_quotes(text), i + 1));
      }
      out.push_back(Token{Tok::kNumber, std::string(text), v, i});
      i = j;
      continue;
    }
    if (is_alpha(c)) {
      std::size_t j = i;
      while (j < s.size() && (is_alpha(s[j]) || is_digit(s[j]) || s[j] == '.')) ++j;
      const std::string_view name = s.substr(i, j - i);
      if (!is_key_path(name)) {
        throw fail(fmt::format("malformed key path {} at character {} (expected names joined by dots)",
                               in_quotes(name), i + 1));
      }
      out.push_back(Token{Tok::kName, std::string(name), 0, i});
      i = j;
      continue;
    }
    if (c == '\'' || c == '"') {
      std::string text;
      std::size_t j = i + 1;
      while (true) {
        if (j >= s.size()) {
          throw fail(
              fmt::format("the quoted text at character {} is not closed (expected a closing {})", i + 1, c));
        }
        if (s[j] == c) {
          if (c == '\'' && j + 1 < s.size() && s[j + 1] == '\'') {
            text += '\'';
            j += 2;
            continue;
          }
          break;
        }
        if (c == '"' && s[j] == '\\' && j + 1 < s.size()) {
          text += s[j + 1];
          j += 2;
          continue;
        }
        text += s[j];
        ++j;
      }
      out.push_back(Token{Tok::kText, std::move(text), 0, i});
      i = j + 1;
      continue;
    }
    const std::string_view two = s.substr(i, 2);
    if (two == "<=" || two == ">=" || two == "==" || two == "!=") {
      out.push_back(Token{Tok::kSymbol, std::string(two), 0, i});
      i += 2;
      continue;
    }
    if (std::string_view("+-*/%()<>").find(c) != std::string_view::npos) {
      out.push_back(Token{Tok::kSymbol, std::string(1, c), 0, i});
      ++i;
      continue;
    }
    std::string_view instead;
    if (c == '=') instead = "== to compare";
    if (c == '!') instead = "!= or not";
    if (c == '&') instead = "and";
    if (c == '|') instead = "or";
    if (!instead.empty()) {
      throw fail(fmt::format("\"{}\" at character {} is not an operator (expected {})", c, i + 1, instead));
    }
    const auto u = static_cast<unsigned char>(c);
    throw fail(fmt::format(
        "unexpected {} at character {} (expected a number, a key, a quoted text, an operator or parentheses)",
        u >= 0x20 && u < 0x7F ? fmt::format("character \"{}\"", c) : fmt::format("byte 0x{:02X}", u), i + 1));
  }
  out.push_back(Token{Tok::kEnd, "", 0, s.size()});
  return out;
}

/// Key paths a constraint may name, sorted, with where their values come from.
struct KeyTable {
  std::vector<std::pair<std::string, Slot>> sorted;
  std::vector<std::string_view> names;  ///< in plan order, for messages
  /// Accept unknown keys: other problems were found, and a key may be missing only because its
  /// factor was rejected (the constraint is then parsed for its own problems, never evaluated).
  bool lenient = false;
  [[nodiscard]] const Slot* find(std::string_view key) const {
    const auto it = std::lower_bound(sorted.begin(), sorted.end(), key,
                                     [](const auto& a, std::string_view k) { return a.first < k; });
    return it != sorted.end() && it->first == key ? &it->second : nullptr;
  }
};

class ExprParser {
 public:
  ExprParser(std::vector<Token> tokens, const KeyTable& keys) : tokens_(std::move(tokens)), keys_(keys) {}

  void parse(Constraint& out) {
    const std::int32_t root = parse_or();
    if (peek().kind != Tok::kEnd) {
      throw ExprError{fmt::format("unexpected {} at character {} (expected an operator or the end)",
                                  describe(peek()), peek().at + 1)};
    }
    if (!is_condition(nodes_[index(root)].op)) {
      throw ExprError{
          "the constraint is a value, not a condition (expected a comparison such as "
          "robots.count >= 10)"};
    }
    out.nodes = std::move(nodes_);
    out.root = root;
  }

 private:
  static std::size_t index(std::int32_t i) { return static_cast<std::size_t>(i); }
  [[nodiscard]] const Token& peek() const { return tokens_[pos_]; }
  const Token& next() { return tokens_[pos_++]; }
  [[nodiscard]] bool at_symbol(std::string_view s) const {
    return peek().kind == Tok::kSymbol && peek().text == s;
  }
  [[nodiscard]] bool at_word(std::string_view w) const {
    return peek().kind == Tok::kName && peek().text == w;
  }
  static bool is_keyword(std::string_view w) { return w == "and" || w == "or" || w == "not"; }

  std::int32_t add(Expr e) {
    nodes_.push_back(std::move(e));
    return static_cast<std::int32_t>(nodes_.size() - 1);
  }
  std::int32_t binary(Op op, std::int32_t lhs, std::int32_t rhs, std::size_t at) {
    Expr e;
    e.op = op;
    e.lhs = lhs;
    e.rhs = rhs;
    e.start = nodes_[index(lhs)].start;
    e.at = at;
    return add(std::move(e));
  }
  void enter(std::size_t at) {
    if (++depth_ > kMaxConstraintNesting) {
      throw ExprError{fmt::format(
          "nesting deeper than {} levels at character {} (expected at most {} parentheses, not and unary "
          "minus inside each other)",
          kMaxConstraintNesting, at + 1, kMaxConstraintNesting)};
    }
  }
  void leave() { --depth_; }

  void require_condition(std::int32_t i, Op op) const {
    const Expr& e = nodes_[index(i)];
    if (!is_condition(e.op)) {
      throw ExprError{fmt::format(
          "the operand of {} at character {} is a value, not a condition (expected a comparison such as "
          "robots.count >= 10)",
          symbol(op), e.start + 1)};
    }
  }
  void require_value(std::int32_t i, Op op) const {
    const Expr& e = nodes_[index(i)];
    if (is_condition(e.op)) {
      throw ExprError{fmt::format(
          "the operand of {} at character {} is a condition, not a value (expected a number, a key or a "
          "quoted text)",
          symbol(op), e.start + 1)};
    }
  }
  void require_number(std::int32_t i, Op op) const {
    require_value(i, op);
    const Expr& e = nodes_[index(i)];
    if (e.op == Op::kText) {
      throw ExprError{fmt::format(
          "the text {} at character {} cannot be used with {} (expected a number; text is only compared "
          "with == or !=)",
          in_quotes(e.text), e.start + 1, symbol(op))};
    }
  }

  std::int32_t parse_or() {
    std::int32_t lhs = parse_and();
    while (at_word("or")) {
      const std::size_t at = next().at;
      const std::int32_t rhs = parse_and();
      require_condition(lhs, Op::kOr);
      require_condition(rhs, Op::kOr);
      lhs = binary(Op::kOr, lhs, rhs, at);
    }
    return lhs;
  }

  std::int32_t parse_and() {
    std::int32_t lhs = parse_not();
    while (at_word("and")) {
      const std::size_t at = next().at;
      const std::int32_t rhs = parse_not();
      require_condition(lhs, Op::kAnd);
      require_condition(rhs, Op::kAnd);
      lhs = binary(Op::kAnd, lhs, rhs, at);
    }
    return lhs;
  }

  std::int32_t parse_not() {
    if (!at_word("not")) return parse_comparison();
    const std::size_t at = next().at;
    enter(at);
    const std::int32_t operand = parse_not();
    leave();
    require_condition(operand, Op::kNot);
    Expr e;
    e.op = Op::kNot;
    e.lhs = operand;
    e.start = at;
    e.at = at;
    return add(std::move(e));
  }

  [[nodiscard]] std::optional<Op> comparison_at() const {
    if (peek().kind != Tok::kSymbol) return std::nullopt;
    const std::string& s = peek().text;
    if (s == "<") return Op::kLt;
    if (s == "<=") return Op::kLe;
    if (s == ">") return Op::kGt;
    if (s == ">=") return Op::kGe;
    if (s == "==") return Op::kEq;
    if (s == "!=") return Op::kNe;
    return std::nullopt;
  }

  std::int32_t parse_comparison() {
    const std::int32_t lhs = parse_additive();
    const auto op = comparison_at();
    if (!op) return lhs;
    const std::size_t at = next().at;
    const std::int32_t rhs = parse_additive();
    if (*op == Op::kEq || *op == Op::kNe) {
      require_value(lhs, *op);
      require_value(rhs, *op);
    } else {
      require_number(lhs, *op);
      require_number(rhs, *op);
    }
    const std::int32_t node = binary(*op, lhs, rhs, at);
    if (comparison_at()) {
      throw ExprError{fmt::format(
          "comparisons cannot be chained at character {} (expected and between two comparisons, e.g. 1 < a "
          "and a < 5)",
          peek().at + 1)};
    }
    return node;
  }

  std::int32_t parse_additive() {
    std::int32_t lhs = parse_multiplicative();
    while (at_symbol("+") || at_symbol("-")) {
      const Op op = peek().text == "+" ? Op::kAdd : Op::kSub;
      const std::size_t at = next().at;
      const std::int32_t rhs = parse_multiplicative();
      require_number(lhs, op);
      require_number(rhs, op);
      lhs = binary(op, lhs, rhs, at);
    }
    return lhs;
  }

  std::int32_t parse_multiplicative() {
    std::int32_t lhs = parse_unary();
    while (at_symbol("*") || at_symbol("/") || at_symbol("%")) {
      const Op op = peek().text == "*" ? Op::kMul : peek().text == "/" ? Op::kDiv : Op::kMod;
      const std::size_t at = next().at;
      const std::int32_t rhs = parse_unary();
      require_number(lhs, op);
      require_number(rhs, op);
      lhs = binary(op, lhs, rhs, at);
    }
    return lhs;
  }

  std::int32_t parse_unary() {
    if (!at_symbol("-")) return parse_primary();
    const std::size_t at = next().at;
    enter(at);
    const std::int32_t operand = parse_unary();
    leave();
    require_number(operand, Op::kNeg);
    Expr e;
    e.op = Op::kNeg;
    e.lhs = operand;
    e.start = at;
    e.at = at;
    return add(std::move(e));
  }

  std::int32_t parse_primary() {
    const Token& t = peek();
    Expr e;
    e.start = t.at;
    e.at = t.at;
    if (t.kind == Tok::kNumber) {
      e.op = Op::kNumber;
      e.number = next().number;
      return add(std::move(e));
    }
    if (t.kind == Tok::kText) {
      e.op = Op::kText;
      e.text = next().text;
      return add(std::move(e));
    }
    if (t.kind == Tok::kName && !is_keyword(t.text)) {
      const Slot* slot = keys_.find(t.text);
      if (slot == nullptr && !keys_.lenient) throw ExprError{unknown_constraint_key(t)};
      if (slot != nullptr) e.slot = *slot;
      e.op = Op::kKey;
      e.text = next().text;
      return add(std::move(e));
    }
    if (t.kind == Tok::kSymbol && t.text == "(") {
      const std::size_t open = next().at;
      enter(open);
      const std::int32_t inner = parse_or();
      leave();
      if (peek().kind == Tok::kEnd) {
        throw ExprError{fmt::format("\"(\" at character {} is not closed (expected \")\")", open + 1)};
      }
      if (!at_symbol(")")) {
        throw ExprError{fmt::format("unexpected {} at character {} (expected an operator or \")\")",
                                    describe(peek()), peek().at + 1)};
      }
      next();
      nodes_[index(inner)].start = open;
      return inner;
    }
    throw ExprError{
        fmt::format("unexpected {} at character {} (expected a number, a key, a quoted text or \"(\")",
                    describe(t), t.at + 1)};
  }

  [[nodiscard]] std::string unknown_constraint_key(const Token& t) const {
    if (keys_.names.empty()) {
      return fmt::format("unknown key {} at character {} (expected a swept or set key; there are none)",
                         in_quotes(t.text), t.at + 1);
    }
    std::string hint;
    if (const auto best = closest_match(t.text, keys_.names))
      hint = fmt::format("did you mean \"{}\"? ", *best);
    return fmt::format("unknown key {} at character {} ({}expected a swept or set key: {})",
                       in_quotes(t.text), t.at + 1, hint, join_alternatives(keys_.names));
  }

  std::vector<Token> tokens_;
  const KeyTable& keys_;
  std::vector<Expr> nodes_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

/// An operand during evaluation: a number, or a key's value, or a text literal.
struct Operand {
  double value = 0;
  bool number = false;
  const Cell* cell = nullptr;    ///< a key's value
  const Expr* source = nullptr;  ///< the key or literal it came from (nullptr: computed)
};

class Evaluator {
 public:
  Evaluator(const Constraint& c, const std::vector<Factor>& factors, const std::vector<FixedValue>& fixed,
            const std::vector<std::size_t>& rows)
      : c_(c), factors_(factors), fixed_(fixed), rows_(rows) {}

  bool condition(std::int32_t i) const {
    const Expr& e = node(i);
    switch (e.op) {
      case Op::kNot:
        return !condition(e.lhs);
      case Op::kAnd:
        return condition(e.lhs) && condition(e.rhs);
      case Op::kOr:
        return condition(e.lhs) || condition(e.rhs);
      case Op::kEq:
      case Op::kNe: {
        const Operand a = value(e.lhs);
        const Operand b = value(e.rhs);
        bool equal = false;
        if (a.number && b.number) {
          equal = a.value == b.value;
        } else if (has_text(a) && has_text(b)) {
          equal = text(a) == text(b);
        } else {
          throw ExprError{fmt::format(
              "cannot compare {} with {} at character {} (expected two numbers or two texts for {})",
              describe(a), describe(b), e.at + 1, symbol(e.op))};
        }
        return e.op == Op::kEq ? equal : !equal;
      }
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe: {
        const double a = number(value(e.lhs), e);
        const double b = number(value(e.rhs), e);
        if (e.op == Op::kLt) return a < b;
        if (e.op == Op::kLe) return a <= b;
        if (e.op == Op::kGt) return a > b;
        return a >= b;
      }
      default:
        break;
    }
    throw ContractError("sweep constraint: a value where a condition was checked");
  }

 private:
  [[nodiscard]] const Expr& node(std::int32_t i) const { return c_.nodes[static_cast<std::size_t>(i)]; }

  [[nodiscard]] const Cell& cell(const Slot& s) const {
    if (s.fixed) return fixed_[s.index].cell;
    return factors_[s.index].rows[rows_[s.index]][s.column];
  }

  static bool has_text(const Operand& a) {
    return a.cell != nullptr ? a.cell->scalar : a.source != nullptr && a.source->op == Op::kText;
  }
  static std::string_view text(const Operand& a) { return a.cell != nullptr ? a.cell->text : a.source->text; }

  static std::string describe(const Operand& a) {
    if (a.cell != nullptr) {
      return fmt::format("{} (the value of {})", a.cell->scalar ? in_quotes(a.cell->text) : a.cell->yaml,
                         a.source->text);
    }
    if (a.source != nullptr && a.source->op == Op::kText)
      return fmt::format("the text {}", in_quotes(a.source->text));
    return fmt::format("the number {}", a.value);
  }

  static double number(const Operand& a, const Expr& e) {
    if (!a.number) {
      throw ExprError{fmt::format("{} is not a number at character {} (expected a number for {})",
                                  describe(a), e.at + 1, symbol(e.op))};
    }
    return a.value;
  }

  [[nodiscard]] Operand value(std::int32_t i) const {
    const Expr& e = node(i);
    Operand out;
    out.number = true;
    switch (e.op) {
      case Op::kNumber:
        out.value = e.number;
        out.source = &e;
        return out;
      case Op::kText:
        out.number = false;
        out.source = &e;
        return out;
      case Op::kKey: {
        const Cell& c = cell(e.slot);
        out.cell = &c;
        out.source = &e;
        out.number = c.number;
        out.value = c.value;
        return out;
      }
      case Op::kNeg:
        out.value = -number(value(e.lhs), e);
        return out;
      default:
        break;
    }
    const double a = number(value(e.lhs), e);
    const double b = number(value(e.rhs), e);
    if ((e.op == Op::kDiv || e.op == Op::kMod) && b == 0) {
      throw ExprError{fmt::format("division by zero at character {}", e.at + 1)};
    }
    switch (e.op) {
      case Op::kAdd:
        out.value = a + b;
        break;
      case Op::kSub:
        out.value = a - b;
        break;
      case Op::kMul:
        out.value = a * b;
        break;
      case Op::kDiv:
        out.value = a / b;
        break;
      case Op::kMod:
        out.value = std::fmod(a, b);  // exact (no rounding), the same on every machine
        break;
      default:
        throw ContractError("sweep constraint: a condition where a value was computed");
    }
    if (!std::isfinite(out.value)) {
      throw ExprError{
          fmt::format("the result of {} at character {} is not a finite number", symbol(e.op), e.at + 1)};
    }
    return out;
  }

  const Constraint& c_;
  const std::vector<Factor>& factors_;
  const std::vector<FixedValue>& fixed_;
  const std::vector<std::size_t>& rows_;
};

// ---------------------------------------------------------------------------------------------
// From factors to points

/// Each swept key once, not inside another swept key, and not also in set:.
void check_keys(const Draft& d, std::vector<Diagnostic>& errors) {
  struct Ref {
    std::string_view key;
    std::size_t order;
    std::size_t factor;  ///< factors.size() for a fixed key
    std::size_t column;
  };
  std::vector<Ref> refs;
  std::size_t order = 0;
  for (std::size_t f = 0; f < d.factors.size(); ++f) {
    for (std::size_t k = 0; k < d.factors[f].keys.size(); ++k)
      refs.push_back({d.factors[f].keys[k], order++, f, k});
  }
  for (std::size_t k = 0; k < d.fixed.size(); ++k)
    refs.push_back({d.fixed[k].key, order++, d.factors.size(), k});
  std::vector<Ref> sorted = refs;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Ref& a, const Ref& b) { return a.key < b.key; });
  std::vector<std::pair<std::size_t, Diagnostic>> found;
  const auto report = [&](const Ref& r, std::string message) {
    const Factor& f = d.factors[r.factor];
    found.emplace_back(r.order, Diagnostic{f.key_where[r.column], f.key_path[r.column], std::move(message)});
  };
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    const Ref& first = sorted[i - 1];
    const Ref& again = sorted[i];
    if (first.key != again.key) continue;
    const bool first_fixed = first.factor == d.factors.size();
    const bool again_fixed = again.factor == d.factors.size();
    if (first_fixed && again_fixed) continue;  // the YAML reader rejects duplicate keys in set
    if (first_fixed || again_fixed) {
      const Ref& swept = first_fixed ? again : first;
      report(swept,
             fmt::format("{} is also fixed by set (expected it either in set or in the sweep)", swept.key));
    } else if (d.from_flags) {
      report(again, fmt::format("{} is given by two --vary flags (expected each key once)", again.key));
    } else {
      report(again, fmt::format("{} is already varied by {} (expected each key in one factor only)",
                                again.key, d.factors[first.factor].path));
    }
  }
  // A swept key inside another swept key ("robots" and "robots.count"): the order of the two
  // overrides would decide the value.
  std::vector<Ref> swept;
  for (const Ref& r : sorted) {
    if (r.factor != d.factors.size()) swept.push_back(r);
  }
  for (std::size_t i = 0; i < swept.size(); ++i) {
    const Ref& r = swept[i];
    if (i > 0 && swept[i - 1].key == r.key) continue;  // reported as a duplicate
    for (std::size_t dot = r.key.find('.'); dot != std::string_view::npos; dot = r.key.find('.', dot + 1)) {
      const std::string_view section = r.key.substr(0, dot);
      const auto it = std::lower_bound(swept.begin(), swept.end(), section,
                                       [](const Ref& a, std::string_view k) { return a.key < k; });
      if (it != swept.end() && it->key == section) {
        report(r, fmt::format(
                      "{} lies inside {}, which {} varies (expected either the section or keys inside it)",
                      r.key, section, d.from_flags ? "another --vary flag" : d.factors[it->factor].path));
        break;
      }
    }
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [o, diag] : found) errors.push_back(std::move(diag));
}

std::vector<Constraint> compile_constraints(const Draft& d, std::vector<Diagnostic>& errors) {
  KeyTable table;
  table.lenient = !errors.empty();
  for (std::size_t f = 0; f < d.factors.size(); ++f) {
    for (std::size_t k = 0; k < d.factors[f].keys.size(); ++k) {
      table.sorted.emplace_back(d.factors[f].keys[k], Slot{false, f, k});
      table.names.push_back(d.factors[f].keys[k]);
    }
  }
  for (std::size_t k = 0; k < d.fixed.size(); ++k) {
    table.sorted.emplace_back(d.fixed[k].key, Slot{true, k, 0});
    table.names.push_back(d.fixed[k].key);
  }
  // Duplicates were reported by check_keys; the first of equal keys wins here.
  std::stable_sort(table.sorted.begin(), table.sorted.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Constraint> out;
  for (const ConstraintText& t : d.constraints) {
    Constraint c;
    c.where = t.where;
    c.path = t.path;
    try {
      if (t.text.size() > kMaxConstraintLength) {
        throw ExprError{fmt::format("the constraint is {} characters long (expected at most {})",
                                    t.text.size(), kMaxConstraintLength)};
      }
      ExprParser(tokenize(t.text), table).parse(c);
      out.push_back(std::move(c));
    } catch (const ExprError& e) {
      errors.push_back(Diagnostic{t.where, t.path, e.message});
    }
  }
  return out;
}

std::string describe_row(const Draft& d, const std::vector<std::size_t>& rows) {
  std::string out;
  for (std::size_t f = 0; f < d.factors.size(); ++f) {
    const Factor& factor = d.factors[f];
    for (std::size_t k = 0; k < factor.keys.size(); ++k) {
      if (!out.empty()) out += ", ";
      out += fmt::format("{}={}", factor.keys[k], factor.rows[rows[f]][k].yaml);
    }
  }
  return out;
}

std::string count_text(double n) {
  return n < 1e15 ? fmt::format("{:.0f}", n) : fmt::format("{:.3g}", n);
}

SweepPlan finish(Draft& d, SweepPlan plan, std::vector<Diagnostic>& errors) {
  check_keys(d, errors);
  const std::vector<Constraint> constraints = compile_constraints(d, errors);
  if (!errors.empty()) throw InputError(std::move(errors));

  // The size of the product, and a bound on the memory its points take, before making them.
  double total = 1;
  double bytes_per_point = sizeof(SweepPoint);
  std::string sizes;
  for (const Factor& f : d.factors) {
    total *= static_cast<double>(f.size);
    sizes += fmt::format("{}{}", sizes.empty() ? "" : " x ", f.size);
    double widest = 0;
    for (const auto& row : f.rows) {
      double b = 0;
      for (std::size_t k = 0; k < row.size(); ++k) {
        b += static_cast<double>(sizeof(SweepAssignment) + f.keys[k].size() + row[k].yaml.size());
      }
      widest = std::max(widest, b);
    }
    bytes_per_point += widest;
  }
  if (total > static_cast<double>(kMaxSweepPoints)) {
    throw InputError(
        Diagnostic{d.sweep_where, d.sweep_path,
                   fmt::format("the sweep has {} points (expected at most {} before constraints)",
                               d.factors.size() <= 1 ? count_text(total)
                               : d.factors.size() <= 10
                                   ? fmt::format("{} = {}", sizes, count_text(total))
                                   : fmt::format("{} factors with {}", d.factors.size(), count_text(total)),
                               kMaxSweepPoints)});
  }
  if (total * bytes_per_point > kMaxPlanBytes) {
    throw InputError(Diagnostic{
        d.sweep_where, d.sweep_path,
        fmt::format("the {} points would take about {:.0f} MiB (expected at most {:.0f} MiB: fewer points or "
                    "shorter values)",
                    count_text(total), total * bytes_per_point / 1048576.0, kMaxPlanBytes / 1048576.0)});
  }

  for (const Factor& f : d.factors) plan.keys.insert(plan.keys.end(), f.keys.begin(), f.keys.end());
  for (const FixedValue& v : d.fixed) plan.fixed.push_back(SweepAssignment{v.key, v.cell.yaml});
  for (const ConstraintText& t : d.constraints) plan.constraints.push_back(t.text);

  const auto count = static_cast<std::size_t>(total);
  plan.generated = count;
  std::vector<std::size_t> rows(d.factors.size(), 0);
  std::vector<bool> failed(constraints.size(), false);
  for (std::size_t n = 0; n < count; ++n) {
    // Constraints in order until one is false; once one has failed, every constraint is
    // evaluated on every point so that each one's first problem is found in one pass.
    bool keep = true;
    for (std::size_t c = 0; c < constraints.size(); ++c) {
      if (!keep && errors.empty()) break;
      if (failed[c]) continue;
      try {
        if (!Evaluator(constraints[c], d.factors, d.fixed, rows).condition(constraints[c].root)) keep = false;
      } catch (const ExprError& e) {
        // Reported once per constraint, with the first point it fails on.
        errors.push_back(Diagnostic{constraints[c].where, constraints[c].path,
                                    fmt::format("at the point {}: {}", describe_row(d, rows), e.message)});
        failed[c] = true;
        keep = false;
      }
    }
    if (keep && errors.empty()) {
      SweepPoint p;
      p.assignments.reserve(plan.keys.size());
      for (std::size_t f = 0; f < d.factors.size(); ++f) {
        const Factor& factor = d.factors[f];
        for (std::size_t k = 0; k < factor.keys.size(); ++k) {
          p.assignments.push_back(SweepAssignment{factor.keys[k], factor.rows[rows[f]][k].yaml});
        }
      }
      plan.points.push_back(std::move(p));
    }
    // Next combination: the last factor varies fastest.
    for (std::size_t f = d.factors.size(); f-- > 0;) {
      if (++rows[f] < d.factors[f].rows.size()) break;
      rows[f] = 0;
    }
  }
  if (!errors.empty()) throw InputError(std::move(errors));
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Ranges and Latin hypercubes

/// Digits after the decimal point as written ("0.25" -> 2, "3" -> 0); -1 with an exponent.
int decimals(std::string_view text) {
  if (text.find_first_of("eE") != std::string_view::npos) return -1;
  const std::size_t dot = text.find('.');
  return dot == std::string_view::npos ? 0 : static_cast<int>(text.size() - dot - 1);
}

std::optional<std::int64_t> as_int64(std::string_view text) {
  std::int64_t v = 0;
  const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
  if (res.ec != std::errc() || res.ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

std::string with_unit(std::string number, const std::string& unit) {
  if (unit.empty()) return number;
  if (unit.front() == '/' || unit.front() == '%') return number + unit;
  return number + " " + unit;
}

/// A float range value: rounded to the decimals written in from and step ("0.1" + 2 x "0.1" is
/// "0.3", not 0.30000000000000004), trailing zeros dropped but one kept ("1.0").
std::string range_text(double x, int digits) {
  constexpr int kMaxDigits = 15;
  if (digits < 0 || digits > kMaxDigits) return fmt::format("{}", x);
  std::string s = fmt::format("{:.{}f}", x, digits);
  if (digits > 0) {
    while (s.back() == '0' && s[s.size() - 2] != '.') s.pop_back();
  }
  if (s.starts_with('-') && s.find_first_not_of("0.", 1) == std::string::npos) s.erase(0, 1);  // "-0.0"
  return s;
}

// ---------------------------------------------------------------------------------------------
// The sweep file

constexpr std::string_view kTopKeys[] = {"scenario", "replications", "set", "sweep", "constraints"};
constexpr std::string_view kFactorKeys[] = {"key", "values", "range", "zip", "latin_hypercube"};
constexpr std::string_view kRangeKeys[] = {"from", "to", "step", "unit"};
constexpr std::string_view kLatinKeys[] = {"samples", "seed", "keys"};
constexpr std::string_view kLatinKeyKeys[] = {"min", "max", "integer", "unit"};

class SweepReader {
 public:
  explicit SweepReader(const YamlDocument& doc) : doc_(doc) {}

  SweepPlan run() {
    const NodeIndex root = doc_.root();
    if (doc_.node(root).kind != YamlKind::kMapping) {
      throw InputError(Diagnostic{doc_.where(root), "",
                                  "a sweep file must be a mapping (expected the keys scenario, replications, "
                                  "set, sweep and constraints)"});
    }
    known_keys(root, "", kTopKeys);
    SweepPlan plan;
    if (const YamlEntry* e = entry(root, "scenario")) plan.scenario = scenario_path(*e);
    if (const YamlEntry* e = entry(root, "replications")) {
      if (const auto r = integer(*e, "replications", 1, kMaxReplications))
        plan.replications = static_cast<int>(*r);
    }
    if (const YamlEntry* e = entry(root, "set")) fixed(*e);
    if (const YamlEntry* e = entry(root, "sweep")) {
      sweep(*e);
    } else {
      error(doc_.where(root), "",
            "sweep is missing (expected a list of factors, e.g. sweep: [{key: robots.count, values: [20, "
            "40]}])");
    }
    if (const YamlEntry* e = entry(root, "constraints")) constraints(*e);
    return finish(draft_, std::move(plan), errors_);
  }

 private:
  void error(SourceLocation where, std::string path, std::string message) {
    errors_.push_back(Diagnostic{std::move(where), std::move(path), std::move(message)});
  }

  /// Where a value is, or its key when the value is empty (an empty value has no useful position).
  [[nodiscard]] SourceLocation at(const YamlEntry& e) const {
    return doc_.node(e.value).kind == YamlKind::kNull ? doc_.where(e) : doc_.where(e.value);
  }

  [[nodiscard]] const YamlEntry* entry(NodeIndex mapping, std::string_view key) const {
    const YamlNode& m = doc_.node(mapping);
    if (m.kind != YamlKind::kMapping) return nullptr;
    for (const YamlEntry& e : m.entries) {
      if (e.key == key) return &e;
    }
    return nullptr;
  }

  /// Reports every key of a mapping that is not in `known`; true when there was none.
  bool known_keys(NodeIndex mapping, const std::string& path, std::span<const std::string_view> known) {
    bool ok = true;
    for (const YamlEntry& e : doc_.node(mapping).entries) {
      if (std::find(known.begin(), known.end(), e.key) == known.end()) {
        error(doc_.where(e), child(path, e.key), unknown_key(e.key, known));
        ok = false;
      }
    }
    return ok;
  }

  /// A mapping value, or an error saying what was expected.
  bool mapping(const YamlEntry& e, const std::string& path, std::string_view expected) {
    if (doc_.node(e.value).kind == YamlKind::kMapping) return true;
    error(at(e), path, fmt::format("expected {}, got {}", expected, what(e.value)));
    return false;
  }

  [[nodiscard]] std::string what(NodeIndex n) const {
    const YamlNode& node = doc_.node(n);
    switch (node.kind) {
      case YamlKind::kNull:
        return "nothing";
      case YamlKind::kSequence:
        return "a list";
      case YamlKind::kMapping:
        return "a mapping";
      case YamlKind::kScalar:
        break;
    }
    return in_quotes(node.text);
  }

  /// A plain scalar that reads as a finite number; its text.
  std::optional<std::string> number_text(const YamlEntry& e, const std::string& path) {
    const YamlNode& node = doc_.node(e.value);
    if (node.kind == YamlKind::kScalar && !node.plain) {
      error(at(e), path,
            fmt::format("expected a number, got the text {} (remove the quotes)", in_quotes(node.text)));
      return std::nullopt;
    }
    if (node.kind != YamlKind::kScalar || !units::parse_number(node.text)) {
      error(at(e), path, fmt::format("expected a number, got {}", what(e.value)));
      return std::nullopt;
    }
    return node.text;
  }

  std::optional<std::int64_t> integer(const YamlEntry& e, const std::string& path, std::int64_t lo,
                                      std::int64_t hi) {
    const YamlNode& node = doc_.node(e.value);
    const auto v = node.kind == YamlKind::kScalar && node.plain ? as_int64(node.text) : std::nullopt;
    if (!v) {
      error(at(e), path, fmt::format("expected an integer, got {}", what(e.value)));
      return std::nullopt;
    }
    if (*v < lo || *v > hi) {
      error(at(e), path, fmt::format("{} is out of range (expected {} to {})", *v, lo, hi));
      return std::nullopt;
    }
    return v;
  }

  std::optional<std::string> text(const YamlEntry& e, const std::string& path, std::string_view expected) {
    const YamlNode& node = doc_.node(e.value);
    if (node.kind != YamlKind::kScalar || node.text.empty()) {
      error(at(e), path, fmt::format("expected {}, got {}", expected, what(e.value)));
      return std::nullopt;
    }
    return node.text;
  }

  std::string scenario_path(const YamlEntry& e) {
    const auto s = text(e, "scenario", "the path of the base scenario file");
    if (!s) return {};
    const std::filesystem::path p(*s);
    if (p.is_absolute()) return *s;
    return (std::filesystem::path(doc_.file()).parent_path() / p).string();
  }

  /// A key path given as a mapping key (set:, zip:, latin_hypercube keys:).
  bool key_ok(const YamlEntry& e, const std::string& path) {
    if (is_key_path(e.key)) return true;
    error(doc_.where(e), path, not_a_key_path(e.key));
    return false;
  }

  std::optional<Cell> value(NodeIndex n, const std::string& path) {
    if (budget_.spent()) return std::nullopt;  // reported once
    auto c = node_cell(doc_, n);
    if (!c) {
      error(doc_.where(n), path,
            fmt::format("the value is longer than {} KiB as YAML text (expected a shorter value)",
                        kMaxValueBytes / 1024));
    } else if (!budget_.take(*c)) {
      error(doc_.where(n), path, ValueBudget::message());
      return std::nullopt;
    }
    return c;
  }

  /// Whether a generated factor of `size` settings is worth generating: not when the points are
  /// over the limit anyway (finish() reports the product from the sizes).
  [[nodiscard]] bool within_points(std::size_t size) const {
    double product = static_cast<double>(size);
    for (const Factor& f : draft_.factors) product *= static_cast<double>(f.size);
    return product <= static_cast<double>(kMaxSweepPoints);
  }

  void add(Factor f) { draft_.factors.push_back(std::move(f)); }

  /// A non-empty list of values.
  std::optional<std::vector<Cell>> values(const YamlEntry& e, const std::string& path) {
    const YamlNode& node = doc_.node(e.value);
    if (node.kind != YamlKind::kSequence) {
      error(at(e), path,
            fmt::format("expected a list of values such as [20, 40, 60], got {}", what(e.value)));
      return std::nullopt;
    }
    if (node.items.empty()) {
      error(at(e), path, "the list is empty (expected at least one value)");
      return std::nullopt;
    }
    std::vector<Cell> out;
    bool ok = true;
    for (std::size_t i = 0; i < node.items.size(); ++i) {
      auto c = value(node.items[i], fmt::format("{}[{}]", path, i));
      if (c) {
        out.push_back(std::move(*c));
      } else {
        ok = false;
      }
    }
    if (!ok) return std::nullopt;
    return out;
  }

  void fixed(const YamlEntry& e) {
    if (doc_.node(e.value).kind == YamlKind::kNull) return;
    if (!mapping(e, "set", "a mapping of key paths to values, e.g. {simulation.horizon: 8h}")) return;
    for (const YamlEntry& s : doc_.node(e.value).entries) {
      const std::string path = child("set", s.key);
      if (!key_ok(s, path)) continue;
      if (auto c = value(s.value, path)) draft_.fixed.push_back(FixedValue{s.key, std::move(*c)});
    }
  }

  void sweep(const YamlEntry& e) {
    draft_.sweep_where = doc_.where(e);
    draft_.sweep_path = "sweep";
    const YamlNode& node = doc_.node(e.value);
    if (node.kind != YamlKind::kSequence || node.items.empty()) {
      error(at(e), "sweep",
            fmt::format("expected a list of factors, e.g. - {{key: robots.count, values: [20, 40]}}, got {}",
                        node.kind == YamlKind::kSequence ? "an empty list" : what(e.value)));
      return;
    }
    for (std::size_t i = 0; i < node.items.size(); ++i) factor(node.items[i], fmt::format("sweep[{}]", i));
  }

  void factor(NodeIndex n, const std::string& path) {
    if (doc_.node(n).kind != YamlKind::kMapping) {
      error(doc_.where(n), path,
            fmt::format("expected a factor (a mapping with key and values, key and range, zip or "
                        "latin_hypercube), got {}",
                        what(n)));
      return;
    }
    if (!known_keys(n, path, kFactorKeys)) return;
    const YamlEntry* key = entry(n, "key");
    const YamlEntry* list = entry(n, "values");
    const YamlEntry* range = entry(n, "range");
    const YamlEntry* zip = entry(n, "zip");
    const YamlEntry* latin = entry(n, "latin_hypercube");
    if (zip != nullptr || latin != nullptr) {
      const std::string_view kind = zip != nullptr ? "zip" : "latin_hypercube";
      bool alone = true;
      for (const YamlEntry* other : {key, list, range, zip != nullptr ? latin : nullptr}) {
        if (other == nullptr) continue;
        error(doc_.where(*other), child(path, other->key),
              fmt::format("not used with {} (give each factor as its own list item)", kind));
        alone = false;
      }
      if (!alone) return;
      if (zip != nullptr) {
        zip_factor(*zip, child(path, "zip"), path);
      } else {
        latin_factor(*latin, child(path, "latin_hypercube"), path);
      }
      return;
    }
    if (key == nullptr) {
      error(doc_.where(n), path, "key is missing (expected key: a key path such as robots.count)");
      return;
    }
    if (list == nullptr && range == nullptr) {
      error(
          doc_.where(n), path,
          "values or range is missing (expected values: [v1, v2, ...] or range: {from: a, to: b, step: c})");
      return;
    }
    if (list != nullptr && range != nullptr) {
      error(doc_.where(*range), child(path, "range"), "give either values or range, not both");
      return;
    }
    const std::string key_path = child(path, "key");
    const auto name = text(*key, key_path, "a key path such as robots.count");
    if (!name) return;
    if (!is_key_path(*name)) {
      error(at(*key), key_path, not_a_key_path(*name));
      return;
    }
    std::size_t size = 0;
    auto cells = list != nullptr ? values(*list, child(path, "values"))
                                 : range_values(*range, child(path, "range"), size);
    if (!cells) return;
    Factor f;
    f.path = path;
    f.size = list != nullptr ? cells->size() : size;
    f.keys.push_back(*name);
    f.key_where.push_back(at(*key));
    f.key_path.push_back(key_path);
    f.rows.reserve(cells->size());
    for (Cell& c : *cells) f.rows.push_back({std::move(c)});
    add(std::move(f));
  }

  void zip_factor(const YamlEntry& e, const std::string& path, const std::string& factor_path) {
    if (!mapping(e, path, "a mapping of key paths to lists of equal length")) return;
    const YamlNode& node = doc_.node(e.value);
    if (node.entries.empty()) {
      error(at(e), path, "the zip is empty (expected key paths with lists of equal length)");
      return;
    }
    Factor f;
    f.path = factor_path;
    std::vector<std::vector<Cell>> columns;
    bool ok = true;
    for (const YamlEntry& z : node.entries) {
      const std::string key_path = child(path, z.key);
      if (!key_ok(z, key_path)) {
        ok = false;
        continue;
      }
      auto cells = values(z, key_path);
      if (!cells) {
        ok = false;
        continue;
      }
      f.keys.push_back(z.key);
      f.key_where.push_back(doc_.where(z));
      f.key_path.push_back(key_path);
      columns.push_back(std::move(*cells));
    }
    if (!ok) return;
    const bool equal = std::all_of(columns.begin(), columns.end(),
                                   [&](const auto& c) { return c.size() == columns.front().size(); });
    if (!equal) {
      std::string lengths;
      for (std::size_t k = 0; k < columns.size(); ++k) {
        lengths += fmt::format("{}{} has {}", k == 0 ? "" : ", ", f.keys[k], columns[k].size());
      }
      error(at(e), path,
            fmt::format("the lists have different lengths ({}; expected the same number of values in each)",
                        lengths));
      return;
    }
    for (std::size_t i = 0; i < columns.front().size(); ++i) {
      std::vector<Cell> row;
      row.reserve(columns.size());
      for (auto& column : columns) row.push_back(std::move(column[i]));
      f.rows.push_back(std::move(row));
    }
    f.size = f.rows.size();
    add(std::move(f));
  }

  std::optional<std::string> unit(NodeIndex mapping, const std::string& path) {
    const YamlEntry* u = entry(mapping, "unit");
    if (u == nullptr) return std::string();
    constexpr std::size_t kMaxUnit = 32;
    auto t = text(*u, child(path, "unit"), "a unit such as /h, s or m/s");
    if (!t) return std::nullopt;
    if (t->size() > kMaxUnit) {
      error(at(*u), child(path, "unit"), fmt::format("the unit is longer than {} characters", kMaxUnit));
      return std::nullopt;
    }
    return t;
  }

  /// The values of a range; empty (with `size` set) when within_points() says not to make them.
  std::optional<std::vector<Cell>> range_values(const YamlEntry& e, const std::string& path,
                                                std::size_t& size) {
    if (!mapping(e, path, "a mapping {from: a, to: b, step: c}")) return std::nullopt;
    const NodeIndex m = e.value;
    if (!known_keys(m, path, kRangeKeys)) return std::nullopt;
    std::array<std::optional<std::string>, 3> texts;
    bool ok = true;
    constexpr std::array<const char*, 3> kNames = {"from", "to", "step"};
    for (std::size_t i = 0; i < kNames.size(); ++i) {
      const YamlEntry* x = entry(m, kNames[i]);
      if (x == nullptr) {
        error(doc_.where(m), path, fmt::format("{} is missing (expected from, to and step)", kNames[i]));
        ok = false;
        continue;
      }
      texts[i] = number_text(*x, child(path, kNames[i]));
      ok = ok && texts[i].has_value();
    }
    const auto u = unit(m, path);
    if (!ok || !u) return std::nullopt;
    const std::string& from_text = *texts[0];
    const std::string& to_text = *texts[1];
    const std::string& step_text = *texts[2];
    const double from = units::parse_number(from_text).value();
    const double to = units::parse_number(to_text).value();
    const double step = units::parse_number(step_text).value();
    if (!(step > 0)) {
      error(at(*entry(m, "step")), child(path, "step"),
            fmt::format("{} is not > 0 (expected a positive step)", step_text));
      return std::nullopt;
    }
    if (from > to) {
      error(at(*entry(m, "to")), child(path, "to"),
            fmt::format("{} is less than from ({}) (expected to >= from)", to_text, from_text));
      return std::nullopt;
    }
    const auto too_many = [&](double n) {
      error(at(e), path,
            fmt::format("the range has {} values (expected at most {}: a larger step or a shorter range)",
                        count_text(n), kMaxRangeValues));
      return std::nullopt;
    };
    std::vector<Cell> out;
    const auto fi = as_int64(from_text);
    const auto ti = as_int64(to_text);
    const auto si = as_int64(step_text);
    if (fi && ti && si) {
      // Integers stay integers, computed exactly (the difference may not fit in an int64).
      const std::uint64_t span = static_cast<std::uint64_t>(*ti) - static_cast<std::uint64_t>(*fi);
      const std::uint64_t count = span / static_cast<std::uint64_t>(*si) + 1;
      if (count > kMaxRangeValues) return too_many(static_cast<double>(count));
      size = static_cast<std::size_t>(count);
      if (!within_points(size)) return out;
      out.reserve(static_cast<std::size_t>(count));
      for (std::uint64_t i = 0; i < count; ++i) {
        const auto v =
            static_cast<std::int64_t>(static_cast<std::uint64_t>(*fi) + i * static_cast<std::uint64_t>(*si));
        out.push_back(scalar_cell(with_unit(fmt::format("{}", v), *u), true));
      }
      return out;
    }
    // from + i * step (no accumulated error); the end is inclusive within 1e-9 of a step.
    const double steps = (to - from) / step;
    if (!(steps < static_cast<double>(kMaxRangeValues))) return too_many(std::floor(steps) + 1);
    const auto count = static_cast<std::size_t>(std::floor(steps + 1e-9)) + 1;
    size = count;
    if (!within_points(size)) return out;
    out.reserve(count);
    const int from_digits = decimals(from_text);
    const int step_digits = decimals(step_text);
    const int digits = from_digits < 0 || step_digits < 0 ? -1 : std::max(from_digits, step_digits);
    for (std::size_t i = 0; i < count; ++i) {
      const double x = std::min(from + static_cast<double>(i) * step, to);
      out.push_back(scalar_cell(with_unit(range_text(x, digits), *u), true));
    }
    return out;
  }

  struct LatinKey {
    std::string key;
    double min = 0;
    double max = 0;
    bool integer = false;
    std::string unit;
  };

  void latin_factor(const YamlEntry& e, const std::string& path, const std::string& factor_path) {
    if (!mapping(e, path, "a mapping with samples, seed and keys")) return;
    const NodeIndex m = e.value;
    if (!known_keys(m, path, kLatinKeys)) return;
    std::optional<std::int64_t> samples;
    if (const YamlEntry* s = entry(m, "samples")) {
      samples = integer(*s, child(path, "samples"), 1, static_cast<std::int64_t>(kMaxLatinHypercubeSamples));
    } else {
      error(doc_.where(m), path, "samples is missing (expected the number of points to sample)");
    }
    std::optional<std::int64_t> seed = 1;
    if (const YamlEntry* s = entry(m, "seed")) {
      seed = integer(*s, child(path, "seed"), 0, std::numeric_limits<std::int64_t>::max());
    }
    const YamlEntry* keys = entry(m, "keys");
    if (keys == nullptr) {
      error(doc_.where(m), path, "keys is missing (expected key paths, each with {min: a, max: b})");
      return;
    }
    const std::string keys_path = child(path, "keys");
    if (!mapping(*keys, keys_path, "a mapping of key paths, each with {min: a, max: b}")) return;
    if (doc_.node(keys->value).entries.empty()) {
      error(at(*keys), keys_path, "no keys (expected key paths, each with {min: a, max: b})");
      return;
    }
    Factor f;
    f.path = factor_path;
    std::vector<LatinKey> specs;
    bool ok = true;
    for (const YamlEntry& k : doc_.node(keys->value).entries) {
      const std::string key_path = child(keys_path, k.key);
      auto spec = latin_key(k, key_path);
      if (!spec) {
        ok = false;
        continue;
      }
      f.keys.push_back(k.key);
      f.key_where.push_back(doc_.where(k));
      f.key_path.push_back(key_path);
      specs.push_back(std::move(*spec));
    }
    if (!ok || !samples || !seed) return;
    const auto n = static_cast<std::size_t>(*samples);
    if (n * specs.size() > kMaxLatinHypercubeValues) {
      error(at(e), path,
            fmt::format("the design has {} samples x {} keys = {} values (expected at most {})", n,
                        specs.size(), n * specs.size(), kMaxLatinHypercubeValues));
      return;
    }
    f.size = n;
    if (!within_points(n)) {
      add(std::move(f));
      return;
    }
    f.rows.resize(n);
    RandomStreams streams(static_cast<std::uint64_t>(*seed), 0);
    for (const LatinKey& spec : specs) {
      // One stream per key: adding a key leaves the other keys' samples unchanged.
      const RandomStream stream = streams.stream("sweep/latin_hypercube/" + spec.key);
      std::vector<std::size_t> perm(n);
      for (std::size_t i = 0; i < n; ++i) perm[i] = i;
      for (std::size_t i = n; i-- > 1;) {
        const auto j = static_cast<std::size_t>(stream.draw_for(i, 0).below(i + 1));
        std::swap(perm[i], perm[j]);
      }
      for (std::size_t i = 0; i < n; ++i) {
        const double u = stream.draw_for(i, 1).uniform();
        const double t = (static_cast<double>(perm[i]) + u) / static_cast<double>(n);
        std::string number;
        if (spec.integer) {
          const double x = spec.min + t * (spec.max + 1 - spec.min);
          const auto v = std::clamp(static_cast<std::int64_t>(std::floor(x)),
                                    static_cast<std::int64_t>(spec.min), static_cast<std::int64_t>(spec.max));
          number = fmt::format("{}", v);
        } else {
          double x = spec.min + t * (spec.max - spec.min);
          if (x >= spec.max) x = std::nextafter(spec.max, spec.min);  // [min, max) even after rounding
          number = fmt::format("{}", std::max(x, spec.min));
        }
        f.rows[i].push_back(scalar_cell(with_unit(std::move(number), spec.unit), true));
      }
    }
    add(std::move(f));
  }

  std::optional<LatinKey> latin_key(const YamlEntry& k, const std::string& path) {
    if (!key_ok(k, path)) return std::nullopt;
    if (!mapping(k, path, "a mapping {min: a, max: b}")) return std::nullopt;
    if (!known_keys(k.value, path, kLatinKeyKeys)) return std::nullopt;
    LatinKey spec;
    spec.key = k.key;
    if (const YamlEntry* i = entry(k.value, "integer")) {
      const YamlNode& node = doc_.node(i->value);
      if (node.kind != YamlKind::kScalar || !node.plain || (node.text != "true" && node.text != "false")) {
        error(at(*i), child(path, "integer"), fmt::format("expected true or false, got {}", what(i->value)));
        return std::nullopt;
      }
      spec.integer = node.text == "true";
    }
    std::array<std::optional<std::string>, 2> bounds;
    constexpr std::array<const char*, 2> kNames = {"min", "max"};
    for (std::size_t b = 0; b < kNames.size(); ++b) {
      const YamlEntry* x = entry(k.value, kNames[b]);
      if (x == nullptr) {
        error(doc_.where(k.value), path, fmt::format("{} is missing (expected min and max)", kNames[b]));
        continue;
      }
      bounds[b] = number_text(*x, child(path, kNames[b]));
      if (bounds[b] && spec.integer) {
        const auto v = as_int64(*bounds[b]);
        if (!v || *v < -kMaxExactInteger || *v > kMaxExactInteger) {
          error(at(*x), child(path, kNames[b]),
                fmt::format("expected an integer from -2^53 to 2^53 (integer: true), got {}",
                            in_quotes(*bounds[b])));
          bounds[b].reset();
        }
      }
    }
    const auto u = unit(k.value, path);
    if (!bounds[0] || !bounds[1] || !u) return std::nullopt;
    spec.unit = *u;
    spec.min = units::parse_number(*bounds[0]).value();
    spec.max = units::parse_number(*bounds[1]).value();
    const std::string max_path = child(path, "max");
    const SourceLocation max_at = at(*entry(k.value, "max"));
    if (spec.integer ? spec.max < spec.min : !(spec.max > spec.min)) {
      error(max_at, max_path,
            fmt::format("{} is {} min ({}) (expected max {} min)", *bounds[1],
                        spec.integer ? "below" : "not above", *bounds[0], spec.integer ? ">=" : ">"));
      return std::nullopt;
    }
    if (!std::isfinite(spec.max - spec.min)) {
      error(max_at, max_path, "the interval from min to max is too wide (expected a finite width)");
      return std::nullopt;
    }
    return spec;
  }

  void constraints(const YamlEntry& e) {
    const YamlNode& node = doc_.node(e.value);
    if (node.kind == YamlKind::kNull) return;
    if (node.kind != YamlKind::kSequence) {
      error(
          at(e), "constraints",
          fmt::format("expected a list of conditions such as \"robots.count >= 10\", got {}", what(e.value)));
      return;
    }
    for (std::size_t i = 0; i < node.items.size(); ++i) {
      const std::string path = fmt::format("constraints[{}]", i);
      const YamlNode& item = doc_.node(node.items[i]);
      if (item.kind != YamlKind::kScalar) {
        error(
            doc_.where(node.items[i]), path,
            fmt::format("expected a condition such as \"robots.count >= 10\", got {}", what(node.items[i])));
        continue;
      }
      draft_.constraints.push_back(ConstraintText{item.text, doc_.where(node.items[i]), path});
    }
  }

  const YamlDocument& doc_;
  std::vector<Diagnostic> errors_;
  Draft draft_;
  ValueBudget budget_;
};

}  // namespace

SweepPlan parse_sweep(const scenario::YamlDocument& doc) {
  return SweepReader(doc).run();
}

SweepPlan load_sweep_file(const std::filesystem::path& file) {
  return parse_sweep(YamlDocument::load(file));
}

SweepPlan plan_from_vary(const std::vector<std::string>& vary, int replications) {
  const SourceLocation where{"command line", 0, 0};
  std::vector<Diagnostic> errors;
  const auto error = [&](std::string path, std::string message) {
    errors.push_back(Diagnostic{where, std::move(path), std::move(message)});
  };
  SweepPlan plan;
  if (replications < 1 || replications > kMaxReplications) {
    error("--replications",
          fmt::format("{} is out of range (expected 1 to {})", replications, kMaxReplications));
  } else {
    plan.replications = replications;
  }
  Draft d;
  ValueBudget budget;
  d.from_flags = true;
  d.sweep_where = where;
  d.sweep_path = "--vary";
  constexpr std::string_view kForm = "expected key=[v1, v2, ...], e.g. robots.count=[20, 40, 60]";
  const auto trim = [](std::string_view s) {
    const std::size_t a = s.find_first_not_of(' ');
    if (a == std::string_view::npos) return std::string_view();
    return s.substr(a, s.find_last_not_of(' ') - a + 1);
  };
  for (const std::string& flag : vary) {
    const std::size_t eq = flag.find('=');
    if (eq == std::string::npos) {
      error("--vary", fmt::format("{} has no '=' ({})", in_quotes(flag), kForm));
      continue;
    }
    const std::string_view key = trim(std::string_view(flag).substr(0, eq));
    const std::string_view list = trim(std::string_view(flag).substr(eq + 1));
    if (!is_key_path(key)) {
      error("--vary", fmt::format("{} is not a key path ({})", in_quotes(key), kForm));
      continue;
    }
    if (list.empty()) {
      error("--vary", fmt::format("{} has no values after '=' ({})", in_quotes(flag), kForm));
      continue;
    }
    YamlDocument doc;
    try {
      doc = YamlDocument::parse(list, "--vary");
    } catch (const InputError& e) {
      error("--vary", fmt::format("the values of {} are not valid YAML: {} ({})", key,
                                  e.diagnostics().front().message, kForm));
      continue;
    }
    const YamlNode& root = doc.node(doc.root());
    if (root.kind != YamlKind::kSequence) {
      error("--vary", fmt::format("the value of {} is not a list ({})", key, kForm));
      continue;
    }
    if (root.items.empty()) {
      error("--vary", fmt::format("the list of {} is empty (expected at least one value)", key));
      continue;
    }
    Factor f;
    f.path = "--vary";
    f.keys.emplace_back(key);
    f.key_where.push_back(where);
    f.key_path.emplace_back("--vary");
    bool ok = true;
    for (const NodeIndex item : root.items) {
      if (budget.spent()) {
        ok = false;
        break;
      }
      auto c = node_cell(doc, item);
      if (!c) {
        error("--vary",
              fmt::format("a value of {} is longer than {} KiB as YAML text", key, kMaxValueBytes / 1024));
        ok = false;
        break;
      }
      if (!budget.take(*c)) {
        error("--vary", ValueBudget::message());
        ok = false;
        break;
      }
      f.rows.push_back({std::move(*c)});
    }
    f.size = f.rows.size();
    if (ok) d.factors.push_back(std::move(f));
  }
  return finish(d, std::move(plan), errors);
}

std::string describe_point(const SweepPoint& point) {
  std::string out;
  for (const SweepAssignment& a : point.assignments) {
    if (!out.empty()) out += ", ";
    out += a.key;
    out += '=';
    out += a.value;
  }
  return out;
}

}  // namespace whsim::run
