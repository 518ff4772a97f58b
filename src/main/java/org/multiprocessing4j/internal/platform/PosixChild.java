package org.multiprocessing4j.internal.platform;

/** A child on Linux or macOS: its pid and its sentinel (a pidfd or a pipe's read end). */
final class PosixChild extends StartedChild {
    private final PosixProcesses processes;
    private final int pid;
    private final boolean sentinelIsPidfd;
    /** Set under ChildProcess's lock; a released pidfd number may belong to someone else. */
    private boolean released;
    private Integer polledCode;

    PosixChild(PosixProcesses processes, int pid, long sentinel, boolean sentinelIsPidfd, long[] inheritedInChild) {
        super(pid, sentinel, inheritedInChild);
        this.processes = processes;
        this.pid = pid;
        this.sentinelIsPidfd = sentinelIsPidfd;
    }

    @Override
    public void awaitExit() {
        processes.awaitExit(pid);
    }

    @Override
    public int reap() {
        return polledCode != null ? polledCode : processes.reap(pid);
    }

    @Override
    public Integer pollExit() {
        if (polledCode == null) {
            polledCode = processes.reapIfEnded(pid);
        }
        return polledCode;
    }

    @Override
    public void signal(int signal) {
        // Unreaped (ChildProcess checks under its lock), so the pid cannot have been reused.
        processes.sendSignal(pid, sentinel(), sentinelIsPidfd && !released, signal);
    }

    @Override
    public void terminate() {
        signal(SIGTERM);
    }

    @Override
    public void kill() {
        signal(SIGKILL);
    }

    @Override
    public void release() {
        released = true;
        processes.release(sentinel());
    }
}
