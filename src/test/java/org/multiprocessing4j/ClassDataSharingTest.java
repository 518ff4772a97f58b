package org.multiprocessing4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.sync.Lock;
import org.multiprocessing4j.testing.ProcFs;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POSIX only: which CDS options a child got is read in its command line.
 *
 * <p>The class-data-sharing archive the library records for children on a class path of jars: the
 * first child records it, children started after it was published map it, and all of them run
 * their targets (spare JVMs started while it was being recorded run without it).
 */
@EnabledOnOs(value = {OS.LINUX, OS.MAC},
        disabledReason = "tells recording from mapping by the children's arguments, which Windows does not tell")
class ClassDataSharingTest {

    /** The dynamic archive is what children get below JDK 25; from 25 on, AheadOfTimeCacheTest's cache. */
    @org.junit.jupiter.api.BeforeEach
    void belowTheAheadOfTimeCache() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() < 25,
                "skipped: JDK 25+ children use the ahead-of-time cache (AheadOfTimeCacheTest)");
    }

    private static final String CACHE_PROPERTY = "multiprocessing4j.cacheDir";
    private String previousCacheDir;

    @AfterEach
    void restoreCacheDir() {
        if (previousCacheDir == null) {
            System.clearProperty(CACHE_PROPERTY);
        } else {
            System.setProperty(CACHE_PROPERTY, previousCacheDir);
        }
    }

    /** Jars this JVM's class path: directories become one jar, jars stay as they are. */
    private static String jarredClassPath(Path dir) throws IOException {
        Path jar = dir.resolve("classes.jar");
        List<String> entries = new ArrayList<>();
        entries.add(jar.toString());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            Set<String> seen = new java.util.HashSet<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path path = Path.of(entry);
                if (!Files.isDirectory(path)) {
                    entries.add(entry);
                    continue;
                }
                try (Stream<Path> files = Files.walk(path)) {
                    for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                        String name = path.relativize(file).toString().replace(File.separatorChar, '/');
                        if (seen.add(name)) {
                            out.putNextEntry(new JarEntry(name));
                            Files.copy(file, out);
                            out.closeEntry();
                        }
                    }
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Makes {@code dir/cache} the library's cache for this test; put back after it. */
    private Path cacheIn(Path dir) {
        Path cache = dir.resolve("cache");
        previousCacheDir = System.getProperty(CACHE_PROPERTY);
        System.setProperty(CACHE_PROPERTY, cache.toString());
        return cache;
    }

    /** Waits until an archive is published in {@code cache}. */
    private static void awaitArchive(Path cache) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!hasArchive(cache)) {
            assertTrue(System.nanoTime() < deadline, "no archive published in " + cache + ": " + cacheFiles(cache));
            Thread.sleep(50);
        }
    }

    private static boolean hasArchive(Path cache) {
        return cacheFiles(cache).stream().anyMatch(n -> n.endsWith(".jsa"));
    }

    /** The cache's files but JNA's unpacked native library, which is kept there on purpose. */
    private static List<String> cacheFiles(Path cache) {
        List<String> files = new ArrayList<>(ProcFs.list(cache));
        files.removeIf(name -> name.startsWith("jna-"));
        return files;
    }

    @Test
    @Timeout(90)
    void theFirstChildRecordsAnArchiveThatLaterChildrenUse(@TempDir Path dir) throws Exception {
        Path cache = cacheIn(dir);
        Context context = Multiprocessing.context().withClassPath(jarredClassPath(dir));

        Process first = context.process(() -> System.exit(21));
        first.start();
        String firstCommand = ProcFs.commandLine(first.getPid());
        first.join();
        assertEquals(21, first.getExitCode());
        first.close();
        assertTrue(firstCommand.contains("-XX:ArchiveClassesAtExit="), firstCommand);

        awaitArchive(cache);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (cacheFiles(cache).size() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, cacheFiles(cache).size(), "only the archive stays: " + cacheFiles(cache));
        String archive = cache.resolve(cacheFiles(cache).get(0)).toString();

        // Spare JVMs started while the first child was recording could not use the archive; the
        // ones started after it was published must map it.
        boolean mapped = false;
        for (int round = 0; round < 6 && !mapped; round++) {
            int code = 30 + round;
            Process later = context.process(() -> {
                Thread.sleep(100);
                System.exit(code);
            });
            later.start();
            String command = ProcFs.commandLine(later.getPid());
            later.join();
            assertEquals(code, later.getExitCode(), "a child must run its target, with or without the archive");
            later.close();
            mapped = command.contains("-XX:SharedArchiveFile=" + archive);
        }
        assertTrue(mapped, "none of 6 children started after the archive was published maps it");
    }

    @Test
    @Timeout(90)
    void aKilledRecordingChildDoesNotKeepLaterChildrenFromRecording(@TempDir Path dir) throws Exception {
        Path cache = cacheIn(dir);
        Context context = Multiprocessing.context().withClassPath(jarredClassPath(dir));

        Process killed = context.process(() -> Thread.sleep(Long.MAX_VALUE));
        killed.start();
        assertTrue(ProcFs.commandLine(killed.getPid()).contains("-XX:ArchiveClassesAtExit="));
        killed.kill();
        killed.join();
        killed.close();
        // Its lock must not keep every later JVM from recording (a stale lock is only taken over
        // after ten minutes). Spares started while it recorded do not record, and a spare may
        // take the lock meanwhile; one of the next JVMs must record and publish.
        for (int round = 0; round < 6 && !hasArchive(cache); round++) {
            Process next = context.process(() -> System.exit(0));
            next.start();
            String command = ProcFs.commandLine(next.getPid());
            next.join();
            assertEquals(0, next.getExitCode());
            next.close();
            if (command.contains("-XX:ArchiveClassesAtExit=")) {
                awaitArchive(cache);
            }
        }
        assertTrue(hasArchive(cache), "no archive recorded by 6 children after the killed one: " + cacheFiles(cache));
    }

    @Test
    @Timeout(120)
    void aPlainFirstChildArchivesTheLockClassesThatALaterChildLoads(@TempDir Path dir) throws Exception {
        // The first child runs a target that touches no lock; the archive it records must
        // still hold the lock's classes, so that a later child holding a lock maps them rather
        // than loading and verifying them from the jar. Class loads are logged per pid (a
        // relative path: -Xlog splits its argument at colons).
        Path cache = cacheIn(dir);
        Path logs = Files.createTempDirectory(Files.createDirectories(Path.of("target", "child-class-logs")), "cds");
        Context context = Multiprocessing.context().withClassPath(jarredClassPath(dir))
                .withJvmOptions(List.of("-Xlog:class+load=info:file=" + logs.resolve("classes-%p.log")));

        Process first = context.process(() -> { });
        first.start();
        first.join();
        first.close();
        awaitArchive(cache);
        String archive = cache.resolve(cacheFiles(cache).stream().filter(n -> n.endsWith(".jsa")).findFirst().orElseThrow()).toString();

        try (Lock lock = new Lock()) {
            for (int round = 0; round < 6; round++) {
                Process later = context.process(() -> {
                    lock.acquire();
                    lock.release();
                });
                later.start();
                String command = ProcFs.commandLine(later.getPid());
                later.join();
                assertEquals(0, later.getExitCode());
                Path log = logs.toAbsolutePath().resolve("classes-" + later.getPid() + ".log");
                later.close();
                if (command.contains("-XX:SharedArchiveFile=" + archive)) {
                    String mutex = Files.readAllLines(log).stream()
                            .filter(l -> l.contains("org.multiprocessing4j.sync.Mutex ")).findFirst().orElse("none");
                    assertTrue(mutex.contains("source: shared objects file"), mutex);
                    return;
                }
            }
        }
        throw new AssertionError("none of 6 children started after the archive was published maps it");
    }
}
