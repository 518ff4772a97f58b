#!/usr/bin/env bash
# Runs every native-tests/test_*.sh against the packaged jar and prints "N passed, N failed".
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
library_jar() { ls "$root"/target/multiprocessing4j-*.jar 2>/dev/null | grep -v -e sources -e javadoc -e examples | head -1; }
jar=$(library_jar)
examples="${jar%.jar}-examples.jar"
if [ -z "$jar" ] || [ ! -f "$examples" ] || [ ! -d "$root/target/lib" ]; then
  (cd "$root" && mvn -B -q -DskipTests package) || exit 1
  jar=$(library_jar)
  examples="${jar%.jar}-examples.jar"
fi
# The library, its examples (the demo) and its runtime dependencies.
export MP4J_CLASSPATH="$jar:$examples:$root/target/lib/*"
export MP4J_ROOT="$root"
export MP4J_WORK="$(mktemp -d)"
trap 'rm -rf "$MP4J_WORK"' EXIT

passed=0
failed=0
for test in "$here"/test_*.sh; do
  name=$(basename "$test" .sh)
  if output=$(bash "$test" 2>&1); then
    passed=$((passed + 1))
    echo "PASS $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name"
    echo "$output" | sed 's/^/    /'
  fi
done
echo "native: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
