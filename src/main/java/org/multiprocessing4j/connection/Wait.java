package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.platform.Platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Waiting on several connections, listeners and process sentinels at once: Python's
 * {@code multiprocessing.connection.wait}. {@code Multiprocessing.wait} is the same function.
 */
public final class Wait {
    private static final long WAIT_SLICE_MILLIS = 100;

    private Wait() {
    }

    /**
     * Waits until at least one of {@code objects} is ready and returns the ready ones, in the
     * order given: Python's {@code multiprocessing.connection.wait(object_list, timeout)}.
     * Objects may be anything {@link Waitable} (connections, listeners, process sentinels) or
     * raw descriptors as {@link Number}s. A connection is ready when it has something to
     * receive or its peer closed it; a listener, when a client has authenticated, so that
     * {@link Listener#accept()} returns at once; a sentinel, once its process ended.
     *
     * @param objects what to wait on
     * @param timeout how long to wait; null waits for ever
     * @return the ready objects; empty if the time ran out
     * @throws NullPointerException     if {@code objects} or one of them is null
     * @throws IllegalArgumentException for an object that cannot be waited on, or a closed one
     * @throws UncheckedIOException     if the system refuses the wait (a descriptor that is not open)
     * @throws InterruptedException     if the calling thread is interrupted while it waits
     */
    public static <T> List<T> wait(Collection<T> objects, Duration timeout) throws InterruptedException {
        try {
            return waitReady(objects, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #wait(Collection, Duration)} without a time limit. */
    public static <T> List<T> wait(Collection<T> objects) throws InterruptedException {
        return wait(objects, null);
    }

    /** {@link #wait(Collection, Duration)} that reports a refused wait as it is. */
    static <T> List<T> waitReady(Collection<T> objects, Duration timeout) throws IOException, InterruptedException {
        List<T> items = new ArrayList<>(Objects.requireNonNull(objects, "objects"));
        long[] handles = new long[items.size()];
        boolean[] ready = new boolean[handles.length];
        boolean anyReadyNow = false;
        for (int i = 0; i < handles.length; i++) {
            T item = Objects.requireNonNull(items.get(i), () -> "objects contains null");
            handles[i] = handleOf(item);
            ready[i] = item instanceof Waitable && ((Waitable) item).readyWithoutWaiting();
            anyReadyNow |= ready[i];
        }
        // Objects ready at once (buffered bytes) make the wait one look at the others.
        long deadline = anyReadyNow ? System.nanoTime()
                : timeout == null ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, timeout.toNanos());
        int[] found;
        do {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            // Waits in slices so that an interrupt is seen: a native wait cannot be interrupted.
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            found = Platform.descriptors().waitReady(handles, Math.max(0, Math.min(left, WAIT_SLICE_MILLIS)));
        } while (found.length == 0 && System.nanoTime() < deadline);
        for (int index : found) {
            ready[index] = true;
        }
        List<T> result = new ArrayList<>();
        for (int i = 0; i < ready.length; i++) {
            if (ready[i]) {
                result.add(items.get(i));
            }
        }
        return result;
    }

    private static long handleOf(Object object) {
        if (object instanceof Waitable) {
            return ((Waitable) object).waitHandle();
        }
        if (object instanceof Number) {
            return ((Number) object).longValue();
        }
        throw new IllegalArgumentException("cannot wait on " + object
                + ": expected a Sentinel, a Waitable or a descriptor number");
    }
}
