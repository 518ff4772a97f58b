package org.multiprocessing4j.testing;

import org.multiprocessing4j.platform.NativeChild;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a main class of the test sources in a fresh JVM (through {@link NativeChild} and
 * {@code /bin/sh}) with its standard output and error redirected to files, so that a test can
 * read what the JVM, and the processes it starts, print there. Its standard input is /dev/null.
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
     * Runs {@code java [jvmOptions] -cp <this class path> main args...} in {@code dir} (the files
     * stdout.txt and stderr.txt are written there) and waits at most {@code timeout} for it.
     */
    public static Result run(Path dir, List<String> jvmOptions, Class<?> main, Duration timeout, String... args)
            throws IOException, InterruptedException {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
                "out=$1; err=$2; shift 2; exec \"$@\" </dev/null >\"$out\" 2>\"$err\"", "sh", out.toString(), err.toString(),
                java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        try (NativeChild child = NativeChild.builder(command).start()) {
            Integer code = child.waitFor(timeout);
            if (code == null) {
                ProcessHandle.of(child.pid()).ifPresent(h -> h.descendants().forEach(ProcessHandle::destroyForcibly));
                child.kill();
                child.waitFor();
                throw new AssertionError(main.getSimpleName() + " " + String.join(" ", args) + " still ran after "
                        + timeout.toSeconds() + " s; stderr so far:\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        }
    }
}
