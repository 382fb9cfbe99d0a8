// Reading files named by a scenario (see the header).
#include "whsim/scenario/input_file.hpp"

#include <charconv>
#include <fstream>

#include <fmt/format.h>

namespace whsim::scenario {

std::filesystem::path resolve_input_path(std::string_view path, const SourceLocation& named_at) {
  std::filesystem::path p{std::string(path)};
  if (p.is_relative() && !named_at.file.starts_with("command line")) {
    p = std::filesystem::path(named_at.file).parent_path() / p;
  }
  return p;
}

std::string read_input_file(const std::filesystem::path& path, std::size_t max_bytes,
                            const SourceLocation& named_at, const std::string& key) {
  const auto unreadable = [&](std::string_view why) {
    return UnreadableFileError(
        Diagnostic{named_at, key, fmt::format("cannot read \"{}\": {}", path.string(), why)});
  };
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) throw unreadable("it does not exist");
  if (std::filesystem::is_directory(status)) throw unreadable("it is a directory");
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > max_bytes) {
    throw InputError(Diagnostic{named_at, key,
                                fmt::format("\"{}\" is {} bytes, larger than the limit of {} bytes",
                                            path.string(), size, max_bytes)});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw unreadable("permission denied or not a regular file");
  std::string text;
  text.resize(ec ? max_bytes + 1 : static_cast<std::size_t>(size) + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw unreadable("I/O error");
  if (text.size() > max_bytes) {
    throw InputError(Diagnostic{
        named_at, key, fmt::format("\"{}\" is larger than the limit of {} bytes", path.string(), max_bytes)});
  }
  return text;
}

Diagnostic located_problem(const std::string& file, const std::string& key, std::string_view problem) {
  int line = 0;
  int column = 0;
  std::string_view rest = problem;
  if (rest.starts_with("line ")) {
    rest.remove_prefix(5);
    auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), line);
    if (ec == std::errc()) {
      rest.remove_prefix(static_cast<std::size_t>(p - rest.data()));
      if (rest.starts_with(", column ")) {
        rest.remove_prefix(9);
        auto [q, ec2] = std::from_chars(rest.data(), rest.data() + rest.size(), column);
        if (ec2 == std::errc()) rest.remove_prefix(static_cast<std::size_t>(q - rest.data()));
      }
      if (rest.starts_with(": ")) {
        rest.remove_prefix(2);
        return Diagnostic{SourceLocation{file, line, column}, key, std::string(rest)};
      }
    }
  }
  return Diagnostic{SourceLocation{file, 0, 0}, key, std::string(problem)};
}

}  // namespace whsim::scenario
