package org.multiprocessing4j.pool;

import org.multiprocessing4j.internal.engine.Work;
import org.multiprocessing4j.internal.engine.Batch;
import org.multiprocessing4j.internal.engine.Engine;
import org.multiprocessing4j.internal.runtime.Features;
import org.multiprocessing4j.internal.runtime.LazyLogger;
import org.multiprocessing4j.internal.runtime.Log;
import org.multiprocessing4j.internal.runtime.Threads;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.ProcessError;
import org.multiprocessing4j.Sentinel;
import org.multiprocessing4j.function.Target;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;
import org.multiprocessing4j.internal.spawn.Spares;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine of a {@link Pool}, kept apart from it so that a pool dropped without closing can be
 * cleaned up: nothing here refers to the {@code Pool} object.
 *
 * <p>Each worker has its own duplex pipe and holds at most one job at a time, so that when a
 * worker dies the pool knows exactly which job it held. Jobs are sent by the thread that
 * submits them when a worker is idle, and otherwise by the result-handling thread as workers
 * answer (before it decodes the answer, so that the worker does not wait for that). That thread
 * waits on every worker's connection and sentinel: an answer completes a job, a sentinel (or an
 * end of file) tells that the worker ended; the job it held then fails with a
 * {@link WorkerDiedException} and a new worker takes its place.
 */
final class PoolCore implements Engine {
    private static final LazyLogger LOG = Log.of("pool");
    private static final AtomicInteger WORKER_NUMBERS = new AtomicInteger();

    private enum State { RUNNING, CLOSING, TERMINATED }

    /** A worker process as the parent sees it. */
    private static final class WorkerHandle {
        final Process process;
        final Connection connection;
        final Sentinel sentinel;
        final String name;
        final long pid;
        final FunctionSlots functions = new FunctionSlots();
        Job job;
        int sent;
        boolean stopping;

        WorkerHandle(Process process, Connection connection) {
            this.process = process;
            this.connection = connection;
            this.sentinel = process.getSentinel();
            this.name = process.getName();
            this.pid = process.getPid();
        }
    }

    /**
     * One chunk waiting for, or held by, a worker: its function's bytes, and its arguments' bytes
     * with room for the message header ({@link Worker#job}). It is sent once, to one worker.
     */
    private static final class Job {
        final long id;
        final Batch batch;
        final int index;
        final FunctionSlots.Key function;
        final byte[] arguments;

        Job(long id, Batch batch, int index, FunctionSlots.Key function, byte[] arguments) {
            this.id = id;
            this.batch = batch;
            this.index = index;
            this.function = function;
            this.arguments = arguments;
        }

        /** The message for {@code worker}, which is sent the function unless it keeps it already. */
        byte[] messageFor(WorkerHandle worker) {
            int slot = worker.functions.find(function);
            if (slot >= 0) {
                return Worker.job(id, slot, null, arguments);
            }
            return Worker.job(id, worker.functions.assign(function), function.bytes, arguments);
        }
    }

    private final int size;
    private final Target initializer;
    private final int maxTasksPerChild;
    private final Context context;
    /** The context's: it writes jobs and reads results here, and is the workers' default there. */
    private final Serializer serializer;
    private final Object lock = new Object();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final List<WorkerHandle> workers = new ArrayList<>();
    private final Thread handler;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private State state = State.RUNNING;
    private long nextJobId;
    /**
     * Calls still encoding their chunks: a {@code close()} meanwhile stops no worker, as
     * CPython's pool runs every task of a call made before it was closed.
     */
    private int submitting;

    PoolCore(int size, Target initializer, int maxTasksPerChild, Context context) {
        this.size = size;
        this.initializer = initializer;
        this.maxTasksPerChild = maxTasksPerChild;
        this.context = context;
        this.serializer = context.getSerializer();
        WarmUp.startInParent(serializer);
        // Before the workers take idle spares: the spares that replace them then rebuild a
        // lambda while they wait, which a later pool's workers would otherwise do at their start.
        Features.markUsed(Features.POOL_FUNCTIONS);
        try {
            for (int i = 0; i < size; i++) {
                workers.add(startWorker());
            }
        } catch (RuntimeException e) {
            stopWorkers();
            throw e;
        }
        handler = Threads.start("pool-results", this::handleResults);
    }

    @Override
    public int size() {
        return size;
    }

    private WorkerHandle startWorker() {
        Connection[] ends;
        try {
            ends = Pipe.open(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Process process = context.process(new Worker(ends[1], initializer, maxTasksPerChild),
                    "SpawnPoolWorker-" + WORKER_NUMBERS.incrementAndGet());
            process.setDaemon(true);
            // A worker may be a spare JVM, but replacing it now would boot JVMs beside the work.
            Spares.withoutReplenishing(() -> {
                process.start();
                return null;
            });
            return new WorkerHandle(process, ends[0]);
        } catch (RuntimeException e) {
            ends[0].close();
            throw e;
        } finally {
            ends[1].close();
        }
    }

    /** The pids of the current workers. */
    @Override
    public List<Long> workerPids() {
        synchronized (lock) {
            List<Long> pids = new ArrayList<>();
            for (WorkerHandle worker : workers) {
                pids.add(worker.pid);
            }
            return pids;
        }
    }

    /**
     * Queues {@code works} as the chunks 0..n-1 of {@code batch}, each as soon as it is encoded
     * (an idle worker starts on the first while the next is encoded). A chunk that cannot be
     * serialized fails at once, alone; chunks encoded after the pool was terminated fail with a
     * {@link ProcessError}, as the ones it had queued do.
     *
     * @throws IllegalStateException if the pool is closed or terminated
     */
    @Override
    public void submit(Batch batch, List<Work> works) {
        synchronized (lock) {
            if (state != State.RUNNING) {
                throw new IllegalStateException("Pool not running");
            }
            submitting++;
        }
        try {
            queueAsEncoded(batch, works);
        } finally {
            synchronized (lock) {
                submitting--;
                if (state == State.CLOSING) {
                    dispatch(); // the workers a close() left running for this call may stop now
                }
            }
        }
    }

    private void queueAsEncoded(Batch batch, List<Work> works) {
        List<Runnable> failures = new ArrayList<>();
        FunctionSlots.Key function = null;
        for (int i = 0; i < works.size(); i++) {
            Work work = works.get(i);
            int index = i;
            byte[] arguments;
            try {
                // The chunks of one call share their function: it is serialized once.
                if (function == null || work.function() != works.get(i - 1).function()) {
                    function = FunctionCodec.key(work.function(), serializer);
                }
                arguments = Values.encode(work.arguments(), Worker.JOB_HEADER, serializer);
            } catch (SerializationException e) {
                function = null;
                failures.add(() -> batch.chunkFailed(index, new SerializationException(
                        "the task cannot be sent to a worker: " + e.getMessage(), e)));
                continue;
            }
            // Each chunk is queued as soon as it is encoded: an idle worker starts on the first
            // while this thread encodes the next.
            synchronized (lock) {
                if (state == State.TERMINATED) {
                    failures.add(() -> batch.chunkFailed(index, new ProcessError("the pool was terminated")));
                    continue;
                }
                queue.add(new Job(nextJobId++, batch, i, function, arguments));
                dispatch();
            }
        }
        failures.forEach(Runnable::run);
    }

    /** Gives queued jobs to idle workers; when closing, tells idle workers with nothing left to stop. Holds the lock. */
    private void dispatch() {
        for (WorkerHandle worker : workers) {
            if (worker.job != null || worker.stopping
                    || (maxTasksPerChild > 0 && worker.sent >= maxTasksPerChild)) {
                continue;
            }
            Job job = nextJob();
            if (job == null) {
                if (state == State.CLOSING && submitting == 0) {
                    worker.stopping = true;
                    sendQuietly(worker, new byte[0]);
                }
                continue;
            }
            worker.job = job;
            worker.sent++;
            sendQuietly(worker, job.messageFor(worker));
        }
    }

    private Job nextJob() {
        Job job;
        while ((job = queue.poll()) != null && job.batch.finished()) {
            // dropped: its call has completed (failed, or was cancelled)
        }
        return job;
    }

    /** A worker that cannot be written to has ended: its sentinel tells the handler thread so. */
    private static void sendQuietly(WorkerHandle worker, byte[] message) {
        try {
            worker.connection.sendBytes(message);
        } catch (IOException e) {
            LOG.debug("cannot send to pool worker {}: {}", worker.name, e.toString());
        }
    }

    /** The result-handling thread. */
    private void handleResults() {
        List<Object> waitables = new ArrayList<>();
        while (true) {
            waitables.clear();
            synchronized (lock) {
                if (state == State.TERMINATED) {
                    return; // terminate() stops the workers and counts the latch down
                }
                if (state == State.CLOSING && workers.isEmpty()) {
                    terminated.countDown();
                    return;
                }
                for (WorkerHandle worker : workers) {
                    waitables.add(worker.connection);
                    waitables.add(worker.sentinel);
                }
            }
            List<Object> ready;
            try {
                ready = Multiprocessing.wait(waitables);
            } catch (InterruptedException e) {
                continue; // terminate() interrupts: the state says so
            } catch (RuntimeException e) {
                LOG.error("pool result handler cannot wait on its workers", e);
                continue;
            }
            for (Object item : ready) {
                WorkerHandle worker = workerOf(item);
                if (worker == null) {
                    continue;
                }
                try {
                    if (item instanceof Connection) {
                        receive(worker);
                    } else {
                        drainAndBury(worker);
                    }
                } catch (RuntimeException e) {
                    LOG.error("pool result handler failed on worker {}", worker.name, e);
                }
            }
        }
    }

    private WorkerHandle workerOf(Object item) {
        synchronized (lock) {
            for (WorkerHandle worker : workers) {
                if (worker.connection == item || worker.sentinel == item) {
                    return worker;
                }
            }
            return null;
        }
    }

    private void receive(WorkerHandle worker) {
        byte[] reply;
        try {
            reply = worker.connection.recvBytes();
        } catch (IOException e) {
            bury(worker); // end of file, or a broken connection: the worker has ended
            return;
        }
        long id = ByteBuffer.wrap(reply).getLong();
        // The worker gets its next job before this thread decodes the answer, as CPython's
        // workers take the next task while its result handler unpickles.
        Job job = answered(worker, id);
        if (job == null) {
            return;
        }
        boolean ok = reply[Long.BYTES] == 1;
        int body = Long.BYTES + 1;
        Object value;
        try {
            value = ok ? Values.decode(reply, body, reply.length - body, serializer)
                    : serializer.loads(reply, body, reply.length - body);
        } catch (IOException e) {
            // What this process refused to read (a class its policy does not allow...): the
            // unchecked form, with the same message.
            ok = false;
            value = new SerializationException(e);
        } catch (SerializationException e) {
            ok = false;
            value = e;
        }
        if (ok) {
            job.batch.chunkDone(job.index, (List<?>) value);
        } else {
            job.batch.chunkFailed(job.index, (Throwable) value);
        }
    }

    /**
     * The job {@code worker} answered, which it no longer holds, after giving it the next one;
     * null if it held no such job.
     */
    private Job answered(WorkerHandle worker, long id) {
        synchronized (lock) {
            Job job = worker.job;
            if (job == null || job.id != id) {
                LOG.warn("pool worker {} answered a job it does not hold", worker.name);
                return null;
            }
            worker.job = null;
            if (state != State.TERMINATED) {
                dispatch();
            }
            return job;
        }
    }

    /** The worker's sentinel is ready: reads what it sent before it ended, then buries it. */
    private void drainAndBury(WorkerHandle worker) {
        try {
            while (worker.connection.poll()) {
                receive(worker);
                synchronized (lock) {
                    if (!workers.contains(worker)) {
                        return;
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("pool worker {} connection: {}", worker.name, e.toString());
        }
        bury(worker);
    }

    /** The worker has ended: fails the job it held, releases it, and starts its replacement. */
    private void bury(WorkerHandle worker) {
        try {
            worker.process.join();
        } catch (InterruptedException e) {
            // terminate() interrupted: the worker is being killed, join it all the same
            Thread.currentThread().interrupt();
        }
        Integer exitCode = worker.process.getExitCode();
        Job job;
        RuntimeException startFailure = null;
        List<Job> abandoned = new ArrayList<>();
        synchronized (lock) {
            if (!workers.remove(worker)) {
                return;
            }
            job = worker.job;
            release(worker);
            if (state == State.RUNNING || (state == State.CLOSING && (!queue.isEmpty() || submitting > 0))) {
                try {
                    workers.add(startWorker());
                } catch (RuntimeException e) {
                    startFailure = e;
                    LOG.error("pool cannot start a new worker", e);
                    if (workers.isEmpty()) {
                        abandoned.addAll(queue);
                        queue.clear();
                    }
                }
                dispatch();
            } else if (state == State.CLOSING) {
                dispatch();
            }
        }
        if (job != null) {
            LOG.warn("pool worker {} (pid {}) died with exit code {}", worker.name, worker.pid, exitCode);
            job.batch.chunkFailed(job.index, new WorkerDiedException(worker.name, worker.pid, exitCode));
        }
        for (Job lost : abandoned) {
            lost.batch.chunkFailed(lost.index, new ProcessError("the pool has no worker left", startFailure));
        }
    }

    private static void release(WorkerHandle worker) {
        worker.connection.close();
        worker.process.close();
    }

    /** Python's {@code close()}: no more jobs; workers stop once the queue is empty. */
    @Override
    public void close() {
        synchronized (lock) {
            if (state == State.RUNNING) {
                state = State.CLOSING;
                dispatch();
            }
        }
    }

    /** Waits until the workers have ended. */
    @Override
    public void join() throws InterruptedException {
        synchronized (lock) {
            if (state == State.RUNNING) {
                throw new IllegalStateException("Pool is still running");
            }
        }
        if (Thread.currentThread() != handler) {
            terminated.await();
        }
    }

    /** Waits at most {@code timeout} for the workers to have ended after close or terminate; true if they have. */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    @Override
    public boolean isShutdown() {
        synchronized (lock) {
            return state != State.RUNNING;
        }
    }

    @Override
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    /**
     * Python's {@code terminate()}: stops the workers at once (SIGTERM) and fails every job not
     * finished with a {@link ProcessError}.
     *
     * @return the batches of the jobs that no worker had started
     */
    @Override
    public List<Batch> terminate() {
        List<Batch> neverStarted = new ArrayList<>();
        synchronized (lock) {
            if (state == State.TERMINATED) {
                return neverStarted;
            }
            state = State.TERMINATED;
            for (Job job : queue) {
                if (!job.batch.finished()) {
                    neverStarted.add(job.batch);
                }
            }
        }
        if (Thread.currentThread() != handler) {
            handler.interrupt();
            boolean interrupted = false;
            while (handler.isAlive()) {
                try {
                    handler.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        stopWorkers();
        return neverStarted;
    }

    /** Terminates and reaps every worker; fails the jobs held and queued. */
    private void stopWorkers() {
        List<Job> unfinished = new ArrayList<>();
        List<WorkerHandle> stopped;
        synchronized (lock) {
            stopped = new ArrayList<>(workers);
            workers.clear();
            unfinished.addAll(queue);
            queue.clear();
        }
        for (WorkerHandle worker : stopped) {
            if (worker.job != null) {
                unfinished.add(worker.job);
            }
            worker.process.terminate();
        }
        for (Iterator<WorkerHandle> it = stopped.iterator(); it.hasNext(); ) {
            WorkerHandle worker = it.next();
            boolean interrupted = false;
            while (true) {
                try {
                    worker.process.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            release(worker);
        }
        for (Job job : unfinished) {
            job.batch.chunkFailed(job.index, new ProcessError("the pool was terminated"));
        }
        terminated.countDown();
    }
}
