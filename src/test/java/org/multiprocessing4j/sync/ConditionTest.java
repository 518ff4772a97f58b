package org.multiprocessing4j.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.shared.SharedMemory;
import org.multiprocessing4j.testing.Children;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConditionTest {
    private static final int ROUNDS = 50;

    /** Plays {@code ROUNDS} turns: waits for its turn, counts, hands the turn to the other side. */
    private static void play(Condition condition, SharedMemory state, int me) throws InterruptedException {
        ByteBuffer buffer = state.getBuffer();
        for (int round = 0; round < ROUNDS; round++) {
            condition.getLock().lock();
            try {
                if (!condition.waitFor(() -> buffer.getInt(0) == me, Duration.ofSeconds(20))) {
                    throw new IllegalStateException("side " + me + " never got its turn");
                }
                buffer.putInt(4, buffer.getInt(4) + 1);
                buffer.putInt(0, 1 - me);
                condition.signal();
            } finally {
                condition.getLock().unlock();
            }
        }
    }

    @Test
    @Timeout(60)
    void pingPongBetweenProcesses() throws Exception {
        for (java.util.concurrent.locks.Lock lock : new java.util.concurrent.locks.Lock[] {new RLock(), new Lock()}) {
            Condition condition = new Condition(lock);
            try (SharedMemory state = SharedMemory.create(8)) {
                Process child = Children.start(() -> play(condition, state, 1));
                play(condition, state, 0);
                Children.finish(child);
                assertEquals(2 * ROUNDS, state.getBuffer().getInt(4));
            }
        }
    }

    @Test
    @Timeout(60)
    void signalAllWakesEveryWaitingProcess() throws Exception {
        Condition condition = new Condition();
        Semaphore waiting = new Semaphore(0);
        try (SharedMemory state = SharedMemory.create(8)) {
            Process[] children = new Process[3];
            for (int i = 0; i < children.length; i++) {
                children[i] = Children.start(() -> {
                    condition.getLock().lock();
                    try {
                        waiting.release();
                        if (!condition.waitFor(() -> state.getBuffer().get(0) == 1, Duration.ofSeconds(20))) {
                            throw new IllegalStateException("not woken");
                        }
                    } finally {
                        condition.getLock().unlock();
                    }
                });
            }
            for (int i = 0; i < children.length; i++) {
                assertTrue(waiting.tryAcquire(Duration.ofSeconds(20)));
            }
            condition.getLock().lock();
            try {
                state.getBuffer().put(0, (byte) 1);
                condition.signalAll();
            } finally {
                condition.getLock().unlock();
            }
            for (Process child : children) {
                Children.finish(child);
            }
        }
    }

    @Test
    @Timeout(30)
    void waitsTimeOutAndKeepTheRLocksCount() throws Exception {
        RLock lock = new RLock();
        Condition condition = new Condition(lock);
        lock.lock();
        lock.lock();
        assertFalse(condition.await(Duration.ofMillis(50)));
        assertFalse(condition.await(10, TimeUnit.MILLISECONDS));
        assertTrue(condition.awaitNanos(1_000_000) <= 0);
        assertFalse(condition.waitFor(() -> false, Duration.ofMillis(50)));
        assertTrue(condition.waitFor(() -> true, Duration.ZERO));
        assertEquals(2, lock.getHoldCount());
        condition.signal(5); // nobody waits: nothing to wake, nothing left over
        lock.unlock();
        lock.unlock();
    }

    @Test
    void waitingOrNotifyingWithoutTheLockFails() {
        Condition condition = new Condition();
        assertThrows(IllegalMonitorStateException.class, () -> condition.await(Duration.ZERO));
        assertThrows(IllegalMonitorStateException.class, condition::signal);
        Condition overLock = new Condition(new Lock());
        assertThrows(IllegalMonitorStateException.class, overLock::signalAll);
        assertThrows(IllegalArgumentException.class, () -> new Condition(new ReentrantLock()));
    }

    @Test
    @Timeout(30)
    void anInterruptedWaitThrowsWithTheLockHeldAgain() throws Exception {
        Condition condition = new Condition();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            condition.getLock().lock();
            try {
                condition.await();
                outcome.set("woken");
            } catch (InterruptedException e) {
                outcome.set(((RLock) condition.getLock()).isHeldByCurrentThread() ? e : "lock not held again");
            } finally {
                condition.getLock().unlock();
            }
        });
        waiter.start();
        Thread.sleep(100);
        waiter.interrupt();
        waiter.join();
        assertInstanceOf(InterruptedException.class, outcome.get());
    }
}
