// A YAML document as whsim reads it: an owned tree in which every node remembers its line and
// column, read from yaml-cpp's event stream (yaml-cpp stays inside sim/scenario). Reading
// rejects, each with one located message, what yaml-cpp would accept silently or choke on:
// duplicate keys, nesting deeper than a limit, alias bombs (the expanded size is bounded),
// aliases that refer to the node containing them (cycles), files over a size limit, empty
// files, byte-order marks, NUL bytes and other control characters, invalid UTF-8, tabs used
// for indentation, more than one document, and scalars over a size limit. Budgets are checked
// before anything proportional to them is allocated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "whsim/core/error.hpp"

namespace whsim::scenario {

/// Budgets for reading one YAML file (documented in docs/scenario-files.md).
struct YamlLimits {
  std::size_t max_file_bytes = std::size_t{16} << 20;   ///< 16 MiB
  int max_depth = 64;                                   ///< nested mappings/sequences
  std::uint64_t max_expanded_nodes = 1'000'000;         ///< nodes after expanding every alias
  std::size_t max_scalar_bytes = std::size_t{1} << 20;  ///< one scalar, 1 MiB
};

enum class YamlKind : std::uint8_t { kNull, kScalar, kSequence, kMapping };

using NodeIndex = std::uint32_t;

/// One entry of a mapping: a plain-text key (with its position) and its value.
struct YamlEntry {
  std::string key;
  int line = 0;
  int column = 0;
  NodeIndex value = 0;
  std::uint32_t origin = 0;  ///< 0: the file; otherwise a --set override (see YamlDocument::origin)
};

struct YamlNode {
  YamlKind kind = YamlKind::kNull;
  int line = 0;                     ///< 1-based
  int column = 0;                   ///< 1-based
  bool plain = false;               ///< scalar written without quotes (so it may be a number, bool or null)
  std::string text;                 ///< scalar text
  std::vector<NodeIndex> items;     ///< sequence elements
  std::vector<YamlEntry> entries;   ///< mapping entries, in file order
  std::uint64_t expanded_size = 1;  ///< nodes in this subtree with aliases expanded
  std::uint32_t origin = 0;         ///< 0: the file; otherwise a --set override
};

class YamlDocument {
 public:
  /// Parses `text`, naming it `file` in messages. Throws InputError.
  [[nodiscard]] static YamlDocument parse(std::string_view text, std::string file,
                                          const YamlLimits& limits = {});
  /// Reads and parses a file. Throws InputError (also when the file is missing or unreadable).
  [[nodiscard]] static YamlDocument load(const std::filesystem::path& path, const YamlLimits& limits = {});

  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] NodeIndex root() const { return root_; }
  [[nodiscard]] const YamlNode& node(NodeIndex i) const { return nodes_[i]; }
  /// The value of `key` in a mapping node, or nullptr (also when the node is not a mapping).
  [[nodiscard]] const YamlNode* find(NodeIndex mapping, std::string_view key) const;
  /// Where a node is, for messages: file:line:col, or "command line: --set key=value".
  [[nodiscard]] SourceLocation where(NodeIndex i) const {
    return {origin(nodes_[i].origin), nodes_[i].line, nodes_[i].column};
  }
  /// Where a mapping entry's key is.
  [[nodiscard]] SourceLocation where(const YamlEntry& e) const {
    return {origin(e.origin), e.line, e.column};
  }
  /// The name of an origin: the file for 0, "command line: --set ..." for an override.
  [[nodiscard]] const std::string& origin(std::uint32_t i) const {
    return i == 0 ? file_ : overrides_[i - 1];
  }
  /// True when the node came from a --set override rather than the file.
  [[nodiscard]] bool is_override(NodeIndex i) const { return nodes_[i].origin != 0; }

  /// Applies a `--set key.path=value` override: `value` is parsed as YAML (so `[4, 8]` is a list)
  /// and replaces (or adds) the value at the dotted key path, creating missing sections. Throws
  /// InputError located at "command line: --set ..." when the value is not valid YAML or the path
  /// runs through a value that is not a mapping.
  void apply_override(std::string_view assignment, const YamlLimits& limits = {});

  /// Fills in what this document leaves out from `base` (an `extends:` target): every base
  /// entry whose key this document does not have is added, and mappings present in both are
  /// merged the same way, recursively; this document's values win. Base values keep their own
  /// file, line and column for messages.
  void merge_base(const YamlDocument& base);
  /// Removes a top-level key (e.g. `extends` once it has been resolved).
  void remove_top_level_key(std::string_view key);
  /// The document as YAML text (block style, keys in document order, aliases expanded; plain
  /// scalars stay plain where that reads back the same, others are double-quoted), such that
  /// parsing it gives the same document (and the same scenario_hash). The resolved scenario of
  /// a result is stored this way.
  [[nodiscard]] std::string to_yaml() const;
  /// Number of distinct nodes stored (aliases share their target's nodes).
  [[nodiscard]] std::size_t size() const { return nodes_.size(); }

 private:
  friend class YamlBuilder;
  std::string file_;
  std::vector<std::string> overrides_;
  std::vector<YamlNode> nodes_;
  NodeIndex root_ = 0;
};

/// `text` as a double-quoted YAML scalar that reads back as exactly `text` (quotes, backslashes,
/// line breaks, tabs and other control bytes escaped, the latter as \uXXXX). For UTF-8 text it
/// is also a JSON string with the same value (baseline files use it).
[[nodiscard]] std::string yaml_double_quoted(std::string_view text);

}  // namespace whsim::scenario
