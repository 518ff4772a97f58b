#!/usr/bin/env bash
# The comparative benchmark's harness compiles against the library as it is and lists its
# workloads, each of which CPython's reference_workloads.py has too (or is marked Java-only),
# so that a change to the API cannot leave bench/run.sh broken until someone runs it.
set -euo pipefail
ROOT=$MP4J_ROOT
OUT=$MP4J_WORK/bench
JAVAC=${JAVAC:-javac}
mkdir -p "$OUT"
# shellcheck source=../bench/build.sh
source "$ROOT/bench/build.sh" >/dev/null
mapfile -t names < <(java -cp "$CP" org.multiprocessing4j.bench.Bench --list)
[ "${#names[@]}" -ge 10 ] || { echo "the harness lists ${#names[@]} workloads: ${names[*]}"; exit 1; }
for name in "${names[@]}"; do
  case $name in *_warm|*_cluster|pool_cpu_bound_320k) continue ;; esac
  grep -q "\"$name\"" "$ROOT/bench/reference_workloads.py" \
    || { echo "workload $name has no CPython twin in reference_workloads.py"; exit 1; }
done
# The start floor (README, "A child that talks") still runs and prints its figures.
floor=$(START_FLOOR_DIR=$OUT/floor python3 "$ROOT/bench/start_floor.py" 1)
grep -q "^empty JVM main, 1 at a time: .* ms of processor time a JVM$" <<< "$floor" \
  || { echo "bench/start_floor.py printed: $floor"; exit 1; }
grep -q "^CPython forkserver spawn_start_join" <<< "$floor" || { echo "bench/start_floor.py printed: $floor"; exit 1; }
echo "ok: the benchmark harness builds and lists ${#names[@]} workloads; bench/start_floor.py runs"
