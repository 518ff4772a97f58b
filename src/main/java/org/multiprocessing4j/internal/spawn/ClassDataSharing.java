package org.multiprocessing4j.internal.spawn;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps child JVMs starting fast with a dynamic class-data-sharing archive that the library
 * makes by itself: the first child of a given JVM and class path records the classes it loads
 * ({@code -XX:ArchiveClassesAtExit}, into a temporary file renamed into place when the child
 * ends, so that concurrent children never see half an archive); later children map it
 * ({@code -XX:SharedArchiveFile}). Lambda deserialization, object streams and the library's own
 * classes then come from the archive instead of being loaded and linked again. The recording
 * child also loads the native layer (JNA) before it ends, once, so that the archive holds it for
 * the children that use connections, locks or shared memory.
 *
 * <p>Skipped when the class path holds a directory (CDS archives only jars; a dump would
 * fail), when the child runs another Java than this one, or with
 * {@code -Dmultiprocessing4j.cds=false}. The cache lives in {@code multiprocessing4j.cacheDir},
 * by default {@code ~/.cache/multiprocessing4j}.
 */
final class ClassDataSharing {
    /** Set in the child that records the archive. */
    static final String RECORDING_PROPERTY = "multiprocessing4j.recordingArchive";
    private static final long STALE_LOCK_MILLIS = TimeUnit.MINUTES.toMillis(10);

    private ClassDataSharing() {
    }

    /** What to do for one launch: options to add, and an archive to publish when it ends. */
    static final class Plan {
        final List<String> options;
        final Path pending;
        final Path archive;
        final Path lock;

        Plan(List<String> options, Path pending, Path archive, Path lock) {
            this.options = options;
            this.pending = pending;
            this.archive = archive;
            this.lock = lock;
        }

        /** Publishes the archive the child recorded at its exit, if it did. */
        void childEnded() {
            if (pending == null) {
                return;
            }
            try {
                if (Files.size(pending) > 0) {
                    try {
                        Files.move(pending, archive, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(pending, archive, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } catch (IOException notRecorded) {
                // Killed children record nothing; the next child tries again.
            } finally {
                quietlyDelete(pending);
                quietlyDelete(lock);
            }
        }
    }

    private static final Plan NONE = new Plan(List.of(), null, null, null);

    static Plan plan(LaunchSettings settings, String launcherName) {
        if (!Boolean.parseBoolean(System.getProperty("multiprocessing4j.cds", "true"))) {
            return NONE;
        }
        Path ownJava = Path.of(System.getProperty("java.home"), "bin", launcherName);
        if (!settings.javaExecutable().equals(ownJava) || !onlyJars(settings.classPath())) {
            return NONE;
        }
        try {
            Path dir = cacheDirectory();
            Files.createDirectories(dir);
            String key = key(settings);
            Path archive = dir.resolve(key + ".jsa");
            List<String> quiet = List.of("-Xshare:auto", "-Xlog:cds*=off", "-Xlog:class+path=off");
            if (Files.isRegularFile(archive)) {
                List<String> options = new ArrayList<>(quiet);
                options.add("-XX:SharedArchiveFile=" + archive);
                return new Plan(options, null, null, null);
            }
            Path lock = dir.resolve(key + ".lock");
            if (!claim(lock)) {
                return NONE;
            }
            Path pending = dir.resolve(key + "." + ProcessHandle.current().pid() + ".tmp");
            List<String> options = new ArrayList<>(quiet);
            options.add("-XX:ArchiveClassesAtExit=" + pending);
            options.add("-D" + RECORDING_PROPERTY + "=true");
            return new Plan(options, pending, archive, lock);
        } catch (IOException | RuntimeException unusableCache) {
            return NONE;
        }
    }

    private static boolean claim(Path lock) throws IOException {
        try {
            Files.createFile(lock);
            return true;
        } catch (FileAlreadyExistsException e) {
            long age = System.currentTimeMillis() - Files.getLastModifiedTime(lock).toMillis();
            if (age > STALE_LOCK_MILLIS) {
                // Whoever took it died before publishing; take over.
                Files.deleteIfExists(lock);
                return claim(lock);
            }
            return false;
        }
    }

    private static boolean onlyJars(String classPath) {
        if (classPath.isEmpty()) {
            return false;
        }
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
                return false;
            }
        }
        return true;
    }

    /** Where the library keeps what it prepares for its children ({@code multiprocessing4j.cacheDir}). */
    static Path cacheDirectory() {
        String configured = System.getProperty("multiprocessing4j.cacheDir");
        if (configured != null) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("multiprocessing4j");
    }

    /** Names the archive after everything that would make an old one unusable. */
    private static String key(LaunchSettings settings) throws IOException {
        StringBuilder identity = new StringBuilder()
                .append(System.getProperty("java.home")).append('\n')
                .append(System.getProperty("java.vm.version")).append('\n')
                .append(String.join(" ", settings.jvmOptions())).append('\n');
        for (String entry : settings.classPath().split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            identity.append(entry).append(' ').append(Files.size(jar)).append(' ')
                    .append(Files.getLastModifiedTime(jar).toMillis()).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.toString().getBytes(StandardCharsets.UTF_8));
            return "cds-" + Runtime.version().feature() + "-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void quietlyDelete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // A leftover temporary file is harmless and replaced next time.
        }
    }
}
