package org.multiprocessing4j.queues;

import org.multiprocessing4j.internal.memory.Words;
import org.multiprocessing4j.internal.runtime.LazyLogger;
import org.multiprocessing4j.internal.runtime.Log;
import org.multiprocessing4j.internal.runtime.Threads;
import org.multiprocessing4j.sync.Lock;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A queue's buffer in this process and the thread that moves it into the ring: CPython's
 * {@code _buffer} and feeder thread. {@code put} appends frames and returns; the thread takes
 * everything buffered at once and writes it under one acquisition of the writer lock, so that a
 * burst of puts costs the lock and the reader's wake-up once.
 *
 * <p>The thread is a daemon, as CPython's, and as there: when this JVM exits normally (the end
 * of a child's target, or of the main program), it first waits until every feeder has written
 * what it buffered, unless {@link #cancelJoin()} was called. Then, rather than being cut off
 * wherever the JVM's end finds it, which other processes could not tell from a death (a writer
 * lock held for ever, a message left open), the thread is told to stop and exit waits, at most
 * {@link #STOP_NANOS}, until it has: it takes the writer lock in slices and asks between them,
 * and inside the lock asks before each publish and while it waits for room, ending a message it
 * is inside with an abort. What it had not written is then counted out of the queue's ledger by
 * this process itself. The thread refers to no queue object, so that an unreachable queue can be
 * cleaned up, which closes its feeder.
 */
final class Feeder implements Runnable {
    private static final LazyLogger LOG = Log.of("queues");
    private static final int SPINS = 200;
    /** How long exit waits for a cancelled feeder to stop: far more than a slice of its waits. */
    private static final long STOP_NANOS = 2_000_000_000L;
    private static final Set<Feeder> RUNNING = new LinkedHashSet<>();
    private static boolean hookAdded;

    private final Ring ring;
    private final Lock writeLock;
    private final Ledger.Account account;
    private Frames pending = new Frames(4096);
    private Frames writing = new Frames(4096);
    private boolean busy;
    private boolean waiting;
    private boolean closed;
    private boolean joinCancelled;
    /** Exit after {@link #cancelJoin()}: write nothing more. */
    private volatile boolean stopping;
    private Thread thread;

    Feeder(Ring ring, Lock writeLock, Ledger.Account account) {
        this.ring = ring;
        this.writeLock = writeLock;
        this.account = account;
    }

    /** Buffers {@code message} for the thread, starting it on first use. */
    synchronized void put(Encoded message) {
        pending.append(message);
        if (thread == null) {
            start();
        } else if (waiting) {
            notifyAll();
        }
    }

    private void start() {
        thread = Threads.daemon("queue-feeder", this);
        synchronized (RUNNING) {
            RUNNING.add(this);
            if (!hookAdded) {
                hookAdded = true;
                Threads.atExit("queue-flush", Feeder::flushAll);
            }
        }
        thread.start();
    }

    @Override
    public void run() {
        try {
            Frames batch;
            while ((batch = next()) != null && write(batch)) {
                batch.size = 0;
                if (batch.bytes.length > 1 << 20) {
                    batch.bytes = new byte[4096];
                }
            }
        } finally {
            synchronized (this) {
                busy = false;
                notifyAll();
            }
            synchronized (RUNNING) {
                RUNNING.remove(this);
            }
        }
    }

    /** Writes {@code batch} under the writer lock; false if told to stop first. */
    private boolean write(Frames batch) {
        if (!lockUnlessStopping()) {
            return false;
        }
        try {
            ring.repair();
            return ring.write(batch, account, () -> stopping);
        } finally {
            writeLock.release();
        }
    }

    /**
     * Takes the writer lock, asking every slice whether to stop instead. A slice is too short
     * for the lock's own look at its holder, so the feeder takes it over from a dead holder itself.
     */
    private boolean lockUnlessStopping() {
        while (!stopping) {
            try {
                if (writeLock.acquire(Duration.ofNanos(Words.SLICE_NANOS)) || writeLock.recoverIfHolderDied()) {
                    return true;
                }
            } catch (InterruptedException e) {
                // Only close() or exit ends the feeder: what was put must not be lost to a stray interrupt.
            }
        }
        return false;
    }

    /** The next batch to write, waiting for one; null once closed and everything is written, or stopping. */
    private Frames next() {
        for (int i = 0; i < SPINS && !hasPending(); i++) {
            Thread.onSpinWait();
        }
        synchronized (this) {
            busy = false;
            notifyAll();
            while (pending.size == 0 || stopping) {
                if (closed || stopping) {
                    return null;
                }
                waiting = true;
                try {
                    wait();
                } catch (InterruptedException e) {
                    // Only close() ends the feeder: what was put must not be lost to a stray interrupt.
                } finally {
                    waiting = false;
                }
            }
            Frames batch = pending;
            pending = writing;
            writing = batch;
            busy = true;
            return batch;
        }
    }

    private synchronized boolean hasPending() {
        return pending.size > 0;
    }

    /** CPython's {@code close()} for the feeder: it ends once it has written what is buffered. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** CPython's {@code cancel_join_thread()}: exit does not wait for this feeder. */
    synchronized void cancelJoin() {
        joinCancelled = true;
    }

    /** CPython's {@code join_thread()}: waits until the thread, closed, has ended. */
    void join() throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.join();
        }
    }

    /**
     * At exit: waits until what was buffered when called is written; after {@link #cancelJoin()},
     * stops the thread instead and counts out what it did not write.
     */
    private void atExit() throws InterruptedException {
        boolean stopped;
        synchronized (this) {
            if (!joinCancelled) {
                while ((pending.size > 0 || busy) && thread.isAlive()) {
                    wait(100);
                }
                return;
            }
            stopping = true;
            notifyAll();
            long deadline = System.nanoTime() + STOP_NANOS;
            long left;
            while (busy && thread.isAlive() && (left = deadline - System.nanoTime()) > 0) {
                wait(Math.max(1, left / 1_000_000));
            }
            // Not stopped in time (a publish cannot be cut short): the others will take it for a death.
            stopped = !busy || !thread.isAlive();
        }
        if (stopped) {
            int lost = account.writeOff();
            if (lost > 0) {
                LOG.debug("Queue: process {} exits after cancelJoinThread() with {} element(s) not written; "
                        + "they are counted out", Words.PID, lost);
            }
        }
    }

    private static void flushAll() {
        List<Feeder> feeders;
        synchronized (RUNNING) {
            feeders = List.copyOf(RUNNING);
        }
        for (Feeder feeder : feeders) {
            try {
                feeder.atExit();
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
