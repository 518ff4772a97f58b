#!/usr/bin/env bash
# The demo prints the reference examples' lines exactly, on every installed JDK, then the
# parallel map's results (exactly), its timings (their form: they vary) and its progress bar
# (on standard error, ending at 100%).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
expected='<Process(Process-1, initial)> false
<Process(Process-1, started)> true
<Process(Process-1, stopped[SIGTERM])> false
true
Hello Bob
16 x countPrimes(400000) in a pool: 33860 each, as in the serial run: true'
timings='^serial [0-9]+\.[0-9]{2} s, pool of [0-9]+ workers [0-9]+\.[0-9]{2} s: [0-9]+\.[0-9]{2}x faster$'
while read -r home; do
  for round in 1 2; do   # the second round runs with the class-data-sharing archive the first made
    actual=$(timeout 60 "$home/bin/java" -cp "$MP4J_CLASSPATH" org.multiprocessing4j.examples.Demo 2>"$MP4J_WORK/demo.err")
    [ "$(head -n -1 <<<"$actual")" = "$expected" ] || fail "demo on $home (round $round) printed:
$actual"
    tail -n 1 <<<"$actual" | grep -Eq "$timings" || fail "demo on $home (round $round) ended with:
$(tail -n 1 <<<"$actual")"
    tr '\r' '\n' <"$MP4J_WORK/demo.err" | tail -n 1 | grep -q '100% 16/16$' || fail "demo on $home (round $round): no full progress bar on standard error:
$(cat "$MP4J_WORK/demo.err")"
  done
done < <(java_homes)
