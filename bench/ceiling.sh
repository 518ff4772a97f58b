#!/usr/bin/env bash
# The ceiling of pool_cpu_bound on this machine, without the library (JitCeiling.java): one
# fresh JVM runs count_primes(20000) 16 times, then two fresh JVMs run 8 each at the same
# instant; the speedup is the first time over the second, for the default (tiered) JIT and for
# C1 only, and what each setting does on long work (JitPeak.java). No pool can do better than
# two bare JVMs.
#
#   bash bench/ceiling.sh [rounds]        # default 5 rounds per JIT setting
#
# Environment: JAVA (default: java), JAVAC (default: javac).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAVA=${JAVA:-java}
JAVAC=${JAVAC:-javac}
OUT=$ROOT/bench/out
mkdir -p "$OUT"
# shellcheck source=bench/build.sh
source "$ROOT/bench/build.sh"

echo "nproc: $(nproc); java: $("$JAVA" -version 2>&1 | head -n 1)"
"$JAVA" -cp "$CP" org.multiprocessing4j.bench.JitCeiling "${1:-5}"
echo
echo "the same JIT settings on long work (best of 15 after 1.5 s of each):"
echo "tiered:  $("$JAVA" -cp "$CP" org.multiprocessing4j.bench.JitPeak)"
echo "C1 only: $("$JAVA" -XX:TieredStopAtLevel=1 -cp "$CP" org.multiprocessing4j.bench.JitPeak)"
