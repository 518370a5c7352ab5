#!/usr/bin/env bash
# Slurm from one command, on a real single-node Slurm started here: installs Debian's slurm-wlm and munge if missing,
# starts munged, slurmctld and slurmd on this host with a generated configuration, has the quickstart's `slurm`
# command write and submit a reduced study as a 2-task array plus its merge-and-report job, waits, and compares the
# merged store with an unsharded run; then requeues a running task of a second array part-way and checks that the
# shard resumed without redoing or duplicating a trial. Stops every daemon it started, also on failure.
# Prints one "ok NAME" or "FAIL NAME" line per check (.ci/run counts them); exits 1 if any failed.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sweep-slurm.XXXXXX")
failed=0
pids=()
cleanup() {
  [ -n "${SLURM_CONF:-}" ] && scancel --user="$(id -un)" >/dev/null 2>&1
  for pid in "${pids[@]}"; do kill "$pid" >/dev/null 2>&1; done
  sleep 1
  for pid in "${pids[@]}"; do kill -9 "$pid" >/dev/null 2>&1; done
  rm -rf "$work"
}
trap cleanup EXIT
check() { # check NAME COMMAND...
  if "${@:2}" >"$work/last.log" 2>&1; then echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; sed 's/^/     /' "$work/last.log" | tail -25; fi
}
wait_for() { # wait_for SECONDS COMMAND...: until the command succeeds
  local until=$((SECONDS + $1))
  while ! "${@:2}" >/dev/null 2>&1; do
    [ $SECONDS -ge $until ] && return 1
    sleep 1
  done
}

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  check "apt-get installs slurm-wlm and munge" bash -c "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge"
fi

host=$(hostname -s)
cpus=$(nproc)
memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
mkdir -p "$work/state" "$work/spool" "$work/munge" "$work/log"
export SLURM_CONF="$work/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=sweep-check
SlurmctldHost=$host
SlurmUser=$(id -un)
SlurmdUser=$(id -un)
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
SchedulerType=sched/backfill
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=check Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

munged --force --socket="$work/munge/munge.socket" --pid-file="$work/munge/munged.pid" --log-file="$work/log/munged.log" --seed-file="$work/munge/seed" >/dev/null 2>&1
wait_for 10 test -s "$work/munge/munged.pid" && pids+=("$(cat "$work/munge/munged.pid")")
slurmctld -f "$SLURM_CONF" >/dev/null 2>&1
wait_for 15 test -s "$work/slurmctld.pid" && pids+=("$(cat "$work/slurmctld.pid")")
slurmd -f "$SLURM_CONF" >/dev/null 2>&1
wait_for 15 test -s "$work/slurmd.pid" && pids+=("$(cat "$work/slurmd.pid")")
check "slurmctld and slurmd start on $host and the node becomes idle" \
  wait_for 90 bash -c "sinfo -h -N -o '%t' | grep -Eq '^(idle|mix)'"
if [ $failed -gt 0 ]; then tail -20 "$work/log/"*.log; exit 1; fi

qs=(dotnet run --project "$repo/examples/Quickstart" -c Release --no-launch-profile --)
grid=(--set Features=8,64 --set TrainSize=256,1024 --seeds 2)
cd "$work"
check "slurm quickstart --submit writes the array and the merge job and submits both" \
  bash -c "$(printf '%q ' "${qs[@]}") slurm quickstart $(printf '%q ' "${grid[@]}") --shards 2 --cpus-per-task 1 --time 00:10:00 --out '$work/sharded' --submit | tee '$work/submit.txt' | grep -q 'submitted array job'"
check "the array ran both tasks, then the merge job wrote sweep.db and the report" \
  bash -c "until [ -z \"\$(squeue -h)\" ]; do sleep 2; done; test -s '$work/sharded/sweep.db' && test -s '$work/sharded/report-quickstart.md' \
    && test -s '$work/sharded/shard-0-of-2.db' && test -s '$work/sharded/shard-1-of-2.db'"
"${qs[@]}" run quickstart "${grid[@]}" --out "$work/single" --no-report >/dev/null 2>&1
same() { # same A B: the two stores hold the same trials with the same results (wall times and backends aside)
  python3 - "$1" "$2" <<'PY'
import sqlite3, sys
def rows(path):
    db = sqlite3.connect("file:" + path + "?mode=ro", uri=True)
    return sorted(db.execute("""SELECT t.key, t.status, t.identity, m.evaluation, m.name, m.value FROM trials t
        JOIN metrics m ON m.trial_id = t.trial_id WHERE t.superseded_utc IS NULL""").fetchall())
a, b = rows(sys.argv[1]), rows(sys.argv[2])
print(f"{len(a)} and {len(b)} metric rows")
sys.exit(0 if a == b and len(a) > 0 else 1)
PY
}
check "the merged store equals an unsharded run (same 8 trials, same metrics)" same "$work/sharded/sweep.db" "$work/single/sweep.db"

# A shard requeued part-way (preemption, a node failure) resumes from its store: nothing redone, nothing twice.
slow=(--set Features=256,512,1024 --set TrainSize=2048,4096 --seeds 3)
"${qs[@]}" slurm quickstart "${slow[@]}" --shards 2 --cpus-per-task 1 --time 00:10:00 --out "$work/requeued" --submit > "$work/submit2.txt" 2>&1
array=$(sed -n 's/^submitted array job \([0-9]*\) .*/\1/p' "$work/submit2.txt")
# Read-only and only once it exists: sqlite3.connect would create an empty file the run then refuses as no store.
count() { [ -s "$1" ] && python3 -c "import sqlite3,sys; print(sqlite3.connect('file:'+sys.argv[1]+'?mode=ro', uri=True).execute('SELECT COUNT(*) FROM trials').fetchone()[0])" "$1" 2>/dev/null || echo 0; }
check "task 0 of a second array stores a first trial, and is requeued while it runs" \
  bash -c "test -n '$array' && until [ \$($(declare -f count); count '$work/requeued/shard-0-of-2.db') -ge 1 ]; do sleep 1; done && scontrol requeue ${array}_0"
check "after the requeue every task and the merge finish" bash -c "until [ -z \"\$(squeue -h)\" ]; do sleep 2; done; test -s '$work/requeued/sweep.db'"
check "the requeued shard resumed: 18 trials stored once each, each attempted once, none superseded" \
  python3 - "$work/requeued/sweep.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
rows, keys, attempts, history = db.execute("SELECT COUNT(*), COUNT(DISTINCT key), MAX(attempts), SUM(superseded_utc IS NOT NULL) FROM trials").fetchone()
print(rows, keys, attempts, history)
sys.exit(0 if (rows, keys, attempts, history) == (18, 18, 1, 0) else 1)
PY
check "the requeued task ran twice, and its second start found trials already done" \
  bash -c "grep -h 'trials in the grid' '$work/requeued/slurm/'sweep-quickstart-${array}_0.out | awk '{print \$7}' | tr '\n' ' ' | grep -Eq '^0 [1-9]'"
exit $((failed > 0))
