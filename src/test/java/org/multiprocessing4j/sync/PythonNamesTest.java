package org.multiprocessing4j.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference texts' {@code acquire(block, timeout)} on every lock-like type, with the same
 * names on a semaphore as on a lock, and a condition's own {@code acquire}/{@code release}.
 */
class PythonNamesTest {

    @Test
    @Timeout(30)
    void acquireWithoutBlockingOnlyTriesAndIgnoresTheTimeout() throws Exception {
        try (Lock lock = new Lock(); RLock rLock = new RLock(); Semaphore semaphore = new Semaphore(1)) {
            assertTrue(lock.acquire(false, null));
            assertTrue(semaphore.acquire(false, Duration.ofSeconds(5)));
            CompletableFuture.runAsync(() -> rLock.lock()).join(); // held by another thread
            long start = System.nanoTime();
            assertFalse(lock.acquire(false, Duration.ofSeconds(5)), "a second acquire of a Lock");
            assertFalse(rLock.acquire(false, Duration.ofSeconds(5)), "an RLock another thread holds");
            assertFalse(semaphore.acquire(false, Duration.ofSeconds(5)), "a semaphore without units");
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "block=false waited");
            assertFalse(lock.acquire(true, Duration.ofMillis(50)));
            assertFalse(semaphore.acquire(Duration.ofMillis(50)));
            semaphore.release();
            assertTrue(semaphore.acquire(true, Duration.ofMillis(50)));
            lock.release();
        }
    }

    @Test
    @Timeout(30)
    void aConditionAcquiresAndReleasesItsLock() throws Exception {
        try (Condition condition = new Condition(new Lock())) {
            Lock lock = (Lock) condition.getLock();
            condition.acquire();
            assertTrue(lock.isLocked());
            assertFalse(condition.await(Duration.ofMillis(20)), "nobody signalled");
            condition.signal(3);
            condition.release();
            assertFalse(lock.isLocked());
            assertTrue(condition.acquire(false, null));
            condition.release();
            assertThrows(IllegalMonitorStateException.class, () -> condition.await(Duration.ZERO));
            lock.close();
        }
    }
}
