#!/usr/bin/env bash
# `whsim run` as a user drives it: result folders, reruns, write errors and signals.
#   check_run_cli.sh WHSIM WORKDIR
# Exit codes checked: 0, 74 (write error under a file-size limit), 130 (SIGINT) and 143 (SIGTERM),
# both with the partial results written and marked incomplete.
set -u
whsim=$1
work=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }

# Default folder: results/runs/<name>-<8 hex>-s<seed>/; a rerun replaces its own.
"$whsim" run --quiet >/dev/null || fail "quickstart run failed"
dirs=(results/runs/quickstart-*-s1)
[[ ${#dirs[@]} -eq 1 && ${dirs[0]} =~ ^results/runs/quickstart-[0-9a-f]{8}-s1$ ]] || fail "default folder: ${dirs[*]}"
for f in result.h5 summary.json summary.csv; do [[ -s ${dirs[0]}/$f ]] || fail "no $f"; done
[[ -e ${dirs[0]}/report.html ]] && fail "report.html without --report"
"$whsim" run --quiet >/dev/null || fail "rerun failed"
[[ $(ls results/runs | wc -l) -eq 1 ]] || fail "a rerun made a second folder"
"$whsim" run --quiet --seed 2 >/dev/null || fail "seed 2 run failed"
[[ -d $(echo results/runs/quickstart-*-s2) ]] || fail "seed 2 folder missing"
"$whsim" run --quiet --set robots.count=41 >/dev/null || fail "override run failed"
[[ $(ls results/runs | wc -l) -eq 3 ]] || fail "a changed scenario must get its own folder"
# Same scenario and seed: identical summary.json apart from provenance.
"$whsim" run --quiet --out a >/dev/null && "$whsim" run --quiet --out b >/dev/null || fail "runs a/b failed"
# ("provenance" is the last member of summary.json.)
diff <(sed '/"provenance"/,$d' a/summary.json) <(sed '/"provenance"/,$d' b/summary.json) || fail "summary.json differs"
diff <(cut -d, -f1-9 a/summary.csv) <(cut -d, -f1-9 b/summary.csv) || fail "summary.csv differs"
[[ $(ls -A a | tr '\n' ' ') == "result.h5 summary.csv summary.json " ]] || fail "a/ holds $(ls -A a | tr '\n' ' ')"
# A folder with files whsim did not write is refused (73) and left as it was.
mkdir -p foreign && echo keep >foreign/notes.txt
"$whsim" run --quiet --out foreign >/dev/null 2>err73; rc=$?
[[ $rc -eq 73 ]] || fail "foreign folder: expected 73, got $rc"
[[ $(ls -A foreign) == notes.txt ]] || fail "foreign folder changed: $(ls -A foreign)"

# 74: every write fails under a file-size limit of 0 (SIGXFSZ is ignored, the write reports it).
# (stderr goes through a pipe: a regular file would hit the same limit)
( ulimit -f 0; exec "$whsim" run --quiet --out full 2>&1 >/dev/null ) | cat >err74; rc=${PIPESTATUS[0]}
[[ $rc -eq 74 ]] || fail "file-size limit: expected 74, got $rc ($(cat err74))"
grep -q "cannot write" err74 || fail "74 message: $(cat err74)"
[[ -e full/summary.json || -e full/result.h5 ]] && fail "a partial result was left behind"
[[ -z $(ls -A full 2>/dev/null) ]] || fail "temporaries left behind in full/: $(ls -A full)"

# 130 / 143: a long run stopped by a signal stops at the simulated time reached and writes its
# results marked incomplete (so a Slurm time limit still yields data).
for sig in INT TERM; do
  "$whsim" run --quiet --horizon 1000d --out "long-$sig" >/dev/null 2>"err-$sig" &
  pid=$!
  sleep 1
  kill -s "$sig" "$pid"
  wait "$pid"; rc=$?
  want=$([[ $sig == INT ]] && echo 130 || echo 143)
  [[ $rc -eq $want ]] || fail "SIG$sig: expected $want, got $rc ($(cat "err-$sig"))"
  grep -q "interrupted by SIG$sig at simulated time .*partial results" "err-$sig" || fail "SIG$sig message: $(cat "err-$sig")"
  for f in result.h5 summary.json summary.csv; do [[ -s long-$sig/$f ]] || fail "SIG$sig: no $f"; done
  grep -q '"complete": false' "long-$sig/summary.json" || fail "SIG$sig: summary.json not marked incomplete"
  grep -q "\"exit_status\": $want" "long-$sig/summary.json" || fail "SIG$sig: exit_status not $want"
done
echo "ok"
