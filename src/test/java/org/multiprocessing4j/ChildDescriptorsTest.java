package org.multiprocessing4j;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.testing.Handoff;
import org.multiprocessing4j.testing.ProcFs;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a child JVM has open: its boot pipe as standard input, the parent's standard output
 * and error, and the files the JVM opens for itself; nothing else of its parent's.
 */
class ChildDescriptorsTest {
    private static final int O_CLOEXEC = 02000000;

    /** libc's plain pipe(2), whose descriptors are inheritable (not close-on-exec). */
    interface CLib extends Library {
        CLib INSTANCE = Native.load("c", CLib.class);

        int pipe(int[] fds);

        int close(int fd);
    }

    /** In the child: "fd TAB link-target TAB bound-socket-path" for every open descriptor. */
    static void reportDescriptors(String out) throws IOException {
        Map<String, String> socketPaths = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/net/unix"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[6].matches("\\d+")) {
                socketPaths.put("socket:[" + f[6] + "]", f[7]);
            }
        }
        StringBuilder text = new StringBuilder();
        for (Map.Entry<Integer, String> e : ProcFs.descriptors("self").entrySet()) {
            text.append(e.getKey()).append('\t').append(e.getValue()).append('\t')
                    .append(socketPaths.getOrDefault(e.getValue(), "")).append('\n');
        }
        Handoff.write(out, text.toString());
    }

    private static boolean isCloseOnExec(int fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
            if (line.startsWith("flags:")) {
                return (Integer.parseInt(line.substring(6).trim(), 8) & O_CLOEXEC) != 0;
            }
        }
        throw new IllegalStateException("no flags for fd " + fd);
    }

    @Test
    @Timeout(30)
    @EnabledOnOs(value = OS.LINUX, disabledReason = "reads descriptors in /proc/PID/fd, /proc/self/fdinfo and /proc/net/unix")
    void aChildInheritsOnlyItsBootPipeAndTheStandardStreams(@TempDir Path dir) throws Exception {
        Path markerFile = Files.writeString(dir.resolve("marker-file-open-in-parent"), "x");
        long[] closeOnExecPipe = Platform.descriptors().pipe();
        int[] inheritablePipe = new int[2];
        assertEquals(0, CLib.INSTANCE.pipe(inheritablePipe));
        FileInputStream marker = new FileInputStream(markerFile.toFile());
        Map<Integer, String> parent;
        Process p;
        try {
            assertFalse(isCloseOnExec(inheritablePipe[0]), "the test needs an inheritable pipe");
            String out = dir.resolve("descriptors").toString();
            // A context of its own, so that no spare JVM started before the pipes were opened
            // runs the child: it must be spawned now, while they are open.
            Context fresh = Multiprocessing.context().withSystemProperty("mp4j.test.descriptors", dir.toString());
            p = fresh.process(() -> reportDescriptors(out));
            parent = ProcFs.descriptors("self");
            p.start();
            p.join();
        } finally {
            marker.close();
            Platform.descriptors().close(closeOnExecPipe[0]);
            Platform.descriptors().close(closeOnExecPipe[1]);
            CLib.INSTANCE.close(inheritablePipe[0]);
            CLib.INSTANCE.close(inheritablePipe[1]);
        }
        assertEquals(0, p.getExitCode());
        long childPid = p.getPid();
        p.close();

        Map<Integer, String[]> child = new LinkedHashMap<>();
        for (String line : Handoff.read(dir.resolve("descriptors")).split("\n")) {
            String[] f = line.split("\t", -1);
            child.put(Integer.parseInt(f[0]), f);
        }
        String table = "the child's descriptors:\n" + Handoff.read(dir.resolve("descriptors"));
        Set<String> parentTargets = new TreeSet<>(parent.values());

        assertTrue(child.containsKey(0) && (child.get(0)[1].startsWith("pipe:") || child.get(0)[1].startsWith("socket:")),
                "fd 0 is the boot pipe\n" + table);
        assertFalse(parentTargets.contains(child.get(0)[1]), "fd 0 must be the child's own boot pipe\n" + table);
        assertEquals(parent.get(1), child.get(1)[1], "standard output is the parent's\n" + table);
        assertEquals(parent.get(2), child.get(2)[1], "standard error is the parent's\n" + table);

        List<String> allowedDirectories = new ArrayList<>();
        allowedDirectories.add(System.getProperty("java.home"));
        allowedDirectories.add(Path.of(System.getProperty("java.home")).toRealPath().toString());
        // The JVM reads its container limits from cgroup files, briefly open while it runs.
        allowedDirectories.add("/sys/fs/cgroup");
        allowedDirectories.add("/proc/" + childPid);
        Set<String> classPath = new TreeSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classPath.add(entry);
            classPath.add(Path.of(entry).toRealPath().toString());
        }
        List<String> problems = new ArrayList<>();
        for (String[] f : child.values()) {
            int fd = Integer.parseInt(f[0]);
            String target = f[1];
            if (fd <= 2) {
                continue;
            }
            if (target.startsWith("anon_inode:")) {
                problems.add(fd + " -> " + target + " (no pidfd or other anonymous inode may reach a child)");
            } else if (target.startsWith("pipe:")) {
                problems.add(fd + " -> " + target + (parentTargets.contains(target) ? " (inherited from the parent)" : ""));
            } else if (target.startsWith("socket:")) {
                if (parentTargets.contains(target)) {
                    problems.add(fd + " -> " + target + " (inherited from the parent)");
                } else if (!f[2].isEmpty()) {
                    problems.add(fd + " -> " + target + " bound to " + f[2] + " (a listening socket of the child JVM: with"
                            + " -Xrs HotSpot starts its attach listener at startup)");
                }
                // An unnamed socket the child made itself is the JDK's NIO "pre-close" descriptor.
            } else if (target.equals("/dev/random") || target.equals("/dev/urandom")
                    || target.equals("/proc/" + childPid + "/fd") || classPath.contains(target)
                    // JDK 22+: the launcher jar the child runs (-jar), whose manifest names the class path.
                    || target.matches(".*/launchers/launch-[0-9a-f]+\\.jar")
                    || allowedDirectories.stream().anyMatch(d -> target.startsWith(d + "/"))) {
                continue;
            } else {
                problems.add(fd + " -> " + target + (target.equals(markerFile.toString()) ? " (a file the parent had open)" : ""));
            }
        }
        assertEquals(List.of(), problems, table);
        for (long fd : new long[] {closeOnExecPipe[0], closeOnExecPipe[1], inheritablePipe[0], inheritablePipe[1]}) {
            String target = parent.get((int) fd);
            assertTrue(child.values().stream().noneMatch(f -> f[1].equals(target)), target + " reached the child\n" + table);
        }
    }

    /**
     * Where HotSpot puts its attach-listener files: /tmp on Linux; on macOS the user's temporary
     * directory, which is java.io.tmpdir there.
     */
    private static Set<Path> temporaryDirectories() {
        Set<Path> result = new java.util.LinkedHashSet<>();
        result.add(Path.of("/tmp"));
        result.add(Path.of(System.getProperty("java.io.tmpdir")));
        return result;
    }

    private static Set<Path> tmpEntriesNaming(long pid) {
        Set<Path> result = new java.util.LinkedHashSet<>();
        for (Path tmp : temporaryDirectories()) {
            for (String name : ProcFs.list(tmp)) {
                if (name.matches(".*\\D" + pid + "(\\D.*)?")) {
                    result.add(tmp.resolve(name));
                }
            }
        }
        return result;
    }

    @Test
    @Timeout(30)
    @EnabledOnOs(value = {OS.LINUX, OS.MAC},
            disabledReason = "the attach listener's socket file in the temporary directory is POSIX's; Windows attaches without files")
    void aTerminatedOrKilledChildLeavesNothingBehindInTmp() throws Exception {
        List<String> leftovers = new ArrayList<>();
        for (boolean kill : new boolean[] {false, true}) {
            Process p = new Process(() -> Thread.sleep(Long.MAX_VALUE));
            p.start();
            long pid = p.getPid();
            Thread.sleep(300);
            if (kill) {
                p.kill();
            } else {
                p.terminate();
            }
            p.join();
            p.close();
            for (Path entry : tmpEntriesNaming(pid)) {
                leftovers.add((kill ? "kill(): " : "terminate(): ") + entry);
                Files.deleteIfExists(entry);
            }
        }
        assertEquals(List.of(), leftovers,
                "files of ended children left in /tmp (the JVM's attach-listener socket, started at startup because of -Xrs)");
    }
}
