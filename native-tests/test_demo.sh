#!/usr/bin/env bash
# The demo prints the reference examples' lines exactly, on every installed JDK.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
expected='<Process(Process-1, initial)> false
<Process(Process-1, started)> true
<Process(Process-1, stopped[SIGTERM])> false
true
Hello Bob'
while read -r home; do
  for round in 1 2; do   # the second round runs with the class-data-sharing archive the first made
    actual=$(timeout 60 "$home/bin/java" -cp "$MP4J_CLASSPATH" org.multiprocessing4j.examples.Demo)
    [ "$actual" = "$expected" ] || fail "demo on $home (round $round) printed:
$actual"
  done
done < <(java_homes)
