package org.multiprocessing4j.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.multiprocessing4j.internal.spawn.Spares;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fails a test that leaves something of the operating system behind: a child process (running
 * or a zombie), a pipe, socket or anonymous-inode descriptor (pidfd, eventfd, ...) of this JVM,
 * or an entry in /dev/shm. Registered for every test through
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} and
 * {@code junit.jupiter.extensions.autodetection.enabled=true}.
 *
 * <p>Leftover children are killed (with their descendants) after they are reported, so that one
 * leaking test does not make the following ones fail too.
 *
 * <p>The checks of descriptors and of /dev/shm read Linux's /proc and /dev/shm and run on Linux
 * only. On macOS /dev/fd lists this JVM's descriptors but says neither what they are nor which
 * belong to a spare (another process's descriptors cannot be read there), and Windows has no
 * such listing; there is no /dev/shm on either. The check of child processes runs everywhere:
 * on Linux through /proc (so that zombies count), elsewhere through {@link ProcessHandle}.
 *
 * <p>Idle spare JVMs ({@link Spares}) are the library's own pool, kept between tests on purpose:
 * they are not counted as leftover children, and neither are the descriptors this JVM holds for
 * them (the pidfd of each, and this JVM's end of its boot pipe).
 */
public final class LeakCheck implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LeakCheck.class);
    private static final String KEY = "snapshot";
    private static final Path SHM = Path.of("/dev/shm");

    /** How long a child may take to disappear after a test before it counts as leaked. */
    public static final Duration CHILD_GRACE = Duration.ofSeconds(5);
    /** How long descriptors may take to be released (Cleaner after GC) before they count as leaked. */
    public static final Duration DESCRIPTOR_GRACE = Duration.ofSeconds(2);

    /** What this JVM holds at one moment. */
    public static final class Snapshot {
        final Set<String> descriptors;
        final Map<String, Child> children;
        final Set<String> shm;

        Snapshot(Set<String> descriptors, Map<String, Child> children, Set<String> shm) {
            this.descriptors = descriptors;
            this.children = children;
            this.shm = shm;
        }
    }

    /** A child process of this JVM as /proc (elsewhere {@link ProcessHandle}) describes it. */
    public static final class Child {
        final long pid;
        final String startTime;
        final char state;
        final String name;

        Child(long pid, String startTime, char state, String name) {
            this.pid = pid;
            this.startTime = startTime;
            this.state = state;
            this.name = name;
        }

        /** The process id. */
        public long pid() {
            return pid;
        }

        /** Its name as /proc/PID/stat gives it (the first thread's, at most 15 characters); "?" elsewhere. */
        public String name() {
            return name;
        }

        String key() {
            return pid + "@" + startTime;
        }

        @Override
        public String toString() {
            String command = ProcFs.commandLine(pid);
            if (command.length() > 160) {
                command = command.substring(0, 160) + "...";
            }
            String described = ProcFs.LINUX ? " (state " + state + (state == 'Z' ? ", a zombie nobody reaped" : "") + ")" : "";
            return "pid " + pid + described + ": "
                    + (command.isEmpty() ? "?" : command);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(KEY, snapshot());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Snapshot before = context.getStore(NAMESPACE).remove(KEY, Snapshot.class);
        if (before != null) {
            verify(before);
        }
    }

    static {
        // The JDK keeps one socket open for good once NIO file channels are first used (the
        // "pre-close" descriptor of sun.nio.ch.FileDispatcherImpl); make it exist before any
        // snapshot so that the first test does not own it. Only the Linux descriptor check
        // would see it.
        if (ProcFs.LINUX) {
            try (FileChannel channel = FileChannel.open(Path.of("/proc/self/stat"))) {
                channel.size();
            } catch (IOException ignored) {
                // Then the snapshots below still work; at worst the first test reports the socket.
            }
        }
    }

    /**
     * Records this JVM's pipe/socket/anon-inode descriptors, its children and /dev/shm (only its
     * children outside Linux).
     */
    public static Snapshot snapshot() {
        Map<String, Child> children = children();
        Set<String> shm = shmEntries();
        return new Snapshot(ipcDescriptors(), children, shm);
    }

    /**
     * Checks everything against {@code before} and throws an {@link AssertionError} listing all
     * leaks. Leftover children are killed before the descriptors are checked.
     */
    public static void verify(Snapshot before) throws InterruptedException {
        verify(before, CHILD_GRACE, DESCRIPTOR_GRACE);
    }

    /** {@link #verify(Snapshot)} with other grace periods (the extension's own tests use short ones). */
    public static void verify(Snapshot before, Duration childGrace, Duration descriptorGrace) throws InterruptedException {
        List<String> problems = new ArrayList<>();
        List<Child> leftover = leftoverChildren(before, childGrace);
        if (!leftover.isEmpty()) {
            StringBuilder text = new StringBuilder("child processes still there ")
                    .append(childGrace.toMillis()).append(" ms after the test (now killed):");
            for (Child child : leftover) {
                text.append("\n     ").append(child);
            }
            problems.add(text.toString());
            kill(leftover);
        }
        List<String> descriptors = newDescriptors(before, descriptorGrace);
        if (!descriptors.isEmpty()) {
            problems.add("pipe/socket/anon-inode descriptors opened during the test and still open "
                    + descriptorGrace.toMillis() + " ms after it (with GC): " + descriptors);
        }
        List<String> shm = newShmEntries(before);
        if (!shm.isEmpty()) {
            problems.add("new entries in /dev/shm: " + shm);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("LeakCheck: the test left resources behind:\n - " + String.join("\n - ", problems));
        }
    }

    /**
     * The children of this JVM (running or zombie) that did not exist in {@code before}, after
     * waiting at most {@code grace} for them to go. Kills nothing.
     */
    public static List<Child> leftoverChildren(Snapshot before, Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (true) {
            List<Child> leftover = new ArrayList<>();
            Set<Long> spares = Spares.pids();
            for (Map.Entry<String, Child> e : children().entrySet()) {
                if (!before.children.containsKey(e.getKey()) && !spares.contains(e.getValue().pid)) {
                    leftover.add(e.getValue());
                }
            }
            if (leftover.isEmpty() || System.nanoTime() > deadline) {
                return leftover;
            }
            Thread.sleep(50);
        }
    }

    /**
     * The pipe, socket and anonymous-inode descriptors open now that were not open in
     * {@code before} ("fd -> target"), after at most {@code grace} of GC and waiting.
     */
    public static List<String> newDescriptors(Snapshot before, Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (true) {
            List<String> fresh = new ArrayList<>();
            Set<String> ofSpares = descriptorsOfIdleSpares();
            for (String d : ipcDescriptors()) {
                if (!before.descriptors.contains(d) && !ofSpares.contains(d)) {
                    fresh.add(d);
                }
            }
            if (fresh.isEmpty() || System.nanoTime() > deadline) {
                return fresh;
            }
            System.gc();
            Thread.sleep(100);
        }
    }

    /** The /dev/shm entries that appeared since {@code before}; none outside Linux. */
    public static List<String> newShmEntries(Snapshot before) {
        List<String> fresh = new ArrayList<>(shmEntries());
        fresh.removeAll(before.shm);
        return fresh;
    }

    /** Kills {@code children} and their descendants (deepest first), then waits for them briefly. */
    public static void kill(List<Child> children) throws InterruptedException {
        for (Child child : children) {
            ProcessHandle.of(child.pid).ifPresent(handle -> {
                handle.descendants().sorted(Comparator.comparingLong(ProcessHandle::pid).reversed())
                        .forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
            });
        }
        for (Child child : children) {
            ProcFs.awaitNotRunning(child.pid, 2_000);
        }
    }

    /** The entries of /dev/shm; none outside Linux (macOS has no /dev/shm, Windows neither). */
    private static Set<String> shmEntries() {
        return ProcFs.LINUX ? ProcFs.list(SHM) : new TreeSet<>();
    }

    /** This JVM's descriptors ("fd -> target") that belong to idle spare JVMs; none outside Linux. */
    static Set<String> descriptorsOfIdleSpares() {
        Set<Long> spares = Spares.pids();
        Set<String> result = new TreeSet<>();
        if (spares.isEmpty() || !ProcFs.LINUX) {
            return result;
        }
        Set<Long> bootPipes = Spares.bootHandles();
        for (Map.Entry<Integer, String> e : ProcFs.descriptors("self").entrySet()) {
            String target = e.getValue();
            if (bootPipes.contains((long) e.getKey())
                    || (target.equals("anon_inode:[pidfd]") && spares.contains(ProcFs.pidfdPid(e.getKey())))) {
                result.add(e.getKey() + " -> " + target);
            }
        }
        return result;
    }

    /** This JVM's pipe, socket and anonymous-inode descriptors; none outside Linux. */
    private static Set<String> ipcDescriptors() {
        Set<String> result = new TreeSet<>();
        for (Map.Entry<Integer, String> e : ProcFs.descriptors("self").entrySet()) {
            if (ProcFs.isIpcTarget(e.getValue())) {
                result.add(e.getKey() + " -> " + e.getValue());
            }
        }
        return result;
    }

    /**
     * This JVM's children by pid and start time: from /proc on Linux (zombies included), from
     * {@link ProcessHandle#children()} elsewhere (a child's start time as it reports it).
     */
    public static Map<String, Child> children() {
        if (!ProcFs.LINUX) {
            Map<String, Child> result = new LinkedHashMap<>();
            ProcessHandle.current().children().forEach(handle -> {
                String start = handle.info().startInstant().map(Object::toString).orElse("?");
                Child child = new Child(handle.pid(), start, '?', "?");
                result.put(child.key(), child);
            });
            return result;
        }
        String self = Long.toString(ProcessHandle.current().pid());
        Map<String, Child> result = new LinkedHashMap<>();
        for (String name : ProcFs.list(Path.of("/proc"))) {
            if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                continue;
            }
            String stat;
            try {
                stat = Files.readString(Path.of("/proc", name, "stat"));
            } catch (IOException | RuntimeException gone) {
                continue;
            }
            // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
            // utime stime cutime cstime priority nice threads itrealvalue starttime ...
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            if (fields.length > 19 && fields[1].equals(self)) {
                Child child = new Child(Long.parseLong(name), fields[19], fields[0].charAt(0),
                        stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
                result.put(child.key(), child);
            }
        }
        return result;
    }
}
