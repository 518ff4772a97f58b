package org.multiprocessing4j.pool;

import org.multiprocessing4j.internal.engine.Batch;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * The lazy iterator of {@code imap} and {@code imapUnordered}: each result is yielded as soon
 * as it has arrived (in order for {@code imap}, in order of arrival for
 * {@code imapUnordered}), while the rest still runs. A chunk that failed yields its error once,
 * at its place, as a {@link CompletionException} whose cause is the task's exception; the
 * iteration then goes on with the next chunk.
 */
public final class IMapIterator<R> implements Iterator<R> {
    private final boolean ordered;
    private final Object[] outcomes;
    private final ProgressListener progress;
    private final int total;
    private int arrived;
    private int itemsDone;
    private int slot;
    private int position;

    IMapIterator(int chunks, int total, boolean ordered, ProgressListener progress) {
        this.outcomes = new Object[chunks];
        this.total = total;
        this.ordered = ordered;
        this.progress = progress;
    }

    /** What the pool sees of it. */
    Batch batch() {
        return new Batch() {
            @Override
            public void chunkDone(int index, List<?> values) {
                arrive(index, values, values.size());
            }

            @Override
            public void chunkFailed(int index, Throwable error) {
                arrive(index, new Failure(error), 0);
            }

            @Override
            public boolean finished() {
                return false;
            }
        };
    }

    private static final class Failure {
        final Throwable error;

        Failure(Throwable error) {
            this.error = error;
        }
    }

    /** Progress is told, in order, before the result shows. */
    private synchronized void arrive(int index, Object outcome, int items) {
        itemsDone += items;
        if (progress != null && items > 0) {
            progress.progress(itemsDone, total);
        }
        outcomes[ordered ? index : arrived] = outcome;
        arrived++;
        notifyAll();
    }

    @Override
    public synchronized boolean hasNext() {
        return slot < outcomes.length;
    }

    /**
     * Waits for the next result.
     *
     * @throws CompletionException if it is a failed chunk (the cause says why); or, with an
     *                             {@link InterruptedException} as cause, if the thread was interrupted
     */
    @Override
    public R next() {
        try {
            return next(null);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /**
     * Python's {@code next(timeout)}: waits at most {@code timeout} (null: for ever).
     *
     * @throws TimeoutException if no result arrived in time
     */
    @SuppressWarnings("unchecked")
    public synchronized R next(Duration timeout) throws InterruptedException, TimeoutException {
        if (slot >= outcomes.length) {
            throw new NoSuchElementException();
        }
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        while (outcomes[slot] == null) {
            if (timeout == null) {
                wait();
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no result within " + timeout);
                }
                wait(left / 1_000_000L, (int) (left % 1_000_000L));
            }
        }
        Object outcome = outcomes[slot];
        if (outcome instanceof Failure) {
            outcomes[slot++] = null;
            throw new CompletionException(((Failure) outcome).error);
        }
        List<?> values = (List<?>) outcome;
        R value = (R) values.get(position++);
        if (position == values.size()) {
            outcomes[slot++] = null;
            position = 0;
        }
        return value;
    }
}
