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

# --- the harness as an executable jar --------------------------------------------------------
# Its manifest gives native access (Enable-Native-Access, read by JDK 22+), as the README tells
# users to: on JDK 25 the harness itself then loads JNA without a warning, and its command line
# passes no --enable-native-access on to the children, whose own way is measured. The class
# path is in the manifest; the library builds its children's class path from it.
LAUNCHER=$OUT/launcher.jar
if [[ ! -f $LAUNCHER || $BENCH_JAR -nt $LAUNCHER ]]; then
    {
        echo "Manifest-Version: 1.0"
        echo "Main-Class: org.multiprocessing4j.bench.Bench"
        echo "Enable-Native-Access: ALL-UNNAMED"
        # Class-Path as file URLs, folded into manifest continuation lines (at most 72 bytes).
        printf 'Class-Path:'
        for entry in ${CP//:/ }; do printf ' file://%s' "$entry"; done | fold -w 60 | sed '1!s/^/ /'
        echo
    } > "$OUT/launcher.mf"
    jar --create --file "$LAUNCHER" --manifest "$OUT/launcher.mf"
fi
