package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.platform.Descriptors;
import org.multiprocessing4j.internal.platform.Endpoints;
import org.multiprocessing4j.internal.platform.NativeBuffer;
import org.multiprocessing4j.internal.platform.Accepted;
import org.multiprocessing4j.internal.platform.Endpoint;
import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.internal.runtime.LazyLogger;
import org.multiprocessing4j.internal.runtime.Log;
import org.multiprocessing4j.internal.runtime.Threads;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The accepting side of a {@link Listener}. One thread takes clients from the system's backlog
 * and hands each to a handshake thread; the connections that authenticated wait in a queue for
 * {@link #take()}. So a peer that is slow, silent or hostile holds up one handshake thread for
 * at most the handshake timeout, and nobody else.
 *
 * <p>At most {@code maxPending} clients are held here at once, in a handshake or in the queue;
 * while that many are, the accepting thread takes no more and further clients wait in the
 * system's backlog (where the kernel, not this process, keeps them). So handshake threads,
 * descriptors and memory are bounded whatever arrives.
 *
 * <p>Nothing runs before the first {@link #take()} or {@link #readyHandle()}: a listener that a
 * parent hands to its child and never accepts on does not compete with the child for clients.
 *
 * <p>Two pipes make the threads' waits wakeable: the wake pipe gets a byte when the listener
 * closes, which ends the accepting thread's wait and every handshake's read at once (closing a
 * descriptor would wake neither, and another thread could get its number); the ready pipe holds
 * one byte exactly while a connection (or an error) waits to be taken, which is what
 * {@link Wait} waits for. The descriptors are released by whoever finishes last of
 * {@link #close()}, the accepting thread and the handshakes, so that none is closed while a
 * thread may still use it.
 */
final class Acceptor {
    private static final LazyLogger LOG = Log.of("connection");
    private static final AtomicInteger NUMBER = new AtomicInteger();
    /** Handshake threads compute an HMAC and make a few native calls: a small stack suffices. */
    private static final long HANDSHAKE_STACK = 256 * 1024;
    /** How long an idle handshake thread stays for the next client. */
    private static final long HANDSHAKE_KEEP_ALIVE_MILLIS = 2_000;
    /** The pause after a failed accept (no descriptors left, say) before the next try. */
    private static final long RETRY_MILLIS = 100;
    /** How long close() lets the accepting thread leave on its own before it connects to wake it. */
    private static final long CLOSE_GRACE_MILLIS = 200;
    /** How long close() waits for the threads; beyond that they release the descriptors when they end. */
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    /** A connection that is ready to be returned by accept, and where it came from. */
    record Arrival(Connection connection, Address peer) {
    }

    private final Descriptors descriptors = Platform.descriptors();
    private final Endpoints endpoints = Platform.endpoints();
    /** The one byte of the ready pipe, read here only under the lock. */
    private final NativeBuffer drained = NativeBuffer.allocate(1);
    private final Endpoint endpoint;
    private final byte[] authkey;
    private final Duration handshakeTimeout;
    private final int maxPending;
    private final Path unlink;
    private final String name;

    private final Object lock = new Object();
    /** The listening handle; a Windows named pipe gets a new instance with each client. */
    private long listening;
    private final ArrayDeque<Arrival> arrived = new ArrayDeque<>();
    /** An accept that failed, for the next {@link #take()}. */
    private IOException failure;
    /** Why the accepting thread stopped before close, for every later {@link #take()}. */
    private IOException stopped;
    /** Clients held here: in a handshake, or arrived and not yet taken. */
    private int pending;
    private int handshaking;
    private boolean started;
    private boolean accepting;
    private boolean closed;
    private boolean released;
    private boolean signalled;
    private long[] wake;
    private long[] ready;
    private ThreadPoolExecutor handshakes;
    private Thread thread;
    /** Whether the accepting thread is inside the accept call, which only a client ends. */
    private volatile boolean inAccept;

    /**
     * @param listening        the listening handle, owned from now on
     * @param endpoint         the address it is bound to
     * @param authkey          the key clients must prove they have; null for no handshake
     * @param handshakeTimeout how long a client's handshake may take in all
     * @param maxPending       how many clients may be in a handshake or waiting to be taken at once
     * @param unlink           the socket file to remove on close, or null
     */
    Acceptor(long listening, Endpoint endpoint, byte[] authkey, Duration handshakeTimeout, int maxPending, Path unlink) {
        this.listening = listening;
        this.endpoint = endpoint;
        this.authkey = authkey;
        this.handshakeTimeout = handshakeTimeout;
        this.maxPending = maxPending;
        this.unlink = unlink;
        this.name = "listener-" + NUMBER.incrementAndGet();
    }

    /** The listening handle, to hand to a child. */
    long listeningHandle() {
        synchronized (lock) {
            return listening;
        }
    }

    boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /**
     * The next connection that authenticated, waiting for one as long as it takes.
     *
     * @throws IOException            if the listener is or gets closed, or accepting failed
     * @throws InterruptedIOException if the calling thread is interrupted while it waits (its
     *                                interrupt status stays set)
     */
    Arrival take() throws IOException {
        start();
        synchronized (lock) {
            while (true) {
                if (closed) {
                    throw new IOException("listener is closed");
                }
                Arrival arrival = arrived.poll();
                if (arrival != null) {
                    pending--;
                    lock.notifyAll();
                    signal();
                    return arrival;
                }
                if (failure != null) {
                    IOException e = failure;
                    failure = null;
                    signal();
                    throw new IOException(e.getMessage(), e);
                }
                if (stopped != null) {
                    throw new IOException("the listener stopped accepting: " + stopped.getMessage(), stopped);
                }
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for a client");
                }
            }
        }
    }

    /**
     * The descriptor that is ready while a connection waits to be taken.
     *
     * @throws UncheckedIOException if the pipes or thread cannot be made
     */
    long readyHandle() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("cannot wait on a closed listener");
            }
            try {
                start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ready[0];
        }
    }

    /** Starts accepting, once. */
    private void start() throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new IOException("listener is closed");
            }
            if (started) {
                return;
            }
            long[] wakePipe = descriptors.pipe();
            try {
                ready = descriptors.pipe();
            } catch (IOException | RuntimeException e) {
                descriptors.close(wakePipe[0]);
                descriptors.close(wakePipe[1]);
                throw e;
            }
            wake = wakePipe;
            if (authkey != null) {
                handshakes = new ThreadPoolExecutor(maxPending, maxPending, HANDSHAKE_KEEP_ALIVE_MILLIS,
                        TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                        task -> Threads.daemon(name + "-handshake", task, HANDSHAKE_STACK));
                handshakes.allowCoreThreadTimeOut(true);
            }
            thread = Threads.daemon(name + "-accept", this::acceptClients);
            started = true;
            accepting = true;
            thread.start();
        }
    }

    /** The accepting thread: takes clients while there is room for them, until closed. */
    private void acceptClients() {
        try {
            while (awaitRoom()) {
                Accepted accepted;
                try {
                    accepted = acceptOne();
                } catch (IOException | RuntimeException e) {
                    LOG.debug("{}: accept failed: {}", name, e.toString());
                    report(e instanceof IOException ? (IOException) e : new IOException(e));
                    if (descriptors.waitReady(new long[] {wake[0]}, RETRY_MILLIS).length > 0) {
                        return;
                    }
                    continue;
                }
                if (accepted == null) {
                    return;
                }
                admit(new Connection(accepted.connection(), true, true), new Address(accepted.peer()));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: stopped accepting: {}", name, e.toString());
            synchronized (lock) {
                stopped = e instanceof IOException ? (IOException) e : new IOException(e);
                signal();
                lock.notifyAll();
            }
        } finally {
            synchronized (lock) {
                accepting = false;
                releaseIfDone();
            }
        }
    }

    /** Waits until fewer than {@code maxPending} clients are held; false once closed. */
    private boolean awaitRoom() {
        synchronized (lock) {
            while (!closed && pending >= maxPending) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    // Nobody interrupts this thread; close() wakes it through the lock.
                }
            }
            return !closed;
        }
    }

    /** The next client, or null once the listener is closing. */
    private Accepted acceptOne() throws IOException {
        // Only this thread changes the listening handle, so it may read it without the lock.
        int[] readyNow = descriptors.waitReady(new long[] {listening, wake[0]}, -1);
        for (int index : readyNow) {
            if (index == 1) {
                return null;
            }
        }
        Accepted accepted;
        inAccept = true;
        try {
            // Blocks only where the wait above cannot tell (a Windows named pipe), or where
            // another process sharing the socket took the client first: close() then connects.
            accepted = endpoints.accept(listening, endpoint);
        } finally {
            inAccept = false;
        }
        synchronized (lock) {
            listening = accepted.listener();
        }
        return accepted;
    }

    /** Takes a new client in: queued at once without an authkey, else handed to a handshake thread. */
    private void admit(Connection connection, Address peer) {
        synchronized (lock) {
            if (closed) {
                connection.close();
                return;
            }
            pending++;
            if (handshakes == null) {
                arrive(connection, peer);
                return;
            }
            handshaking++;
            try {
                handshakes.execute(() -> handshake(connection, peer));
            } catch (RejectedExecutionException e) {
                handshaking--;
                pending--;
                connection.close();
            }
        }
    }

    /** A handshake thread's work: the client authenticates and is queued, or is closed. */
    private void handshake(Connection connection, Address peer) {
        try {
            Authentication.mutual(connection, authkey, true, Deadline.in(handshakeTimeout, wake[0]));
            synchronized (lock) {
                arrive(connection, peer);
            }
        } catch (IOException | RuntimeException e) {
            // CPython's accept raises for the failed client; here that would be thrown at the
            // next good client's accept, so the failure is logged and the connection dropped.
            LOG.debug("{}: closed the connection of {}: the handshake failed: {}", name, describe(peer), e.getMessage());
            synchronized (lock) {
                pending--;
                lock.notifyAll();
            }
        } finally {
            synchronized (lock) {
                handshaking--;
                releaseIfDone();
            }
        }
    }

    /** Queues a connection for {@link #take()}; called with the lock held. */
    private void arrive(Connection connection, Address peer) {
        if (closed) {
            connection.close();
            pending--;
            return;
        }
        arrived.add(new Arrival(connection, peer));
        signal();
        lock.notifyAll();
    }

    /** Keeps an accept failure for the next {@link #take()} (one at a time: they repeat). */
    private void report(IOException e) {
        synchronized (lock) {
            if (failure == null && !closed) {
                failure = e;
                signal();
                lock.notifyAll();
            }
        }
    }

    /** Makes the ready pipe hold a byte exactly while something waits to be taken; lock held. */
    private void signal() {
        boolean readyNow = !arrived.isEmpty() || failure != null || stopped != null;
        if (readyNow == signalled || released) {
            return;
        }
        try {
            // One byte at most is ever in the pipe, so neither call blocks.
            if (readyNow) {
                descriptors.write(ready[1], new byte[1], 0, 1);
            } else {
                descriptors.read(ready[0], drained, 0, 1);
            }
            signalled = readyNow;
        } catch (IOException e) {
            LOG.warn("{}: cannot signal readiness for wait(): {}", name, e.toString());
        }
    }

    /**
     * Closes the listener: wakes a blocked {@link #take()}, stops accepting, ends the handshakes
     * in flight, closes the connections not taken yet and, once no thread uses them any more,
     * the descriptors. Waits a few seconds at most for the threads.
     */
    void close() {
        Thread accepter;
        ThreadPoolExecutor running;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
            for (Arrival arrival : arrived) {
                arrival.connection().close();
            }
            pending -= arrived.size();
            arrived.clear();
            failure = null;
            if (started) {
                try {
                    // Never read: the wake pipe stays ready for every wait that looks at it.
                    descriptors.write(wake[1], new byte[1], 0, 1);
                } catch (IOException e) {
                    LOG.warn("{}: cannot wake its threads: {}", name, e.toString());
                }
            }
            if (handshakes != null) {
                handshakes.shutdown();
            }
            accepter = thread;
            running = handshakes;
            releaseIfDone();
        }
        if (accepter != null) {
            awaitThreads(accepter, running);
        }
        if (unlink != null) {
            try {
                Files.deleteIfExists(unlink);
            } catch (IOException ignored) {
                // Removed or replaced by someone else: not ours to report.
            }
        }
    }

    private void awaitThreads(Thread accepter, ThreadPoolExecutor running) {
        boolean interrupted = false;
        try {
            accepter.join(CLOSE_GRACE_MILLIS);
            // A Windows pipe has a spare instance that may take the call instead: try again.
            for (int attempt = 0; attempt < 3 && accepter.isAlive() && inAccept; attempt++) {
                wakeAcceptCall();
                accepter.join(CLOSE_GRACE_MILLIS);
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
            accepter.join(CLOSE_WAIT_MILLIS);
            if (running != null) {
                running.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        synchronized (lock) {
            if (!released) {
                LOG.warn("{}: its threads are still busy after close; they release its descriptors when they end", name);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends an accept call that waits for a client (a Windows named pipe, or a socket whose
     * client another process took) the only portable way: by being that client.
     */
    private void wakeAcceptCall() {
        Endpoint self = endpoint;
        if (self.family() == Endpoint.Family.TCP && isWildcard(self.host())) {
            self = Endpoint.tcp(self.host().contains(":") ? "::1" : "127.0.0.1", self.port());
        }
        LOG.debug("{}: connecting to itself to end its accept call", name);
        try {
            descriptors.close(endpoints.connect(self));
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: cannot connect to itself to end its accept: {}", name, e.toString());
        }
    }

    private static boolean isWildcard(String host) {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    /** Releases the descriptors once closed and no thread uses them; lock held. */
    private void releaseIfDone() {
        if (!closed || accepting || handshaking > 0 || released) {
            return;
        }
        released = true;
        descriptors.close(listening);
        if (started) {
            for (long handle : new long[] {wake[0], wake[1], ready[0], ready[1]}) {
                descriptors.close(handle);
            }
        }
    }

    private static String describe(Address peer) {
        String text = peer.toString();
        return text == null || text.isEmpty() ? "a client" : text;
    }
}
