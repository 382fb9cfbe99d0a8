// Reading YAML into a YamlDocument through yaml-cpp's event interface, with the guards listed in
// the header. yaml-cpp's Node API is not used: it keeps the last of two duplicate keys silently,
// builds cyclic graphs from self-referencing aliases and expands alias bombs without bound.
#include "whsim/scenario/yaml_document.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>
#include <unordered_set>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

namespace whsim::scenario {
namespace {

/// Stops reading at the first problem.
struct ReadError {
  int line = 0;
  int column = 0;
  std::string message;
};

std::string human_bytes(std::size_t n) {
  if (n >= (std::size_t{1} << 20)) return fmt::format("{:.1f} MiB", static_cast<double>(n) / 1048576.0);
  if (n >= 1024) return fmt::format("{:.1f} KiB", static_cast<double>(n) / 1024.0);
  return fmt::format("{} bytes", n);
}

/// Byte-level checks before the YAML parser sees the text.
void prescan(std::string_view text, const YamlLimits& limits) {
  if (text.size() > limits.max_file_bytes) {
    throw ReadError{0, 0,
                    fmt::format("file is {}, larger than the limit of {}", human_bytes(text.size()),
                                human_bytes(limits.max_file_bytes))};
  }
  if (text.starts_with("\xEF\xBB\xBF") || text.starts_with("\xFE\xFF") || text.starts_with("\xFF\xFE")) {
    throw ReadError{1, 1, "file starts with a byte-order mark (save it as UTF-8 without one)"};
  }
  int line = 1;
  int column = 1;
  bool in_indent = true;
  bool any_content = false;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
      in_indent = true;
      ++i;
      continue;
    }
    if (c == 0) throw ReadError{line, column, "file contains a NUL byte (is it a binary file?)"};
    if (c == '\t' && in_indent) {
      // A tab before the first visible character of a line that has one.
      std::size_t j = i;
      while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
      if (j < text.size() && text[j] != '\n' && text[j] != '\r') {
        throw ReadError{line, column, "tab used for indentation (YAML indents with spaces)"};
      }
    }
    if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) {
      throw ReadError{line, column,
                      fmt::format("control character 0x{:02X} is not allowed in a YAML file", c)};
    }
    if (c != ' ' && c != '\t' && c != '\r') {
      in_indent = false;
      any_content = true;
    }
    // UTF-8: validate the sequence length and continuation bytes (overlongs and surrogates too).
    std::size_t len = 1;
    if (c >= 0x80) {
      std::uint32_t cp = 0;
      if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1FU;
      } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0FU;
      } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07U;
      } else {
        throw ReadError{line, column, fmt::format("invalid UTF-8 byte 0x{:02X}", c)};
      }
      if (i + len > text.size()) throw ReadError{line, column, "invalid UTF-8: a character is cut off"};
      for (std::size_t k = 1; k < len; ++k) {
        const auto cc = static_cast<unsigned char>(text[i + k]);
        if ((cc & 0xC0U) != 0x80U)
          throw ReadError{line, column, fmt::format("invalid UTF-8 byte 0x{:02X}", cc)};
        cp = (cp << 6) | (cc & 0x3FU);
      }
      const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
      if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        throw ReadError{line, column, "invalid UTF-8 sequence"};
      }
    }
    i += len;
    ++column;
  }
  if (!any_content) throw ReadError{0, 0, "file is empty (expected a YAML mapping)"};
}

}  // namespace

/// Builds the document from parser events.
class YamlBuilder final : public YAML::EventHandler {
 public:
  YamlBuilder(YamlDocument& doc, const YamlLimits& limits) : doc_(doc), limits_(limits) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1) fail(mark, "more than one YAML document in one file (remove the '---' separator)");
  }
  void OnDocumentEnd() override {}
  void OnAnchor(const YAML::Mark& /*mark*/, const std::string& /*name*/) override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const NodeIndex n = new_node(YamlKind::kNull, mark);
    doc_.nodes_[n].plain = true;
    remember(anchor, n, false);
    attach(n, mark);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (value.size() > limits_.max_scalar_bytes) {
      fail(mark, fmt::format("a value of {} is larger than the limit of {}", human_bytes(value.size()),
                             human_bytes(limits_.max_scalar_bytes)));
    }
    const NodeIndex n = new_node(YamlKind::kScalar, mark);
    doc_.nodes_[n].text = value;
    doc_.nodes_[n].plain = tag == "?";  // yaml-cpp: "?" for plain scalars, "!" for quoted ones
    remember(anchor, n, false);
    attach(n, mark);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (anchor >= anchors_.size() || anchors_[anchor].node == kNone) fail(mark, "alias to an unknown anchor");
    if (anchors_[anchor].open) fail(mark, "alias refers to the node that contains it (a cycle)");
    const NodeIndex target = anchors_[anchor].node;
    count(mark, doc_.nodes_[target].expanded_size);
    attach(target, mark);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value /*style*/) override {
    open(YamlKind::kSequence, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    open(YamlKind::kMapping, mark, anchor);
  }
  void OnMapEnd() override { close(); }

  [[nodiscard]] bool has_root() const { return has_root_; }

 private:
  static constexpr NodeIndex kNone = 0xFFFFFFFFU;
  struct Frame {
    NodeIndex node;
    YAML::anchor_t anchor;
    bool expect_key = true;
    YamlEntry pending;
    std::unordered_set<std::string> keys;  // membership only: iteration order never matters
  };
  struct Anchor {
    NodeIndex node = kNone;
    bool open = false;
  };

  [[noreturn]] static void fail(const YAML::Mark& mark, std::string message) {
    throw ReadError{mark.line + 1, mark.column + 1, std::move(message)};
  }

  void count(const YAML::Mark& mark, std::uint64_t n) {
    expanded_ += n;
    if (expanded_ > limits_.max_expanded_nodes) {
      fail(mark, fmt::format("document expands to more than {} nodes (too many aliases: an alias bomb?)",
                             limits_.max_expanded_nodes));
    }
  }

  NodeIndex new_node(YamlKind kind, const YAML::Mark& mark) {
    count(mark, 1);
    YamlNode node;
    node.kind = kind;
    node.line = mark.line + 1;
    node.column = mark.column + 1;
    doc_.nodes_.push_back(std::move(node));
    return static_cast<NodeIndex>(doc_.nodes_.size() - 1);
  }

  void remember(YAML::anchor_t anchor, NodeIndex n, bool is_open) {
    if (anchor == YAML::NullAnchor) return;
    if (anchor >= anchors_.size()) anchors_.resize(anchor + 1);
    anchors_[anchor] = Anchor{n, is_open};
  }

  void open(YamlKind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
      fail(mark, fmt::format("nesting is deeper than the limit of {} levels", limits_.max_depth));
    }
    const NodeIndex n = new_node(kind, mark);
    remember(anchor, n, true);
    stack_.push_back(Frame{n, anchor, true, {}, {}});
  }

  void close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    YamlNode& node = doc_.nodes_[frame.node];
    std::uint64_t size = 1;
    for (const NodeIndex i : node.items) size += doc_.nodes_[i].expanded_size;
    for (const YamlEntry& e : node.entries) size += 1 + doc_.nodes_[e.value].expanded_size;
    node.expanded_size = size;
    if (frame.anchor != YAML::NullAnchor) anchors_[frame.anchor].open = false;
    YAML::Mark at;
    at.line = node.line - 1;
    at.column = node.column - 1;
    attach(frame.node, at);
  }

  void attach(NodeIndex n, const YAML::Mark& mark) {
    if (stack_.empty()) {
      doc_.root_ = n;
      has_root_ = true;
      return;
    }
    Frame& frame = stack_.back();
    if (doc_.nodes_[frame.node].kind == YamlKind::kSequence) {
      doc_.nodes_[frame.node].items.push_back(n);
      return;
    }
    if (frame.expect_key) {
      const YamlNode& key = doc_.nodes_[n];
      if (key.kind != YamlKind::kScalar) {
        fail(mark, key.kind == YamlKind::kNull ? "a mapping key is empty"
                                               : "a mapping key must be plain text, not a mapping or a list");
      }
      if (!frame.keys.insert(key.text).second) {
        for (const YamlEntry& e : doc_.nodes_[frame.node].entries) {
          if (e.key == key.text) {
            fail(mark, fmt::format("duplicate key \"{}\" (first given at line {}, column {})", key.text,
                                   e.line, e.column));
          }
        }
      }
      frame.pending = YamlEntry{key.text, key.line, key.column, 0};
      frame.expect_key = false;
      return;
    }
    frame.pending.value = n;
    doc_.nodes_[frame.node].entries.push_back(std::move(frame.pending));
    frame.expect_key = true;
  }

  YamlDocument& doc_;
  const YamlLimits& limits_;
  std::vector<Frame> stack_;
  std::vector<Anchor> anchors_;
  std::uint64_t expanded_ = 0;
  int documents_ = 0;
  bool has_root_ = false;
};

YamlDocument YamlDocument::parse(std::string_view text, std::string file, const YamlLimits& limits) {
  YamlDocument doc;
  doc.file_ = std::move(file);
  const auto error = [&doc](int line, int column, std::string message) {
    return InputError(Diagnostic{SourceLocation{doc.file_, line, column}, "", std::move(message)});
  };
  try {
    prescan(text, limits);
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    YamlBuilder builder(doc, limits);
    while (parser.HandleNextDocument(builder)) {
    }
    if (!builder.has_root()) throw ReadError{0, 0, "file is empty (expected a YAML mapping)"};
  } catch (const ReadError& e) {
    throw error(e.line, e.column, e.message);
  } catch (const YAML::DeepRecursion& e) {
    throw error(e.mark.line + 1, e.mark.column + 1,
                fmt::format("nesting is deeper than the limit of {} levels", limits.max_depth));
  } catch (const YAML::Exception& e) {
    // yaml-cpp's own messages ("illegal map value", ...) are kept, lower-cased, with its position.
    std::string msg = e.msg;
    if (!msg.empty() && msg.front() >= 'A' && msg.front() <= 'Z')
      msg.front() = static_cast<char>(msg.front() - 'A' + 'a');
    throw error(e.mark.line + 1, e.mark.column + 1, "YAML syntax error: " + msg);
  }
  return doc;
}

YamlDocument YamlDocument::load(const std::filesystem::path& path, const YamlLimits& limits) {
  const std::string name = path.string();
  const auto fail = [&name](std::string message) {
    return UnreadableFileError(Diagnostic{SourceLocation{name, 0, 0}, "", std::move(message)});
  };
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) throw fail("cannot read the file: it does not exist");
  if (std::filesystem::is_directory(status)) throw fail("cannot read the file: it is a directory");
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > limits.max_file_bytes) {
    throw InputError(Diagnostic{SourceLocation{name, 0, 0}, "",
                                fmt::format("file is {}, larger than the limit of {}", human_bytes(size),
                                            human_bytes(limits.max_file_bytes))});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw fail("cannot read the file: permission denied or not a regular file");
  std::string text;
  // Read at most one byte past the limit (parse() then reports the size), and no more than the
  // file claims plus one byte, so small files never cost a limit-sized buffer.
  const std::size_t cap = limits.max_file_bytes + 1;
  text.resize(ec ? cap : std::min<std::size_t>(static_cast<std::size_t>(size) + 1, cap));
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw fail("cannot read the file: I/O error");
  return parse(text, name, limits);
}

void YamlDocument::apply_override(std::string_view assignment, const YamlLimits& limits) {
  const std::string origin_name = fmt::format("command line: --set {}", assignment);
  const auto fail = [&origin_name](std::string message) {
    return InputError(Diagnostic{SourceLocation{origin_name, 0, 0}, "", std::move(message)});
  };
  const std::size_t eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0) throw fail("expected key.path=value");
  const std::string_view path = assignment.substr(0, eq);
  const std::string_view value_text = assignment.substr(eq + 1);
  if (value_text.empty()) throw fail("a value is missing after '='");
  // Parse the value as a YAML document of its own, then graft its nodes into this one.
  YamlDocument value;
  try {
    value = parse(value_text, origin_name, limits);
  } catch (const InputError& e) {
    const Diagnostic& d = e.diagnostics().front();
    throw fail(d.message);
  }
  overrides_.push_back(origin_name);
  const auto origin = static_cast<std::uint32_t>(overrides_.size());
  const auto offset = static_cast<NodeIndex>(nodes_.size());
  for (YamlNode node : value.nodes_) {
    for (NodeIndex& i : node.items) i += offset;
    for (YamlEntry& e : node.entries) {
      e.value += offset;
      e.origin = origin;
      e.line = 0;
      e.column = 0;
    }
    node.origin = origin;
    node.line = 0;
    node.column = 0;
    nodes_.push_back(std::move(node));
  }
  const NodeIndex new_value = value.root_ + offset;
  // Walk (creating sections as needed) to the parent mapping of the last key.
  NodeIndex current = root_;
  std::string walked;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    std::string key(path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    // "name[i]": item i of the list at key name (an item that exists; lists are not extended).
    std::optional<std::size_t> item;
    if (const std::size_t open = key.find('['); open != std::string::npos) {
      const std::string digits = key.substr(open + 1, key.size() - open - 2);
      if (key.back() != ']' || digits.empty() || digits.size() > 6 ||
          !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        throw fail(
            fmt::format("\"{}\" is not a key (expected a name, or name[index] for an item of a list)", key));
      }
      item = static_cast<std::size_t>(std::stoul(digits));
      key.resize(open);
    }
    if (key.empty())
      throw fail(fmt::format("\"{}\" is not a key path (expected names joined by dots)", path));
    if (nodes_[current].kind == YamlKind::kNull) {
      nodes_[current].kind = YamlKind::kMapping;
    } else if (nodes_[current].kind != YamlKind::kMapping) {
      throw fail(fmt::format("{} is not a section, so it has no key \"{}\"",
                             walked.empty() ? "the scenario" : walked, key));
    }
    walked += walked.empty() ? key : "." + key;
    YamlEntry* entry = nullptr;
    for (YamlEntry& e : nodes_[current].entries) {
      if (e.key == key) entry = &e;
    }
    const bool last = dot == std::string_view::npos;
    if (item) {
      const std::string& shown = walked;
      if (entry == nullptr || nodes_[entry->value].kind != YamlKind::kSequence) {
        throw fail(fmt::format("{} is not a list in the scenario, so it has no item [{}]", shown, *item));
      }
      std::vector<NodeIndex>& items = nodes_[entry->value].items;
      if (*item >= items.size()) {
        throw fail(fmt::format("{} has {} items, so it has no item [{}] (expected 0 to {})", shown,
                               items.size(), *item, items.size() - 1));
      }
      walked += fmt::format("[{}]", *item);
      if (last) {
        items[*item] = new_value;
        break;
      }
      current = items[*item];
      start = dot + 1;
      continue;
    }
    if (entry == nullptr) {
      NodeIndex child = new_value;
      if (!last) {
        YamlNode section;
        section.kind = YamlKind::kMapping;
        section.origin = origin;
        nodes_.push_back(std::move(section));
        child = static_cast<NodeIndex>(nodes_.size() - 1);
      }
      nodes_[current].entries.push_back(YamlEntry{key, 0, 0, child, origin});
      current = child;
    } else if (last) {
      entry->value = new_value;
      current = new_value;
    } else {
      current = entry->value;
    }
    if (last) break;
    start = dot + 1;
  }
}

void YamlDocument::merge_base(const YamlDocument& base) {
  // The base's origins (its file and its own bases and overrides) become origins of this document.
  const auto first_origin = static_cast<std::uint32_t>(overrides_.size() + 1);
  overrides_.push_back(base.file_);
  for (const std::string& o : base.overrides_) overrides_.push_back(o);
  const auto offset = static_cast<NodeIndex>(nodes_.size());
  for (YamlNode node : base.nodes_) {
    for (NodeIndex& i : node.items) i += offset;
    for (YamlEntry& e : node.entries) {
      e.value += offset;
      e.origin += first_origin;
    }
    node.origin += first_origin;
    nodes_.push_back(std::move(node));
  }
  // Merge mapping into mapping; `visited` guards against shared (aliased) mappings looping.
  std::vector<std::pair<NodeIndex, NodeIndex>> work{{root_, base.root_ + offset}};
  std::size_t steps = 0;
  while (!work.empty()) {
    const auto [mine, theirs] = work.back();
    work.pop_back();
    if (++steps > nodes_.size()) break;  // every pair is visited at most once per node
    if (nodes_[mine].kind != YamlKind::kMapping || nodes_[theirs].kind != YamlKind::kMapping) continue;
    const std::vector<YamlEntry> base_entries = nodes_[theirs].entries;
    for (const YamlEntry& be : base_entries) {
      const YamlEntry* match = nullptr;
      for (const YamlEntry& e : nodes_[mine].entries) {
        if (e.key == be.key) match = &e;
      }
      if (match == nullptr) {
        nodes_[mine].entries.push_back(be);
      } else if (nodes_[match->value].kind == YamlKind::kMapping &&
                 nodes_[be.value].kind == YamlKind::kMapping) {
        work.emplace_back(match->value, be.value);
      }
    }
  }
}

void YamlDocument::remove_top_level_key(std::string_view key) {
  auto& entries = nodes_[root_].entries;
  std::erase_if(entries, [key](const YamlEntry& e) { return e.key == key; });
}

const YamlNode* YamlDocument::find(NodeIndex mapping, std::string_view key) const {
  const YamlNode& m = nodes_[mapping];
  if (m.kind != YamlKind::kMapping) return nullptr;
  for (const YamlEntry& e : m.entries) {
    if (e.key == key) return &nodes_[e.value];
  }
  return nullptr;
}

namespace {

/// True when `text` reads back as the same plain scalar in block context.
bool plain_safe(std::string_view text) {
  if (text.empty() || text.front() == ' ' || text.back() == ' ') return false;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(text.front()) != std::string_view::npos) {
    // "-5", "-1.5e3" and "-" followed by a non-space read back as plain scalars.
    if (!(text.front() == '-' && text.size() > 1 && text[1] != ' ')) return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto u = static_cast<unsigned char>(text[i]);
    if (u < 0x20 || u == 0x7F) return false;
    if (text[i] == ':' && (i + 1 == text.size() || text[i + 1] == ' ')) return false;
    if (text[i] == '#' && i > 0 && text[i - 1] == ' ') return false;
  }
  return true;
}

std::string double_quoted(std::string_view text) {
  return yaml_double_quoted(text);
}

std::string key_text(std::string_view key) {
  return plain_safe(key) ? std::string(key) : double_quoted(key);
}

void emit(const YamlDocument& doc, NodeIndex n, int indent, std::string& out);

/// A value after "key:" or "- ": inline for scalars and empty collections, else on new lines.
void emit_value(const YamlDocument& doc, NodeIndex n, int indent, std::string& out) {
  const YamlNode& node = doc.node(n);
  if (node.kind == YamlKind::kNull) {
    out += " null\n";
  } else if (node.kind == YamlKind::kScalar) {
    out += ' ';
    out += node.plain && plain_safe(node.text) ? node.text : double_quoted(node.text);
    out += '\n';
  } else if (node.kind == YamlKind::kSequence && node.items.empty()) {
    out += " []\n";
  } else if (node.kind == YamlKind::kMapping && node.entries.empty()) {
    out += " {}\n";
  } else {
    out += '\n';
    emit(doc, n, indent, out);
  }
}

void emit(const YamlDocument& doc, NodeIndex n, int indent, std::string& out) {
  const YamlNode& node = doc.node(n);
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  if (node.kind == YamlKind::kMapping) {
    for (const YamlEntry& e : node.entries) {
      out += pad + key_text(e.key) + ":";
      emit_value(doc, e.value, indent + 2, out);
    }
  } else if (node.kind == YamlKind::kSequence) {
    for (const NodeIndex item : node.items) {
      out += pad + "-";
      emit_value(doc, item, indent + 2, out);
    }
  } else {
    out += pad;
    emit_value(doc, n, indent, out);
  }
}

}  // namespace

std::string YamlDocument::to_yaml() const {
  std::string out;
  const YamlNode& top = node(root_);
  if (top.kind == YamlKind::kMapping || top.kind == YamlKind::kSequence) {
    if ((top.kind == YamlKind::kMapping && top.entries.empty()) ||
        (top.kind == YamlKind::kSequence && top.items.empty())) {
      return top.kind == YamlKind::kMapping ? "{}\n" : "[]\n";
    }
    emit(*this, root_, 0, out);
  } else {
    emit_value(*this, root_, 0, out);
    out.erase(0, 1);
  }
  return out;
}

std::string yaml_double_quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7F) {
      out += fmt::format("\\u{:04x}", u);  // \uXXXX: valid in YAML and in JSON alike
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace whsim::scenario
