package org.multiprocessing4j.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.internal.memory.Words;
import org.multiprocessing4j.internal.platform.Platform;
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

    /**
     * A holder is known by its pid and its start time: a lock whose holder died is recovered
     * even once another process has its pid, and one whose holder's pid and start time are a
     * running process's is not. Here a running {@code sleep} has the pid the lock's word names.
     */
    @Test
    @Timeout(60)
    void aHolderIsKnownByItsStartTimeNotOnlyByItsPid() throws Exception {
        java.lang.Process stranger = new ProcessBuilder("sleep", "60").start();
        Lock lock = new Lock();
        try {
            int pid = (int) stranger.pid();
            long start = Platform.processes().startTime(pid);
            assertTrue(start != 0, "no start time for pid " + pid);
            ByteBuffer memory = lock.mutex.buffer();
            // An earlier process with that pid died holding the lock.
            Words.setIntVolatile(memory, 0, pid);
            Words.setLongVolatile(memory, Mutex.HOLDER, ((long) pid << 32) | ((start - 1) & 0xffff_ffffL));
            List<String> log = logged(() -> assertTrue(lock.acquire(Duration.ofSeconds(10)), "recovered from the dead holder"));
            assertTrue(log.stream().anyMatch(m -> m.contains("process " + pid + " died holding it")), log.toString());
            assertEquals(Words.identity(), Words.getLongVolatile(memory, Mutex.HOLDER), "the recoverer's identity");
            lock.release();
            assertEquals(0, Words.getLongVolatile(memory, Mutex.HOLDER), "the identity is cleared on release");
            // The running process itself holds it.
            Words.setIntVolatile(memory, 0, pid);
            Words.setLongVolatile(memory, Mutex.HOLDER, ((long) pid << 32) | (start & 0xffff_ffffL));
            assertFalse(lock.acquire(Duration.ofMillis(300)), "taken from a running holder");
            // A dead holder's identity not yet overwritten by its recoverer: the pid alone answers.
            Words.setLongVolatile(memory, Mutex.HOLDER, ((long) (pid + 1) << 32) | 12345);
            assertFalse(lock.acquire(Duration.ofMillis(300)), "taken from a running holder with a stale identity");
            Words.setLongVolatile(memory, Mutex.HOLDER, 0);
            assertFalse(lock.acquire(Duration.ofMillis(300)), "taken from a running holder with no identity");
            Words.setIntVolatile(memory, 0, 0);
            assertTrue(lock.acquire(Duration.ofSeconds(1)));
            assertEquals(Words.identity(), Words.getLongVolatile(memory, Mutex.HOLDER));
            lock.release();
        } finally {
            stranger.destroyForcibly().waitFor();
            lock.close();
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
