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

fail() {
  echo "$*" >&2
  exit 1
}
