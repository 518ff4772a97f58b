package org.multiprocessing4j.shared;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * CPython's {@code multiprocessing.shared_memory.ShareableList} on the other side: CPython
 * attaches to a list Java made and Java to one CPython made, each reading what the other wrote.
 * Skipped where no {@code python3} (3.8 or later) is on the PATH.
 */
class ShareableListInteropTest {
    private static final String PYTHON = "python3";

    @Test
    @Timeout(60)
    void cpythonReadsAndChangesAListJavaMade() throws Exception {
        assumeTrue(pythonHasShareableList(), "python3 with multiprocessing.shared_memory is not installed");
        String name = ShareableListTest.uniqueName();
        try (ShareableList list = new ShareableList(Arrays.asList(1L, "héllo", 2.5, true, null, "ab".getBytes(StandardCharsets.US_ASCII), ""),
                name)) {
            try {
                Peer python = Peer.start("attach", name);
                List<String> output = python.finish();
                assertEquals(List.of("[1, 'héllo', 2.5, True, None, b'ab', '']", "q8sdxxxxxxx?xxxxxx?x8s8s",
                        "bytes/str item exceeds available storage"), output);
                assertEquals(Arrays.asList(-7L, "wörld", null), list.subList(0, 3));
                assertArrayEquals("py".getBytes(StandardCharsets.US_ASCII), (byte[]) list.get(3));
                assertEquals(Arrays.asList(0.25, false, ""), list.subList(4, 7));
                assertEquals("q8sxxxxxx?x8sdxxxxxxx?8s", list.getFormat());
            } finally {
                list.getShm().unlink();
            }
        }
    }

    @Test
    @Timeout(60)
    void javaReadsAndChangesAListCPythonMade() throws Exception {
        assumeTrue(pythonHasShareableList(), "python3 with multiprocessing.shared_memory is not installed");
        String name = ShareableListTest.uniqueName();
        Peer python = Peer.start("create", name);
        try {
            assertEquals("ready", python.readLine());
            try (ShareableList list = ShareableList.attach(name)) {
                assertEquals("ShareableList([10, 'from python', 3.5, True, None, b'\\x01\\x02', 'xxxxxxxxxxxxxxxxxxxx'], name='"
                        + name + "')", list.toString());
                assertEquals("q16sdxxxxxxx?xxxxxx?x8s24s", list.getFormat());
                list.set(0, "java!");
                list.set(1, 42);
                list.set(4, "ñ");
                list.set(6, "bytes from java".getBytes(StandardCharsets.US_ASCII));
            }
            python.send("go");
            assertEquals(List.of("['java!', 42, 3.5, True, 'ñ', b'\\x01\\x02', b'bytes from java']", "8sqdxxxxxxx?8s8s24s"),
                    python.finish());
        } finally {
            python.kill();
            unlinkIfLeft(name);
        }
    }

    /** A peer that failed before unlinking its segment must not leave it in /dev/shm. */
    private static void unlinkIfLeft(String name) {
        try {
            SharedMemory.attach(name).unlink();
        } catch (UncheckedIOException alreadyGone) {
            // the peer unlinked it, as it should
        }
    }

    private static boolean pythonHasShareableList() {
        try {
            java.lang.Process probe = new ProcessBuilder(PYTHON, "-c", "import multiprocessing.shared_memory")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The CPython peer script, run with its standard input and output as UTF-8 lines. */
    private static final class Peer {
        private final java.lang.Process process;
        private final BufferedReader out;

        private Peer(java.lang.Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        static Peer start(String mode, String name) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(PYTHON, "-c", script(), mode, name).redirectErrorStream(true);
            builder.environment().put("PYTHONIOENCODING", "utf-8");
            return new Peer(builder.start());
        }

        private static String script() {
            try (InputStream in = ShareableListInteropTest.class.getResourceAsStream("shareable_list_peer.py")) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String readLine() throws IOException {
            return out.readLine();
        }

        void send(String line) throws IOException {
            Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            in.write(line + "\n");
            in.close();
        }

        /** The rest of the output, once the script has exited with 0. */
        List<String> finish() throws IOException, InterruptedException {
            List<String> lines = new ArrayList<>();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "python3 did not exit");
            assertEquals(0, process.exitValue(), "python3 failed: " + lines);
            return lines;
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
