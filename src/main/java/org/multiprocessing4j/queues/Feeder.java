package org.multiprocessing4j.queues;

import org.multiprocessing4j.internal.runtime.Threads;
import org.multiprocessing4j.sync.Lock;

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
 * what it buffered, unless {@link #cancelJoin()} was called. It refers to no queue object, so
 * that an unreachable queue can be cleaned up, which closes its feeder.
 */
final class Feeder implements Runnable {
    private static final int SPINS = 200;
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
            while ((batch = next()) != null) {
                writeLock.lock();
                try {
                    ring.repair();
                    ring.write(batch, account);
                } finally {
                    writeLock.unlock();
                }
                batch.size = 0;
                if (batch.bytes.length > 1 << 20) {
                    batch.bytes = new byte[4096];
                }
            }
        } finally {
            synchronized (RUNNING) {
                RUNNING.remove(this);
            }
        }
    }

    /** The next batch to write, waiting for one; null once closed and everything is written. */
    private Frames next() {
        for (int i = 0; i < SPINS && !hasPending(); i++) {
            Thread.onSpinWait();
        }
        synchronized (this) {
            busy = false;
            notifyAll();
            while (pending.size == 0) {
                if (closed) {
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

    /** Waits until what was buffered when called is written (or, when cancelled, not at all). */
    private synchronized void awaitFlushed() throws InterruptedException {
        while (!joinCancelled && (pending.size > 0 || busy) && thread.isAlive()) {
            wait(100);
        }
    }

    private static void flushAll() {
        List<Feeder> feeders;
        synchronized (RUNNING) {
            feeders = List.copyOf(RUNNING);
        }
        for (Feeder feeder : feeders) {
            try {
                feeder.awaitFlushed();
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
