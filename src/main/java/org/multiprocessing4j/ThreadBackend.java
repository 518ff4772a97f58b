package org.multiprocessing4j;

import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.internal.runtime.Threads;
import org.multiprocessing4j.queues.JoinableQueue;
import org.multiprocessing4j.queues.Queue;
import org.multiprocessing4j.queues.SimpleQueue;
import org.multiprocessing4j.serialization.Serializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code "thread"} context, CPython's {@code multiprocessing.dummy}: a process is a thread
 * of this JVM, queues and pipes pass objects by reference (nothing is serialized), pools run their
 * work on threads ({@code Pool} asks the context's start method). Its serializer is not used.
 */
final class ThreadBackend implements Backend {
    static final ThreadBackend INSTANCE = new ThreadBackend();
    static final String NAME = "thread";

    /** The process each thread of this context runs, for {@link #currentProcess()}. */
    private static final ThreadLocal<Process> CURRENT = new ThreadLocal<>();
    /** The started and not ended, for {@link #activeChildren()}. */
    private static final Set<ThreadRun> LIVE = ConcurrentHashMap.newKeySet();

    private ThreadBackend() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Starts a thread named after the process that runs it; the process forgets its target once it returns. */
    @Override
    public void start(Process process, Context context) {
        ThreadRun run = new ThreadRun(process, currentProcess());
        LIVE.add(run);
        process.started(run);
        try {
            run.thread.start();
        } catch (Error | RuntimeException e) {
            LIVE.remove(run);
            process.started(null);
            throw new ProcessError("cannot start the thread of " + process.getName() + ": " + e, e);
        }
    }

    @Override
    public <E> Queue<E> queue(int maxSize, Serializer serializer) {
        return Queue.forThreads(maxSize);
    }

    @Override
    public <E> JoinableQueue<E> joinableQueue(int maxSize, Serializer serializer) {
        return JoinableQueue.forThreads(maxSize);
    }

    @Override
    public <E> SimpleQueue<E> simpleQueue(Serializer serializer) {
        return SimpleQueue.forThreads();
    }

    @Override
    public Connection[] pipe(boolean duplex, Serializer serializer) {
        return Pipe.forThreads(duplex);
    }


    /** The process of the calling thread if it runs one of this context, else this JVM's. */
    @Override
    public Process currentProcess() {
        Process process = CURRENT.get();
        return process != null ? process : ProcessTable.current();
    }

    /** The live processes of this context that the calling thread's process started. */
    @Override
    public List<Process> activeChildren() {
        Process current = currentProcess();
        List<Process> children = new ArrayList<>();
        for (ThreadRun run : LIVE) {
            if (run.starter == current && run.isAlive()) {
                children.add(run.process);
            }
        }
        return children;
    }

    /** A process's thread. */
    private static final class ThreadRun implements Running {
        private final Process process;
        private final Process starter;
        private final Thread thread;
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();

        ThreadRun(Process process, Process starter) {
            this.process = process;
            this.starter = starter;
            this.thread = Threads.forProcess(process.getName(), process.isDaemon(), this::runProcess);
        }

        private void runProcess() {
            CURRENT.set(process);
            int code = 1;
            try {
                code = process.runToExitCode();
            } finally {
                process.setTarget(null);
                CURRENT.remove();
                LIVE.remove(this);
                exit.complete(code);
            }
        }

        @Override
        public long pid() {
            return ProcessTable.pid();
        }

        @Override
        public Integer exitCode() {
            return exit.getNow(null);
        }

        @Override
        public boolean isAlive() {
            return !exit.isDone();
        }

        @Override
        public Integer waitFor(Duration timeout) throws InterruptedException {
            if (Thread.currentThread() == thread) {
                throw new IllegalStateException("a process cannot join itself");
            }
            try {
                return timeout == null ? exit.get() : exit.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return null;
            } catch (ExecutionException impossible) {
                throw new IllegalStateException(impossible.getCause());
            }
        }

        @Override
        public Sentinel sentinel() {
            throw refused("getSentinel()", "join(Duration) or isAlive() to wait for it");
        }

        @Override
        public void terminate() {
            throw refused("terminate()", "a flag or an Event that its target checks to end it");
        }

        @Override
        public void kill() {
            throw refused("kill()", "a flag or an Event that its target checks to end it");
        }

        private UnsupportedOperationException refused(String method, String instead) {
            return new UnsupportedOperationException(method + " is not available in the thread context: "
                    + process.getName() + " is a thread of this JVM, which cannot be stopped from outside or waited "
                    + "on with a descriptor; use " + instead);
        }

        @Override
        public void close() {
            // A thread holds nothing to release.
        }
    }
}
