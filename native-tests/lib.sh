# Helpers shared by the native tests: compile a small Java program against the library.
# MP4J_CLASSPATH, MP4J_ROOT and MP4J_WORK are set by run.sh.

# compile_java NAME: compiles native-tests/java/NAME.java into a jar and prints the class path.
compile_java() {
  local name=$1 out="$MP4J_WORK/$1"
  mkdir -p "$out"
  javac -cp "$MP4J_CLASSPATH" -d "$out" "$MP4J_ROOT/native-tests/java/$name.java" >&2 || return 1
  (cd "$out" && jar cf "../$name.jar" .) >&2 || return 1
  echo "$MP4J_CLASSPATH:$MP4J_WORK/$name.jar"
}

# java_homes: every JDK the tests should run on (17 always; 25 when installed).
java_homes() {
  dirname "$(dirname "$(readlink -f "$(command -v java)")")"
  for home in /usr/lib/jvm/temurin-25-jdk-amd64 ${JAVA25_HOME:-}; do
    [ -x "$home/bin/java" ] && echo "$home"
  done | sort -u
}

# pythons: python3, then one CPython 3.12 or later ({sha256} handshake) if any: $PYTHON_MODERN,
# on PATH, or installed by pyenv. One per line.
pythons() {
  echo python3
  local candidate
  for candidate in ${PYTHON_MODERN:-} python3.13 python3.12 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3; do
    if [ "$("$candidate" -c 'import sys, multiprocessing; print(sys.version_info[:2] >= (3, 12))' 2>/dev/null)" = True ]; then
      echo "$candidate"
      return
    fi
  done
}

fail() {
  echo "$*" >&2
  exit 1
}
