package org.multiprocessing4j;

import org.multiprocessing4j.internal.platform.ChildProcess;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Any program as a child process, with what this library gives its own children: a real pid,
 * an exit code that reads {@code -N} when signal N killed it, and a sentinel that becomes ready
 * when it ends (for {@link Multiprocessing#wait}). No zombie is left: each child is reaped as
 * soon as it ends, and a pid is never signalled after it was reaped (and perhaps reused).
 * CPython's counterpart is {@code subprocess.Popen} with {@code pass_fds}.
 *
 * <pre>{@code
 * try (NativeChild child = NativeChild.builder(List.of("sleep", "100")).start()) {
 *     child.terminate();
 *     int code = child.waitFor();   // -15
 * }
 * }</pre>
 */
public final class NativeChild implements AutoCloseable {
    private final ChildProcess child;

    private NativeChild(ChildProcess child) {
        this.child = child;
    }

    /** A builder for a child that runs {@code command} (looked up on PATH when it has no slash). */
    public static Builder builder(List<String> command) {
        return new Builder(command);
    }

    /** The process id. */
    public long pid() {
        return child.pid();
    }

    /** A handle that becomes ready when the child ends; valid until {@link #close()}. */
    public Sentinel sentinel() {
        return new Sentinel(child.sentinel());
    }

    /**
     * How the child sees the descriptors given to {@link Builder#inherit}, in that order (POSIX:
     * 3, 4, 5…; Windows: the same handle values).
     */
    public long[] inheritedInChild() {
        return child.inheritedInChild();
    }

    /** The exit code if the child has ended, else null; never blocks. */
    public Integer exitCode() {
        return child.exitCode();
    }

    /** Whether the child has not ended yet. */
    public boolean isAlive() {
        return child.isAlive();
    }

    /** Completes with the exit code when the child ends. */
    public CompletableFuture<Integer> onExit() {
        return child.onExit();
    }

    /** Waits for the child to end and returns its exit code. */
    public int waitFor() throws InterruptedException {
        return child.waitFor();
    }

    /**
     * Waits at most {@code timeout} for the child to end.
     *
     * @param timeout how long to wait; null waits for ever
     * @return the exit code, or null if the child is still running
     */
    public Integer waitFor(Duration timeout) throws InterruptedException {
        return child.waitFor(timeout);
    }

    /** Sends signal {@code signal} (POSIX numbering); does nothing once the child has ended. */
    public void signal(int signal) {
        child.signal(signal);
    }

    /** SIGTERM on POSIX, TerminateProcess on Windows; does nothing once the child has ended. */
    public void terminate() {
        child.terminate();
    }

    /** SIGKILL on POSIX, TerminateProcess on Windows; does nothing once the child has ended. */
    public void kill() {
        child.kill();
    }

    /**
     * Releases the sentinel. The child is neither stopped nor waited for; it is still reaped
     * when it ends.
     */
    @Override
    public void close() {
        child.close();
    }

    @Override
    public String toString() {
        Integer code = exitCode();
        return "NativeChild[pid=" + pid() + (code == null ? ", running" : ", exit code " + code) + "]";
    }

    /** Collects a command, a standard input and inherited descriptors, then starts the child. */
    public static final class Builder {
        private final ChildProcess.Builder builder;

        private Builder(List<String> command) {
            this.builder = ChildProcess.builder(command);
        }

        /** Makes descriptor (Windows: handle) {@code handle} the child's standard input. */
        public Builder stdin(long handle) {
            builder.stdin(handle);
            return this;
        }

        /** Hands {@code handle} to the child; {@link NativeChild#inheritedInChild()} says its number there. */
        public Builder inherit(long handle) {
            builder.inherit(handle);
            return this;
        }

        /** Starts the child; a missing program fails here with the system's reason. */
        public NativeChild start() throws IOException {
            return new NativeChild(builder.start());
        }
    }
}
