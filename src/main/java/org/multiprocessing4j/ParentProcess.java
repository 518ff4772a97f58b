package org.multiprocessing4j;

import org.multiprocessing4j.spawn.ParentWatch;

import java.time.Duration;

/**
 * A child's view of its parent: Python's {@code _ParentProcess}. It knows the parent's name and
 * pid, whether it is still alive (the boot pipe has not reached end of stream), and can wait
 * for it to end; it cannot start, terminate or close it.
 */
final class ParentProcess extends Process {
    private static final long serialVersionUID = 1L;
    private final long pid;

    ParentProcess(String name, long pid, byte[] authKey) {
        super(name, new int[0], false, -1, null, authKey);
        this.pid = pid;
    }

    @Override
    public void start() {
        throw new IllegalStateException("cannot start the parent process");
    }

    @Override
    public boolean isAlive() {
        return ParentWatch.isParentAlive();
    }

    @Override
    public Long getPid() {
        return pid;
    }

    @Override
    public Integer getExitCode() {
        return null;
    }

    @Override
    public void join(Duration timeout) throws InterruptedException {
        ParentWatch.awaitParentExit(timeout == null ? -1 : timeout.toMillis());
    }

    @Override
    public Sentinel getSentinel() {
        throw new UnsupportedOperationException("the parent's sentinel is not offered; use join() or isAlive()");
    }

    @Override
    public void terminate() {
        throw new IllegalStateException("cannot terminate the parent process");
    }

    @Override
    public void kill() {
        throw new IllegalStateException("cannot kill the parent process");
    }

    @Override
    public void close() {
        // Nothing is held for the parent.
    }

    @Override
    public String toString() {
        return "<_ParentProcess(" + getName() + ", " + (isAlive() ? "started" : "stopped") + ")>";
    }
}
