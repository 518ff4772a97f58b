#!/usr/bin/env bash
# A parent JVM killed by SIGKILL leaves no daemonic child behind (they see the boot pipe's end
# of stream and exit within a second); a non-daemonic child runs on to its end, as in Python.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cp=$(compile_java KilledParent)
pids="$MP4J_WORK/killed-parent.pids"
java -cp "$cp" KilledParent "$pids" &
parent=$!
for _ in $(seq 300); do [ -s "$pids" ] && break; sleep 0.1; done
[ -s "$pids" ] || { kill -9 $parent; fail "parent never reported its children"; }
read -r daemonic ordinary < "$pids"
kill -0 "$daemonic" || fail "daemonic child $daemonic not running before the parent was killed"
kill -9 "$parent"
wait "$parent" 2>/dev/null || true
gone() { [ ! -e "/proc/$1" ] || grep -q '^[^ ]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null; }
for _ in $(seq 15); do gone "$daemonic" && break; sleep 0.1; done
gone "$daemonic" || { kill -9 "$daemonic" "$ordinary" 2>/dev/null; fail "daemonic child $daemonic outlived its SIGKILLed parent by 1.5 s"; }
gone "$ordinary" && fail "the non-daemonic child $ordinary ended with its parent; it should run on"
for _ in $(seq 100); do gone "$ordinary" && break; sleep 0.1; done
gone "$ordinary" || { kill -9 "$ordinary"; fail "non-daemonic child $ordinary did not finish its 3 s sleep"; }
