// YamlDocument: positions, plain vs quoted scalars, anchors and aliases, and every guard against
// hostile input, each with its exact message.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "whsim/scenario/loader.hpp"
#include "whsim/scenario/yaml_document.hpp"

namespace whsim::scenario {
namespace {

YamlDocument parse(std::string_view text, const YamlLimits& limits = {}) {
  return YamlDocument::parse(text, "test.yaml", limits);
}

/// The single message parse() reports for `text`.
std::string error_of(std::string_view text, const YamlLimits& limits = {}) {
  try {
    (void)parse(text, limits);
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().size(), 1U);
    return e.diagnostics().front().to_string();
  }
  ADD_FAILURE() << "no error for: " << text;
  return {};
}

TEST(YamlDocumentTest, ReadsNestedMappingsWithPositions) {
  const YamlDocument doc = parse("simulation:\n  seed: 7\n  horizon: \"8h\"\nrobots:\n  - a\n  - b\n");
  const YamlNode& root = doc.node(doc.root());
  ASSERT_EQ(root.kind, YamlKind::kMapping);
  ASSERT_EQ(root.entries.size(), 2U);
  EXPECT_EQ(root.entries[0].key, "simulation");
  EXPECT_EQ(root.entries[0].line, 1);
  EXPECT_EQ(root.entries[0].column, 1);
  const YamlNode* seed = doc.find(root.entries[0].value, "seed");
  ASSERT_NE(seed, nullptr);
  EXPECT_EQ(seed->text, "7");
  EXPECT_TRUE(seed->plain);
  EXPECT_EQ(seed->line, 2);
  EXPECT_EQ(seed->column, 9);
  const YamlNode* horizon = doc.find(root.entries[0].value, "horizon");
  ASSERT_NE(horizon, nullptr);
  EXPECT_FALSE(horizon->plain);  // quoted: always a string
  const YamlNode* robots = doc.find(doc.root(), "robots");
  ASSERT_NE(robots, nullptr);
  ASSERT_EQ(robots->kind, YamlKind::kSequence);
  ASSERT_EQ(robots->items.size(), 2U);
  EXPECT_EQ(doc.node(robots->items[1]).text, "b");
  EXPECT_EQ(doc.node(robots->items[1]).line, 6);
  EXPECT_EQ(doc.find(doc.root(), "missing"), nullptr);
  EXPECT_EQ(doc.where(robots->items[0]).to_string(), "test.yaml:5:5");
}

TEST(YamlDocumentTest, AliasesShareTheirTargetAndCountExpanded) {
  const YamlDocument doc = parse("base: &b {speed: 1.5, lift: 2}\nfast: *b\nlist: [*b, *b]\n");
  const YamlNode& root = doc.node(doc.root());
  ASSERT_EQ(root.entries.size(), 3U);
  EXPECT_EQ(root.entries[0].value, root.entries[1].value);  // the same node, not a copy
  EXPECT_EQ(doc.node(root.entries[0].value).expanded_size, 5U);
  EXPECT_EQ(doc.node(root.entries[2].value).expanded_size, 11U);
}

TEST(YamlDocumentTest, NullsAndEmptyValues) {
  const YamlDocument doc = parse("a:\nb: ~\nc: null\n");
  for (const char* k : {"a", "b", "c"}) {
    const YamlNode* n = doc.find(doc.root(), k);
    ASSERT_NE(n, nullptr);
    EXPECT_EQ(n->kind, YamlKind::kNull) << k;
  }
}

TEST(YamlDocumentTest, DuplicateKeysAreRejected) {
  EXPECT_EQ(error_of("robots: 3\nstations: 2\nrobots: 4\n"),
            "test.yaml:3:1: duplicate key \"robots\" (first given at line 1, column 1)");
  EXPECT_EQ(error_of("a:\n  x: 1\n  x: 2\n"),
            "test.yaml:3:3: duplicate key \"x\" (first given at line 2, column 3)");
  EXPECT_EQ(error_of("{a: 1, a: 1}"), "test.yaml:1:8: duplicate key \"a\" (first given at line 1, column 2)");
}

TEST(YamlDocumentTest, DeepNestingIsRejected) {
  std::string deep;
  for (int i = 0; i < 65; ++i) deep += "[";
  for (int i = 0; i < 65; ++i) deep += "]";
  EXPECT_EQ(error_of(deep), "test.yaml:1:65: nesting is deeper than the limit of 64 levels");
  // Unclosed: yaml-cpp's own depth guard may stop first; either way one message, no crash.
  const std::string very_deep(100000, '[');
  const std::string msg = error_of(very_deep);
  EXPECT_TRUE(msg.starts_with("test.yaml:1:")) << msg;
  EXPECT_TRUE(msg.ends_with(": nesting is deeper than the limit of 64 levels")) << msg;
}

TEST(YamlDocumentTest, AliasBombIsRejectedQuickly) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n";
  const char* names = "abcdefghij";
  for (int i = 1; i < 10; ++i) {
    bomb += fmt::format("{}: &{} [*{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}]\n", names[i], names[i],
                        names[i - 1], names[i - 1], names[i - 1], names[i - 1], names[i - 1], names[i - 1],
                        names[i - 1], names[i - 1], names[i - 1]);
  }
  const std::string msg = error_of(bomb);
  EXPECT_NE(msg.find("document expands to more than 1000000 nodes (too many aliases: an alias bomb?)"),
            std::string::npos)
      << msg;
}

TEST(YamlDocumentTest, SelfReferencingAliasIsRejected) {
  EXPECT_EQ(error_of("a: &x [1, *x]\n"),
            "test.yaml:1:11: alias refers to the node that contains it (a cycle)");
  EXPECT_EQ(error_of("a: &x {b: *x}\n"),
            "test.yaml:1:11: alias refers to the node that contains it (a cycle)");
}

TEST(YamlDocumentTest, ByteLevelProblems) {
  EXPECT_EQ(error_of(""), "test.yaml: file is empty (expected a YAML mapping)");
  EXPECT_EQ(error_of("  \n\n"), "test.yaml: file is empty (expected a YAML mapping)");
  EXPECT_EQ(error_of("# only a comment\n"), "test.yaml: file is empty (expected a YAML mapping)");
  EXPECT_EQ(error_of("\xEF\xBB\xBF"
                     "a: 1\n"),
            "test.yaml:1:1: file starts with a byte-order mark (save it as UTF-8 without one)");
  EXPECT_EQ(error_of(std::string("a: 1\nb: \0\n", 10)),
            "test.yaml:2:4: file contains a NUL byte (is it a binary file?)");
  EXPECT_EQ(error_of("a:\n\tb: 1\n"), "test.yaml:2:1: tab used for indentation (YAML indents with spaces)");
  EXPECT_EQ(error_of("a: \x01"
                     "\n"),
            "test.yaml:1:4: control character 0x01 is not allowed in a YAML file");
  EXPECT_EQ(error_of("a: caf\xC3"
                     "\n"),
            "test.yaml:1:7: invalid UTF-8 byte 0x0A");
  EXPECT_EQ(error_of("a: \xFF"
                     "\n"),
            "test.yaml:1:4: invalid UTF-8 byte 0xFF");
  EXPECT_EQ(error_of("a: \xE0\x80\x80"
                     "\n"),
            "test.yaml:1:4: invalid UTF-8 sequence");
  EXPECT_EQ(error_of("a: 1\n", YamlLimits{4, 64, 1000, 1000}),
            "test.yaml: file is 5 bytes, larger than the limit of 4 bytes");
  EXPECT_EQ(error_of("a: 12345\n", YamlLimits{1000, 64, 1000, 4}),
            "test.yaml:1:4: a value of 5 bytes is larger than the limit of 4 bytes");
  // A tab inside a value (not indentation) and UTF-8 text are fine.
  EXPECT_EQ(parse("a: \"x\ty\"\nname: Lagerhalle Süd\n").find(0, "name")->text, "Lagerhalle Süd");
}

TEST(YamlDocumentTest, StructuralProblems) {
  EXPECT_EQ(error_of("a: 1\n---\nb: 2\n"),
            "test.yaml:2:1: more than one YAML document in one file (remove the '---' separator)");
  EXPECT_EQ(error_of("? [a, b]\n: 1\n"),
            "test.yaml:1:3: a mapping key must be plain text, not a mapping or a list");
  EXPECT_EQ(error_of("a: *nope\n"), "test.yaml:1:4: YAML syntax error: the referenced anchor is not defined");
  EXPECT_EQ(error_of("a: [1, 2\n"), "test.yaml:2:1: YAML syntax error: end of sequence flow not found");
  EXPECT_EQ(error_of("a: b: c\n"), "test.yaml:1:5: YAML syntax error: illegal map value");
}

TEST(YamlDocumentTest, LoadChecksTheFileBeforeReading) {
  const auto dir = std::filesystem::temp_directory_path() / "whsim_yaml_document_test";
  std::filesystem::create_directories(dir);
  const auto file = dir / "ok.yaml";
  { std::ofstream(file) << "simulation:\n  seed: 3\n"; }
  const YamlDocument doc = YamlDocument::load(file);
  EXPECT_EQ(doc.file(), file.string());
  EXPECT_NE(doc.find(doc.root(), "simulation"), nullptr);
  const auto message = [](const std::filesystem::path& p, const YamlLimits& limits = {}) {
    try {
      (void)YamlDocument::load(p, limits);
    } catch (const InputError& e) {
      return e.diagnostics().front().to_string();
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(dir / "missing.yaml"),
            (dir / "missing.yaml").string() + ": cannot read the file: it does not exist");
  EXPECT_EQ(message(dir), dir.string() + ": cannot read the file: it is a directory");
  EXPECT_EQ(message(file, YamlLimits{10, 64, 1000, 1000}),
            file.string() + ": file is 22 bytes, larger than the limit of 10 bytes");
  std::filesystem::remove_all(dir);
}

// to_yaml() writes a document that reads back as the same document: same text again and the
// same scenario hash (plain and quoted scalars kept apart, awkward strings quoted).
TEST(YamlDocumentToYaml, RoundTripsAwkwardValues) {
  const YamlDocument doc = parse(
      "name: \"a: b # c\"\nplain: 42\nquoted: \"42\"\nempty: \"\"\nnothing:\nlist: [1, -2.5, x]\n"
      "nested:\n  - {k: v, \"odd key\": 'it''s'}\n  - []\n  - {}\ntext: \"tab\\there\\nnew \\\"q\\\" \\\\\"\n"
      "anchor: &a {x: 1}\nalias: *a\n");
  const std::string once = doc.to_yaml();
  const YamlDocument again = YamlDocument::parse(once, "again.yaml");
  EXPECT_EQ(again.to_yaml(), once);
  EXPECT_EQ(scenario_hash(again), scenario_hash(doc));
  EXPECT_TRUE(again.find(again.root(), "plain")->plain);
  EXPECT_FALSE(again.find(again.root(), "quoted")->plain);
  EXPECT_EQ(again.find(again.root(), "text")->text, "tab\there\nnew \"q\" \\");
  EXPECT_EQ(again.find(again.root(), "name")->text, "a: b # c");
  EXPECT_EQ(again.find(again.root(), "nothing")->kind, YamlKind::kNull);
}

TEST(YamlDocumentToYaml, RoundTripsTheShippedScenarios) {
  for (const char* file : {"scenarios/quickstart.yaml", "scenarios/examples/shifts.yaml",
                           "scenarios/examples/peak-day.yaml", "scenarios/benchmarks/large.yaml"}) {
    const YamlDocument doc = YamlDocument::load(file);
    const YamlDocument again = YamlDocument::parse(doc.to_yaml(), file);
    EXPECT_EQ(scenario_hash(again), scenario_hash(doc)) << file;
    EXPECT_EQ(again.to_yaml(), doc.to_yaml()) << file;
  }
}

/// The message apply_override() reports for `assignment` on `doc`.
std::string override_error(YamlDocument& doc, std::string_view assignment) {
  try {
    doc.apply_override(assignment);
  } catch (const InputError& e) {
    return e.diagnostics().front().to_string();
  }
  ADD_FAILURE() << "no error for: " << assignment;
  return {};
}

TEST(YamlDocumentTest, OverridesReachIntoItemsOfLists) {
  YamlDocument doc = parse("carriers:\n  - {name: a, capacity: 1}\n  - {name: b, capacity: 2}\n");
  doc.apply_override("carriers[1].capacity=40");
  doc.apply_override("carriers[0].lanes=3");  // a key the item did not have
  const YamlNode* list = doc.find(doc.root(), "carriers");
  ASSERT_NE(list, nullptr);
  ASSERT_EQ(list->items.size(), 2U);
  const YamlNode* b = doc.find(list->items[1], "capacity");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->text, "40");
  const YamlNode* a = doc.find(list->items[0], "lanes");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->text, "3");
  EXPECT_EQ(doc.find(list->items[0], "capacity")->text, "1");  // untouched
  doc.apply_override("carriers[0]={name: c}");                 // a whole item
  EXPECT_EQ(doc.find(doc.find(doc.root(), "carriers")->items[0], "capacity"), nullptr);
}

TEST(YamlDocumentTest, OverridesOfMissingListItemsAreRefused) {
  YamlDocument doc = parse("carriers:\n  - {name: a}\nname: x\n");
  EXPECT_EQ(override_error(doc, "carriers[1].name=b"),
            "command line: --set carriers[1].name=b: carriers has 1 items, so it has no item [1] (expected 0 "
            "to 0)");
  EXPECT_EQ(override_error(doc, "name[0]=b"),
            "command line: --set name[0]=b: name is not a list in the scenario, so it has no item [0]");
  EXPECT_EQ(
      override_error(doc, "pools[0].workers=3"),
      "command line: --set pools[0].workers=3: pools is not a list in the scenario, so it has no item [0]");
  EXPECT_EQ(override_error(doc, "carriers[x].name=b"),
            "command line: --set carriers[x].name=b: \"carriers[x]\" is not a key (expected a name, or "
            "name[index] for an item of a list)");
}

}  // namespace
}  // namespace whsim::scenario
