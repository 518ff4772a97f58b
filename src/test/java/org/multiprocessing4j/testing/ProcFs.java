package org.multiprocessing4j.testing;

import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads what Linux's /proc says about descriptors and processes; no JNA, no mocks. Where there
 * is no /proc (macOS, Windows), the process queries ({@link #isRunning}, {@link #commandLine},
 * {@link #awaitNotRunning}) answer through {@link ProcessHandle} instead, and the descriptor
 * queries find nothing.
 */
public final class ProcFs {
    private static final String CHILD_MAIN = "org.multiprocessing4j.internal.spawn.ChildMain";
    private static final String LAUNCHER_JAR = java.io.File.separator + "launchers" + java.io.File.separator + "launch-";
    /**
     * Whether this is Linux, where /proc is read; elsewhere {@link ProcessHandle} answers.
     * {@code -Dmp4j.test.withoutProc=true} makes Linux answer as macOS does, to try those paths
     * out (the tests enabled on Linux only then fail, as they read /proc themselves).
     */
    public static final boolean LINUX = OS.current() == OS.LINUX && !Boolean.getBoolean("mp4j.test.withoutProc");
    /** Whether this is Windows, where a process's arguments cannot be read. */
    public static final boolean WINDOWS = OS.current() == OS.WINDOWS;

    private ProcFs() {
    }

    /**
     * How many processors the system counts: on Linux the {@code cpuN} lines of /proc/stat,
     * which a container's limit does not change; elsewhere the JVM's count.
     */
    public static int systemProcessors() {
        if (!LINUX) {
            return Runtime.getRuntime().availableProcessors();
        }
        try (Stream<String> stat = Files.lines(Path.of("/proc/stat"))) {
            return (int) stat.filter(line -> line.matches("cpu[0-9]+ .*")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The open descriptors of the process {@code pid} ("self" for this one): number → link
     * target. Linux only: empty elsewhere.
     */
    public static Map<Integer, String> descriptors(String pid) {
        Map<Integer, String> result = new TreeMap<>();
        if (!LINUX) {
            return result;
        }
        Path dir = Path.of("/proc", pid, "fd");
        String[] names = dir.toFile().list();
        if (names == null) {
            return result;
        }
        for (String name : names) {
            try {
                result.put(Integer.parseInt(name), Files.readSymbolicLink(dir.resolve(name)).toString());
            } catch (IOException | NumberFormatException closedMeanwhile) {
                // The directory listing itself, or a descriptor closed since the listing.
            }
        }
        return result;
    }

    /**
     * How many of this JVM's descriptors are anonymous shared memory (memfds, as the library's
     * anonymous segments and arenas are on Linux). Linux only: 0 elsewhere.
     */
    public static int sharedMemoryDescriptors() {
        return (int) descriptors("self").values().stream().filter(target -> target.startsWith("/memfd:")).count();
    }

    /** The pid a pidfd of this JVM refers to (its fdinfo "Pid:" line), or -1. */
    public static long pidfdPid(int fd) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
                if (line.startsWith("Pid:")) {
                    return Long.parseLong(line.substring(4).trim());
                }
            }
        } catch (IOException | RuntimeException closedMeanwhile) {
            // Not a pidfd any more.
        }
        return -1;
    }

    /** Whether a link target is a pipe, a socket or an anonymous inode (pidfd, eventfd, ...). */
    public static boolean isIpcTarget(String target) {
        return target.startsWith("pipe:") || target.startsWith("socket:") || target.startsWith("anon_inode:");
    }

    /**
     * The state letter of {@code pid} from /proc/PID/stat ('R', 'S', 'Z', ...), or 0 if there is
     * no such process. Without /proc: 'R' while {@link ProcessHandle} sees it alive, else 0 (a
     * zombie then reads as gone).
     */
    public static char state(long pid) {
        if (!LINUX) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? 'R' : 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return stat.charAt(close + 2);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** Whether {@code pid} exists and is not a zombie: it still runs. */
    public static boolean isRunning(long pid) {
        char state = state(pid);
        return state != 0 && state != 'Z' && state != 'X';
    }

    /**
     * The command line of {@code pid}, arguments separated by spaces; empty if it is gone.
     * Without /proc it is {@link ProcessHandle.Info#commandLine()}: on macOS the program and its
     * arguments, on Windows only the program's path (see {@link #ARGUMENTS_KNOWN}).
     */
    public static String commandLine(long pid) {
        if (!LINUX) {
            return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("");
        }
        // posix_spawn returns once the child's execve has let go of the parent's memory, a
        // moment before the kernel sets up the new image's arguments: until then (and for a
        // zombie) the command line reads empty. A running process gets a little time.
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (true) {
            String line;
            try {
                line = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")))
                        .replace('\0', ' ').trim();
            } catch (IOException gone) {
                return "";
            }
            if (!line.isEmpty() || !isRunning(pid) || System.nanoTime() > deadline) {
                return line;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
    }

    /**
     * Whether {@link #commandLine} shows a process's arguments. Not on Windows, whose
     * {@link ProcessHandle.Info} has the program's path only; {@code -Dmp4j.test.withoutArguments=true}
     * makes the tests act as there, to try those paths out elsewhere.
     */
    public static final boolean ARGUMENTS_KNOWN = !WINDOWS && !Boolean.getBoolean("mp4j.test.withoutArguments");

    /**
     * Whether {@code pid} runs and its command line contains {@code text}; where arguments
     * cannot be read (Windows), whether it runs a {@code java} launcher, as every JVM of these
     * tests does.
     */
    /**
     * Whether {@code pid} runs one of the library's child JVMs: its command names ChildMain, or
     * on JDK 22+ the launcher jar whose manifest names it ({@code NativeAccess}).
     */
    public static boolean runsLibraryChild(long pid) {
        return runsCommandContaining(pid, CHILD_MAIN) || runsCommandContaining(pid, LAUNCHER_JAR);
    }

    /** Whether {@code commandLine} is one of the library's child JVMs' ({@link #runsLibraryChild}). */
    public static boolean isLibraryChildCommand(String commandLine) {
        return commandLine.contains(CHILD_MAIN) || commandLine.contains(LAUNCHER_JAR);
    }

    public static boolean runsCommandContaining(long pid, String text) {
        if (!isRunning(pid)) {
            return false;
        }
        if (ARGUMENTS_KNOWN) {
            return commandLine(pid).contains(text);
        }
        Optional<String> program = ProcessHandle.of(pid).flatMap(h -> h.info().command());
        return program.map(c -> Path.of(c).getFileName().toString().toLowerCase(java.util.Locale.ROOT).startsWith("java"))
                .orElse(false);
    }

    /** Waits at most {@code millis} for {@code pid} to stop running; returns whether it did. */
    public static boolean awaitNotRunning(long pid, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (isRunning(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /**
     * Waits at most {@code millis} until no process has {@code file} open as its standard output
     * or error, and returns whether that happened. Linux only: elsewhere, where other processes'
     * descriptors cannot be read, it sleeps {@code fallbackMillis} and returns true.
     */
    public static boolean awaitNoWriterOf(Path file, long millis, long fallbackMillis)
            throws IOException, InterruptedException {
        if (!LINUX) {
            Thread.sleep(fallbackMillis);
            return true;
        }
        Path target = file.toRealPath(); // as /proc/PID/fd links name it
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (hasStdioWriter(target)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static boolean hasStdioWriter(Path target) {
        String[] pids = new java.io.File("/proc").list((d, name) -> !name.isEmpty() && Character.isDigit(name.charAt(0)));
        if (pids == null) {
            return false;
        }
        for (String pid : pids) {
            for (String fd : new String[] {"1", "2"}) {
                try {
                    if (Files.readSymbolicLink(Path.of("/proc", pid, "fd", fd)).equals(target)) {
                        return true;
                    }
                } catch (IOException | RuntimeException goneOrNotOurs) {
                    // The process ended, or is another user's.
                }
            }
        }
        return false;
    }

    /**
     * The names of the threads of {@code pid} as the kernel keeps them (15 characters at most),
     * from /proc/PID/task/TID/comm; empty for a process that is gone, and without /proc.
     */
    public static java.util.Set<String> threadNames(long pid) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        for (String task : list(tasks)) {
            try {
                names.add(Files.readString(tasks.resolve(task).resolve("comm")).trim());
            } catch (IOException gone) {
                // The thread ended between the listing and the read.
            }
        }
        return names;
    }

    /** The entries of a directory (names only), empty if it does not exist. */
    public static java.util.Set<String> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        } catch (IOException absent) {
            return new java.util.TreeSet<>();
        }
    }
}
