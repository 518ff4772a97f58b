package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.platform.ProcessIds;

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
import java.util.stream.Collectors;

/**
 * Keeps child JVMs starting fast with a dynamic class-data-sharing archive that the library
 * makes by itself: the first child of a given JVM and class path records the classes it loads
 * ({@code -XX:ArchiveClassesAtExit}, into a temporary file renamed into place when the child
 * ends, so that concurrent children never see half an archive); later children map it
 * ({@code -XX:SharedArchiveFile}). Lambda deserialization, object streams and the library's own
 * classes then come from the archive instead of being loaded and linked again. The recording
 * child also loads the native layer (JNA) and the classes of locks, queues, shared memory and
 * pools ({@link ArchivedClasses}) before it ends, once, so that the archive holds them for the
 * children that use them whatever the first child did.
 *
 * <p>On JDK {@value #FIRST_AOT_FEATURE} and later, the ahead-of-time cache of JEP 483/515
 * takes the archive's place: besides the classes, it holds them loaded and linked, the
 * lambdas and invokedynamic call sites already resolved, and method profiles. The first child
 * records a configuration ({@code -XX:AOTMode=record -XX:AOTConfiguration}); when it has ended,
 * this JVM makes the cache from it in the background ({@code -XX:AOTMode=create}, a JVM of its
 * own whose output is discarded: creation takes seconds, which the one-step
 * {@code -XX:AOTCacheOutput} would add to the recording child's end, and prints what it does)
 * into a temporary file renamed into place; later children map it ({@code -XX:AOTCache}).
 * They do not replay its method profiles ({@link #PROFILE_REPLAY_OFF}).
 *
 * <p>Skipped when the class path holds a directory (CDS archives only jars; a dump would
 * fail), when the child runs another Java than this one, or with
 * {@code -Dmultiprocessing4j.cds=false}. Everything falls back silently: a JVM that cannot
 * use an archive or cache starts without it, and logs nothing of it. The cache lives in
 * {@code multiprocessing4j.cacheDir}, by default {@code ~/.cache/multiprocessing4j}; a lock
 * file per archive lets one child record it while concurrent launchers go without.
 */
final class ClassDataSharing {
    /** Set in the child that records the archive. */
    static final String RECORDING_PROPERTY = "multiprocessing4j.recordingArchive";
    /** The first JDK whose ahead-of-time cache is used instead of a dynamic archive. */
    static final int FIRST_AOT_FEATURE = 25;
    private static final long STALE_LOCK_MILLIS = TimeUnit.MINUTES.toMillis(10);
    /**
     * The cache's method profiles are those of the child that recorded it, whatever it ran;
     * replayed, they had every later child's JIT compile ahead what that first child ran hot
     * (JEP 515): a spare's boot took 67-87 ms of processor time against 50-53 without, no-op
     * children back to back 112-125 ms against 89-95, and three interleaved pairs of harness runs
     * on JDK 25 read {@code spawn_start_join} 41.7-43.8 ms against 49.2-52.3 and
     * {@code lock_contended} 287-362 ns against 320-407, the queue and pool rows alike. The flag
     * is diagnostic, so only the JDK it was measured on gets it: a JDK that no longer knows it
     * would refuse to start the child.
     */
    static final List<String> PROFILE_REPLAY_OFF = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining");
    private static final int PROFILE_REPLAY_OFF_FEATURE = 25;

    private ClassDataSharing() {
    }

    /** What to do for one launch: options to add, and an archive to publish when it ends. */
    static class Plan {
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

    /**
     * The plan of a child that records an ahead-of-time configuration: when it has ended, the
     * cache is made from it by a JVM of its own, in the background.
     */
    static final class AotPlan extends Plan {
        private final List<String> createCommand;

        AotPlan(List<String> options, Path configuration, Path cache, Path lock, List<String> createCommand) {
            super(options, configuration, cache, lock);
            this.createCommand = createCommand;
        }

        @Override
        void childEnded() {
            Path temporary = archive.resolveSibling(archive.getFileName() + "." + ProcessIds.current() + ".tmp");
            try {
                if (Files.size(pending) == 0) {
                    throw new IOException("nothing recorded");
                }
                List<String> command = new ArrayList<>(createCommand);
                command.add(command.size() - 2, "-XX:AOTCache=" + temporary);
                ProcessBuilder creation = new ProcessBuilder();
                if (File.separatorChar == '/') {
                    // A shell publishes the cache when it is made, even if this JVM has ended by
                    // then: a hard link never replaces a cache that children may have mapped.
                    List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c",
                            "\"$0\" \"$@\" && ln \"$MP4J_MADE\" \"$MP4J_CACHE\"; "
                                    + "rm -f \"$MP4J_MADE\" \"$MP4J_CONFIGURATION\" \"$MP4J_LOCK\""));
                    shell.addAll(command);
                    creation.command(shell);
                    creation.environment().put("MP4J_MADE", temporary.toString());
                    creation.environment().put("MP4J_CACHE", archive.toString());
                    creation.environment().put("MP4J_CONFIGURATION", pending.toString());
                    creation.environment().put("MP4J_LOCK", lock.toString());
                } else {
                    creation.command(command);
                }
                Process started = creation
                        .redirectInput(ProcessBuilder.Redirect.from(new File(NULL_DEVICE)))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (File.separatorChar != '/') {
                    started.onExit().thenRun(() -> publish(temporary));
                }
            } catch (IOException | RuntimeException notRecorded) {
                // A killed child records nothing; the next child tries again.
                publish(temporary);
            }
        }

        private void publish(Path temporary) {
            try {
                if (Files.isRegularFile(temporary) && Files.size(temporary) > 0) {
                    ChildClassPath.publish(temporary, archive);
                }
            } catch (IOException notMade) {
                // The next child tries again.
            } finally {
                quietlyDelete(temporary);
                quietlyDelete(pending);
                quietlyDelete(lock);
            }
        }
    }

    private static final Plan NONE = new Plan(List.of(), null, null, null);
    private static final String NULL_DEVICE = File.separatorChar == '\\' ? "NUL" : "/dev/null";

    /**
     * What a launch of {@code settings} does about class-data sharing.
     *
     * @param mainArguments the end of the child's command line (the class path and main class,
     *                      or {@code -jar}), which the making of an ahead-of-time cache repeats
     */
    static Plan plan(LaunchSettings settings, String launcherName, List<String> mainArguments) {
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
            if (usesAotCache()) {
                return aotPlan(settings, dir, key, mainArguments);
            }
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
            Path pending = dir.resolve(key + "." + ProcessIds.current() + ".tmp");
            List<String> options = new ArrayList<>(quiet);
            options.add("-XX:ArchiveClassesAtExit=" + pending);
            options.add("-D" + RECORDING_PROPERTY + "=true");
            return new Plan(options, pending, archive, lock);
        } catch (IOException | RuntimeException unusableCache) {
            return NONE;
        }
    }

    /** {@link #plan} on a JDK with an ahead-of-time cache. */
    private static Plan aotPlan(LaunchSettings settings, Path dir, String key, List<String> mainArguments) throws IOException {
        // No -Xshare option: the AOT options refuse to run with one; a cache that cannot be used
        // is skipped silently all the same (-XX:AOTMode=auto, the default with -XX:AOTCache).
        List<String> quiet = List.of("-Xlog:aot*=off", "-Xlog:cds*=off", "-Xlog:class+path=off");
        Path cache = dir.resolve(key + ".aot");
        List<String> options = new ArrayList<>(quiet);
        if (Files.isRegularFile(cache)) {
            options.add("-XX:AOTCache=" + cache);
            if (Runtime.version().feature() == PROFILE_REPLAY_OFF_FEATURE) {
                options.addAll(PROFILE_REPLAY_OFF);
            }
            return new Plan(options, null, null, null);
        }
        Path lock = dir.resolve(key + ".lock");
        if (!claim(lock)) {
            return NONE;
        }
        Path configuration = dir.resolve(key + "." + ProcessIds.current() + ".aotconf");
        options.add("-XX:AOTMode=record");
        options.add("-XX:AOTConfiguration=" + configuration);
        // The recording JVM prints "AOTConfiguration recorded: <file>" on standard output at
        // its end, whatever -Xlog says; that is the user's output.
        options.add("-XX:+UnlockDiagnosticVMOptions");
        options.add("-XX:-DisplayVMOutput");
        options.add("-D" + RECORDING_PROPERTY + "=true");
        // The same JVM and options, the same class path; no main class: create mode only makes
        // the cache. The cache file goes before the class path (AotPlan.childEnded).
        List<String> create = new ArrayList<>();
        create.add(settings.javaExecutable().toString());
        create.addAll(settings.jvmOptions());
        create.addAll(quiet);
        create.add("-XX:AOTMode=create");
        create.add("-XX:AOTConfiguration=" + configuration);
        create.add("-cp");
        create.add(mainArguments.get(0).equals("-jar") ? mainArguments.get(1) : settings.classPath());
        return new AotPlan(options, configuration, cache, lock, create);
    }

    /** Whether children get an ahead-of-time cache ({@code -Dmultiprocessing4j.aot=false}: a dynamic archive). */
    private static boolean usesAotCache() {
        return Runtime.version().feature() >= FIRST_AOT_FEATURE
                && Boolean.parseBoolean(System.getProperty("multiprocessing4j.aot", "true"));
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
                // Archives recorded through launcher jars whose Class-Path held file: URLs share
                // no class of the class path: not to be reused.
                .append("launchers with relative Class-Path\n")
                // System properties do not make an archive unusable: a -D that differs from run to
                // run (a file name) must not make a new one every time.
                .append(settings.jvmOptions().stream().filter(o -> !o.startsWith("-D")).collect(Collectors.joining(" ")))
                .append('\n');
        for (String entry : settings.classPath().split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            identity.append(entry).append(' ').append(Files.size(jar)).append(' ')
                    .append(Files.getLastModifiedTime(jar).toMillis()).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.toString().getBytes(StandardCharsets.UTF_8));
            String kind = usesAotCache() ? "aot-" : "cds-";
            return kind + Runtime.version().feature() + "-" + HexFormat.of().formatHex(digest, 0, 12);
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
