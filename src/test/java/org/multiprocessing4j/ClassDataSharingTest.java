package org.multiprocessing4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
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
 * The class-data-sharing archive the library records for children on a class path of jars: the
 * first child records it, later children map it, and all of them run their targets.
 */
class ClassDataSharingTest {
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

    private static List<String> cacheFiles(Path cache) {
        return new ArrayList<>(ProcFs.list(cache));
    }

    @Test
    @Timeout(90)
    void theFirstChildRecordsAnArchiveThatLaterChildrenUse(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        previousCacheDir = System.getProperty(CACHE_PROPERTY);
        System.setProperty(CACHE_PROPERTY, cache.toString());
        Context context = Multiprocessing.context().withClassPath(jarredClassPath(dir));

        Process first = context.process(() -> System.exit(21));
        first.start();
        String firstCommand = ProcFs.commandLine(first.getPid());
        first.join();
        assertEquals(21, first.getExitCode());
        first.close();
        assertTrue(firstCommand.contains("-XX:ArchiveClassesAtExit="), firstCommand);

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (cacheFiles(cache).stream().noneMatch(n -> n.endsWith(".jsa"))) {
            assertTrue(System.nanoTime() < deadline, "no archive published in " + cache + ": " + cacheFiles(cache));
            Thread.sleep(50);
        }
        deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (cacheFiles(cache).size() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, cacheFiles(cache).size(), "only the archive stays: " + cacheFiles(cache));
        String archive = cache.resolve(cacheFiles(cache).get(0)).toString();

        for (int round = 0; round < 2; round++) {
            int code = 30 + round;
            Process later = context.process(() -> {
                Thread.sleep(200);
                System.exit(code);
            });
            later.start();
            String command = ProcFs.commandLine(later.getPid());
            later.join();
            assertEquals(code, later.getExitCode(), "a child that maps the archive must run its target");
            later.close();
            assertTrue(command.contains("-XX:SharedArchiveFile=" + archive), command);
        }
    }

    @Test
    @Timeout(90)
    void aKilledRecordingChildLeavesNoLockSoTheNextOneRecordsAgain(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        previousCacheDir = System.getProperty(CACHE_PROPERTY);
        System.setProperty(CACHE_PROPERTY, cache.toString());
        Context context = Multiprocessing.context().withClassPath(jarredClassPath(dir));

        Process killed = context.process(() -> Thread.sleep(Long.MAX_VALUE));
        killed.start();
        assertTrue(ProcFs.commandLine(killed.getPid()).contains("-XX:ArchiveClassesAtExit="));
        killed.kill();
        killed.join();
        killed.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!cacheFiles(cache).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), cacheFiles(cache), "a killed child records nothing and leaves no lock");

        Process next = context.process(() -> System.exit(0));
        next.start();
        String command = ProcFs.commandLine(next.getPid());
        next.join();
        assertEquals(0, next.getExitCode());
        next.close();
        assertTrue(command.contains("-XX:ArchiveClassesAtExit="), "the next child records the archive: " + command);
        deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!(cacheFiles(cache).size() == 1 && cacheFiles(cache).get(0).endsWith(".jsa"))) {
            assertTrue(System.nanoTime() < deadline, "the archive was not published: " + cacheFiles(cache));
            Thread.sleep(50);
        }
    }
}
