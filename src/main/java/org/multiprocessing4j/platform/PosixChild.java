package org.multiprocessing4j.platform;

/** A child on Linux or macOS: its pid and its sentinel (a pidfd or a pipe's read end). */
final class PosixChild implements ChildControl {
    private final PosixPlatform platform;
    private final int pid;
    private final long sentinel;
    private final boolean sentinelIsPidfd;
    private final long[] inheritedInChild;

    PosixChild(PosixPlatform platform, int pid, long sentinel, boolean sentinelIsPidfd, long[] inheritedInChild) {
        this.platform = platform;
        this.pid = pid;
        this.sentinel = sentinel;
        this.sentinelIsPidfd = sentinelIsPidfd;
        this.inheritedInChild = inheritedInChild;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public long sentinel() {
        return sentinel;
    }

    @Override
    public long[] inheritedInChild() {
        return inheritedInChild;
    }

    @Override
    public void awaitExit() {
        platform.awaitExit(pid);
    }

    @Override
    public int reap() {
        return platform.reap(pid);
    }

    @Override
    public void signal(int signal) {
        platform.sendSignal(pid, sentinel, sentinelIsPidfd, signal);
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
        platform.close(sentinel);
    }
}
