package org.multiprocessing4j.internal.platform;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import org.multiprocessing4j.internal.runtime.Threads;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Linux: a child whose parent waits for it ends without making the parent wait while the kernel
 * unmaps its memory. A process is reported gone, and can be reaped, only once its memory is
 * unmapped, page by page: about 8 ms for a JVM (54 MB mapped; a sleeping CPython takes 2 ms,
 * {@code sh} 0.15), most of what {@code join()} waited for after a child's last message. The
 * unmapping falls to the last process that uses the memory; so, just before {@code _exit}, the
 * child starts a helper that shares its memory ({@code clone} with {@code CLONE_VM}), does
 * nothing but sleep for {@link #HELPER_MICROS} and then exits, unmapping the memory on its own
 * time. The child, no longer the last user, ends at once.
 *
 * <p>The helper runs libc's {@code usleep} on a stack of its own and no Java code; every signal
 * is blocked in it (it inherits the mask of the thread that made it), so that no handler of the
 * JVM runs there. The child first closes all its descriptors ({@code close_range}): the helper
 * would otherwise hold copies of them, and a reader would see end of file only once it is gone.
 * A file another thread of the JVM opens in the instant between the two (HotSpot reads its
 * container's limits from cgroup files at any time) is held by the helper until it ends: a
 * fresh file, never one of the child's pipes or sockets.
 * The helper is the child's parent's child ({@code CLONE_PARENT}), so that it is never an orphan
 * for init to adopt (not every init reaps), and is named {@value #NAME}; the parent, after it
 * reaps one of its children, reaps the children of that name ({@link #reapSoon}), and no
 * others. Only when the parent that started the child is still its parent, and the kernel lists
 * a process's children ({@code /proc/PID/task/TID/children}, which the parent reads): otherwise,
 * or where any step is refused (a kernel without {@code close_range}, 5.9), the child ends the
 * ordinary way.
 */
final class TeardownHelpers {
    /** How long a helper keeps the memory: well past the child's own end, even on a busy machine. */
    static final long HELPER_MICROS = 30_000;
    /** The helper's name (its {@code comm}), which tells it from the parent's other children. */
    static final String NAME = "mp4j-teardown";
    private static final int CLONE_VM = 0x100;
    private static final int CLONE_PARENT = 0x8000;
    private static final int PR_SET_NAME = 15;
    private static final int PR_GET_NAME = 16;
    /** A thread name's room, its terminating zero included. */
    private static final int NAME_BYTES = 16;
    private static final int SIG_BLOCK = 0;
    private static final int SIGSET_BYTES = 128;
    private static final int STACK_BYTES = 64 * 1024;
    /** How long the reaper lets a helper sleep before it looks: not in the moment a join returns. */
    private static final long LOOK_DELAY_MILLIS = HELPER_MICROS / 2000;
    private static final Object REAPING = new Object();
    /** The reaper thread, started with the first spawn; guarded by {@link #REAPING}. */
    private static Thread reaper;
    /** Whether a child was reaped since the reaper last looked; guarded by {@link #REAPING}. */
    private static boolean another;
    /** Whether the reaper waits for work (else it looks or reaps); guarded by {@link #REAPING}. */
    private static boolean idle;
    /** Whether this JVM's exit waits for the reaper; guarded by {@link #REAPING}. */
    private static boolean exitWaitRegistered;
    /** Made by {@link #prepare}, or at the end. */
    private static volatile Prepared prepared;

    private TeardownHelpers() {
    }

    /**
     * In a child that is about to {@code _exit}: leaves its memory to a helper, if
     * {@code parentPid} is still its parent and every step works. Once it starts it closes
     * every descriptor of this process and blocks every signal of this thread, whether or not
     * a helper is made: call it only right before {@code _exit}.
     *
     * @return whether a helper holds the memory now
     */
    static boolean handOff(long parentPid) {
        try {
            Prepared ready = prepared;
            if (ready == null) {
                ready = new Prepared();
            }
            if (!ready.childrenListed || parentPid <= 0 || LinuxLibC.getppid() != parentPid) {
                return false;
            }
            if (LinuxLibC.pthread_sigmask(SIG_BLOCK, ready.signals, null) != 0) {
                return false;
            }
            LinuxLibC.prctl(PR_GET_NAME, ready.ownName, 0, 0, 0);
            LinuxLibC.syscall(LinuxLibC.SYS_CLOSE_RANGE, 0, 0xffff_ffffL, 0, 0);
            // The helper takes the name this thread has when it is made.
            LinuxLibC.prctl(PR_SET_NAME, ready.helperName, 0, 0, 0);
            try {
                // The stack grows down from its top, kept 16-byte aligned as the ABI wants.
                LinuxLibC.clone(ready.usleep, ready.stack.share(STACK_BYTES - 64), CLONE_VM | CLONE_PARENT,
                        new Pointer(HELPER_MICROS));
            } finally {
                LinuxLibC.prctl(PR_SET_NAME, ready.ownName, 0, 0, 0);
            }
            return true;
        } catch (RuntimeException | Error refused) {
            // LastErrorException from a call refused; the process ends the ordinary way.
            return false;
        }
    }

    /**
     * Makes, ahead of a child's end (a spare does it while it waits), what {@link #handOff}
     * needs, so that the end itself runs only system calls, and all its Java is done before the
     * descriptors go (a class read from a jar after that would find its file closed). Should
     * anything fail here, {@link #handOff} tries again, and ends the ordinary way if it fails.
     */
    static void prepare() {
        if (prepared == null) {
            try {
                prepared = new Prepared();
            } catch (RuntimeException | Error unavailable) {
                // Left to handOff.
            }
        }
    }

    /** What a helper is made with; never freed: the helper runs on it until it ends. */
    private static final class Prepared {
        final boolean childrenListed;
        final Pointer usleep;
        final Memory stack = new Memory(STACK_BYTES);
        final Memory signals = new Memory(SIGSET_BYTES);
        final Memory ownName = new Memory(NAME_BYTES);
        final Memory helperName = new Memory(NAME_BYTES);

        Prepared() {
            childrenListed = Files.exists(Path.of("/proc/thread-self/children"));
            usleep = NativeLibrary.getInstance(com.sun.jna.Platform.C_LIBRARY_NAME).getFunction("usleep");
            helperName.setString(0, NAME, "US-ASCII");
            if (LinuxLibC.sigfillset(signals) != 0) {
                throw new IllegalStateException("sigfillset failed");
            }
        }
    }

    /**
     * In a parent that spawns a child: starts the reaper thread, once, and has this JVM's exit
     * wait for it ({@link #awaitReaped}). Not on the way of a join: a thread's start costs a
     * fraction of a millisecond.
     */
    static void startReaper() {
        synchronized (REAPING) {
            if (reaper == null) {
                reaper = Threads.start("teardown-reaper", TeardownHelpers::reapForever);
            }
            if (exitWaitRegistered) {
                return;
            }
            exitWaitRegistered = true;
        }
        try {
            Threads.atExit("teardown-reaper-exit", TeardownHelpers::awaitReaped);
        } catch (IllegalStateException shuttingDown) {
            // A child spawned while this JVM exits: its helper is reaped if the JVM lives long
            // enough, else adopted by init, as every process left by an exiting one.
        }
    }

    /**
     * In a parent that has just reaped one of its children: has the reaper thread look for the
     * helper it may have left, and reap it once it ends. Returns at once.
     */
    static void reapSoon() {
        synchronized (REAPING) {
            another = true;
            REAPING.notifyAll();
        }
    }

    private static void reapForever() {
        try {
            while (true) {
                synchronized (REAPING) {
                    while (!another) {
                        idle = true;
                        REAPING.notifyAll();
                        REAPING.wait();
                    }
                    idle = false;
                    another = false;
                }
                // The helper is there, asleep: reading /proc now would take processor time from
                // whatever the parent does once its join returned.
                Thread.sleep(LOOK_DELAY_MILLIS);
                for (int helper : helpers()) {
                    reap(helper);
                }
            }
        } catch (InterruptedException stopped) {
            // Whoever stops this program's threads stops this one: helpers left go to init.
            synchronized (REAPING) {
                reaper = null;
                idle = true;
                REAPING.notifyAll();
            }
        }
    }

    /**
     * At this JVM's exit: waits, a bounded time, until the helpers of the children that just
     * ended are reaped, so that none is left for init to adopt (each ends within
     * {@link #HELPER_MICROS} and its unmapping).
     */
    private static void awaitReaped() {
        long deadline = System.nanoTime() + (HELPER_MICROS + 500_000) * 1000;
        synchronized (REAPING) {
            try {
                while (!(idle && !another)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    REAPING.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * This process's children named {@value #NAME}, running or ended, other than the library's
     * own children not reaped yet (a child's thread bears that name while it makes its helper).
     */
    static List<Integer> helpers() {
        List<Integer> found = new ArrayList<>();
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path thread : threads) {
                String children;
                try {
                    children = Files.readString(thread.resolve("children"));
                } catch (IOException threadEnded) {
                    continue;
                }
                for (String child : children.trim().split(" ")) {
                    if (!child.isEmpty() && !PosixProcesses.isUnreapedChild(Integer.parseInt(child)) && isHelper(child)) {
                        found.add(Integer.parseInt(child));
                    }
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // Nothing to reap that can be found; the helpers are reaped with the next child.
        }
        return found;
    }

    private static boolean isHelper(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            return stat.startsWith(pid + " (" + NAME + ") ");
        } catch (IOException gone) {
            return false;
        }
    }

    /** Waits for a helper to end (it sleeps {@link #HELPER_MICROS}, then unmaps) and reaps it. */
    private static void reap(int helper) {
        try {
            PosixProcesses.waitpid(helper, new int[1], 0);
        } catch (LastErrorException alreadyReaped) {
            // Nothing left to reap.
        }
    }
}
