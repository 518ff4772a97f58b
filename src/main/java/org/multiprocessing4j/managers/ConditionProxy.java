package org.multiprocessing4j.managers;

import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The proxy of a managed {@code Condition}: Python's {@code ConditionProxy} — its lock's
 * {@code acquire}/{@code release}, {@code wait(timeout)} as {@link #await(Duration)},
 * {@code notify(n)} as {@link #signal(int)}, {@code notify_all()} as {@link #signalAll()} and
 * {@code wait_for(predicate, timeout)} — and a {@link java.util.concurrent.locks.Condition}.
 * As {@link org.multiprocessing4j.sync.Condition}, no method is named {@code wait} or
 * {@code notify}: those would compile to {@code Object}'s monitor methods.
 */
public final class ConditionProxy extends AcquirerProxy implements java.util.concurrent.locks.Condition {
    private static final long serialVersionUID = 1L;

    ConditionProxy(AutoProxy core) {
        super(core);
    }

    /**
     * Python's {@code wait(timeout)}: releases the lock, waits for a notification or the
     * timeout (null: for ever), takes the lock back. Whether it was notified.
     *
     * @throws IllegalStateException (Python's RuntimeError) if this thread does not hold the lock
     */
    public boolean await(Duration timeout) {
        return (Boolean) call("wait", timeout == null ? null : timeout.toNanos() / 1e9);
    }

    /** Python's {@code wait_for(predicate, timeout)}, the predicate evaluated here with the lock held. */
    public boolean waitFor(BooleanSupplier predicate, Duration timeout) {
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        boolean result = predicate.getAsBoolean();
        while (!result) {
            Duration left = null;
            if (timeout != null) {
                left = Duration.ofNanos(deadline - System.nanoTime());
                if (left.isNegative() || left.isZero()) {
                    break;
                }
            }
            await(left);
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /** Python's {@code notify(n)}: wakes at most {@code n} waiters. */
    public void signal(int n) {
        call("notify", n);
    }

    @Override
    public void signal() {
        signal(1);
    }

    /** Python's {@code notify_all()}. */
    @Override
    public void signalAll() {
        call("notify_all");
    }

    @Override
    public void await() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        await((Duration) null);
    }

    @Override
    public void awaitUninterruptibly() {
        await((Duration) null);
    }

    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        long start = System.nanoTime();
        await(nanosTimeout, TimeUnit.NANOSECONDS);
        return nanosTimeout - (System.nanoTime() - start);
    }

    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return await(Duration.ofNanos(Math.max(0, unit.toNanos(time))));
    }

    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        return await(deadline.getTime() - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
    }
}
