#!/usr/bin/env bash
# Cross-build determinism check: the same seed must give bit-identical results in the dev build
# (Debug -O0 with ASan+UBSan), the optimised build (-O3: presets release or ci) and a build tuned
# for this CPU (-march=native, preset native, built here if missing). Compares run fingerprints
# of several demo runs and the golden outputs. Run from the repository root after building the
# dev and ci (or release) presets, e.g. by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ ! -x build/native/whsim ]]; then
  cmake --preset native >/dev/null
  cmake --build --preset native >/dev/null
fi
builds=()
for b in dev release ci native; do
  [[ -x build/$b/whsim ]] && builds+=("$b")
done
if ((${#builds[@]} < 3)); then
  echo "fingerprint matrix: need at least three of build/{dev,release,ci,native}/whsim, found: ${builds[*]}" >&2
  exit 1
fi
runs=(
  "demo --seed 1 --horizon-hours 2000"
  "demo --seed 99 --servers 5 --arrivals-per-hour 280 --horizon-hours 500 --queue radix"
  "demo --seed 3 --servers 1 --arrivals-per-hour 50 --service det --horizon-hours 1000 --queue heap4"
)
status=0
for run in "${runs[@]}"; do
  line=""
  ref=""
  for b in "${builds[@]}"; do
    # shellcheck disable=SC2086
    fp=$(build/$b/whsim $run --fingerprint)
    line+="  $b=$fp"
    if [[ -z "$ref" ]]; then ref=$fp; elif [[ "$fp" != "$ref" ]]; then status=1; fi
  done
  echo "whsim $run:$line"
done
# The warehouse model: fingerprints of whole runs (with floors from every source, shifts and
# replayed orders), and the golden summary.json files.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
model_runs=(
  "--seed 3"
  "scenarios/examples/map-file.yaml --seed 5"
  "scenarios/examples/shifts.yaml"
  "scenarios/examples/replay-orders.yaml"
  "scenarios/examples/class-based-slotting.yaml --set skus.variants=3 --set orders.co_purchase=50% --set policies.slotting=affinity"
)
for run in "${model_runs[@]}"; do
  line=""
  ref=""
  for b in "${builds[@]}"; do
    # shellcheck disable=SC2086
    build/$b/whsim run $run --quiet --out "$work/$b" >/dev/null
    fp=$(grep -o '"fingerprint": "[0-9a-f]*"' "$work/$b/summary.json" | cut -d'"' -f4)
    rm -rf "${work:?}/$b"
    line+="  $b=$fp"
    if [[ -z "$ref" ]]; then ref=$fp; elif [[ "$fp" != "$ref" ]]; then status=1; fi
  done
  echo "whsim run $run:$line"
done
for b in "${builds[@]}"; do
  if ! cmake -DWHSIM="build/$b/whsim" -DGOLDEN_DIR=tests/golden -DWORK_DIR="$work/golden-$b" \
      -P tests/golden/run_golden_summary.cmake >/dev/null; then
    echo "golden summaries differ in build/$b" >&2
    status=1
  fi
done
for b in "${builds[@]}"; do
  if ! cmake -DWHSIM="build/$b/whsim" -DGOLDEN_DIR=tests/golden -P tests/golden/run_golden.cmake >/dev/null; then
    echo "golden outputs differ in build/$b" >&2
    status=1
  fi
done
# The golden baselines (results/baselines/golden-*.json, exact run fingerprints) in every build.
for b in "${builds[@]}"; do
  if ! build/$b/whsim check results/baselines/golden-*.json --quiet --progress none >/dev/null; then
    echo "golden baselines (whsim check) fail in build/$b" >&2
    status=1
  fi
done
if [[ $status -ne 0 ]]; then
  echo "FAILED: builds disagree; results depend on compiler flags or CPU" >&2
  exit 1
fi
echo "fingerprint matrix: ${#builds[@]} builds (${builds[*]}) agree on every run, the golden outputs and the golden baselines"
