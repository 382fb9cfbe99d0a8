#!/usr/bin/env bash
# The result folder as a user sees it: result.h5 readable by h5dump, reruns with --from,
# byte-identical files apart from provenance, a kill -9 during the write never leaving a file
# under the final name, progress on a terminal vs a pipe vs jsonl, `whsim report` and
# `whsim layout`.
#   check_results_cli.sh WHSIM WORKDIR
# Needs h5dump (hdf5-tools), script (bsdutils) and /usr/bin/python3 (tools/setup.sh --tests).
set -u
whsim=$1
work=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
py=/usr/bin/python3

# result.h5 is valid HDF5 with the documented layout; detail levels change what it holds.
"$whsim" run --quiet --horizon 2h --out std >/dev/null || fail "run failed"
h5dump -H std/result.h5 >std.h5dump || fail "h5dump -H failed"
for obj in '/scenario' 'runs/000000/kpis' 'runs/000000/series' 'records/orders' 'grids/robot_visits' 'floor/cells'; do
  grep -q "$(basename "$obj")" std.h5dump || fail "result.h5 lacks $obj"
done
grep -q '"trace"' std.h5dump && fail "detail standard wrote a trace"
"$whsim" run --quiet --horizon 2h --detail summary --out sum >/dev/null || fail "summary run failed"
h5dump -H sum/result.h5 | grep -q 'robot_visits' && fail "detail summary wrote heatmaps"
"$whsim" run --quiet --horizon 1h --detail full --trace-events warehouse.pick_done --out full >/dev/null ||
  fail "full run failed"
h5dump -H full/result.h5 | grep -q '"trace"' || fail "detail full wrote no trace"
h5dump -d /runs/000000/trace_kinds full/result.h5 | grep -q '"warehouse.pick_done"' || fail "trace kinds"
h5dump -d /runs/000000/trace_kinds full/result.h5 | grep -q 'robot_step' && fail "trace filter ignored"
"$whsim" run --quiet --detail full --trace-events warehouse.nothing --out bad 2>err65 >/dev/null; rc=$?
[[ $rc -eq 65 ]] || fail "unknown trace event: expected 65, got $rc"
grep -q "unknown event 'warehouse.nothing' (expected one of: warehouse, warehouse.order_arrival" err65 ||
  fail "trace event message: $(cat err65)"
[[ -e bad ]] && fail "a failed run left its folder"
"$whsim" run --quiet --trace-events warehouse >/dev/null 2>err2; rc=$?
[[ $rc -eq 2 ]] && grep -q "need --detail full" err2 || fail "trace without full: rc $rc $(cat err2)"

# Two runs with one seed: same size, and only the provenance bytes differ (creation time, host,
# wall times: at most 32 + 64 + 3 x 8 bytes).
sleep 1  # a different creation second, so the provenance really differs
"$whsim" run --quiet --horizon 2h --out std2 >/dev/null || fail "second run failed"
[[ $(stat -c %s std/result.h5) -eq $(stat -c %s std2/result.h5) ]] || fail "result.h5 sizes differ"
differing=$(cmp -l std/result.h5 std2/result.h5 | wc -l)
((differing > 0 && differing <= 120)) || fail "result.h5 files differ in $differing bytes (expected 1..120)"

# --from reruns the stored, fully resolved scenario: same fingerprint, same KPIs.
"$whsim" run --quiet --set robots.count=30 --seed 5 --horizon 2h --out orig >/dev/null || fail "orig run failed"
"$whsim" run --quiet --from orig --out again >/dev/null || fail "--from run failed"
diff <(sed -n '/"runs"/,/"provenance"/p' orig/summary.json) <(sed -n '/"runs"/,/"provenance"/p' again/summary.json) >/dev/null ||
  fail "--from gave other results"
grep -q '"robots": 30' again/summary.json || fail "--from lost the override"
"$whsim" run --quiet --from orig/result.h5 --out again2 >/dev/null || fail "--from FILE failed"
echo "not hdf5" >junk.h5
"$whsim" run --quiet --from junk.h5 2>err66 >/dev/null; rc=$?
[[ $rc -eq 66 ]] || fail "--from junk: expected 66, got $rc ($(cat err66))"

# kill -9 while result.h5 is being written: never a file under the final name. A long run with
# the full trace makes the write take a while; catch the temporary appearing, then kill.
caught=0
for horizon in 2d 4d 8d; do
  rm -rf k9
  "$whsim" run --quiet --horizon "$horizon" --detail full --out k9 >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 20000); do
    if compgen -G 'k9/.result.h5.tmp*' >/dev/null; then
      kill -9 "$pid"
      caught=1
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.005
  done
  wait "$pid" 2>/dev/null
  if ((caught)); then break; fi
done
((caught)) || fail "never saw the temporary result.h5 being written"
[[ -e k9/result.h5 || -e k9/summary.json ]] && fail "kill -9 left a file under its final name: $(ls -A k9)"
# The next run into the folder clears the dead run's temporaries and succeeds.
"$whsim" run --quiet --horizon 1h --out k9 >/dev/null || fail "run after kill -9 failed"
[[ $(ls -A k9 | tr '\n' ' ') == "result.h5 summary.csv summary.json " ]] || fail "k9 holds $(ls -A k9)"

# Progress: a live line on a terminal (carriage returns, ETA), plain lines on a pipe, JSON lines
# with --progress jsonl, nothing with --quiet; stdout never carries progress.
script -qec "$whsim run --horizon 12h --out tty --progress-interval 0.001" /dev/null >tty.log 2>&1 ||
  fail "terminal run failed"
grep -q $'\r' tty.log && grep -q 'ETA' tty.log || fail "no live progress line on a terminal"
"$whsim" run --horizon 12h --out pipe --progress-interval 0.001 >pipe.out 2>pipe.err || fail "piped run failed"
grep -q $'\r' pipe.err && fail "carriage returns on a pipe"
grep -q '^progress: simulated .* events/s, .*x real time, ETA' pipe.err || fail "no plain progress lines on a pipe"
grep -q 'progress' pipe.out && fail "progress on stdout"
"$whsim" run --horizon 12h --out quiet --quiet --progress-interval 0.001 >/dev/null 2>quiet.err || fail "quiet run"
[[ -s quiet.err ]] && fail "--quiet printed to stderr: $(cat quiet.err)"
"$whsim" run --horizon 12h --out jl --progress jsonl --progress-interval 0.001 >/dev/null 2>jl.err || fail "jsonl run"
$py - jl.err <<'PY' || fail "jsonl progress is not one JSON object per line"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
records = [json.loads(l) for l in lines]
assert len(records) >= 2, records
assert all(r["event"] == "progress" for r in records[:-1])
assert records[-1]["event"] == "complete" and records[-1]["simulated_s"] == 43200
fractions = [r["fraction"] for r in records[:-1]]
assert fractions == sorted(fractions) and 0 < fractions[-1] <= 1
PY

# whsim report and whsim layout.
"$whsim" report std -o std-report.html >/dev/null || fail "whsim report failed"
grep -q 'id="whsim-data"' std-report.html || fail "report has no data block"
"$whsim" report std >/dev/null && [[ -s std/report.html ]] || fail "report into the result folder"
"$whsim" report nowhere 2>err66 >/dev/null; rc=$?
[[ $rc -eq 66 ]] || fail "report of a missing result: expected 66, got $rc"
"$whsim" layout -o plan/layout.svg >/dev/null || fail "whsim layout failed"
grep -q '<svg' plan/layout.svg && grep -q 'S0' plan/layout.svg || fail "layout.svg lacks the floor or labels"
"$whsim" run --quiet --horizon 1h --report --out rep >/dev/null && [[ -s rep/report.html ]] || fail "run --report"
"$whsim" run --quiet --horizon 1h --out rep >/dev/null && [[ ! -e rep/report.html ]] || fail "stale report.html kept"
echo "ok"
