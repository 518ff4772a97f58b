#!/usr/bin/env bash
# Comparative benchmark: multiprocessing4j against CPython's multiprocessing, in the same run.
#
#   bash bench/run.sh                     # every workload the Java harness implements
#   bash bench/run.sh spawn_start_join    # only the named ones (names of reference_workloads.py)
#
# Expects `mvn -DskipTests package` to have run (runs it if the library jar is missing).
# Compiles bench/java into bench/out/bench.jar, runs the Java workloads (JDK 17 from PATH, and
# spawn_start_join again under JDK 25 if present, the object rows again with JDK serialization), then the CPython reference workloads, and
# prints one table; bench/out/results.md has it in Markdown.
#
# JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bash bench/run.sh ...  runs every Java row on
# JDK 25 (the harness is an executable jar whose manifest gives native access, so no option
# is needed on JDK 22+).
#
# Environment: JAVA (default: java), JAVAC (default: javac), PYTHON (default: python3),
# JAVA25 (default: /usr/lib/jvm/temurin-25-jdk-amd64/bin/java; skipped if not executable),
# BENCH_CACHE_DIR (the library's class-data-sharing cache; default bench/out/cds).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
JAVA=${JAVA:-java}
JAVAC=${JAVAC:-javac}
PYTHON=${PYTHON:-python3}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
OUT=$ROOT/bench/out
CACHE_DIR=${BENCH_CACHE_DIR:-$OUT/cds}
mkdir -p "$OUT" "$CACHE_DIR"

# shellcheck source=bench/build.sh
source "$ROOT/bench/build.sh"
MAIN=org.multiprocessing4j.bench.Bench

# --- which workloads ---------------------------------------------------------------------
mapfile -t IMPLEMENTED < <("$JAVA" -cp "$CP" $MAIN --list)
if [[ $# -eq 0 ]]; then
    NAMES=("${IMPLEMENTED[@]}")
else
    NAMES=()
    for name in "$@"; do
        if [[ " ${IMPLEMENTED[*]} " == *" $name "* ]]; then
            NAMES+=("$name")
        else
            echo "skipped (not implemented in Java): $name" >&2
        fi
    done
fi
if [[ ${#NAMES[@]} -eq 0 ]]; then
    echo "nothing to run; implemented: ${IMPLEMENTED[*]}" >&2
    exit 2
fi
JAVA_ARGS=()
PY_ARGS=()
for name in "${NAMES[@]}"; do
    JAVA_ARGS+=(--only "$name")
    PY_ARGS+=(--only "$name")
    # CPython's other start methods, shown beside spawn.
    [[ $name == spawn_start_join ]] && PY_ARGS+=(--only fork_start_join --only forkserver_start_join)
    [[ $name == child_first_message ]] && PY_ARGS+=(--only child_first_message_spawn --only child_first_message_fork)
    [[ $name == child_exit_join ]] && PY_ARGS+=(--only child_exit_join_forkserver --only child_exit_join_spawn)
done

# --- machine -------------------------------------------------------------------------------
MACHINE=(
    "nproc: $(nproc)"
    "java: $("$JAVA" -version 2>&1 | head -n 1)"
    "python: $("$PYTHON" --version 2>&1)"
)
HAVE25=
if [[ " ${NAMES[*]} " == *" spawn_start_join "* && -x $JAVA25 ]]; then
    HAVE25=1
    MACHINE+=("java (JDK 25 row): $("$JAVA25" -version 2>&1 | head -n 1)")
fi
printf '%s\n' "${MACHINE[@]}"
echo

# The harness's own record (pipe_record_roundtrip) is a class the serializer must be told to allow.
ALLOW=(-Dmultiprocessing4j.serialization.allow='org.multiprocessing4j.bench.*')

# --- run, one side after the other ---------------------------------------------------------
echo "running Java: ${NAMES[*]}" >&2
"$JAVA" -Dmultiprocessing4j.cacheDir="$CACHE_DIR" "${ALLOW[@]}" -jar "$LAUNCHER" --json "${JAVA_ARGS[@]}" > "$OUT/java.json"
REPORT_ARGS=(--java "$OUT/java.json")
if [[ " ${NAMES[*]} " == *" spawn_start_join "* ]]; then
    echo "running Java without spare JVMs: spawn_start_join" >&2
    "$JAVA" -Dmultiprocessing4j.cacheDir="$CACHE_DIR" "${ALLOW[@]}" -Dmultiprocessing4j.spares=0 \
        -jar "$LAUNCHER" --json --only spawn_start_join > "$OUT/java-fresh.json"
    REPORT_ARGS+=(--java-fresh "$OUT/java-fresh.json")
fi
OBJECT_ARGS=()
for name in "${NAMES[@]}"; do
    [[ $name == pipe_objects_roundtrip || $name == pipe_record_roundtrip || $name == queue_objects_throughput || $name == pool_map_small ]] \
        && OBJECT_ARGS+=(--only "$name")
done
if [[ ${#OBJECT_ARGS[@]} -gt 0 ]]; then
    echo "running Java with JDK serialization: ${OBJECT_ARGS[*]}" >&2
    BENCH_SERIALIZER=jdk "$JAVA" -Dmultiprocessing4j.cacheDir="$CACHE_DIR" "${ALLOW[@]}" -jar "$LAUNCHER" --json "${OBJECT_ARGS[@]}" \
        > "$OUT/java-jdk.json"
    REPORT_ARGS+=(--java-jdk "$OUT/java-jdk.json")
fi
if [[ -n $HAVE25 ]]; then
    echo "running Java under JDK 25: spawn_start_join" >&2
    "$JAVA25" -Dmultiprocessing4j.cacheDir="$CACHE_DIR" "${ALLOW[@]}" \
        -jar "$LAUNCHER" --json --only spawn_start_join > "$OUT/java25.json"
    REPORT_ARGS+=(--java25 "$OUT/java25.json")
fi
echo "running CPython: ${PY_ARGS[*]}" >&2
"$PYTHON" bench/reference_workloads.py --json "${PY_ARGS[@]}" > "$OUT/cpython.json"

MACHINE_ARGS=()
for line in "${MACHINE[@]}"; do MACHINE_ARGS+=(--machine "$line"); done
"$PYTHON" bench/report.py "${REPORT_ARGS[@]}" --cpython "$OUT/cpython.json" \
    "${MACHINE_ARGS[@]}" --markdown "$OUT/results.md"
