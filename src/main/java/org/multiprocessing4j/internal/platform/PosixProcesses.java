package org.multiprocessing4j.internal.platform;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Process control on Linux and macOS: spawning through {@link PosixSpawn}, waiting with
 * waitid (without reaping) and waitpid, signals with kill. Subclasses say how a child's end is
 * watched (a pidfd, or a pipe whose write end only the child holds) and how it is signalled.
 */
abstract class PosixProcesses implements Processes {
    private static final int P_PID = 1;
    private static final int WNOHANG = 1;
    private static final int SIGINFO_SIZE = 256;
    /** The pids of the children spawned here and not reaped yet, which are never helpers. */
    private static final Set<Integer> UNREAPED = ConcurrentHashMap.newKeySet();

    private final PosixSpawn spawner;
    private final PosixDescriptors descriptors;
    private final String[] signalNames;
    private final int waitExitedNoWait;

    /**
     * @param signalNames      the signal names by number, index 0 unused
     * @param waitExitedNoWait waitid's {@code WEXITED | WNOWAIT} on this system
     */
    PosixProcesses(PosixSpawn spawner, PosixDescriptors descriptors, String[] signalNames, int waitExitedNoWait) {
        this.spawner = spawner;
        this.descriptors = descriptors;
        this.signalNames = signalNames;
        this.waitExitedNoWait = waitExitedNoWait;
    }

    /** Whether a pipe sentinel must be handed to the child (no pidfd on this system). */
    abstract boolean needsSentinelPipe();

    /** Makes the sentinel for a started child; {@code sentinelPipe} is set if one was requested. */
    abstract long sentinelFor(int pid, int[] sentinelPipe);

    /** Sends a signal to an unreaped child, through its pidfd where it has one. */
    abstract void sendSignal(int pid, long sentinel, boolean sentinelIsPidfd, int signal);

    @Override
    public ChildProcess spawn(SpawnRequest request) throws IOException {
        int[] sentinelPipe = needsSentinelPipe() ? descriptors.pipeFds() : null;
        try {
            int pid = spawner.spawn(request.command(), sources(request, sentinelPipe));
            UNREAPED.add(pid);
            spawned();
            long sentinel = sentinelFor(pid, sentinelPipe);
            long[] inChild = new long[request.inherited().size()];
            for (int i = 0; i < inChild.length; i++) {
                inChild[i] = 3 + i;
            }
            return new ChildProcess(new PosixChild(this, pid, sentinel, sentinelPipe == null, inChild));
        } catch (IOException | RuntimeException e) {
            if (sentinelPipe != null) {
                descriptors.close(sentinelPipe[0]);
            }
            throw e;
        } finally {
            if (sentinelPipe != null) {
                descriptors.close(sentinelPipe[1]);
            }
        }
    }

    /** The descriptors to map, in child order: stdin (or -1), inherited ones, the sentinel pipe. */
    private static int[] sources(SpawnRequest request, int[] sentinelPipe) {
        List<Long> inherited = request.inherited();
        int[] sources = new int[1 + inherited.size() + (sentinelPipe == null ? 0 : 1)];
        sources[0] = (int) request.stdin();
        for (int i = 0; i < inherited.size(); i++) {
            sources[1 + i] = Math.toIntExact(inherited.get(i));
        }
        if (sentinelPipe != null) {
            sources[sources.length - 1] = sentinelPipe[1];
        }
        return sources;
    }

    @Override
    public boolean isRunning(long pid) {
        try {
            PosixLibC.kill((int) pid, 0);
            return true;
        } catch (LastErrorException e) {
            return e.getErrorCode() != PosixErrors.ESRCH;
        }
    }

    @Override
    public String signalName(int signal) {
        return signal > 0 && signal < signalNames.length ? signalNames[signal] : null;
    }

    @Override
    public void exitNow(int code) {
        PosixLibC._exit(code);
    }

    @Override
    public String javaLauncherName() {
        return "java";
    }

    /** Blocks until {@code pid} has ended, leaving it unreaped. */
    void awaitExit(int pid) {
        Memory info = new Memory(SIGINFO_SIZE);
        while (true) {
            try {
                PosixLibC.waitid(P_PID, pid, info, waitExitedNoWait);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != PosixErrors.EINTR) {
                    // ECHILD: someone else reaped it; reap() reports what it can.
                    return;
                }
            }
        }
    }

    /** Runs in the spawning thread after each child's spawn; nothing here. */
    void spawned() {
    }

    /** Whether {@code pid} is a child this library spawned and has not reaped yet. */
    static boolean isUnreapedChild(int pid) {
        return UNREAPED.contains(pid);
    }

    /** Reaps an ended child: its exit code, or -N when signal N ended it. */
    int reap(int pid) {
        int[] status = new int[1];
        try {
            waitpid(pid, status, 0);
            UNREAPED.remove(pid);
            return decodeStatus(status[0]);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == PosixErrors.ECHILD) {
                UNREAPED.remove(pid);
                throw new IllegalStateException("pid " + pid + " was reaped outside multiprocessing4j");
            }
            throw new IllegalStateException("waitpid(" + pid + ") failed: " + PosixLibC.strerror(e.getErrorCode()));
        }
    }

    /** Reaps {@code pid} if it has ended: its exit code, else null. Never blocks. */
    Integer reapIfEnded(int pid) {
        int[] status = new int[1];
        try {
            if (waitpid(pid, status, WNOHANG) != pid) {
                return null;
            }
            UNREAPED.remove(pid);
            return decodeStatus(status[0]);
        } catch (LastErrorException e) {
            throw new IllegalStateException("waitpid(" + pid + ", WNOHANG) failed: " + PosixLibC.strerror(e.getErrorCode()));
        }
    }

    /** {@code waitpid}, called again when a signal interrupts it. */
    static int waitpid(int pid, int[] status, int options) throws LastErrorException {
        while (true) {
            try {
                return PosixLibC.waitpid(pid, status, options);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != PosixErrors.EINTR) {
                    throw e;
                }
            }
        }
    }

    /** Decodes a wait status the way CPython's {@code os.waitstatus_to_exitcode} does. */
    static int decodeStatus(int status) {
        int termSignal = status & 0x7f;
        if (termSignal == 0) {
            return (status >> 8) & 0xff;
        }
        return -termSignal;
    }

    /** kill(2); a process that is gone already is no failure. */
    void killPid(int pid, int signal) {
        try {
            PosixLibC.kill(pid, signal);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != PosixErrors.ESRCH) {
                throw new IllegalStateException("kill(" + pid + ", " + signal + ") failed: "
                        + PosixLibC.strerror(e.getErrorCode()));
            }
        }
    }

    /** Closes a child's sentinel. */
    void release(long sentinel) {
        descriptors.close(sentinel);
    }
}
