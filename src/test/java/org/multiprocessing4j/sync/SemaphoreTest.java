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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SemaphoreTest {

    @Test
    @Timeout(30)
    void unitsAreCountedAndTimeoutsEnd() throws Exception {
        Semaphore semaphore = new Semaphore(2);
        assertEquals(2, semaphore.getValue());
        assertTrue(semaphore.tryAcquire());
        assertTrue(semaphore.tryAcquire(Duration.ZERO));
        assertFalse(semaphore.tryAcquire());
        assertFalse(semaphore.tryAcquire(Duration.ofMillis(100)));
        semaphore.release();
        semaphore.release();
        semaphore.release();
        assertEquals(3, semaphore.getValue(), "an unbounded semaphore grows past its initial value");
        assertEquals("<Semaphore(value=3)>", semaphore.toString());
        assertEquals(1, new Semaphore().getValue());
    }

    @Test
    void badValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(-1));
    }

    @Test
    void aBoundedSemaphoreRefusesAReleasePastItsBound() throws Exception {
        BoundedSemaphore semaphore = new BoundedSemaphore(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, semaphore::release);
        assertEquals("semaphore or lock released too many times", e.getMessage());
        semaphore.acquire();
        semaphore.release();
        assertThrows(IllegalStateException.class, semaphore::release);
        assertEquals(2, semaphore.getValue());
    }

    @Test
    @Timeout(60)
    void childrenReleaseWhatTheParentWaitsFor() throws Exception {
        Semaphore semaphore = new Semaphore(0);
        BoundedSemaphore bounded = new BoundedSemaphore(1);
        bounded.acquire();
        Process child = Children.start(() -> {
            Thread.sleep(100);
            bounded.release();
            try {
                bounded.release();
                throw new AssertionError("the bound was not kept in the child");
            } catch (IllegalStateException expected) {
                // as it should
            }
            // Only now: a parent that took the bounded unit between the two releases above
            // would let the second one succeed.
            for (int i = 0; i < 3; i++) {
                semaphore.release();
            }
        });
        for (int i = 0; i < 3; i++) {
            assertTrue(semaphore.tryAcquire(Duration.ofSeconds(20)));
        }
        assertTrue(bounded.tryAcquire(Duration.ofSeconds(20)));
        Children.finish(child);
        assertEquals(0, semaphore.getValue());
    }

    @Test
    @Timeout(120)
    void aSemaphoreOfTwoLetsAtMostTwoProcessesIn() throws Exception {
        Semaphore semaphore = new Semaphore(2);
        Lock lock = new Lock();
        try (SharedMemory state = SharedMemory.create(16)) {
            List<Process> children = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                children.add(Children.start(() -> {
                    ByteBuffer buffer = state.getBuffer();
                    for (int n = 0; n < 50; n++) {
                        semaphore.acquire();
                        lock.lock();
                        int inside = buffer.getInt(0) + 1;
                        buffer.putInt(0, inside);
                        buffer.putInt(4, Math.max(buffer.getInt(4), inside));
                        lock.unlock();
                        Thread.sleep(1);
                        lock.lock();
                        buffer.putInt(0, buffer.getInt(0) - 1);
                        lock.unlock();
                        semaphore.release();
                    }
                }));
            }
            for (Process child : children) {
                Children.finish(child);
            }
            assertEquals(0, state.getBuffer().getInt(0));
            assertTrue(state.getBuffer().getInt(4) <= 2, "at most two inside at once");
            assertEquals(2, semaphore.getValue());
        }
    }

    @Test
    @Timeout(30)
    void aBlockedAcquireAnswersInterrupt() throws Exception {
        Semaphore semaphore = new Semaphore(0);
        Blocking.assertInterruptible(semaphore::acquire);
        assertEquals(0, semaphore.getValue());
    }
}
