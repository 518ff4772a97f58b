package org.multiprocessing4j.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A real CPython ({@code python3} on the PATH) as a peer: a script run with {@code python3 -c}. */
public final class CPython {
    private static final String PYTHON = "python3";
    private static Boolean installed;

    private CPython() {
    }

    /** Skips the test where no {@code python3} with {@code multiprocessing.connection} runs. */
    public static synchronized void assumeInstalled() {
        if (installed == null) {
            try {
                Process probe = new ProcessBuilder(PYTHON, "-c", "import multiprocessing.connection")
                        .redirectErrorStream(true).start();
                probe.getInputStream().readAllBytes();
                installed = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
            } catch (IOException | InterruptedException e) {
                installed = false;
            }
        }
        assumeTrue(installed, "python3 with multiprocessing.connection is not installed");
    }

    /**
     * Runs {@code script} with {@code arguments} as {@code sys.argv[1:]} and returns its output
     * lines (standard error included) once it exited with 0, within 30 s or it is killed.
     */
    public static List<String> run(String script, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, "-c", script));
        command.addAll(Arrays.asList(arguments));
        // The output goes to a file, so that a python3 that hangs cannot block the test in a read.
        Path output = Files.createTempFile("mp4j-cpython-", ".out");
        Process python = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        try {
            python.getOutputStream().close();
            boolean exited = python.waitFor(30, TimeUnit.SECONDS);
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertTrue(exited, "python3 did not exit within 30 s: " + text);
            assertEquals(0, python.exitValue(), "python3 failed: " + text);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        } finally {
            python.destroyForcibly();
            python.waitFor();
            Files.deleteIfExists(output);
        }
    }

    /**
     * {@code python3} from the PATH, then every other CPython 3.8+ that pyenv installed here
     * (the oldest with pickle protocol 5 and the newest are the interesting ones).
     */
    public static List<String> interpreters() {
        List<String> found = new ArrayList<>();
        if (works(PYTHON)) {
            found.add(PYTHON);
        }
        File[] versions = new File(System.getProperty("user.home"), ".pyenv/versions").listFiles();
        if (versions != null) {
            Arrays.sort(versions);
            for (File version : versions) {
                File exe = new File(version, "bin/python3");
                if (version.getName().matches("3\\.(8|9|1[0-9])\\..*") && exe.canExecute() && works(exe.getPath())) {
                    found.add(exe.getPath());
                }
            }
        }
        return found;
    }

    /** Whether {@code exe} runs and is CPython 3.8 or later. */
    public static boolean works(String exe) {
        try {
            runWith(exe, "import sys; assert sys.version_info >= (3, 8)", "");
            return true;
        } catch (IOException | AssertionError e) {
            return false;
        }
    }

    /**
     * Runs {@code exe -I -c script} with {@code stdin} as its standard input and returns its
     * standard output; an exit code other than 0 fails the test with its standard error.
     */
    public static String runWith(String exe, String script, String stdin) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(exe, "-I", "-c", script);
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        Path err = Files.createTempFile("mp4j-cpython-", ".err");
        builder.redirectError(err.toFile());
        Process p = builder.start();
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException(exe + " did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(exe + " exited with " + p.exitValue() + ":\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(err);
        }
    }

    /** The bytes of a hex string (whitespace around it ignored). */
    public static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.trim());
    }

    /** The hex string of {@code bytes}. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
