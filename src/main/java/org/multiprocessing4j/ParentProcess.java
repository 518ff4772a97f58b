package org.multiprocessing4j;

import org.multiprocessing4j.internal.spawn.ParentWatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * A child's view of its parent: Python's {@code _ParentProcess}. It knows the parent's name and
 * pid, whether it is still alive (this process's parent is still that pid), and can wait
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

    /**
     * A handle that becomes ready when the parent ends, for {@link Multiprocessing#wait}:
     * Python's {@code parent_process().sentinel}. The same one on every call; it stays open as
     * long as this JVM runs. On Linux and Windows it is ready as soon as the parent ends; on
     * macOS (and Linux before 5.3) within a tenth of a second.
     *
     * @throws java.io.UncheckedIOException if the system cannot make one (out of descriptors)
     */
    @Override
    public Sentinel getSentinel() {
        try {
            return new Sentinel(ParentWatch.parentSentinel());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the parent's sentinel: " + e.getMessage(), e);
        }
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
