// Error types for user input. Each carries where the bad value came from (file, line, column)
// and the key path inside the scenario, and prints as
//   file:line:col: key.path: what is wrong (what was expected)
// Programmer errors are not InputErrors: they are contract violations (ContractError).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace whsim {

/// Where a value came from. line and column are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;  ///< file name, or e.g. "command line" for --set overrides
  int line = 0;
  int column = 0;
  [[nodiscard]] std::string to_string() const;  ///< "file:line:col", "file:line" or "file"
};

/// One problem with user input.
struct Diagnostic {
  SourceLocation where;
  std::string key_path;  ///< e.g. "robots.count"; empty when the problem is not about one key
  std::string message;   ///< lower-case, names the thing, says what was expected
  [[nodiscard]] std::string to_string() const;
};

/// Thrown when user input (scenario, flags) is invalid. Holds every problem found, so a user
/// fixes them all in one pass.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  explicit InputError(Diagnostic diagnostic);
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// An input file that is missing or cannot be read (exit code 66), as opposed to one whose
/// content is invalid (InputError, exit code 65).
class UnreadableFileError : public InputError {
 public:
  using InputError::InputError;
};

/// Thrown when a run cannot go on for a reason of the model, not of the code, and stops with an
/// error that says where and when (e.g. robots gridlocked in traffic mode).
class SimulationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Thrown when code breaks an API contract (e.g. scheduling an event in the past). Never caused by
/// user input that passed validation.
class ContractError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace whsim
