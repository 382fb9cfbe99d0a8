// Text helpers for messages (see the header).
#include "whsim/core/text.hpp"

#include <algorithm>
#include <limits>
#include <vector>

namespace whsim {

std::string join_alternatives(std::span<const std::string_view> items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::size_t> d((n + 1) * (m + 1));
  const auto at = [m](std::size_t i, std::size_t j) { return i * (m + 1) + j; };
  for (std::size_t i = 0; i <= n; ++i) d[at(i, 0)] = i;
  for (std::size_t j = 0; j <= m; ++j) d[at(0, j)] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[at(i, j)] = std::min({d[at(i - 1, j)] + 1, d[at(i, j - 1)] + 1, d[at(i - 1, j - 1)] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[at(i, j)] = std::min(d[at(i, j)], d[at(i - 2, j - 2)] + 1);
      }
    }
  }
  return d[at(n, m)];
}

std::optional<std::string_view> closest_match(std::string_view word,
                                              std::span<const std::string_view> candidates) {
  std::optional<std::string_view> best;
  std::size_t best_d = std::numeric_limits<std::size_t>::max();
  for (const std::string_view c : candidates) {
    if (c.empty()) continue;
    const std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  if (best && best_d <= std::max<std::size_t>(1, word.size() / 3)) return best;
  return std::nullopt;
}

}  // namespace whsim
