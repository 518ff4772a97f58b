package org.multiprocessing4j.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.shared.SharedMemory;
import org.multiprocessing4j.testing.Blocking;
import org.multiprocessing4j.testing.Children;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventTest {

    @Test
    @Timeout(30)
    void setClearAndTimeouts() throws Exception {
        Event event = new Event();
        assertFalse(event.isSet());
        assertFalse(event.await(Duration.ofMillis(50)));
        assertFalse(event.await(Duration.ZERO));
        event.set();
        assertTrue(event.isSet());
        assertTrue(event.await(Duration.ZERO));
        event.await();
        assertEquals("<Event(set)>", event.toString());
        event.clear();
        assertFalse(event.isSet());
    }

    @Test
    @Timeout(60)
    void oneSetReleasesEveryWaitingProcess() throws Exception {
        Event go = new Event();
        Semaphore ready = new Semaphore(0);
        try (SharedMemory seen = SharedMemory.create(8)) {
            List<Process> children = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int index = i;
                children.add(Children.start(() -> {
                    ready.release();
                    if (!go.await(Duration.ofSeconds(20))) {
                        throw new IllegalStateException("not set in time");
                    }
                    seen.getBuffer().put(index, (byte) 1);
                }));
            }
            for (int i = 0; i < 3; i++) {
                assertTrue(ready.tryAcquire(Duration.ofSeconds(20)));
            }
            Thread.sleep(100);
            for (int i = 0; i < 3; i++) {
                assertEquals(0, seen.getBuffer().get(i), "nobody passed before set()");
            }
            go.set();
            for (Process child : children) {
                Children.finish(child);
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(1, seen.getBuffer().get(i), "process " + i + " passed");
            }
        }
    }

    @Test
    @Timeout(30)
    void aWaitAnswersInterrupt() throws Exception {
        Event event = new Event();
        Blocking.assertInterruptible(event::await);
    }
}
