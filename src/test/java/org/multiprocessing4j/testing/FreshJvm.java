package org.multiprocessing4j.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test sources in a fresh JVM (through {@link ProcessBuilder}, which
 * redirects on every system, where {@code /bin/sh} would be POSIX only) with its standard output
 * and error redirected to files, so that a test can read what the JVM, and the processes it
 * starts, print there. Its standard input is the null device (/dev/null, NUL on Windows).
 */
public final class FreshJvm {
    private FreshJvm() {
    }

    /** What the JVM printed and how it ended. */
    public static final class Result {
        public final int exitCode;
        public final String stdout;
        public final String stderr;

        Result(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public String toString() {
            return "exit code " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    /** The {@code java} of the running JVM. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The {@code java} of the running JVM, with native access enabled on JDK 22+ as the README
     * asks of a program on a class path: else the JDK warns on standard error at JNA's first
     * load, which tests that want it empty would take for the library's.
     */
    public static List<String> javaCommand() {
        List<String> command = new ArrayList<>(List.of(java()));
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        return command;
    }

    /**
     * Runs {@code java [jvmOptions] -cp <this class path> main args...} in {@code dir} (the files
     * stdout.txt and stderr.txt are written there) and waits at most {@code timeout} for it.
     */
    public static Result run(Path dir, List<String> jvmOptions, Class<?> main, Duration timeout, String... args)
            throws IOException, InterruptedException {
        return run(dir, List.of(), jvmOptions, main, timeout, args);
    }

    /**
     * A command that runs the command after it with at most {@code limit} descriptors open
     * (soft and hard limit, so that the JVM cannot raise it again): for
     * {@link #run(Path, List, List, Class, Duration, String...)}. POSIX only.
     */
    public static List<String> withDescriptorLimit(int limit) {
        return List.of("/bin/sh", "-c", "ulimit -n " + limit + " && exec \"$0\" \"$@\"");
    }

    /**
     * {@link #run(Path, List, Class, Duration, String...)} with {@code wrapper} (a command that
     * runs the command after it, such as {@link #withDescriptorLimit}) before {@code java}.
     */
    public static Result run(Path dir, List<String> wrapper, List<String> jvmOptions, Class<?> main, Duration timeout,
                             String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(javaCommand());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return runCommand(dir, command, timeout);
    }

    /**
     * Runs {@code command} (a {@code java} command line of the caller's making: another JDK,
     * {@code -jar}) in {@code dir} as {@link #run} does, and waits at most {@code timeout}.
     */
    public static Result runCommand(Path dir, List<String> command, Duration timeout)
            throws IOException, InterruptedException {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        java.lang.Process jvm = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File(ProcFs.WINDOWS ? "NUL" : "/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            if (!jvm.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                jvm.descendants().forEach(ProcessHandle::destroyForcibly);
                jvm.destroyForcibly();
                jvm.waitFor();
                throw new AssertionError(String.join(" ", command) + " still ran after "
                        + timeout.toSeconds() + " s; stderr so far:\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            int code = jvm.exitValue();
            return new Result(code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            if (jvm.isAlive()) {
                jvm.destroyForcibly();
            }
        }
    }
}
