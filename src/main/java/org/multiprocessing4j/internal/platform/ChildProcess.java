package org.multiprocessing4j.internal.platform;

import org.multiprocessing4j.internal.runtime.Threads;
import org.multiprocessing4j.internal.runtime.Trace;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child process with a real pid, an exit code that reads {@code -N} when signal N killed it,
 * and a sentinel descriptor that becomes ready when it ends.
 *
 * <p>Each child has a reaper thread that waits for its end without reaping, then reaps it under
 * the same lock that guards signals. So a child never stays a zombie, its exit code is known as
 * soon as it ends, and a pid is never signalled after it has been reaped (and perhaps reused).
 *
 * <p>An interrupt of the reaper does not stop it by default: the exit code that {@link
 * #waitFor()} and {@link #onExit()} (and so {@code Process.join()}) wait for, and the reap that
 * frees the pid, are its work, and a reaper that left would leave them waiting for ever and the
 * child a zombie (the JDK's own process reapers ignore interrupts for the same reason). Its
 * wait is in native code, which an interrupt does not reach anyway; the reaper ends as soon as
 * the child does. The owner of a child that may simply be ended, an idle spare JVM, says so
 * with {@link #onReaperInterrupt}: an interrupt then ends the child, and the reaper reaps it and
 * ends at once.
 *
 * <pre>{@code
 * try (ChildProcess child = ChildProcess.builder(List.of("sleep", "100")).start()) {
 *     child.terminate();
 *     int code = child.waitFor();   // -15
 * }
 * }</pre>
 */
public final class ChildProcess implements AutoCloseable {
    private static final long REAPER_STACK_SIZE = 256 * 1024;

    private final ChildControl control;
    private final Object lock = new Object();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private Integer exitCode;
    private boolean released;
    private volatile Runnable onReaperInterrupt;

    ChildProcess(ChildControl control) {
        this.control = control;
        Threads.daemon("reaper-" + control.pid(), this::reapWhenEnded, REAPER_STACK_SIZE, this::reaperInterrupted).start();
    }

    /**
     * Makes an interrupt of this child's reaper thread run {@code action} (in the interrupting
     * thread): for a child its owner may end when the program's threads are being stopped, so
     * that the reaper, which waits for the child's end, ends too. Without it an interrupt leaves
     * the reaper waiting (see the class comment).
     */
    public void onReaperInterrupt(Runnable action) {
        onReaperInterrupt = action;
    }

    private void reaperInterrupted() {
        Runnable action = onReaperInterrupt;
        if (action != null) {
            action.run();
        }
    }

    /** A builder for a child that runs {@code command} (looked up on PATH when it has no slash). */
    public static Builder builder(List<String> command) {
        return new Builder(command);
    }

    private void reapWhenEnded() {
        int code;
        try {
            control.awaitExit();
            if (Trace.ON) {
                Trace.mark("ended " + control.pid());
            }
            synchronized (lock) {
                code = control.reap();
                if (exitCode == null) {
                    exitCode = code;
                }
                code = exitCode;
            }
        } catch (RuntimeException | Error e) {
            exit.completeExceptionally(e);
            return;
        }
        // An interrupt has done its work (reaperInterrupted): what runs on the exit (its
        // dependents run in this thread) must not find it set.
        Thread.interrupted();
        exit.complete(code);
    }

    /** The process id. */
    public long pid() {
        return control.pid();
    }

    /**
     * The descriptor (POSIX) or handle (Windows) that becomes ready when the child ends; valid
     * until {@link #close()}.
     */
    public long sentinel() {
        return control.sentinel();
    }

    /** How the child sees the descriptors of {@link SpawnRequest#inherited()}, in that order. */
    public long[] inheritedInChild() {
        return control.inheritedInChild().clone();
    }

    /** The exit code if the child has ended, else null; never blocks. */
    public Integer exitCode() {
        synchronized (lock) {
            if (exitCode == null) {
                exitCode = control.pollExit();
                if (exitCode != null) {
                    exit.complete(exitCode);
                }
            }
            return exitCode;
        }
    }

    /** Whether the child has not ended yet. */
    public boolean isAlive() {
        return exitCode() == null;
    }

    /** Completes with the exit code when the child ends. */
    public CompletableFuture<Integer> onExit() {
        return exit.copy();
    }

    /** Waits for the child to end and returns its exit code. */
    public int waitFor() throws InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not wait for pid " + pid(), e.getCause());
        }
    }

    /**
     * Waits at most {@code timeout} for the child to end.
     *
     * @param timeout how long to wait; null waits for ever
     * @return the exit code, or null if the child is still running
     */
    public Integer waitFor(Duration timeout) throws InterruptedException {
        if (timeout == null) {
            return waitFor();
        }
        try {
            return exit.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not wait for pid " + pid(), e.getCause());
        }
    }

    /** Sends signal {@code signal} (POSIX numbering); does nothing once the child has ended. */
    public void signal(int signal) {
        synchronized (lock) {
            if (exitCode == null) {
                control.signal(signal);
            }
        }
    }

    /** SIGTERM on POSIX, TerminateProcess on Windows; does nothing once the child has ended. */
    public void terminate() {
        synchronized (lock) {
            if (exitCode == null) {
                control.terminate();
            }
        }
    }

    /** SIGKILL on POSIX, TerminateProcess on Windows; does nothing once the child has ended. */
    public void kill() {
        synchronized (lock) {
            if (exitCode == null) {
                control.kill();
            }
        }
    }

    /**
     * Releases the sentinel. The child itself is neither stopped nor waited for; it is still
     * reaped when it ends, and signals still reach it (never another process that got the
     * sentinel's number since).
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (!released) {
                released = true;
                control.release();
            }
        }
    }

    /** Collects a command, a standard input and inherited descriptors, then starts the child. */
    public static final class Builder {
        private final List<String> command;
        private long stdin = -1;
        private final List<Long> inherited = new ArrayList<>();

        private Builder(List<String> command) {
            this.command = List.copyOf(command);
        }

        /** Makes {@code handle} the child's standard input (the parent's stays untouched). */
        public Builder stdin(long handle) {
            this.stdin = handle;
            return this;
        }

        /** Hands {@code handle} to the child; see {@link SpawnRequest} for its number there. */
        public Builder inherit(long handle) {
            inherited.add(handle);
            return this;
        }

        /** Starts the child; a missing program fails here with the system's reason. */
        public ChildProcess start() throws IOException {
            return Platform.processes().spawn(SpawnRequest.of(command, stdin, inherited));
        }
    }
}
