package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.testing.FreshJvm;
import org.multiprocessing4j.testing.Jars;
import org.multiprocessing4j.testing.Scenarios;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On JDK 25, children share an ahead-of-time cache that the first one's run recorded and this
 * library made in the background, quietly: nothing of it reaches the user's output.
 */
class AheadOfTimeCacheTest {
    private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    private static List<String> cacheFiles(Path cache) throws Exception {
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("aot-")).sorted().toList();
        }
    }

    @Test
    @Timeout(300)
    void theFirstChildRecordsTheCacheAndLaterOnesUseItQuietly(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(JDK25), "skipped: no JDK 25 at " + JDK25);
        List<Path> classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).filter(Files::isRegularFile).toList();
        assumeTrue(classPath.size() == Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).count() - 2,
                "skipped: the class path holds more directories than the test and main classes");
        // Class-data sharing takes jars only: the classes are packed as the user's would be.
        List<Path> jars = new java.util.ArrayList<>(classPath);
        jars.add(0, Jars.packDirectory(Jars.codeSource(Scenarios.class), dir.resolve("tests.jar")));
        jars.add(1, Jars.packDirectory(Jars.codeSource(Process.class), dir.resolve("library.jar")));
        Path parent = Jars.launcher(dir.resolve("parent.jar"), jars, Map.of("Main-Class", Scenarios.class.getName(),
                "Enable-Native-Access", "ALL-UNNAMED"));
        Path cache = dir.resolve("cache");
        for (int run = 0; run < 2; run++) {
            Path runDir = Files.createDirectories(dir.resolve("run" + run));
            FreshJvm.Result result = FreshJvm.runCommand(runDir, List.of(JDK25.toString(), "-Xmx128m",
                    "-Dmultiprocessing4j.cacheDir=" + cache, "-jar", parent.toString(), "native-children"),
                    Duration.ofSeconds(120));
            assertEquals(0, result.exitCode, result::toString);
            assertEquals(List.of("name=Process-1 exitcode=0", "name=Process-2 exitcode=0"), result.stdout.lines().toList(),
                    "run " + run + ": " + result);
            assertEquals("", result.stderr, "run " + run + ": " + result);
            // Made in the background after the recording child ended: one cache, nothing left over.
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!cacheFiles(cache).stream().allMatch(n -> n.endsWith(".aot")) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            List<String> files = cacheFiles(cache);
            assertEquals(1, files.size(), "run " + run + ": " + files);
            assertTrue(files.get(0).endsWith(".aot"), "run " + run + ": " + files);
        }
    }
}
