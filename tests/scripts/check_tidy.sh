#!/usr/bin/env bash
# Runs clang-tidy (the repo's .clang-tidy) on the library and program sources, warnings as
# errors. Needs a configured build with compile_commands.json (default: build/ci).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/ci}
if [[ ! -f $build/compile_commands.json ]]; then
  echo "check_tidy: $build/compile_commands.json not found (configure a preset first)" >&2
  exit 1
fi
tidy_runner=$(command -v run-clang-tidy || command -v run-clang-tidy-14 || true)
if [[ -z "$tidy_runner" ]]; then
  echo "check_tidy: run-clang-tidy not found (tools/setup.sh installs clang-tidy)" >&2
  exit 1
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# run-clang-tidy 14 has no -warnings-as-errors: any diagnostic in its output fails the check.
status=0
"$tidy_runner" -p "$build" -quiet -j "$(nproc)" 'sim/|tools/whsim/' >"$log" 2>&1 || status=$?
problems=$(grep -E "(warning|error):" "$log" | grep -v "warnings generated" | sort -u || true)
if [[ $status -ne 0 || -n "$problems" ]]; then
  echo "$problems" | head -50
  [[ -n "$problems" ]] || tail -20 "$log"
  echo "clang-tidy: problems found (see above)" >&2
  exit 1
fi
echo "clang-tidy: sim/ and tools/whsim/ are clean"
