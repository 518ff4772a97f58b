package org.multiprocessing4j.queues;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.sync.Semaphore;
import org.multiprocessing4j.testing.Blocking;
import org.multiprocessing4j.testing.Children;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A process SIGKILLed in {@link JoinableQueue#join()}: the others' taskDone and join go on. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JoinableQueueRecoveryTest {
    static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void aProcessKilledInJoinBlocksNeitherTaskDoneNorJoin() throws Exception {
        JoinableQueue<String> q = new JoinableQueue<>();
        q.put("task");
        Semaphore joining = new Semaphore(0);
        Process joiner = Children.start(() -> {
            joining.release();
            q.join();
        });
        assertTrue(joining.tryAcquire(LONG));
        Thread.sleep(500); // from the semaphore into the condition's wait
        joiner.kill();
        Children.finish(joiner, -9);

        long start = System.nanoTime();
        assertFalse(q.join(Duration.ofMillis(200)), "one task is not done");
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
        assertEquals("task", q.get(LONG));
        Process other = Children.start(() -> {
            if (!q.join(LONG)) {
                System.exit(3);
            }
        });
        Thread.sleep(300);
        q.taskDone(); // wakes the other joiner, and does not wait for the dead one
        assertTrue(q.join(LONG));
        Children.finish(other, 0);
        q.close();
    }

    @Test
    void joinAnswersInterrupt() throws Exception {
        JoinableQueue<String> q = new JoinableQueue<>();
        q.put("task");
        Blocking.assertInterruptible(q::join);
        Blocking.assertInterruptible(() -> q.join(LONG));
        assertEquals("task", q.get(LONG));
        q.taskDone();
        assertTrue(q.join(Duration.ZERO));
        q.close();
    }
}
