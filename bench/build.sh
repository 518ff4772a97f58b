# Sourced by the benchmark scripts: builds the library (if missing) and the harness jar, and
# sets CP to the harness's class path. Expects ROOT, OUT, JAVAC to be set.

# --- the library ---------------------------------------------------------------------------
LIB_JAR=$ROOT/target/multiprocessing4j-0.1.0-SNAPSHOT.jar
# The examples jar holds Demo.countPrimes, the CPU-bound work of the pool rows.
EXAMPLES_JAR=$ROOT/target/multiprocessing4j-0.1.0-SNAPSHOT-examples.jar
if [[ ! -f $LIB_JAR || ! -f $EXAMPLES_JAR ]] || ! compgen -G "$ROOT/target/lib/*.jar" >/dev/null; then
    echo "library jar missing: mvn -q -DskipTests package" >&2
    (cd "$ROOT" && mvn -q -DskipTests package)
fi

# --- the harness, as a jar (child JVMs use class-data sharing only on a class path of jars) --
BENCH_JAR=$OUT/bench.jar
DEPS=$LIB_JAR:$EXAMPLES_JAR
for jar in "$ROOT"/target/lib/*.jar; do DEPS=$DEPS:$jar; done
# Rebuilt only when a source or the library changed: a new jar means a new CDS archive.
if [[ ! -f $BENCH_JAR || $LIB_JAR -nt $BENCH_JAR || -n $(find "$ROOT/bench/java" -name '*.java' -newer "$BENCH_JAR") ]]; then
    rm -rf "$OUT/classes"
    "$JAVAC" --release 17 -Xlint:all,-serial -d "$OUT/classes" -cp "$DEPS" $(find "$ROOT/bench/java" -name '*.java')
    jar --create --file "$BENCH_JAR" -C "$OUT/classes" .
fi
CP=$BENCH_JAR:$DEPS
