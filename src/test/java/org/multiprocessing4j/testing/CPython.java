package org.multiprocessing4j.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
}
