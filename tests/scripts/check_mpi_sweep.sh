#!/usr/bin/env bash
# whsim sweep under mpirun: the same merged files as a local sweep, and after a worker rank is
# killed (Open MPI then ends the whole job) every finished run is on disk and --resume without
# MPI completes the sweep with the same files.
#   check_mpi_sweep.sh WHSIM WORKDIR MPIEXEC [MPIEXEC FLAGS...]
set -u
whsim=$1
work=$2
shift 2
mpiexec=("$@")
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
strip_runs_csv() { /usr/bin/python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
keep = [i for i, h in enumerate(rows[0]) if not h.startswith("provenance")]
for r in rows: print(",".join(r[i] for i in keep))' "$1"; }
strip_json() { sed '/"provenance"/,$d' "$1"; }

sweep=(sweep --vary 'robots.count=[10, 20, 30]' --vary 'stations.pickers=[1, 2]' --set simulation.horizon=20h -n 4)
"$whsim" "${sweep[@]}" -j 1 --quiet --out local >/dev/null || fail "local sweep"
"${mpiexec[@]}" -np 3 "$whsim" "${sweep[@]}" --out mpi >mpi.out 2>&1 || fail "mpirun sweep: $(cat mpi.out)"
grep -q "on 2 MPI worker ranks" mpi.out || fail "not an MPI run: $(cat mpi.out)"
cmp local/points.csv mpi/points.csv || fail "points.csv differs under MPI"
diff <(strip_runs_csv local/runs.csv) <(strip_runs_csv mpi/runs.csv) >/dev/null || fail "runs.csv differs under MPI"
diff <(strip_json local/summary.json) <(strip_json mpi/summary.json) >/dev/null || fail "summary.json differs under MPI"

# Kill one worker rank once some runs are on disk: the job ends; resume completes it.
"${mpiexec[@]}" -np 3 "$whsim" "${sweep[@]}" --out killed >killed.out 2>&1 &
job=$!
victim=""
for _ in $(seq 400); do
  n=$(ls killed/runs 2>/dev/null | grep -c '\.h5$')
  if ((n >= 2)); then
    # The ranks are the launcher's children, started in rank order: the last one is a worker.
    victim=$(pgrep -P $job | tail -1)
    break
  fi
  sleep 0.05
done
[[ -n "$victim" ]] || { kill $job; fail "no runs appeared under MPI"; }
kill -9 "$victim"
wait $job
before=$(ls killed/runs | grep -c '\.h5$')
((before < 24)) || fail "the sweep finished before the kill (make the runs longer)"
for f in killed/runs/*.h5; do h5dump -H "$f" >/dev/null 2>&1 || fail "a broken $f after the kill"; done
"$whsim" "${sweep[@]}" --resume --out killed >resume.out 2>&1 || fail "resume: $(cat resume.out)"
cmp local/points.csv killed/points.csv || fail "points.csv after kill + resume differs"
diff <(strip_runs_csv local/runs.csv) <(strip_runs_csv killed/runs.csv) >/dev/null || fail "runs.csv after resume"
echo "mpi sweep: ok ($before of 24 runs survived the kill, resume ran the rest)"
