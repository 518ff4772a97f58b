package org.multiprocessing4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads what Linux's /proc says about descriptors and processes; no JNA, no mocks. */
public final class ProcFs {
    private ProcFs() {
    }

    /** The open descriptors of the process {@code pid} ("self" for this one): number → link target. */
    public static Map<Integer, String> descriptors(String pid) {
        Map<Integer, String> result = new TreeMap<>();
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
     * no such process.
     */
    public static char state(long pid) {
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

    /** The command line of {@code pid}, arguments separated by spaces; empty if it is gone. */
    public static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")))
                    .replace('\0', ' ').trim();
        } catch (IOException gone) {
            return "";
        }
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
