// Small text helpers for messages.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace whsim {

/// "a", "a or b", "a, b or c": the alternatives a message says were expected.
[[nodiscard]] std::string join_alternatives(std::span<const std::string_view> items);

/// Damerau-Levenshtein distance (adjacent transpositions count as one edit).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` when it is a plausible misspelling (at most max(1, |word|/3)
/// edits away), for "did you mean"; nullopt otherwise. Empty candidates are ignored.
[[nodiscard]] std::optional<std::string_view> closest_match(std::string_view word,
                                                            std::span<const std::string_view> candidates);

}  // namespace whsim
