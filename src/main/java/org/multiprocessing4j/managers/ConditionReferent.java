package org.multiprocessing4j.managers;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A managed {@code Condition} in the manager's process ({@link ConditionCalls}): Python's
 * {@code threading.Condition} over a managed lock (a new RLock, or the {@code Lock}/{@code RLock}
 * proxy it was created with), with CPython's algorithm — a waiter semaphore per {@code wait},
 * released by {@code notify} in arrival order. A waiter whose client goes away leaves the queue.
 */
final class ConditionReferent extends ConditionCalls {
    private final Deque<Semaphore> waiters = new ArrayDeque<>();
    private final Object lockHolder;

    private ConditionReferent(AcquirerReferent lock, Object lockHolder) {
        super(lock.acquirer);
        this.lockHolder = lockHolder;
    }

    /** {@code Condition(lock=None)}: the lock a stored proxy names, or a new RLock. */
    static ConditionReferent create(List<Object> args, Map<String, Object> kwds) {
        Object lock = Args.get(args, kwds, 0, "lock", null);
        if (lock == null) {
            return new ConditionReferent(new AcquirerReferent(new Acquirer.Reentrant()), null);
        }
        if (lock instanceof LocalRef && ((LocalRef) lock).referent() instanceof AcquirerReferent
                && !(((LocalRef) lock).referent() instanceof ConditionReferent)) {
            return new ConditionReferent((AcquirerReferent) ((LocalRef) lock).referent(), lock);
        }
        throw new IllegalArgumentException("Condition(lock): the lock must be a Lock or RLock of the same manager, not "
                + Tuples.describe(lock));
    }

    @Override
    boolean await(long timeoutNanos) throws InterruptedException {
        if (!acquirer.isOwned()) {
            throw new IllegalStateException("RuntimeError: cannot wait on un-acquired lock");
        }
        Semaphore waiter = new Semaphore(0);
        synchronized (waiters) {
            waiters.addLast(waiter);
        }
        int saved = acquirer.saveAndRelease();
        boolean notified = false;
        try {
            if (timeoutNanos < 0) {
                waiter.acquire();
                notified = true;
            } else {
                notified = waiter.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS);
            }
            return notified;
        } finally {
            acquirer.restore(saved);
            if (!notified) {
                synchronized (waiters) {
                    if (!waiters.remove(waiter)) {
                        // Notified as the wait ended: pass the wake-up on rather than lose it.
                        Semaphore next = waiters.pollFirst();
                        if (next != null) {
                            next.release();
                        }
                    }
                }
            }
        }
    }

    @Override
    void notify(int n) {
        if (!acquirer.isOwned()) {
            throw new IllegalStateException("RuntimeError: cannot notify on un-acquired lock");
        }
        synchronized (waiters) {
            for (int i = 0; i < n && !waiters.isEmpty(); i++) {
                waiters.pollFirst().release();
            }
        }
    }

    @Override
    public String repr() {
        return "<Condition(" + acquirer + ", " + waiters.size() + ")>";
    }

    @Override
    public void dispose() {
        Nested.release(lockHolder);
    }
}
