package org.multiprocessing4j.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.shared.SharedMemory;
import org.multiprocessing4j.testing.Blocking;
import org.multiprocessing4j.testing.Children;
import org.multiprocessing4j.testing.Logs;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockTest {
    static final int PROCESSES = 4;
    static final int INCREMENTS = 2000;

    /** Waits until the byte at {@code offset} of {@code memory} is not 0 (a child's signal). */
    static void awaitFlag(SharedMemory memory, int offset) throws InterruptedException {
        while (memory.getBuffer().get(offset) == 0) {
            Thread.sleep(5);
        }
    }

    /** Collects what the library logs while {@code body} runs. */
    static List<String> logged(ThrowingRunnable body) throws Exception {
        return Logs.during(body::run);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    @Timeout(120)
    void aCounterIncrementedByProcessesUnderTheLockEndsExactlyRight() throws Exception {
        Lock lock = new Lock();
        try (SharedMemory counter = SharedMemory.create(8)) {
            List<Process> children = new ArrayList<>();
            for (int i = 0; i < PROCESSES; i++) {
                children.add(Children.start(() -> {
                    ByteBuffer buffer = counter.getBuffer();
                    for (int n = 0; n < INCREMENTS; n++) {
                        lock.lock();
                        try {
                            buffer.putInt(0, buffer.getInt(0) + 1);
                        } finally {
                            lock.unlock();
                        }
                    }
                }));
            }
            ByteBuffer buffer = counter.getBuffer();
            for (int n = 0; n < INCREMENTS; n++) {
                lock.acquire();
                buffer.putInt(0, buffer.getInt(0) + 1);
                lock.release();
            }
            for (Process child : children) {
                Children.finish(child);
            }
            assertEquals((PROCESSES + 1) * INCREMENTS, buffer.getInt(0));
            assertFalse(lock.isLocked());
        }
    }

    @Test
    @Timeout(60)
    void aLockWhoseHolderWasKilledIsRecoveredWithAWarningNamingThePid() throws Exception {
        Lock lock = new Lock();
        try (SharedMemory flag = SharedMemory.create(8)) {
            Process holder = Children.start(() -> {
                lock.acquire();
                flag.getBuffer().put(0, (byte) 1);
                Thread.sleep(60_000);
            });
            awaitFlag(flag, 0);
            assertTrue(lock.isLocked());
            long pid = holder.getPid();
            List<String> log = logged(() -> {
                holder.kill(); // not joined yet: the dead holder may still be a zombie
                assertTrue(lock.acquire(Duration.ofSeconds(10)), "recovered the lock of the killed holder");
            });
            assertTrue(log.stream().anyMatch(m -> m.startsWith("WARN") && m.contains("process " + pid + " died holding it")),
                    log.toString());
            lock.release();
            Children.finish(holder, -9);
        }
    }

    @Test
    @Timeout(60)
    void anyProcessMayReleaseIt() throws Exception {
        Lock lock = new Lock();
        lock.lock();
        Process child = Children.start(lock::release);
        Children.finish(child);
        assertTrue(lock.tryLock(10, TimeUnit.SECONDS));
        lock.unlock();
    }

    @Test
    @Timeout(30)
    void aWaiterInAnotherProcessGetsItOnRelease() throws Exception {
        Lock lock = new Lock();
        try (SharedMemory flag = SharedMemory.create(8)) {
            lock.acquire();
            Process child = Children.start(() -> {
                flag.getBuffer().put(0, (byte) 1);
                lock.acquire();
                flag.getBuffer().put(1, (byte) 1);
                lock.release();
            });
            awaitFlag(flag, 0);
            Thread.sleep(200);
            assertEquals(0, flag.getBuffer().get(1), "the child waits while the parent holds the lock");
            lock.release();
            Children.finish(child);
            assertEquals(1, flag.getBuffer().get(1));
        }
    }

    @Test
    @Timeout(30)
    void timeoutsAndTryLock() throws Exception {
        Lock lock = new Lock();
        assertTrue(lock.tryLock());
        assertFalse(lock.tryLock());
        assertFalse(lock.acquire(Duration.ofMillis(100)), "not reentrant");
        assertFalse(lock.acquire(Duration.ZERO));
        assertFalse(lock.tryLock(-5, TimeUnit.SECONDS));
        assertTrue(lock.toString().contains("this process"), lock.toString());
        lock.unlock();
        assertTrue(lock.acquire(Duration.ZERO));
        lock.release();
        assertTrue(lock.acquire(null));
        lock.release();
    }

    @Test
    void releasingAnUnlockedLockFails() {
        Lock lock = new Lock();
        IllegalMonitorStateException e = assertThrows(IllegalMonitorStateException.class, lock::release);
        assertEquals("semaphore or lock released too many times", e.getMessage());
        assertSame(lock, lock.newCondition().getLock());
    }

    @Test
    @Timeout(30)
    void aBlockedAcquireAnswersInterrupt() throws Exception {
        Lock lock = new Lock();
        lock.lock();
        Blocking.assertInterruptible(lock::acquire);
        Blocking.assertInterruptible(() -> lock.tryLock(1, TimeUnit.MINUTES));

        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread uninterruptible = new Thread(() -> {
            lock.lock();
            outcome.set(Thread.currentThread().isInterrupted() ? null : new AssertionError("interrupt status lost"));
            lock.unlock();
        });
        uninterruptible.start();
        Thread.sleep(100);
        uninterruptible.interrupt();
        Thread.sleep(100);
        assertTrue(uninterruptible.isAlive(), "lock() keeps waiting when interrupted");
        lock.unlock();
        uninterruptible.join();
        assertEquals(null, outcome.get());
    }

    @Test
    void aLockSentThroughAConnectionIsRefusedAsInCPython() throws Exception {
        Connection[] pipe = Pipe.open();
        try {
            SerializationException e = assertThrows(SerializationException.class, () -> pipe[0].send(new Lock()));
            assertTrue(e.getMessage().contains("Lock objects should only be shared between processes through inheritance"),
                    e.getMessage());
        } finally {
            pipe[0].close();
            pipe[1].close();
        }
    }
}
