package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.platform.HandlePassing;
import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.internal.runtime.CurrentProcess;
import org.multiprocessing4j.internal.runtime.LazyLogger;
import org.multiprocessing4j.internal.runtime.Log;
import org.multiprocessing4j.internal.runtime.Threads;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands a descriptor to a process that is already running: CPython's
 * {@code multiprocessing.resource_sharer}. The sender keeps a duplicate under a random key and
 * serves it from a {@link Listener} on a private Unix socket; the receiver connects with the
 * authentication key the two processes share, sends the key, and receives the descriptor with
 * {@code SCM_RIGHTS}. The serving thread and its socket exist only while some descriptor waits
 * to be claimed, so a program that claims what it shares leaves nothing behind; a duplicate
 * that is never claimed stays open until this process ends, as in CPython.
 */
final class ResourceSharer {
    private static final LazyLogger LOG = Log.of("connection");
    private static final Object LOCK = new Object();
    private static final SecureRandom KEYS = new SecureRandom();
    private static final Map<Long, Long> PENDING = new HashMap<>();
    private static final Duration SLICE = Duration.ofMillis(100);
    private static Listener listener;

    private ResourceSharer() {
    }

    /** Where and under which key a shared descriptor waits. */
    static final class Ticket {
        final String address;
        final long key;

        Ticket(String address, long key) {
            this.address = address;
            this.key = key;
        }
    }

    /**
     * Keeps a duplicate of {@code handle} for one process to claim.
     *
     * @param what the kind of object, for the refusal where descriptors cannot be passed
     * @throws InvalidObjectException where this platform cannot pass descriptors (Windows)
     */
    static Ticket share(long handle, String what) throws IOException {
        HandlePassing passing = Platform.handlePassing();
        if (!passing.isSupported()) {
            throw new InvalidObjectException(what + " objects can reach a running process only where descriptors "
                    + "can be passed (Linux, macOS); here, hand it to the child at start()");
        }
        long duplicate = passing.duplicate(handle);
        synchronized (LOCK) {
            try {
                if (listener == null) {
                    listener = new Listener(Address.arbitrary(), 16, authKey());
                    Listener serving = listener;
                    Threads.start("resource-sharer", () -> serve(serving));
                }
            } catch (IOException | RuntimeException e) {
                Platform.descriptors().close(duplicate);
                throw e;
            }
            long key;
            do {
                key = KEYS.nextLong();
            } while (PENDING.containsKey(key));
            PENDING.put(key, duplicate);
            return new Ticket(listener.getAddress().toString(), key);
        }
    }

    /** Claims the descriptor a ticket names, from the process that shared it. */
    static long claim(Ticket ticket) throws IOException {
        try (Connection connection = Client.connect(Address.parse(ticket.address), authKey())) {
            connection.sendBytes(ByteBuffer.allocate(Long.BYTES).putLong(ticket.key).array());
            return Platform.handlePassing().receive(connection.fileno(), 1)[0];
        }
    }

    /**
     * Closes every duplicate nobody claimed and the socket that served them: CPython's
     * {@code resource_sharer.stop()}. Claims in flight then fail.
     */
    static void stop() {
        synchronized (LOCK) {
            PENDING.values().forEach(Platform.descriptors()::close);
            PENDING.clear();
            // Its thread closes it: see serve.
            listener = null;
        }
    }

    private static byte[] authKey() {
        return CurrentProcess.authKey();
    }

    /**
     * The serving thread: answers claims until nothing waits or {@link #stop} was called, then
     * closes its socket. It waits for clients in short slices instead of blocking in accept:
     * only this thread may close the listener (closing a socket does not wake a thread blocked
     * on it), and a thread blocked in a system call would hold up this JVM's exit.
     */
    private static void serve(Listener serving) {
        while (true) {
            synchronized (LOCK) {
                if (listener != serving || PENDING.isEmpty()) {
                    serving.close();
                    if (listener == serving) {
                        listener = null;
                    }
                    return;
                }
            }
            try {
                if (!Wait.wait(List.of(serving), SLICE).isEmpty()) {
                    answer(serving);
                }
            } catch (InterruptedException e) {
                // Nobody interrupts this thread but the JVM's end: the checks above decide.
            }
        }
    }

    private static void answer(Listener serving) {
        try (Connection connection = serving.accept()) {
            long key = ByteBuffer.wrap(connection.recvBytes(Long.BYTES)).getLong();
            Long duplicate;
            synchronized (LOCK) {
                duplicate = PENDING.remove(key);
            }
            if (duplicate != null) {
                try {
                    Platform.handlePassing().send(connection.fileno(), new long[] {duplicate});
                } finally {
                    Platform.descriptors().close(duplicate);
                }
            }
        } catch (IOException | RuntimeException refused) {
            // A client with another key, or one that went away: the others are unaffected.
            LOG.debug("resource sharer: {}", refused.toString());
        }
    }
}
