package org.multiprocessing4j.internal.platform;

/** A child on Linux or macOS: its pid and its sentinel (a pidfd or a pipe's read end). */
final class PosixChild extends StartedChild {
    private final PosixPlatform platform;
    private final int pid;
    private final boolean sentinelIsPidfd;
    /** Set under ChildProcess's lock; a released pidfd number may belong to someone else. */
    private boolean released;
    private Integer polledCode;

    PosixChild(PosixPlatform platform, int pid, long sentinel, boolean sentinelIsPidfd, long[] inheritedInChild) {
        super(pid, sentinel, inheritedInChild);
        this.platform = platform;
        this.pid = pid;
        this.sentinelIsPidfd = sentinelIsPidfd;
    }

    @Override
    public void awaitExit() {
        platform.awaitExit(pid);
    }

    @Override
    public int reap() {
        return polledCode != null ? polledCode : platform.reap(pid);
    }

    @Override
    public Integer pollExit() {
        if (polledCode == null) {
            polledCode = platform.reapIfEnded(pid);
        }
        return polledCode;
    }

    @Override
    public void signal(int signal) {
        // Unreaped (ChildProcess checks under its lock), so the pid cannot have been reused.
        platform.sendSignal(pid, sentinel(), sentinelIsPidfd && !released, signal);
    }

    @Override
    public void terminate() {
        signal(PosixPlatform.SIGTERM);
    }

    @Override
    public void kill() {
        signal(PosixPlatform.SIGKILL);
    }

    @Override
    public void release() {
        released = true;
        platform.close(sentinel());
    }
}
