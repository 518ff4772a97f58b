package org.multiprocessing4j;

import org.multiprocessing4j.internal.runtime.CurrentProcess;
import org.multiprocessing4j.internal.runtime.Log;
import org.multiprocessing4j.internal.runtime.Trace;
import org.multiprocessing4j.function.Target;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Activity run in a separate OS process: Python's {@code multiprocessing.Process}. The child is
 * a fresh JVM that receives this object (serialized) and calls {@link #run()}, which runs the
 * {@link Target} given to the constructor, or whatever a subclass puts there.
 *
 * <pre>{@code
 * Process p = new Process(() -> System.out.println("Hello Bob"));
 * p.start();
 * p.join();
 * }</pre>
 *
 * <p>The Python attributes are Java getters and setters, with the names of {@code processing}
 * 0.52: {@code name} → {@link #getName()}, {@code daemon} → {@link #isDaemon()},
 * {@code pid} → {@link #getPid()}, {@code exitcode} → {@link #getExitCode()},
 * {@code authkey} → {@link #getAuthKey()}, {@code sentinel} → {@link #getSentinel()},
 * {@code is_alive()} → {@link #isAlive()}. Misuse that Python reports with an
 * {@code AssertionError} or {@code ValueError} throws {@link IllegalStateException} here, with
 * Python's message.
 *
 * <p>Made through {@code Multiprocessing.context("thread")} ({@code ctx.process(...)} or the
 * builder's {@code context}), the process runs on a thread of this JVM instead, as CPython's
 * {@code multiprocessing.dummy.Process}: nothing is serialized, {@link #getPid()} is this JVM's
 * pid, and {@link #terminate()}, {@link #kill()} and {@link #getSentinel()} throw
 * {@link UnsupportedOperationException}; see {@link Context}.
 *
 * <p>A subclass must stay serializable; its fields travel to the child with it. As in Python,
 * {@code start()}, {@code join()}, {@code isAlive()}, {@code terminate()} and
 * {@code getExitCode()} are meant for the process that created the object.
 */
public class Process implements Serializable {
    private static final long serialVersionUID = 1L;

    private Target target;
    private String name;
    private final int[] identity;
    private boolean daemon;
    private final long parentPid;
    private final String parentName;
    private transient byte[] authKey;
    private transient Context context;
    private transient volatile Running child;
    private transient volatile boolean closed;

    /** A process that runs nothing unless a subclass overrides {@link #run()}. */
    public Process() {
        this(null, null, null, null);
    }

    /** A process that runs {@code target}: {@code Process(target=...)}. */
    public Process(Target target) {
        this(target, null, null, null);
    }

    /** A process that runs {@code target} under {@code name} ({@code null}: generated). */
    public Process(Target target, String name) {
        this(target, name, null, null);
    }

    /**
     * The keyword constructor of Python: {@code Process(target, name, daemon=...)}.
     *
     * @param target what to run, or null
     * @param name   the name, or null for {@code <Class>-N1:N2:…}
     * @param daemon the daemon flag, or null to inherit the current process's
     */
    public Process(Target target, String name, Boolean daemon) {
        this(target, name, daemon, null);
    }

    Process(Target target, String name, Boolean daemon, Context context) {
        Process current = ProcessTable.current();
        this.identity = ProcessTable.nextIdentity();
        this.target = target;
        this.daemon = daemon != null ? daemon : current.daemon;
        this.parentPid = ProcessTable.pid();
        this.parentName = current.name;
        this.authKey = current.getAuthKey();
        this.context = context != null ? context : Context.DEFAULT;
        this.name = name != null ? name : defaultName(getClass(), identity);
    }

    /** The main process, or a child's view of itself or of its parent. */
    Process(String name, int[] identity, boolean daemon, long parentPid, String parentName, byte[] authKey) {
        this.identity = identity;
        this.name = name;
        this.daemon = daemon;
        this.parentPid = parentPid;
        this.parentName = parentName;
        this.authKey = authKey;
        this.context = Context.DEFAULT;
    }

    /**
     * A process as a child decodes one, whose target does nothing: what spares decode while they
     * wait ({@code SpawnBackend}). Not numbered and not registered, so that decoding it in a
     * spare changes nothing its child could see.
     */
    static Process sample() {
        Process sample = new Process("sample", new int[0], false, 0, null, new byte[0]);
        sample.setTarget(() -> { });
        return sample;
    }

    /** A builder for the keyword-style constructor: target, name, daemon and context. */
    public static Builder builder() {
        return new Builder();
    }

    private static String defaultName(Class<?> type, int[] identity) {
        String simple = type.getSimpleName().isEmpty() ? "Process" : type.getSimpleName();
        StringBuilder name = new StringBuilder(simple).append('-');
        for (int i = 0; i < identity.length; i++) {
            name.append(i == 0 ? "" : ":").append(identity[i]);
        }
        return name.toString();
    }

    /**
     * The process's activity; by default runs the target. Override it in a subclass. An
     * exception ends the child with exit code 1 after printing its stack trace.
     */
    public void run() throws Exception {
        if (target != null) {
            target.run();
        }
    }

    /**
     * Starts the child (a thread in the thread context). As in Python, it returns without
     * waiting for the child to boot, so several children boot in parallel; a child that cannot
     * read its target prints why on standard error and ends with exit code 1.
     *
     * @throws IllegalStateException if started before, closed, created by another process, or
     *                               if the current process is daemonic (a child JVM only)
     * @throws org.multiprocessing4j.serialization.SerializationException if this process (its
     *         target, or a subclass's fields) cannot be serialized; nothing is left running
     * @throws ProcessError if the child JVM could not be started (no such {@code java}, a class
     *                      path without this library); the message says why
     */
    public void start() {
        Trace.mark("start");
        checkNotClosed();
        synchronized (this) {
            if (child != null) {
                throw new IllegalStateException("cannot start a process twice");
            }
            if (parentPid != ProcessTable.pid()) {
                throw new IllegalStateException("can only start a process object created by current process");
            }
            context.backend().start(this, context);
        }
    }

    /**
     * Records how the process runs: called by its backend before the activity can see this
     * object (a thread that joins or asks {@code isAlive()} of its own process finds it started).
     */
    void started(Running running) {
        child = running;
    }

    /**
     * Waits until the process ends. A process can be joined many times.
     *
     * @throws IllegalStateException before {@link #start()}, for the current process, or from a
     *                               process other than the one that started it
     * @throws InterruptedException  if the calling thread is interrupted while it waits
     */
    public void join() throws InterruptedException {
        join(null);
    }

    /**
     * Waits at most {@code timeout} for the process to end; returns either way, so check
     * {@link #getExitCode()} or {@link #isAlive()}. A null timeout waits for ever.
     */
    public void join(Duration timeout) throws InterruptedException {
        checkNotClosed();
        if (this == ProcessTable.current()) {
            throw new IllegalStateException("a process cannot join itself");
        }
        if (parentPid != ProcessTable.pid()) {
            throw new IllegalStateException("can only join a child process");
        }
        Running launched = child;
        if (launched == null) {
            throw new IllegalStateException("can only join a started process");
        }
        if (launched.waitFor(timeout) != null) {
            if (Trace.ON) {
                Trace.mark("joined " + launched.pid());
            }
            ProcessTable.discard(this);
        }
    }

    /** Whether the process has started and not yet ended. */
    public boolean isAlive() {
        checkNotClosed();
        if (this == ProcessTable.current()) {
            return true;
        }
        Running launched = child;
        if (launched == null || parentPid != ProcessTable.pid()) {
            return false;
        }
        boolean alive = launched.isAlive();
        if (!alive) {
            ProcessTable.discard(this);
        }
        return alive;
    }

    /** The name, used for identification only ({@code name}). */
    public String getName() {
        return name;
    }

    /** Renames the process; a started child keeps the name it was started with. */
    public void setName(String name) {
        this.name = Objects.requireNonNull(name, "name");
        if (this == ProcessTable.current()) {
            CurrentProcess.setName(name);
        }
    }

    /** The daemon flag ({@code daemon}): a daemonic child is terminated when its parent exits. */
    public boolean isDaemon() {
        return daemon;
    }

    /**
     * Sets the daemon flag before {@link #start()}.
     *
     * @throws IllegalStateException once started
     */
    public void setDaemon(boolean daemonic) {
        if (child != null) {
            throw new IllegalStateException("process has already started");
        }
        this.daemon = daemonic;
    }

    /** The process id, or null before the process has started ({@code pid}). */
    public Long getPid() {
        checkNotClosed();
        if (this == ProcessTable.current()) {
            return ProcessTable.pid();
        }
        Running launched = child;
        return launched == null ? null : launched.pid();
    }

    /**
     * The exit code ({@code exitcode}): null until the process has ended; -N when signal N
     * ended it; 1 when {@link #run()} threw.
     */
    public Integer getExitCode() {
        checkNotClosed();
        Running launched = child;
        return launched == null ? null : launched.exitCode();
    }

    /** A copy of the authentication key ({@code authkey}), inherited from the creating process. */
    public byte[] getAuthKey() {
        return this == ProcessTable.current() ? CurrentProcess.authKey() : authKey.clone();
    }

    /**
     * Replaces the authentication key; the child starts with the key set at its start. A null
     * key makes a new random one, as {@code setAuthKey(None)} does in {@code processing}.
     */
    public void setAuthKey(byte[] key) {
        this.authKey = key != null ? key.clone() : CurrentProcess.newAuthKey();
        if (this == ProcessTable.current()) {
            CurrentProcess.setAuthKey(this.authKey);
        }
    }

    /**
     * A handle that becomes ready when the process ends ({@code sentinel}), for
     * {@link Multiprocessing#wait(java.util.Collection, Duration)}.
     *
     * @throws IllegalStateException before {@link #start()}
     * @throws UnsupportedOperationException in the thread context: a thread has no descriptor
     */
    public Sentinel getSentinel() {
        return started().sentinel();
    }

    /**
     * Ends the process with SIGTERM (Windows: TerminateProcess); no exit handlers or finally
     * blocks run in it, and its exit code reads -15. Does nothing once it has ended.
     *
     * @throws UnsupportedOperationException in the thread context: a thread cannot be stopped
     *                                       from outside
     */
    public void terminate() {
        started().terminate();
    }

    /**
     * Ends the process with SIGKILL; its exit code reads -9. Does nothing once it has ended.
     *
     * @throws UnsupportedOperationException in the thread context
     */
    public void kill() {
        started().kill();
    }

    private Running started() {
        checkNotClosed();
        Running launched = child;
        if (launched == null) {
            throw new IllegalStateException("process not started");
        }
        return launched;
    }

    /**
     * Releases the process's descriptors; most methods then throw. Python's {@code close()}.
     *
     * @throws IllegalStateException if the process is still running
     */
    public void close() {
        if (closed) {
            return;
        }
        Running launched = child;
        if (launched != null) {
            if (launched.isAlive()) {
                throw new IllegalStateException("Cannot close a process while it is still running. "
                        + "You should first call join() or terminate().");
            }
            launched.close();
            ProcessTable.discard(this);
        }
        closed = true;
    }

    /** Whether the child has ended or its object was closed; never throws (the exit function's view). */
    boolean hasEnded() {
        Running launched = child;
        return closed || launched != null && launched.exitCode() != null;
    }

    /** Waits for the child to end unless its object is (or gets) closed: the exit function's join. */
    void joinUnlessClosed() throws InterruptedException {
        Running launched = child;
        if (!closed && launched != null) {
            launched.waitFor(null);
        }
    }

    /**
     * Runs {@link #run()} as a process's main does: 0 on return, 1 after an exception, whose
     * stack trace goes to standard error under the process's name, as CPython's
     * {@code _bootstrap} prints it.
     */
    int runToExitCode() {
        try {
            run();
            return 0;
        } catch (Throwable t) {
            System.err.println("Process " + name + ":");
            t.printStackTrace();
            return 1;
        }
    }

    private void checkNotClosed() {
        if (closed) {
            throw new IllegalStateException("process object is closed");
        }
    }

    int[] identity() {
        return identity.clone();
    }

    long parentPid() {
        return parentPid;
    }

    String parentName() {
        return parentName;
    }

    Target target() {
        return target;
    }

    void setTarget(Target target) {
        this.target = target;
    }

    void restoreInChild(byte[] key) {
        this.authKey = key;
        this.context = Context.DEFAULT;
    }

    /** The text of CPython's {@code Process.__repr__}: {@code <Process(Process-1, started daemon)>}. */
    @Override
    public String toString() {
        String status;
        Running launched = child;
        if (this == ProcessTable.current()) {
            status = "started";
        } else if (closed) {
            status = "closed";
        } else if (parentPid != ProcessTable.pid()) {
            status = "unknown";
        } else if (launched == null) {
            status = "initial";
        } else {
            Integer code = launched.exitCode();
            status = code == null ? "started" : stoppedStatus(code);
        }
        String type = getClass().getSimpleName().isEmpty() ? "Process" : getClass().getSimpleName();
        return "<" + type + "(" + name + ", " + status + (daemon ? " daemon" : "") + ")>";
    }

    private static String stoppedStatus(int code) {
        if (code == 0) {
            return "stopped";
        }
        String signal = code < 0 ? org.multiprocessing4j.internal.platform.Platform.processes().signalName(-code) : null;
        return "stopped[" + (signal != null ? signal : Integer.toString(code)) + "]";
    }

    /** Python's keyword arguments for {@link Process}: target, name, daemon, context. */
    public static final class Builder {
        private Target target;
        private String name;
        private Boolean daemon;
        private Context context;

        private Builder() {
        }

        /** What the process runs. */
        public Builder target(Target target) {
            this.target = target;
            return this;
        }

        /** The process name (default: generated). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The daemon flag (default: the current process's). */
        public Builder daemon(boolean daemon) {
            this.daemon = daemon;
            return this;
        }

        /** The context that decides how the child JVM is launched. */
        public Builder context(Context context) {
            this.context = context;
            return this;
        }

        /** Creates the process (not started). */
        public Process build() {
            return new Process(target, name, daemon, context);
        }
    }
}
