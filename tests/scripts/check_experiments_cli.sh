#!/usr/bin/env bash
# Experiments as a user runs them: replications with intervals (the same for any --jobs),
# MSER-5 warm-up, compare under common random numbers, sweeps (--vary and a sweep file) whose
# merged files are the same for --jobs 1, 2 and 3, resume after kill -9 and after SIGINT giving
# the same files as an uninterrupted sweep, shards + merge equal to one sweep, failed runs
# reported with exit 4 (and --fail-fast), and a search for the smallest robot count.
#   check_experiments_cli.sh WHSIM WORKDIR
# Needs /usr/bin/python3 (tools/setup.sh --tests).
set -u
whsim=$1
work=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
py=/usr/bin/python3
# Files without their provenance: summary.json from "provenance" on, the CSV column of wall times.
strip_json() { sed '/"provenance"/,$d' "$1"; }
strip_runs_csv() { $py -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
keep = [i for i, h in enumerate(rows[0]) if not h.startswith("provenance")]
for r in rows: print(",".join(r[i] for i in keep))' "$1"; }

# --- replications: intervals, analysis stated, identical for -j 1 and -j 3 ---
"$whsim" run -n 4 -j 1 --horizon 2h --quiet --out rep1 >/dev/null || fail "replications -j 1"
"$whsim" run -n 4 -j 3 --horizon 2h --out rep3 >rep3.out 2>&1 || fail "replications -j 3: $(cat rep3.out)"
diff <(strip_json rep1/summary.json) <(strip_json rep3/summary.json) >/dev/null || fail "replications differ with -j"
grep -q "4 replications, terminating analysis" rep3.out || fail "analysis not stated: $(head -5 rep3.out)"
grep -q "orders.pick_cycle_time .* +- " rep3.out || fail "no mean +- half-width in the table"
$py - rep3/summary.json <<'EOF' || fail "replications summary.json"
import json, sys
s = json.load(open(sys.argv[1]))
e = s["experiment"]
assert e["kind"] == "replications" and e["analysis"] == "terminating", e
assert abs(e["confidence_level"] - 0.95) < 1e-12
k = s["estimates"]["orders.pick_cycle_time"]
assert k["n"] == 4 and len(k["values"]) == 4 and k["half_width"] > 0, k
assert abs(sum(k["values"]) / 4 - k["mean"]) < 1e-9 * k["mean"]
assert [r["replication"] for r in s["runs"]] == [0, 1, 2, 3]
assert len({r["fingerprint"] for r in s["runs"]}) == 4, "replications share streams"
EOF
# Steady state with MSER-5 on pilot runs; the warm-up found is stated and deleted.
"$whsim" run -n 3 --horizon 30h --analysis steady-state --warmup mser5 --quiet --out mser >/dev/null ||
  fail "mser5 replications"
$py - mser/summary.json <<'EOF' || fail "mser5 summary"
import json, sys
s = json.load(open(sys.argv[1]))
e = s["experiment"]
assert e["analysis"] == "steady-state" and e["warmup_method"] == "mser5", e
assert "MSER-5" in e["warmup_note"], e
assert all(abs(r["measured_from_s"] - e["warmup_s"]) < 1e-6 for r in s["runs"])
EOF
"$whsim" run -n 2 --warmup 40h --quiet 2>err >/dev/null; rc=$?
[[ $rc -eq 2 ]] && grep -q "not shorter than the horizon" err || fail "--warmup beyond horizon: rc $rc $(cat err)"
"$whsim" run --jobs 2 --quiet 2>err >/dev/null; rc=$?
[[ $rc -eq 2 ]] && grep -q "needs --replications" err || fail "--jobs without --replications: rc $rc"

# --- compare: a real difference is significant; identical variants differ nowhere ---
"$whsim" compare --a robots.count=8 --b robots.count=40 --set simulation.horizon=2h -n 5 --out cmp >cmp.out ||
  fail "compare failed: $(cat cmp.out)"
$py - cmp/compare.json <<'EOF' || fail "compare.json"
import json, sys
c = json.load(open(sys.argv[1]))
assert c["common_random_numbers"] and c["correction"] == "holm"
k = {x["kpi"]: x for x in c["kpis"]}
ct = k["orders.pick_cycle_time"]
assert ct["significant"] and ct["difference"] < 0 and ct["upper"] < 0, ct
assert ct["p_holm"] >= ct["p"], ct
# Common random numbers: both see the same orders.
assert k["orders.arrived"]["difference"] == 0 and not k["orders.arrived"]["significant"]
EOF
"$whsim" compare --a robots.count=30 --b robots.count=30 --set simulation.horizon=1h -n 3 --quiet --out same \
  >/dev/null || fail "compare of identical variants"
$py -c '
import json, sys
c = json.load(open(sys.argv[1]))
assert all(not k["significant"] for k in c["kpis"]), "identical variants differ"
assert all(k["difference"] in (0, None) for k in c["kpis"])' same/compare.json || fail "identical variants"
"$whsim" compare --quiet 2>err >/dev/null; rc=$?
[[ $rc -eq 2 ]] || fail "compare without variants: expected 2, got $rc"

# --- sweep: merged files are the same for -j 1, 2, 3 ---
vary=(--vary 'robots.count=[10, 20]' --vary 'stations.pickers=[1, 2]' --set simulation.horizon=1h -n 2)
for j in 1 2 3; do
  "$whsim" sweep "${vary[@]}" -j $j --quiet --out sw$j >/dev/null || fail "sweep -j $j"
done
for j in 2 3; do
  cmp sw1/points.csv sw$j/points.csv || fail "points.csv differs for -j $j"
  diff <(strip_runs_csv sw1/runs.csv) <(strip_runs_csv sw$j/runs.csv) >/dev/null || fail "runs.csv differs for -j $j"
  diff <(strip_json sw1/summary.json) <(strip_json sw$j/summary.json) >/dev/null || fail "summary.json -j $j"
done
$py - sw1 <<'EOF' || fail "sweep files"
import csv, json, sys, os
d = sys.argv[1]
runs = list(csv.DictReader(open(os.path.join(d, "runs.csv"))))
assert len(runs) == 8 and [r["run_id"] for r in runs] == sorted(r["run_id"] for r in runs)
assert all(r["status"] == "done" for r in runs)
assert [(r["robots.count"], r["stations.pickers"]) for r in runs[::2]] == [("10", "1"), ("10", "2"), ("20", "1"), ("20", "2")]
# Common random numbers: replication r sees the same orders at every point.
assert len({r["orders.arrived [orders]"] for r in runs[0::2]}) == 1
points = list(csv.DictReader(open(os.path.join(d, "points.csv"))))
assert len(points) == 4 and all(p["runs"] == "2" for p in points)
m = json.load(open(os.path.join(d, "manifest.json")))
assert m["keys"] == ["robots.count", "stations.pickers"] and len(m["runs"]) == 8
EOF
# A sweep folder is not silently reused.
"$whsim" sweep "${vary[@]}" --quiet --out sw1 2>err >/dev/null; rc=$?
[[ $rc -eq 73 ]] && grep -q "add --resume" err || fail "rerun into a full folder: rc $rc $(cat err)"
"$whsim" sweep --vary 'robots.count=[5]' --quiet --out sw1 2>err >/dev/null; rc=$?
[[ $rc -eq 73 ]] && grep -q "holds another sweep" err || fail "another sweep into the folder: rc $rc"

# A sweep file: grid, zip, constraint; a bad value names its point.
cat >sweep.yaml <<'EOF'
replications: 2
set:
  simulation.horizon: 1h
sweep:
  - key: robots.count
    values: [10, 20]
  - zip:
      stations.pickers: [1, 2]
      stations.queue_capacity: [4, 6]
constraints:
  - "robots.count >= 10 * stations.pickers"
EOF
"$whsim" sweep sweep.yaml --quiet --out swf >/dev/null || fail "sweep file"
$py -c '
import csv, sys
p = list(csv.DictReader(open(sys.argv[1])))
assert [(r["robots.count"], r["stations.pickers"], r["stations.queue_capacity"]) for r in p] == \
  [("10", "1", "4"), ("20", "1", "4"), ("20", "2", "6")], p' swf/points.csv || fail "sweep file points"
"$whsim" sweep --vary 'robots.count=[10, -3]' --quiet 2>err >/dev/null; rc=$?
[[ $rc -eq 65 ]] && grep -q "robots.count.*sweep point 1: robots.count=-3" err || fail "bad point: rc $rc $(cat err)"

# --- resume after kill -9 and after SIGINT: the same files as the uninterrupted sweep ---
long=(--vary 'robots.count=[20, 30, 40]' --set simulation.horizon=12h -n 3)
"$whsim" sweep "${long[@]}" -j 2 --quiet --out full >/dev/null || fail "uninterrupted sweep"
"$whsim" sweep "${long[@]}" -j 2 --quiet --out k9 >/dev/null 2>&1 &
pid=$!
for _ in $(seq 200); do
  n=$(ls k9/runs 2>/dev/null | grep -c '\.h5$')
  ((n >= 2)) && break
  sleep 0.05
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
done_before=$(ls k9/runs | grep -c '\.h5$')
((done_before < 9)) || fail "the sweep finished before kill -9 (make it longer)"
for f in k9/runs/*.h5; do h5dump -H "$f" >/dev/null 2>&1 || fail "kill -9 left a broken $f"; done
[[ -e k9/runs.csv ]] && fail "kill -9: merged files written"
"$whsim" sweep "${long[@]}" -j 2 --resume --out k9 >resume.out 2>&1 || fail "resume: $(cat resume.out)"
grep -q "$done_before runs already done" resume.out || fail "resume did not skip the done runs: $(cat resume.out)"
ls k9/runs | grep -q '\.tmp' && fail "resume left temporaries"
cmp full/points.csv k9/points.csv || fail "resumed points.csv differs"
diff <(strip_runs_csv full/runs.csv) <(strip_runs_csv k9/runs.csv) >/dev/null || fail "resumed runs.csv differs"
"$whsim" sweep "${long[@]}" -j 1 --progress plain --progress-interval 0.05 --out int >int.out 2>&1 &
pid=$!
for _ in $(seq 200); do
  [[ -n $(ls int/runs 2>/dev/null | grep '\.h5$') ]] && break
  sleep 0.05
done
kill -INT $pid
wait $pid; rc=$?
[[ $rc -eq 130 ]] || fail "SIGINT: expected 130, got $rc ($(cat int.out))"
grep -q "complete it with the same command and --resume" int.out || fail "SIGINT message: $(cat int.out)"
"$whsim" sweep "${long[@]}" --resume --quiet --out int >/dev/null || fail "resume after SIGINT"
cmp full/points.csv int/points.csv || fail "points.csv after SIGINT + resume differs"

# --- shards + merge equal one sweep ---
for i in 1 2 3; do
  "$whsim" sweep "${long[@]}" --shard $i/3 --quiet --out shard$i >/dev/null || fail "shard $i"
done
[[ $(ls shard1/runs | grep -c '\.h5$') -eq 3 ]] || fail "shard 1 ran $(ls shard1/runs | wc -l) runs, expected 3"
"$whsim" merge shard1 shard2 >/dev/null 2>err; rc=$?
[[ $rc -eq 4 ]] && grep -q "3 of 9 runs are missing" err || fail "merge with a shard missing: rc $rc $(cat err)"
"$whsim" merge shard1 shard2 shard3 --out merged >/dev/null || fail "merge"
cmp full/points.csv merged/points.csv || fail "merged points.csv differs"
diff <(strip_runs_csv full/runs.csv) <(strip_runs_csv merged/runs.csv) >/dev/null || fail "merged runs.csv differs"
diff <(strip_json full/summary.json) <(strip_json merged/summary.json) >/dev/null || fail "merged summary differs"
"$whsim" merge shard1 sw1 2>err >/dev/null; rc=$?
[[ $rc -eq 66 ]] && grep -q "not the same sweep" err || fail "merge of two sweeps: rc $rc"
# Shards sharing one folder (a shared file system) merge in place.
for i in 1 2 3; do
  "$whsim" sweep "${long[@]}" --shard $i/3 --quiet --out shared >/dev/null || fail "shared shard $i"
done
"$whsim" merge shared >/dev/null || fail "merge shared"
cmp full/points.csv shared/points.csv || fail "shared-folder merge differs"

# --- failed runs: reported with id and error, the others finish, exit 4; --fail-fast ---
"$whsim" sweep --vary 'pods.count=[100, 100000]' --set simulation.horizon=1h -n 2 -j 1 --progress plain \
  --out failing >fail.out 2>&1; rc=$?
[[ $rc -eq 4 ]] || fail "failed runs: expected 4, got $rc ($(cat fail.out))"
grep -q "run p000001-r00000-[0-9a-f]* failed: .*pods.count" fail.out || fail "failure not reported: $(cat fail.out)"
$py -c '
import csv, sys
r = list(csv.DictReader(open(sys.argv[1])))
assert [x["status"] for x in r] == ["done", "done", "failed", "failed"], r
assert "storage locations" in r[2]["error"]' failing/runs.csv || fail "runs.csv of failed runs"
"$whsim" sweep --vary 'pods.count=[100000, 100]' --set simulation.horizon=1h -n 2 -j 1 --fail-fast --quiet \
  --out ff >/dev/null 2>&1; rc=$?
[[ $rc -eq 4 ]] || fail "--fail-fast: expected 4, got $rc"
(($(ls ff/runs | grep -c '\.h5$') == 0)) || fail "--fail-fast went on after the failure"
grep -q ",failed," ff/runs.csv && grep -q ",missing," ff/runs.csv || fail "--fail-fast: runs.csv lacks the failure"
# Failures are errors: reported even with --quiet.
"$whsim" sweep --vary 'pods.count=[100000]' --set simulation.horizon=1h --quiet --out fq >/dev/null 2>err; rc=$?
[[ $rc -eq 4 ]] && grep -q "run p000000-r00000-[0-9a-f]* failed" err || fail "quiet failure: rc $rc $(cat err)"

# --- review cases: empty sweeps, warm-ups beyond a point's horizon, corrupt and foreign run files ---
cat >empty.yaml <<'EOF2'
sweep:
  - key: robots.count
    values: [10, 20]
constraints:
  - "robots.count > 100"
EOF2
"$whsim" sweep empty.yaml --quiet 2>err >/dev/null; rc=$?
[[ $rc -eq 65 ]] && grep -q "every one of the 2 points was skipped" err || fail "empty sweep: rc $rc $(cat err)"
"$whsim" sweep --vary 'simulation.horizon=[1h, 3h]' --warmup 2h --analysis steady-state --quiet 2>err >/dev/null
rc=$?
[[ $rc -eq 65 ]] && grep -q "not shorter than the horizon 1h00m00s of sweep point 0" err ||
  fail "warm-up beyond a point's horizon: rc $rc $(cat err)"
# A corrupt run file is run again on --resume; the result is the same as an untouched sweep's.
cp -r full corrupt
victim=$(ls corrupt/runs | grep '\.h5$' | sed -n 2p)
echo garbage >"corrupt/runs/$victim"
"$whsim" sweep "${long[@]}" --resume --out corrupt >corrupt.out 2>&1 || fail "resume over a corrupt file: $(cat corrupt.out)"
grep -q "cannot be used .*running ${victim%.h5} again" corrupt.out || fail "corrupt file not reported: $(cat corrupt.out)"
cmp full/points.csv corrupt/points.csv || fail "points.csv after a corrupt file differs"
# A run file of another sweep (same point, other warm-up) is not merged.
"$whsim" sweep "${long[@]}" --warmup 1h --analysis steady-state --quiet --out otherwarm >/dev/null || fail "other sweep"
cp -r full foreign
cp "otherwarm/runs/$victim" "foreign/runs/$victim"
"$whsim" merge foreign >/dev/null 2>err; rc=$?
[[ $rc -eq 4 ]] && grep -q "belongs to another sweep" foreign/runs.csv || fail "foreign run file merged: rc $rc"
# The sweep id does not depend on how the folder or files were named, on --jobs or --confidence
# (which only changes the intervals of the merged files).
cp -r full conf90
"$whsim" sweep "${long[@]}" -j 1 --confidence 0.9 --resume --quiet --out ./conf90 >/dev/null || fail "same sweep refused"
cmp -s full/points.csv conf90/points.csv && fail "--confidence 0.9 gave the same intervals"
# Eight shards starting at once into one folder all get in.
for i in 1 2 3 4 5 6 7 8; do
  "$whsim" sweep "${long[@]}" --shard $i/8 --quiet --out race >/dev/null 2>race$i.err &
done
wait
for i in 1 2 3 4 5 6 7 8; do [[ -s race$i.err ]] && fail "shard $i of 8 started together: $(cat race$i.err)"; done
"$whsim" merge race >/dev/null || fail "merge of the racing shards"
cmp full/points.csv race/points.csv || fail "racing shards give other points.csv"
# --- search: a scenario built to have a known answer ---
# The quickstart has 6 stations, so stations.pickers_staffed is 6 x stations.pickers exactly:
# the smallest pickers per station with at least 13 staffed is 3.
"$whsim" sweep --search stations.pickers --range 1:10 --target 'stations.pickers_staffed>=13' -n 3 \
  --set simulation.horizon=1h --out search >search.out 2>&1 || fail "search: $(cat search.out)"
grep -q "answer: stations.pickers = 3 is the smallest value in \[1, 10\]" search.out || fail "search answer: $(cat search.out)"
$py -c '
import json, sys
s = json.load(open(sys.argv[1]))
assert s["answer"] == 3 and [p["value"] for p in s["probes"]] == [10, 1, 5, 3, 2], s["probes"]
assert all(len(p["values"]) == 3 for p in s["probes"])' search/search.json || fail "search.json"
"$whsim" sweep --search stations.pickers --range 1:2 --target 'stations.pickers_staffed>=100' -n 2 \
  --set simulation.horizon=1h --quiet --out nosearch >/dev/null; rc=$?
[[ $rc -eq 4 ]] || fail "search without an answer: expected 4, got $rc"
"$whsim" sweep --search stations.pickers --range 1:2 --target 'no.such_kpi<=1' -n 2 --set simulation.horizon=1h \
  --quiet 2>err >/dev/null; rc=$?
[[ $rc -eq 2 ]] && grep -q "unknown KPI 'no.such_kpi'" err || fail "search unknown KPI: rc $rc $(cat err)"
"$whsim" sweep --search stations.pickers --range 5:1 --target 'x<=1' --quiet 2>err >/dev/null; rc=$?
[[ $rc -eq 2 ]] && grep -q "malformed --range" err || fail "search bad range: rc $rc"
echo "experiments CLI: ok"
