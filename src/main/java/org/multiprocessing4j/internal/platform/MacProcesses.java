package org.multiprocessing4j.internal.platform;

import com.sun.jna.platform.mac.SystemB;
import com.sun.jna.ptr.IntByReference;

/**
 * macOS: a child is watched through a pipe whose write end only the child holds, and signalled
 * by pid (never after its reap, which {@link ChildProcess} rules out). A process that is not a
 * child cannot be watched.
 */
final class MacProcesses extends PosixProcesses {
    private static final String[] SIGNALS = {
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGEMT", "SIGFPE",
        "SIGKILL", "SIGBUS", "SIGSEGV", "SIGSYS", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGURG",
        "SIGSTOP", "SIGTSTP", "SIGCONT", "SIGCHLD", "SIGTTIN", "SIGTTOU", "SIGIO", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGINFO", "SIGUSR1", "SIGUSR2",
    };
    private static final int WEXITED = 0x04;
    private static final int WNOWAIT = 0x20;

    MacProcesses(PosixDescriptors descriptors) {
        super(new MacSpawn(), descriptors, SIGNALS, WEXITED | WNOWAIT);
    }

    @Override
    boolean needsSentinelPipe() {
        return true;
    }

    @Override
    long sentinelFor(int pid, int[] sentinelPipe) {
        return sentinelPipe[0];
    }

    @Override
    void sendSignal(int pid, long sentinel, boolean sentinelIsPidfd, int signal) {
        killPid(pid, signal);
    }

    /** The idle column of HOST_CPU_LOAD_INFO, in the scheduler's ticks (100 a second). */
    @Override
    public long idleProcessorNanos() {
        SystemB.HostCpuLoadInfo load = new SystemB.HostCpuLoadInfo();
        IntByReference count = new IntByReference(load.size() / Integer.BYTES);
        if (SystemB.INSTANCE.host_statistics(SystemB.INSTANCE.mach_host_self(), SystemB.HOST_CPU_LOAD_INFO, load, count) != 0) {
            return -1;
        }
        return Integer.toUnsignedLong(load.cpu_ticks[SystemB.CPU_STATE_IDLE]) * NANOS_PER_TICK;
    }

    private static final long NANOS_PER_TICK = 10_000_000;

    @Override
    public long exitHandle(long pid) {
        throw new UnsupportedOperationException("this system cannot watch a process that is not a child");
    }
}
