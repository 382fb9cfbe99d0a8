#!/usr/bin/env bash
# Acceptance check (not a unit test): with the optimised build, every file of the bad-input
# corpus is rejected in under 100 ms and 50 MB of memory. Needs GNU time (tools/setup.sh).
# Usage: bad_input_budget.sh [path/to/whsim]
set -euo pipefail
cd "$(dirname "$0")/../.."
whsim=${1:-build/release/whsim}
status=0
worst_ms=0
worst_kb=0
stats=$(mktemp)
trap 'rm -f "$stats"' EXIT
for f in tests/bad_input/*.yaml; do
  # The best of three tries: a machine busy with other work must not fail the budget.
  ms=1000000
  kb=0
  for _ in 1 2 3; do
    start=$EPOCHREALTIME
    # whsim exits 65 here by design, so its status is ignored; GNU time records peak memory.
    /usr/bin/time -o "$stats" -f '%M' "$whsim" validate "$f" >/dev/null 2>&1 || true
    end=$EPOCHREALTIME
    kb=$(tail -1 "$stats")
    try=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%d", (b - a) * 1000 }')
    if ((try < ms)); then ms=$try; fi
    if ((ms < 100)); then break; fi
  done
  if ((ms > worst_ms)); then worst_ms=$ms; fi
  if ((kb > worst_kb)); then worst_kb=$kb; fi
  if ((ms >= 100 || kb >= 51200)); then
    echo "too slow or too big: $f: ${ms} ms, ${kb} KiB" >&2
    status=1
  fi
done
echo "bad-input budget: $(ls tests/bad_input/*.yaml | wc -l) files, worst ${worst_ms} ms and $((worst_kb / 1024)) MiB (limits 100 ms, 50 MiB)"
exit $status
