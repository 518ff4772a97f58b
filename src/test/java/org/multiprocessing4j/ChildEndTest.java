package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.queues.Queue;
import org.multiprocessing4j.testing.FreshJvm;
import org.multiprocessing4j.testing.Handoff;
import org.multiprocessing4j.testing.LeakCheck;
import org.multiprocessing4j.testing.ProcFs;
import org.multiprocessing4j.testing.Scenarios;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The end of a child (docs/ARCHITECTURE.md, "The end of a child"): what it still does after its
 * target, what it lets through, and what it leaves behind — nothing.
 */
class ChildEndTest {

    @Test
    @Timeout(90)
    void whatAChildPrintsJustBeforeItEndsIsNeverLost(@TempDir Path dir) throws Exception {
        FreshJvm.Result result = FreshJvm.run(dir, List.of("-Xmx128m"), Scenarios.class, Duration.ofSeconds(75), "child-output");
        assertEquals(0, result.exitCode, result::toString);
        for (String end : List.of("return", "buffered", "exit", "throw")) {
            assertTrue(result.stdout.contains("[out-" + end + "]"), "standard output of the child that ends by " + end + ": " + result);
            assertTrue(result.stderr.contains("[err-" + end + "]"), "standard error of the child that ends by " + end + ": " + result);
        }
        List<String> codes = result.stdout.lines().filter(l -> l.contains("exitcode="))
                .map(l -> l.substring(l.indexOf("exitcode="))).toList();
        assertEquals(List.of("exitcode=0", "exitcode=0", "exitcode=4", "exitcode=1"), codes, result::toString);
        // The thrown exception's report, and nothing else, besides what the children printed.
        String rest = result.stderr.replaceAll("\\[err-[a-z]+]", "");
        assertTrue(rest.startsWith("Process Process-4:\njava.lang.IllegalStateException: thrown after printing"), result::toString);
        assertTrue(rest.lines().skip(2).allMatch(l -> l.startsWith("\tat ") || l.startsWith("\t... ")), result::toString);
    }

    @Test
    @Timeout(60)
    void anItemPutJustBeforeTheEndArrives() throws Exception {
        Queue<String> q = new Queue<>();
        Process returns = new Process(() -> q.put("put, then return"));
        Process exits = new Process(() -> {
            q.put("put, then System.exit(3)");
            System.exit(3);
        });
        returns.start();
        exits.start();
        List<String> got = new ArrayList<>(List.of(q.get(Duration.ofSeconds(30)), q.get(Duration.ofSeconds(30))));
        got.sort(null);
        assertEquals(List.of("put, then System.exit(3)", "put, then return"), got);
        returns.join();
        exits.join();
        assertEquals(0, returns.getExitCode());
        assertEquals(3, exits.getExitCode());
        returns.close();
        exits.close();
        q.close();
    }

    @Test
    @Timeout(60)
    void exitCodesStayExactThroughTheChildsEnd() throws Exception {
        // 0, 1, n and -N, as CPython's Process.exitcode: returned, thrown, System.exit(n) (also
        // from a thread the target left running), killed by a signal.
        List<Process> children = List.of(
                new Process(() -> { }),
                new Process(() -> {
                    throw new IllegalStateException("ends the child with exit code 1 (expected by the test)");
                }),
                new Process(() -> System.exit(7)),
                new Process(() -> {
                    Thread late = new Thread(() -> System.exit(9));
                    late.start();
                }),
                new Process(() -> {
                    if (!ProcFs.WINDOWS) {
                        new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid())).start().waitFor();
                        Thread.sleep(Long.MAX_VALUE);
                    }
                }));
        List<Integer> codes = new ArrayList<>();
        for (Process p : children) {
            p.start();
            p.join();
            codes.add(p.getExitCode());
            p.close();
        }
        assertEquals(List.of(0, 1, 7, 9, ProcFs.WINDOWS ? 0 : -9), codes);
    }

    /**
     * A target that registers a shutdown hook writing {@code file} after a while (a child that
     * ended before its hooks finished would leave no file) and a file to delete on exit
     * ({@code file}.tmp), then ends as {@code how} says; a {@code file} ending in {@code -native}
     * first leaves a thread waiting in a native read.
     */
    private static Process withHook(String file, String how) {
        return new Process(() -> {
            if (file.endsWith("-native")) {
                // A child with a thread in native code ends with _exit once the hooks have run.
                blockInRecv(Pipe.open(false)[0]);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Handoff.write(file, "hook ran");
            }));
            File temporary = new File(file + ".tmp");
            Files.writeString(temporary.toPath(), "deleted on exit");
            temporary.deleteOnExit();
            if (how.equals("throw")) {
                throw new IllegalStateException("ends with a hook registered (expected by the test)");
            }
            if (how.equals("exit")) {
                System.exit(6);
            }
        });
    }

    @Test
    @Timeout(60)
    void theUsersShutdownHooksRunInAChildHoweverItsTargetEnds(@TempDir Path dir) throws Exception {
        // As in a spawned CPython child, which ends by sys.exit() and so runs its atexit handlers.
        List<String> ends = List.of("return", "throw", "exit");
        List<String> kinds = List.of("-plain", "-native");
        List<Process> children = new ArrayList<>();
        for (String kind : kinds) {
            for (String how : ends) {
                Process p = withHook(dir.resolve(how + kind).toString(), how);
                p.start();
                children.add(p);
            }
        }
        List<Integer> codes = new ArrayList<>();
        for (Process p : children) {
            p.join();
            codes.add(p.getExitCode());
            p.close();
        }
        assertEquals(List.of(0, 1, 6, 0, 1, 6), codes);
        for (String kind : kinds) {
            for (String how : ends) {
                String child = how + kind;
                assertTrue(Files.exists(dir.resolve(child)), "the shutdown hook of the child " + child + " did not run");
                assertFalse(Files.exists(dir.resolve(child + ".tmp")), "the deleteOnExit file of the child " + child + " is still there");
            }
        }
    }

    @Test
    @Timeout(60)
    void aChildWhoseThreadWaitsInANativeReadStillEndsWithItsCode() throws Exception {
        // The JVM's teardown would wait 300 ms for that thread; the child's quick exit does not
        // (docs/ARCHITECTURE.md, "The end of a child"), and the code is still the target's.
        Connection[] pipe = Pipe.open(false);
        Connection reader = pipe[0];
        List<Process> children = List.of(
                new Process(() -> blockInRecv(reader)),
                new Process(() -> {
                    blockInRecv(reader);
                    throw new IllegalStateException("ends the child with exit code 1 (expected by the test)");
                }));
        List<Integer> codes = new ArrayList<>();
        for (Process p : children) {
            p.start();
        }
        for (Process p : children) {
            p.join();
            codes.add(p.getExitCode());
            p.close();
        }
        assertEquals(List.of(0, 1), codes);
        pipe[0].close();
        pipe[1].close();
    }

    private static void blockInRecv(Connection reader) throws InterruptedException {
        Thread waiting = new Thread(() -> {
            try {
                reader.recvBytes();
            } catch (IOException | RuntimeException e) {
                // The child ends under it.
            }
        });
        waiting.setDaemon(true);
        waiting.start();
        while (waiting.getState() == Thread.State.NEW || waiting.getState() == Thread.State.RUNNABLE && !inNativeRead(waiting)) {
            Thread.sleep(5);
        }
    }

    private static boolean inNativeRead(Thread thread) {
        StackTraceElement[] stack = thread.getStackTrace();
        return stack.length > 0 && stack[0].isNativeMethod();
    }

    @Test
    @Timeout(120)
    void noSpareOutlivesAParentThatReturnsOrExits(@TempDir Path dir) throws Exception {
        for (String how : List.of("return", "exit")) {
            Path runDir = Files.createDirectories(dir.resolve(how));
            FreshJvm.Result result = FreshJvm.run(runDir, List.of("-Xmx128m"), Scenarios.class, Duration.ofSeconds(60),
                    "spares-then-" + how);
            assertEquals(0, result.exitCode, result::toString);
            awaitSparesEnd(sparePids(result.stdout), how);
            // Any other process of the parent's (a spare that was still booting) ends too.
            ProcFs.awaitNoWriterOf(runDir.resolve("stderr.txt"), 10_000, 500);
            assertEquals("", Files.readString(runDir.resolve("stderr.txt")), "a parent that ends by " + how);
        }
    }

    @Test
    @Timeout(120)
    void noSpareOutlivesAParentKilledBySigkill(@TempDir Path dir) throws Exception {
        List<String> command = new ArrayList<>(FreshJvm.javaCommand());
        command.addAll(List.of("-Xmx128m", "-cp", System.getProperty("java.class.path"), Scenarios.class.getName(),
                "spares-then-wait"));
        Path err = dir.resolve("stderr.txt");
        java.lang.Process parent = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File(ProcFs.WINDOWS ? "NUL" : "/dev/null")))
                .redirectError(err.toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
            String line;
            List<Long> spares = List.of();
            while ((line = out.readLine()) != null) {
                if (line.startsWith("spares")) {
                    spares = sparePids(line);
                    break;
                }
            }
            assertFalse(spares.isEmpty(), "the scenario printed no spare: " + Files.readString(err));
            parent.destroyForcibly();
            parent.waitFor();
            awaitSparesEnd(spares, "SIGKILL");
            ProcFs.awaitNoWriterOf(err, 10_000, 500);
            assertEquals("", Files.readString(err));
        } finally {
            parent.destroyForcibly();
        }
    }

    /**
     * Linux: a child that used the native layer leaves the unmapping of its memory to a helper
     * process, which the parent reaps. The helper holds no descriptor of the child's (a reader
     * of its pipe sees the end of file at once), has every signal the JVM handles blocked, and
     * is gone, reaped, soon after; nothing is left to init. What it may hold is a file another
     * thread of the child's JVM opened in the instant between the child closing its descriptors
     * and making the helper: HotSpot reads its container's limits from cgroup files at any time
     * (seen with strace: {@code memory.limit_in_bytes}, {@code cpu.cfs_period_us}), a fresh
     * file, never a pipe, socket or other channel of the child's.
     */
    @Test
    @Timeout(60)
    @EnabledOnOs(OS.LINUX)
    void aChildsMemoryIsLeftToAHelperThatHoldsNothingAndIsReaped() throws Exception {
        int seen = 0;
        // A helper lives 30 ms after its child: a join that returns later, on a loaded machine,
        // finds it gone, so the test starts children until it has looked at three.
        for (int i = 0; i < 20 && seen < 3; i++) {
            Connection[] pipe = Pipe.open(false);
            Process child = endAfterLastWords(pipe);
            List<Long> helpers = helpers();
            for (long helper : helpers) {
                List<String> open = ProcFs.descriptors(Long.toString(helper)).values().stream()
                        .filter(target -> ProcFs.isIpcTarget(target) || target.startsWith("/memfd:")).toList();
                String status;
                try {
                    status = Files.readString(Path.of("/proc", Long.toString(helper), "status"));
                } catch (IOException ended) {
                    continue;
                }
                assertEquals(List.of(), open, "channels the helper of child " + child.getPid() + " holds");
                long blocked = Long.parseUnsignedLong(status.lines().filter(l -> l.startsWith("SigBlk:"))
                        .findFirst().orElseThrow().substring("SigBlk:".length()).trim(), 16);
                for (int signal : new int[]{2, 11, 15}) {
                    assertTrue((blocked & (1L << (signal - 1))) != 0, "signal " + signal + " not blocked in the helper: " + status);
                }
                seen++;
            }
            // The end of file at once: no copy of the write end lives on in a helper.
            assertThrows(java.io.EOFException.class, () -> pipe[0].recv());
            pipe[0].close();
            child.close();
        }
        assertTrue(seen > 0, "no helper seen right after twenty joins: children end the ordinary way");
        awaitNoHelper("helpers not reaped within 5 s");
    }

    /**
     * Linux: a helper killed while it holds a child's memory (SIGKILL, before its sleep ends) is
     * reaped all the same, and the next child still ends through one.
     */
    @Test
    @Timeout(60)
    @EnabledOnOs(OS.LINUX)
    void aHelperKilledWhileItHoldsTheMemoryIsReapedAllTheSame() throws Exception {
        int killed = 0;
        for (int i = 0; i < 20 && killed == 0; i++) {
            Connection[] pipe = Pipe.open(false);
            Process child = endAfterLastWords(pipe);
            for (long helper : helpers()) {
                new ProcessBuilder("kill", "-KILL", Long.toString(helper)).start().waitFor();
                killed++;
            }
            pipe[0].close();
            child.close();
        }
        assertTrue(killed > 0, "no helper seen right after twenty joins");
        awaitNoHelper("killed helpers not reaped within 5 s");
        Process next = new Process(() -> { });
        next.start();
        next.join();
        assertEquals(0, next.getExitCode());
        next.close();
    }

    /**
     * Starts a child that sends its last words through the write end of {@code pipe}, closes
     * that end here, receives the words and joins the child, which ended with 0.
     */
    private static Process endAfterLastWords(Connection[] pipe) throws Exception {
        Process child = new Process(() -> pipe[1].send("last words"));
        child.start();
        pipe[1].close();
        assertEquals("last words", pipe[0].recv());
        child.join();
        assertEquals(0, child.getExitCode());
        return child;
    }

    /** Waits at most 5 s for this JVM to have no teardown helper, running or zombie. */
    private static void awaitNoHelper(String failure) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!helpers().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of(), helpers(), failure);
    }

    /** This JVM's children, running or zombie, that are teardown helpers. */
    private static List<Long> helpers() {
        return LeakCheck.children().values().stream().filter(child -> child.name().equals("mp4j-teardown"))
                .map(LeakCheck.Child::pid).toList();
    }

    private static List<Long> sparePids(String stdout) {
        return stdout.lines().filter(l -> l.startsWith("spares")).findFirst()
                .map(l -> l.substring("spares".length()).trim())
                .map(l -> l.isEmpty() ? List.<Long>of() : java.util.Arrays.stream(l.split(" ")).map(Long::valueOf).toList())
                .orElse(List.of());
    }

    private static void awaitSparesEnd(List<Long> spares, String how) throws InterruptedException {
        assertFalse(spares.isEmpty(), "no spare was idle when the parent ended by " + how);
        // No deadline of its own: a spare that outlives its parent fails the test by its @Timeout.
        for (long pid : spares) {
            while (ProcFs.isRunning(pid)) {
                Thread.sleep(20);
            }
        }
    }
}
