package org.multiprocessing4j.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.shared.SharedMemory;
import org.multiprocessing4j.testing.Blocking;
import org.multiprocessing4j.testing.Children;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RLockTest {

    @Test
    @Timeout(30)
    void theOwnerThreadAcquiresAgainAndOthersWait() throws Exception {
        RLock lock = new RLock();
        lock.acquire();
        assertTrue(lock.acquire(Duration.ZERO));
        assertTrue(lock.tryLock());
        assertEquals(3, lock.getHoldCount());
        assertTrue(lock.isHeldByCurrentThread());
        AtomicReference<Object> other = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                boolean got = lock.acquire(Duration.ofMillis(100));
                IllegalMonitorStateException e = assertThrows(IllegalMonitorStateException.class, lock::release);
                other.set(got + " " + e.getMessage() + " " + lock.isHeldByCurrentThread());
            } catch (Throwable t) {
                other.set(t);
            }
        });
        thread.start();
        thread.join();
        assertEquals("false cannot release un-acquired lock false", other.get());
        lock.release();
        lock.release();
        assertTrue(lock.isHeldByCurrentThread());
        lock.unlock();
        assertFalse(lock.isHeldByCurrentThread());
        assertEquals(0, lock.getHoldCount());
        assertThrows(IllegalMonitorStateException.class, lock::release);
    }

    @Test
    @Timeout(120)
    void aCounterIncrementedByProcessesUnderTheRLockEndsExactlyRight() throws Exception {
        RLock lock = new RLock();
        try (SharedMemory counter = SharedMemory.create(8)) {
            List<Process> children = new ArrayList<>();
            for (int i = 0; i < LockTest.PROCESSES; i++) {
                children.add(Children.start(() -> {
                    ByteBuffer buffer = counter.getBuffer();
                    for (int n = 0; n < LockTest.INCREMENTS; n++) {
                        lock.acquire();
                        lock.acquire();
                        buffer.putInt(0, buffer.getInt(0) + 1);
                        lock.release();
                        lock.release();
                    }
                }));
            }
            for (Process child : children) {
                Children.finish(child);
            }
            assertEquals(LockTest.PROCESSES * LockTest.INCREMENTS, counter.getBuffer().getInt(0));
        }
    }

    @Test
    @Timeout(60)
    void anRLockWhoseHolderWasKilledIsRecoveredWithACountOfOne() throws Exception {
        RLock lock = new RLock();
        try (SharedMemory flag = SharedMemory.create(8)) {
            Process holder = Children.start(() -> {
                lock.acquire();
                lock.acquire();
                flag.getBuffer().put(0, (byte) 1);
                Thread.sleep(60_000);
            });
            LockTest.awaitFlag(flag, 0);
            long pid = holder.getPid();
            assertFalse(lock.isHeldByCurrentThread());
            List<String> log = LockTest.logged(() -> {
                holder.kill();
                assertTrue(lock.acquire(Duration.ofSeconds(10)));
            });
            assertTrue(log.stream().anyMatch(m -> m.contains("RLock: process " + pid + " died holding it")), log.toString());
            assertEquals(1, lock.getHoldCount());
            lock.release();
            assertEquals(0, lock.getHoldCount());
            Children.finish(holder, -9);
        }
    }

    @Test
    @Timeout(30)
    void aBlockedAcquireAnswersInterrupt() throws Exception {
        RLock lock = new RLock();
        lock.lock();
        Blocking.assertInterruptible(lock::lockInterruptibly);
        lock.unlock();
    }
}
