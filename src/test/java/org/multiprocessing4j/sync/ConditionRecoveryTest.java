package org.multiprocessing4j.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.testing.Children;
import org.multiprocessing4j.testing.Logs;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Waiters SIGKILLed inside {@link Condition#await()}: a notify never waits for them, and the
 * wake-up they were given (or would have been given) reaches a waiter that lives. Each victim
 * tells that it is inside the wait before it is killed: it releases a semaphore with the lock
 * held, and the test then takes the lock, which the victim gives up only once it is registered
 * as a waiter.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConditionRecoveryTest {
    /** Longer than any test should need: a survivor that times out has lost its wake-up. */
    static final Duration LONG = Duration.ofSeconds(30);

    /** A child that waits on {@code condition} for ever; returned once it is inside the wait. */
    static Process startVictim(Condition condition, Semaphore inside) throws InterruptedException {
        Process victim = Children.start(() -> {
            condition.getLock().lock();
            try {
                inside.release();
                condition.await();
            } finally {
                condition.getLock().unlock();
            }
        });
        awaitInside(condition, inside);
        return victim;
    }

    /**
     * A child that waits {@code rounds} times, at most {@link #LONG} each, releasing
     * {@code inside} before each wait; it exits with 3 if a wait timed out.
     */
    static Process startSurvivor(Condition condition, Semaphore inside, int rounds) {
        return Children.start(() -> {
            for (int round = 0; round < rounds; round++) {
                condition.getLock().lock();
                try {
                    inside.release();
                    if (!condition.await(LONG)) {
                        System.exit(3);
                    }
                } finally {
                    condition.getLock().unlock();
                }
            }
        });
    }

    /** Returns once a waiter that released {@code inside} is registered and asleep (or about to be). */
    static void awaitInside(Condition condition, Semaphore inside) throws InterruptedException {
        assertTrue(inside.tryAcquire(LONG), "the waiter never got into its wait");
        condition.getLock().lock(); // it lets the lock go only inside the wait
        condition.getLock().unlock();
    }

    static void killAndReap(Process victim) throws InterruptedException {
        victim.kill();
        Children.finish(victim, -9);
    }

    static void notifyUnderLock(Condition condition, int n) {
        condition.getLock().lock();
        try {
            condition.signal(n);
        } finally {
            condition.getLock().unlock();
        }
    }

    @Test
    void signalAllReturnsAndWakesTheSurvivorWhenAWaiterWasKilled() throws Exception {
        for (java.util.concurrent.locks.Lock lock : new java.util.concurrent.locks.Lock[] {new Lock(), new RLock()}) {
            Condition condition = new Condition(lock);
            Semaphore inside = new Semaphore(0);
            Process victim = startVictim(condition, inside);
            Process survivor = startSurvivor(condition, inside, 1);
            awaitInside(condition, inside);
            killAndReap(victim);
            notifyUnderLock(condition, Integer.MAX_VALUE);
            Children.finish(survivor, 0);
            notifyUnderLock(condition, Integer.MAX_VALUE); // nobody waits: returns at once
        }
    }

    @Test
    void notifyOneWakesTheSurvivorWhenTheKilledWaiterWasFirstInLine() throws Exception {
        Condition condition = new Condition(new Lock());
        Semaphore inside = new Semaphore(0);
        Process victim = startVictim(condition, inside);
        long pid = victim.getPid();
        int rounds = 3;
        AtomicInteger woken = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread survivor = new Thread(() -> {
            try {
                for (int round = 0; round < rounds; round++) {
                    condition.getLock().lock();
                    try {
                        inside.release();
                        if (condition.await(LONG)) {
                            woken.incrementAndGet();
                        }
                    } finally {
                        condition.getLock().unlock();
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        List<String> log = Logs.during(() -> {
            survivor.start();
            awaitInside(condition, inside);
            killAndReap(victim);
            for (int round = 0; round < rounds; round++) {
                if (round > 0) {
                    awaitInside(condition, inside);
                }
                notifyUnderLock(condition, 1);
            }
            survivor.join();
        });
        assertEquals(null, failure.get());
        assertEquals(rounds, woken.get(), "every notify(1) reached the survivor");
        notifyUnderLock(condition, 1); // nobody waits now; the dead waiter is not waited for
        assertEquals(1, log.stream().filter(m -> m.startsWith("WARN") && m.contains("process " + pid)).count(),
                "one warning for the one slot recovered: " + log);
    }

    @Test
    void aWaiterKilledBetweenItsWakeUpAndItsReturnPassesTheWakeUpOn() throws Exception {
        Condition condition = new Condition(new RLock());
        Semaphore inside = new Semaphore(0);
        Process victim = startVictim(condition, inside);
        Process survivor = startSurvivor(condition, inside, 1);
        awaitInside(condition, inside);
        condition.getLock().lock();
        try {
            condition.signal(1); // the victim is first in line: woken, it waits for the lock
            killAndReap(victim);
        } finally {
            condition.getLock().unlock();
        }
        Children.finish(survivor, 0);
    }

    @Test
    void waitersKilledAtRandomMomentsNeverBlockANotifyNorLoseAWakeUp() throws Exception {
        Condition condition = new Condition(new Lock());
        Semaphore started = new Semaphore(0);
        AtomicInteger generation = new AtomicInteger();
        AtomicInteger seen = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread survivor = new Thread(() -> {
            try {
                while (seen.get() >= 0) {
                    condition.getLock().lock();
                    try {
                        int last = seen.get();
                        if (!condition.waitFor(() -> generation.get() != last, LONG)) {
                            throw new AssertionError("a wake-up was lost at generation " + last);
                        }
                        seen.set(generation.get());
                    } finally {
                        condition.getLock().unlock();
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        survivor.start();
        try {
            // Eight kills at random moments, notify(1) and notify_all by turns.
            for (int i = 0; i < 8; i++) {
                // The victim goes through every step of a wait and of a notify, over and over.
                Process victim = Children.start(() -> {
                    started.release();
                    while (true) {
                        condition.getLock().lock();
                        try {
                            condition.await(Duration.ofNanos(ThreadLocalRandom.current().nextLong(2_000_000)));
                            condition.signal(1);
                        } finally {
                            condition.getLock().unlock();
                        }
                    }
                });
                assertTrue(started.tryAcquire(LONG));
                Thread.sleep(ThreadLocalRandom.current().nextInt(60));
                killAndReap(victim);
                int next = generation.incrementAndGet();
                notifyUnderLock(condition, i % 2 == 0 ? 1 : Integer.MAX_VALUE);
                long deadline = System.nanoTime() + LONG.toNanos();
                while (seen.get() != next && failure.get() == null && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                assertEquals(null, failure.get());
                assertEquals(next, seen.get(), "the survivor saw generation " + next + " (round " + i + ")");
            }
        } finally {
            seen.set(-100);
            generation.set(-100);
            notifyUnderLock(condition, Integer.MAX_VALUE);
            survivor.join(LONG.toMillis());
        }
        assertEquals(null, failure.get());
    }
}
