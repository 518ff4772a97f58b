#!/usr/bin/env bash
# CPython's multiprocessing.managers on either end of a manager: a CPython SyncManager client
# uses a Java manager server (dict, list and its slices, Namespace, Queue, Value, Array, the
# _getvalue() copies, Lock, RLock, Semaphore, BoundedSemaphore, Condition, Barrier, Event, Pool
# refused, and the server's registered get_board), and a Java client uses a CPython SyncManager
# server (the same types, and CPython's remote-manager example, get_queue). The two sides speak pickle; the Java server
# tells CPython's frames by their first byte. python3 (3.11 here: the legacy HMAC-MD5
# handshake), and a CPython 3.12 or later where installed ({sha256}).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cp=$(compile_java ManagerPeer)
peer_py="$MP4J_ROOT/native-tests/python/manager_peer.py"
key=manager-secret

mapfile -t pythons < <(pythons)

# await_address FILE PID OUT: waits until the server wrote its address, prints it.
await_address() {
  for _ in $(seq 300); do [ -s "$1" ] && break; sleep 0.1; done
  [ -s "$1" ] || { kill "$2" 2>/dev/null; fail "the server never listened: $(cat "$3")"; }
  cat "$1"
}

for py in "${pythons[@]}"; do
  # CPython client, Java server.
  address_file="$MP4J_WORK/manager-address.$RANDOM" server_out="$MP4J_WORK/manager-server.$RANDOM"
  timeout 90 java -cp "$cp" ManagerPeer serve 127.0.0.1:0 "$key" "$address_file" >"$server_out" 2>&1 &
  server_pid=$!
  bound=$(await_address "$address_file" "$server_pid" "$server_out")
  client_out=$(timeout 60 "$py" "$peer_py" client "$bound" "$key" 2>&1 || true)
  stop_out=$(timeout 30 "$py" "$peer_py" stop "$bound" "$key" 2>&1 || true)
  wait "$server_pid" || fail "the Java server failed: $(cat "$server_out")"
  expected=$(printf 'ok dict\nok list\nok nested proxy\nok Namespace\nok Queue\nok Value\nok Lock\nok Event\nok get_board\nok slices\nok Array\nok _getvalue\nok Pool refused\nok RLock Semaphore BoundedSemaphore Condition Barrier\nclient done')
  [ "$client_out" = "$expected" ] || fail "$py client / Java server: the client printed '$client_out'"
  [ "$stop_out" = stopped ] || fail "$py could not stop the Java server: $stop_out"
  server_said=$(grep -v " DEBUG multiprocessing4j\| INFO multiprocessing4j" "$server_out" || true)
  [ "$server_said" = "board from python: [1, 1208925819614629174706176, three]" ] \
    || fail "$py client / Java server: the server printed '$server_said'"
  echo "ok: $py client / Java manager server"

  # Java client, CPython server.
  address_file="$MP4J_WORK/manager-address.$RANDOM" server_out="$MP4J_WORK/manager-server.$RANDOM"
  timeout 90 "$py" "$peer_py" serve 127.0.0.1:0 "$key" "$address_file" >"$server_out" 2>&1 &
  server_pid=$!
  bound=$(await_address "$address_file" "$server_pid" "$server_out")
  client_out=$(timeout 60 java -cp "$cp" ManagerPeer client "$bound" "$key" 2>&1 | grep -v " DEBUG multiprocessing4j" || true)
  stop_out=$(timeout 30 "$py" "$peer_py" stop "$bound" "$key" 2>&1 || true)
  wait "$server_pid" || fail "the $py server failed: $(cat "$server_out")"
  [ "$client_out" = "client done" ] || fail "Java client / $py server: the client printed '$client_out'"
  [ "$stop_out" = stopped ] || fail "could not stop the $py server: $stop_out"
  echo "ok: Java client / $py manager server"
done
