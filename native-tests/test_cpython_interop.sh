#!/usr/bin/env bash
# CPython's multiprocessing.connection as the peer: a CPython Client talks to a Java Listener
# and a Java Client to a CPython Listener, over TCP and Unix sockets, with 0-byte, 64-byte and
# 3 MiB messages both ways, and objects both ways (PickleSerializer on the Java side: CPython's
# send/recv of None, bool, int, float, str, bytes, tuple, list, dict, set, frozenset; also over a
# socket pair whose other end CPython inherits); a wrong authkey is rejected in both directions with the errors each
# side documents (a Java Listener drops the rejected client and serves the next one; CPython's
# accept raises). python3 speaks the handshake of its version (3.11: the legacy HMAC-MD5 form);
# python3.12 and later, where installed, the {sha256} form, and both are run.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cp=$(compile_java InteropPeer)
peer_py="$MP4J_ROOT/native-tests/python/interop_peer.py"
java_peer() { timeout 60 java -cp "$cp" InteropPeer "$@"; }

mapfile -t pythons < <(pythons)

# run_client CLIENT ADDRESS KEY: runs the client side ("java" or a python command), prints its output.
run_client() {
  if [ "$1" = java ]; then
    java_peer connect "$2" "$3" 2>&1 || true
  else
    timeout 60 "$1" "$peer_py" connect "$2" "$3" 2>&1 || true
  fi
}

# run_pair SERVER CLIENT ADDRESS SERVER_KEY CLIENT_KEY EXPECT_SERVER EXPECT_CLIENT [NEXT_KEY]
# SERVER/CLIENT are "java" or a python command; the expectations are exact output lines, the
# library's log lines (logback's default: DEBUG to standard output) apart. With NEXT_KEY, a
# second client with that key follows the first and must get its echoes, and the (Java) server
# must have logged why it dropped the first.
run_pair() {
  local server=$1 client=$2 address=$3 server_key=$4 client_key=$5 expect_server=$6 expect_client=$7 next_key=${8:-}
  local address_file="$MP4J_WORK/address.$RANDOM" server_out="$MP4J_WORK/server.$RANDOM"
  if [ "$server" = java ]; then
    java_peer serve "$address" "$server_key" "$address_file" >"$server_out" 2>&1 &
  else
    timeout 60 "$server" "$peer_py" serve "$address" "$server_key" "$address_file" >"$server_out" 2>&1 &
  fi
  local server_pid=$!
  for _ in $(seq 300); do [ -s "$address_file" ] && break; sleep 0.1; done
  [ -s "$address_file" ] || { kill "$server_pid" 2>/dev/null; fail "$server never listened on $address: $(cat "$server_out")"; }
  local bound client_out next_out=
  bound=$(cat "$address_file")
  client_out=$(run_client "$client" "$bound" "$client_key")
  [ -z "$next_key" ] || next_out=$(run_client "$client" "$bound" "$next_key")
  wait "$server_pid" || true
  local what="$server server / $client client on $address"
  [ "$client_out" = "$expect_client" ] || fail "$what: client printed '$client_out', expected '$expect_client'"
  [ -z "$next_key" ] || [ "$next_out" = "echoed 0 64 3145728" ] \
    || fail "$what: the client after the rejected one printed '$next_out'"
  [ -z "$next_key" ] || grep -q "DEBUG multiprocessing4j.connection -- .*the handshake failed: digest received was wrong" "$server_out" \
    || fail "$what: the server did not log the rejected client: $(cat "$server_out")"
  local server_said
  server_said=$(grep -v " DEBUG multiprocessing4j" "$server_out" || true)
  [ "$server_said" = "$expect_server" ] || fail "$what: server printed '$server_said', expected '$expect_server'"
  echo "ok: $what"
}

# run_objects SERVER CLIENT ADDRESS: objects echoed by the server, compared by the client.
run_objects() {
  local server=$1 client=$2 address=$3
  local address_file="$MP4J_WORK/address.$RANDOM" server_out="$MP4J_WORK/server.$RANDOM"
  if [ "$server" = java ]; then
    java_peer serve-objects "$address" "$key" "$address_file" >"$server_out" 2>&1 &
  else
    timeout 60 "$server" "$peer_py" serve-objects "$address" "$key" "$address_file" >"$server_out" 2>&1 &
  fi
  local server_pid=$!
  for _ in $(seq 300); do [ -s "$address_file" ] && break; sleep 0.1; done
  [ -s "$address_file" ] || { kill "$server_pid" 2>/dev/null; fail "$server never listened on $address: $(cat "$server_out")"; }
  local bound client_out
  bound=$(cat "$address_file")
  if [ "$client" = java ]; then
    client_out=$(java_peer connect-objects "$bound" "$key" 2>&1 | grep -v " DEBUG multiprocessing4j" || true)
  else
    client_out=$(timeout 60 "$client" "$peer_py" connect-objects "$bound" "$key" 2>&1 || true)
  fi
  wait "$server_pid" || true
  local what="objects: $server server / $client client on $address"
  [ "$client_out" = "echoed 14 objects" ] || fail "$what: client printed '$client_out'"
  local server_said
  server_said=$(grep -v " DEBUG multiprocessing4j" "$server_out" || true)
  [ "$server_said" = "served 14 objects" ] || fail "$what: server printed '$server_said'"
  echo "ok: $what"
}

key=interop-secret
n=0
for py in "${pythons[@]}"; do
  n=$((n + 1))
  for address in 127.0.0.1:0 "$MP4J_WORK/interop-$n.sock"; do
    run_pair java "$py" "$address" "$key" "$key" "served 3 messages" "echoed 0 64 3145728"
    run_pair "$py" java "$address" "$key" "$key" "served 3 messages" "echoed 0 64 3145728"
    rm -f "$MP4J_WORK/interop-$n.sock"
  done
  address=127.0.0.1:0
  run_pair java "$py" "$address" "$key" wrong-key \
    "served 3 messages" "AuthenticationError: digest sent was rejected" "$key"
  run_pair "$py" java "$address" "$key" wrong-key \
    "AuthenticationError: digest received was wrong" "AuthenticationException: digest sent was rejected"
  run_objects java "$py" 127.0.0.1:0
  run_objects "$py" java 127.0.0.1:0
  run_objects java "$py" "$MP4J_WORK/objects-$n.sock"
  rm -f "$MP4J_WORK/objects-$n.sock"
  pair_out=$(java_peer pair "$py" "$peer_py" 2>&1 | grep -v " DEBUG multiprocessing4j" || true)
  [ "$pair_out" = "$(printf 'echoed 14 objects\nserved 14 objects')" ] \
    || fail "objects over a socket pair with $py: '$pair_out'"
  echo "ok: objects over a socket pair, $py inheriting one end"
done
