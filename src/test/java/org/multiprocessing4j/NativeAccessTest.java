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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** On JDK 22 and later, children that load the native layer print nothing about native access. */
class NativeAccessTest {
    /** The newest JDK installed here; the test is skipped where it is absent. */
    private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    @Test
    @Timeout(150)
    void childrenHoldingALockPrintNothingOnTheNewestJdk(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(JDK25), "skipped: no JDK 25 at " + JDK25);
        // The parent is an executable jar with Enable-Native-Access in its manifest, as the
        // README tells a user to make one, so that its own command line gives the children
        // nothing: whatever keeps them quiet is the library's.
        List<Path> classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of).toList();
        Path parent = Jars.launcher(dir.resolve("parent.jar"), classPath, Map.of("Main-Class", Scenarios.class.getName(),
                "Enable-Native-Access", "ALL-UNNAMED"));
        FreshJvm.Result result = FreshJvm.runCommand(dir, List.of(JDK25.toString(), "-Xmx128m",
                // No ahead-of-time cache: its making would go on in the background, into this
                // test's temporary directory, after the test.
                "-Dmultiprocessing4j.cds=false", "-Dmultiprocessing4j.cacheDir=" + dir.resolve("cache"), "-jar", parent.toString(), "native-children"),
                Duration.ofSeconds(120));
        assertEquals(0, result.exitCode, result::toString);
        assertEquals(List.of("name=Process-1 exitcode=0", "name=Process-2 exitcode=0"), result.stdout.lines().toList(), result::toString);
        assertEquals("", result.stderr, result::toString);
    }
}
