#!/usr/bin/env bash
# The README's cluster example, as a user runs it: first alone, one command, on the embedded
# member it starts in its own JVM (nothing installed); then the two-terminal recipe, a Member
# JVM on loopback and the example joining it through MULTIPROCESSING4J_CLUSTER. Each prints the
# right prime count, and the tasks ran on the member it names.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
count='16 x countPrimes\(400000\) = 33860; tasks per member: '

alone=$(timeout 120 java -cp "$MP4J_CLASSPATH" org.multiprocessing4j.examples.ClusterDemo 2>"$MP4J_WORK/cluster-demo.err") \
    || fail "ClusterDemo alone failed:
$alone
$(tail -n 20 "$MP4J_WORK/cluster-demo.err")"
tail -n 1 <<<"$alone" | grep -Eq "^${count}\{[0-9a-f-]{36}=16\}$" \
    || fail "ClusterDemo alone printed:
$alone"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
java -cp "$MP4J_CLASSPATH" org.multiprocessing4j.cluster.Member --bind 127.0.0.1 --port "$port" \
    >"$MP4J_WORK/member.out" 2>"$MP4J_WORK/member.err" &
member=$!
trap 'kill -9 "$member" 2>/dev/null || true' EXIT
for _ in $(seq 600); do
    grep -q '^multiprocessing4j member' "$MP4J_WORK/member.out" && break
    kill -0 "$member" 2>/dev/null || fail "the member ended before it was ready:
$(tail -n 20 "$MP4J_WORK/member.err")"
    sleep 0.1
done
uuid=$(grep -Eo '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' "$MP4J_WORK/member.out" | head -n 1)
[ -n "$uuid" ] || fail "the member did not print its uuid:
$(cat "$MP4J_WORK/member.out")"

joined=$(MULTIPROCESSING4J_CLUSTER="127.0.0.1:$port" timeout 120 java -cp "$MP4J_CLASSPATH" \
    org.multiprocessing4j.examples.ClusterDemo 2>"$MP4J_WORK/cluster-demo.err") \
    || fail "ClusterDemo against the member failed:
$joined
$(tail -n 20 "$MP4J_WORK/cluster-demo.err")"
tail -n 1 <<<"$joined" | grep -Eq "^${count}\{${uuid}=16\}$" \
    || fail "ClusterDemo against member $uuid printed:
$joined"

kill "$member"
wait "$member" 2>/dev/null || true
