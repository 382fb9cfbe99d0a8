#!/usr/bin/env bash
# whsim baseline / whsim check as a CI user runs them (docs/ci.md): a baseline that passes
# (exit 0, JUnit XML with the expected structure, Markdown summary); a deliberately worse policy
# that fails with a clear table and exit 3 (a KPI with no better direction CHANGED); --quiet; a
# better policy that passes as improved; a change within the tolerance that passes; --accept
# writing NAME.json.UPDATED and never the baseline (renamed, it passes; a stale one removed);
# exact fingerprints (a changed one fails with exit 3, report mode only shows it); errors (bad
# baseline with file:line:col, missing scenario, too few replications, a KPI the runs no longer
# observe, --set simulation.seed, bad flags) exiting 1, also beside a regression; folders; a
# baseline is never overwritten by whsim baseline.
#   check_regression_cli.sh WHSIM WORKDIR
# Needs /usr/bin/python3 (tools/setup.sh --tests).
set -u
whsim=$1
work=$2
rm -rf "$work" && mkdir -p "$work/scenarios" "$work/results/baselines" && cd "$work" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
py=/usr/bin/python3

# A small scenario of our own: the quickstart's floor and orders for two hours.
"$whsim" schema --quickstart >scenarios/small.yaml 2>/dev/null || fail "schema --quickstart"
"$whsim" baseline scenarios/small.yaml --name small -n 12 --set simulation.horizon=2h --kpi orders.completed \
  --kpi orders.pick_cycle_time=2% --kpi orders.pick_cycle_time.p95=0.5sd --kpi robots.utilisation=0.05 \
  --description "two hours of the quickstart" >baseline.out 2>&1 || fail "baseline: $(cat baseline.out)"
grep -q "baseline written: results/baselines/small.json" baseline.out || fail "baseline path: $(cat baseline.out)"
$py - results/baselines/small.json <<'EOF' || fail "baseline file content"
import json, sys
b = json.load(open(sys.argv[1]))
assert b["format"] == "whsim-baseline/1" and b["scenario"] == "../../scenarios/small.yaml", b["scenario"]
assert b["set"] == ["simulation.horizon=2h"] and b["seed"] == 1 and b["replications"] == 12
assert len(b["fingerprints"]) == 12 and b["fingerprint"] == "report"
k = {x["name"]: x for x in b["kpis"]}
assert list(k) == ["orders.completed", "orders.pick_cycle_time", "orders.pick_cycle_time.p95", "robots.utilisation"]
assert k["orders.completed"]["better"] == "higher" and k["orders.completed"]["tolerance"] == {"relative": 0.02}
assert k["orders.pick_cycle_time"]["better"] == "lower"
assert k["orders.pick_cycle_time.p95"]["tolerance"] == {"statistical": 0.5}
assert k["robots.utilisation"]["better"] == "neither" and k["robots.utilisation"]["tolerance"] == {"absolute": 0.05}
assert all(len(x["values"]) == 12 for x in b["kpis"])
assert abs(sum(k["orders.completed"]["values"]) / 12 - k["orders.completed"]["mean"]) < 1e-9
EOF

# --- never overwrites ---
cp results/baselines/small.json before.json
"$whsim" baseline scenarios/small.yaml --name small -n 10 >exists.out 2>&1
[ $? -eq 73 ] || fail "baseline over an existing file should exit 73: $(cat exists.out)"
grep -q "never overwritten" exists.out || fail "no reason given: $(cat exists.out)"
cmp -s before.json results/baselines/small.json || fail "baseline overwritten"

# --- the same model passes: exit 0, every KPI identical, JUnit and Markdown written ---
"$whsim" check --junit pass.xml --markdown pass.md >pass.out 2>&1
rc=$?
[ $rc -eq 0 ] || fail "unchanged model: exit $rc: $(cat pass.out)"
grep -q "== small (scenario ../../scenarios/small.yaml, 12 replications, seed 1): PASS" pass.out ||
  fail "header: $(cat pass.out)"
grep -q "fingerprints: 12 of 12 identical" pass.out || fail "fingerprints: $(cat pass.out)"
grep -q "4 KPIs checked in 1 baseline: 0 failed, 0 errors" pass.out || fail "summary line: $(cat pass.out)"
grep -q "^### whsim check: PASS" pass.md || fail "markdown: $(cat pass.md)"

# --- a deliberately worse policy: the first idle robot instead of the nearest ---
"$whsim" check --set policies.robot_assignment=first_idle --junit worse.xml --markdown worse.md >worse.out 2>&1
rc=$?
[ $rc -eq 3 ] || fail "worse policy: exit $rc (expected 3): $(cat worse.out)"
grep -Eq "orders.pick_cycle_time \[s\] .*\+[0-9.]+%.* REGRESSED" worse.out || fail "no regressed cycle time: $(cat worse.out)"
grep -Eq "orders.completed \[orders\] .* pass" worse.out || fail "throughput should pass: $(cat worse.out)"
grep -q "checked with --set policies.robot_assignment=first_idle" worse.out || fail "variant not named"
grep -Eq "robots.utilisation \[ratio\] .* CHANGED" worse.out || fail "a KPI with no better direction should be CHANGED"
"$whsim" check --quiet --set policies.robot_assignment=first_idle >quiet.out 2>&1
[ $? -eq 3 ] || fail "quiet worse policy: exit 3 expected"
[ "$(wc -l <quiet.out)" -eq 1 ] && grep -q "^4 KPIs checked in 1 baseline: 3 failed, 0 errors" quiet.out ||
  fail "--quiet should print the verdict line only: $(cat quiet.out)"
grep -q "FAIL" worse.md || fail "markdown verdict"
$py - pass.xml worse.xml <<'EOF' || fail "JUnit XML structure"
import sys
import xml.etree.ElementTree as ET
for path, failures in ((sys.argv[1], 0), (sys.argv[2], None)):
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites", root.tag
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["small"], [s.get("name") for s in suites]
    cases = suites[0].findall("testcase")
    names = [c.get("name") for c in cases]
    assert names == ["orders.completed", "orders.pick_cycle_time", "orders.pick_cycle_time.p95",
                     "robots.utilisation", "fingerprint"], names
    assert all(c.get("classname") == "whsim.check.small" for c in cases)
    failed = [c.get("name") for c in cases if c.find("failure") is not None]
    assert int(root.get("tests")) == len(cases) == int(suites[0].get("tests"))
    assert int(root.get("failures")) == len(failed) == int(suites[0].get("failures")), (root.attrib, failed)
    assert root.get("errors") == "0" and suites[0].get("errors") == "0"
    props = {p.get("name"): p.get("value") for p in suites[0].find("properties")}
    assert props["seed"] == "1" and props["replications"] == "12", props
    if failures == 0:
        assert failed == [], failed
    else:
        assert "orders.pick_cycle_time" in failed and "orders.completed" not in failed, failed
        f = [c for c in cases if c.get("name") == "orders.pick_cycle_time"][0].find("failure")
        assert f.get("type") == "regressed" and "tolerance" in f.get("message"), f.attrib
EOF

# --- a change within the tolerance passes (does not cry wolf): 0.2 s more per pick ---
"$whsim" check --set stations.pick_time.mean=5.05s >small_change.out 2>&1
rc=$?
[ $rc -eq 0 ] || fail "a change within the tolerance failed (exit $rc): $(cat small_change.out)"
grep -q "12 of 12 changed (report only)" small_change.out || fail "fingerprints should show the change"

# --- a better policy than the baseline's: improved, passes (exit 0) ---
"$whsim" baseline scenarios/small.yaml -o worse/first-idle.json -n 10 --set simulation.horizon=2h \
  --set policies.robot_assignment=first_idle --kpi orders.pick_cycle_time -q >/dev/null || fail "first-idle baseline"
sed 's#"policies.robot_assignment=first_idle"#"policies.robot_assignment=nearest_idle"#' worse/first-idle.json \
  >worse/nearest.json
"$whsim" check worse/nearest.json >improved.out 2>&1 || fail "an improvement should pass: $(cat improved.out)"
grep -Eq "orders.pick_cycle_time \[s\] .*-[0-9.]+%.* improved" improved.out || fail "not improved: $(cat improved.out)"

# --- the check reruns the baseline's seeds: --set simulation.seed is refused ---
"$whsim" check --set simulation.seed=7 >seed.out 2>&1
[ $? -eq 1 ] || fail "--set simulation.seed should be an error (exit 1)"
grep -q "reruns each baseline's own seed" seed.out || fail "seed refusal: $(cat seed.out)"

# --- a KPI the new runs no longer observe cannot pass: nothing arrives in the measured hour ---
"$whsim" check --set orders.rate=0.001/h >novalue.out 2>&1
[ $? -eq 1 ] || fail "a KPI without values should be an error: $(cat novalue.out)"
grep -q 'orders.pick_cycle_time" has no value now in 12 replications' novalue.out || fail "no-value: $(cat novalue.out)"
"$whsim" baseline scenarios/small.yaml -o novalue.json --set orders.rate=0.001/h --kpi orders.pick_cycle_time \
  -n 10 >novalue_b.out 2>&1
[ $? -eq 65 ] || fail "a baseline of a KPI without values should exit 65: $(cat novalue_b.out)"
[ ! -e novalue.json ] || fail "a refused baseline left a file"

# --- folders expand to their *.json (sorted), each file once ---
"$whsim" check worse worse/nearest.json results/baselines/small.json -q >folders.out 2>&1 ||
  fail "folders: $(cat folders.out)"
grep -q "^6 KPIs checked in 3 baselines" folders.out || fail "folder expansion or de-duplication: $(cat folders.out)"

# --- --accept: writes NAME.json.UPDATED only; renamed, it passes ---
"$whsim" check --accept --set robots.count=30 >accept_set.out 2>&1
[ $? -eq 1 ] || fail "--accept with --set should be an error (exit 1)"
sed -i 's/^  count: 40$/  count: 30/' scenarios/small.yaml
grep -q "^  count: 30$" scenarios/small.yaml || fail "could not edit the scenario"
"$whsim" check --accept >accept.out 2>&1
rc=$?
[ $rc -eq 3 ] || fail "30 robots should regress (exit $rc): $(cat accept.out)"
grep -q "scenario changed since the baseline" accept.out || fail "scenario change not noted"
[ -f results/baselines/small.json.UPDATED ] || fail "no .UPDATED written: $(cat accept.out)"
cmp -s before.json results/baselines/small.json || fail "--accept overwrote the baseline"
grep -q "rename it to results/baselines/small.json" accept.out || fail "no review hint: $(cat accept.out)"
mv results/baselines/small.json.UPDATED results/baselines/small.json
"$whsim" check >accepted.out 2>&1 || fail "the accepted baseline should pass: $(cat accepted.out)"
echo stale >results/baselines/small.json.UPDATED
"$whsim" check --accept >unchanged.out 2>&1 || fail "unchanged --accept"
[ ! -e results/baselines/small.json.UPDATED ] || fail "a stale .UPDATED kept (or written) for an unchanged baseline"
grep -q "removed results/baselines/small.json.UPDATED: its baseline is current" unchanged.out ||
  fail "stale .UPDATED removal not said: $(cat unchanged.out)"

# --- exact fingerprints (a golden scenario): a changed fingerprint fails, report mode shows it ---
"$whsim" baseline scenarios/small.yaml --name golden --fingerprint-only -n 2 --set simulation.horizon=1h \
  -q >/dev/null || fail "golden baseline"
"$whsim" check results/baselines/golden.json >golden.out 2>&1 || fail "golden: $(cat golden.out)"
$py - results/baselines/golden.json <<'EOF' || fail "golden file"
import json, sys
b = json.load(open(sys.argv[1]))
assert b["fingerprint"] == "exact" and b["kpis"] == [] and len(b["fingerprints"]) == 2
b["fingerprints"][1] = "0123456789abcdef"
json.dump(b, open("results/baselines/golden.json", "w"), indent=1)
s = json.load(open("results/baselines/small.json"))
assert s["fingerprint"] == "report"
s["fingerprints"][1] = "0123456789abcdef"
json.dump(s, open("report.json", "w"), indent=1)
EOF
"$whsim" check results/baselines/golden.json --junit golden.xml >golden_bad.out 2>&1
rc=$?
[ $rc -eq 3 ] || fail "changed exact fingerprint: exit $rc (expected 3): $(cat golden_bad.out)"
grep -q "1 of 2 changed (exact: fails)" golden_bad.out || fail "fingerprint line: $(cat golden_bad.out)"
grep -q 'type="fingerprint"' golden.xml || fail "no fingerprint failure in JUnit"
grep -q "0123456789abcdef" golden.xml || fail "JUnit does not name the expected fingerprint"
cp report.json results/baselines/report.json
"$whsim" check results/baselines/report.json >report.out 2>&1 || fail "report mode should pass: $(cat report.out)"
grep -q "1 of 12 changed (report only)" report.out || fail "report mode: $(cat report.out)"
rm results/baselines/report.json
"$whsim" check results/baselines/golden.json --accept >/dev/null 2>&1
$py - results/baselines/golden.json.UPDATED <<'EOF' || fail "accepted fingerprints"
import json, sys
b = json.load(open(sys.argv[1]))
assert "0123456789abcdef" not in b["fingerprints"] and b["fingerprint"] == "exact", b
EOF

# --- errors exit 1, each with a clear message ---
printf '{\n "format": "whsim-baseline/1",\n "scenario": "../../scenarios/small.yaml",\n "seed": 1,\n "replications": 12,\n "kpis": [{"name": "orders.completed", "tolerance": {"relativ": 0.02}, "values": []}]\n}\n' \
  >results/baselines/broken.json
"$whsim" check results/baselines/broken.json >broken.out 2>&1
[ $? -eq 1 ] || fail "broken baseline should exit 1: $(cat broken.out)"
grep -q 'results/baselines/broken.json:6:.*kpis\[0\].tolerance.relativ: unknown key "relativ" (did you mean "relative"' broken.out ||
  fail "no located message: $(cat broken.out)"
grep -q 'kpis\[0\].values: has 0 values for 12 replications' broken.out || fail "values count: $(cat broken.out)"
sed 's#../../scenarios/small.yaml#../../scenarios/missing.yaml#' results/baselines/small.json >results/baselines/missing.json
"$whsim" check results/baselines/missing.json >missing.out 2>&1
[ $? -eq 1 ] || fail "missing scenario should exit 1"
grep -q "missing.yaml" missing.out || fail "missing scenario not named: $(cat missing.out)"
"$whsim" check results/baselines/small.json --min-replications 20 >few.out 2>&1
[ $? -eq 1 ] || fail "too few replications should exit 1"
grep -q "expected at least 20" few.out || fail "min replications: $(cat few.out)"
"$whsim" check --alpha 2 >flag.out 2>&1
[ $? -eq 1 ] || fail "a bad flag should exit 1 for whsim check"
"$whsim" check --no-such-flag >flag.out 2>&1
[ $? -eq 1 ] || fail "an unknown flag should exit 1 for whsim check"
"$whsim" check results/baselines/small.json results/baselines/broken.json >mixed.out 2>&1
[ $? -eq 1 ] || fail "errors win over passes"
"$whsim" check results/baselines/small.json results/baselines/broken.json --set robots.count=10 >mixed.out 2>&1
[ $? -eq 1 ] || fail "errors win over regressions"
grep -q "REGRESSED" mixed.out || fail "the regression is still shown beside the error: $(cat mixed.out)"
grep -q "== small" mixed.out || fail "the good baseline is still checked: $(cat mixed.out)"
"$whsim" baseline --kpi no.such.kpi -o x.json >kpi.out 2>&1
[ $? -eq 2 ] || fail "unknown --kpi should exit 2 for whsim baseline"
"$whsim" baseline --kpi orders.completed=-2% -o x.json >kpi.out 2>&1
[ $? -eq 2 ] || fail "negative tolerance should exit 2"
"$whsim" baseline -n 5 -o x.json >kpi.out 2>&1
[ $? -eq 2 ] || fail "5 replications with KPIs should exit 2"
"$whsim" baseline --fingerprint-only --fingerprint report -o x.json >kpi.out 2>&1
[ $? -eq 2 ] || fail "a baseline that guards nothing should exit 2"
"$whsim" baseline -n 10 -o x.json --description "$(printf 'bad \377 byte')" >utf8.out 2>&1
[ $? -eq 2 ] || fail "a description that is not UTF-8 should exit 2: $(cat utf8.out)"
grep -q "would not read back" utf8.out || fail "no reason for the refusal: $(cat utf8.out)"
[ ! -e x.json ] || fail "a refused baseline left a file"
echo "whsim check CLI: all checks passed"
