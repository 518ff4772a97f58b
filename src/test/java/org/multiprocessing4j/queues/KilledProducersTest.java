package org.multiprocessing4j.queues;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.sync.Semaphore;
import org.multiprocessing4j.testing.Children;
import org.multiprocessing4j.testing.Logs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Producers killed (or exiting after {@code cancelJoinThread()}) while their feeder holds
 * elements that {@code put} accepted but the feeder had not written: the elements are lost, as
 * in CPython, but the queue's counts are not. {@code qsize()}, the bound and a
 * {@link JoinableQueue}'s unfinished tasks are right again once the death is noticed.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KilledProducersTest {
    static final Duration LONG = Duration.ofSeconds(30);
    static final int PRODUCERS = 5;
    /**
     * Long enough for each producer to be killed at random steps of its put, a few times on a
     * quiet machine; at least once however loaded it is ({@code killRepeatedly} kills before it
     * looks at the clock again).
     */
    static final Duration CHURN = Duration.ofSeconds(3);
    static final int MAX_SIZE = 50;
    /** A byte[] of this length is a frame of 64 KiB: three fill the ring, a fourth waits for room. */
    static final int QUARTER = Ring.CAPACITY / 4 - Frames.HEADER - 1 - Integer.BYTES;

    /** What the consumer does with each element it gets. */
    interface Got {
        void run() throws Exception;
    }

    @Test
    void killedProducersLeaveAJoinableQueueWhole() throws Exception {
        JoinableQueue<Integer> q = new JoinableQueue<>(MAX_SIZE);
        churn(q, q::taskDone);
        assertWhole(q, q::taskDone);
        long start = System.nanoTime();
        assertTrue(q.join(Duration.ofSeconds(5)), "no task of a killed producer is left unfinished");
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        q.close();
    }

    @Test
    void killedProducersLeaveAQueueWhole() throws Exception {
        Queue<Integer> q = new Queue<>(MAX_SIZE);
        churn(q, () -> { });
        assertWhole(q, () -> { });
        q.close();
    }

    @Test
    void theElementsAKilledFeederHeldAreCountedOutWithAWarning() throws Exception {
        Queue<Object> q = new Queue<>();
        int held = 7;
        Process producer = Children.start(() -> {
            for (int i = 0; i < 3 + held; i++) {
                q.put(new byte[QUARTER]); // three fill the ring: the feeder waits with the others
            }
            Thread.sleep(60_000);
        });
        while (q.qsize() < 3 + held) {
            Thread.sleep(5);
        }
        Thread.sleep(500); // the feeder writes three and waits for room
        long pid = producer.getPid();
        List<String> log = Logs.during(() -> {
            producer.kill();
            Children.finish(producer, -9);
            long deadline = System.nanoTime() + LONG.toNanos();
            while (q.qsize() != 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        });
        assertEquals(3, q.qsize(), "the held elements are counted out, the written ones stay");
        assertTrue(log.stream().anyMatch(m -> m.startsWith("WARN") && m.contains("process " + pid)
                && m.contains(held + " elements")), log.toString());
        // The killed feeder held the writer lock between two messages: the next feeder takes it over.
        q.put("after");
        for (int i = 0; i < 3; i++) {
            assertEquals(QUARTER, ((byte[]) q.get(LONG)).length);
        }
        assertEquals("after", q.get(LONG));
        assertEquals(0, q.qsize());
        q.close();
    }

    @Test
    void aNormalExitAfterCancelJoinThreadLeavesNoFalseWarningAndRightCounts() throws Exception {
        JoinableQueue<Object> q = new JoinableQueue<>(10);
        Semaphore writing = new Semaphore(0);
        Process child = Children.start(() -> {
            q.cancelJoinThread();
            q.put(QueueRecoveryTest.big()); // larger than the ring: its feeder is inside it at exit
            q.put("buffered");
            q.put("buffered too");
            while (q.empty()) {
                Thread.sleep(5);
            }
            Thread.sleep(300);
            writing.release();
        });
        List<String> log = Logs.during(() -> {
            assertTrue(writing.tryAcquire(LONG));
            Children.finish(child);
            assertThrows(Empty.class, () -> q.get(Duration.ofMillis(500)), "the unfinished message is dropped");
            assertEquals(0, q.qsize(), "what the child had not written is counted out");
            assertTrue(q.join(Duration.ofSeconds(5)));
            for (int i = 0; i < 10; i++) {
                q.putNowait(i);
            }
            assertThrows(Full.class, () -> q.putNowait(10));
            for (int i = 0; i < 10; i++) {
                assertEquals(i, q.get(LONG));
                q.taskDone();
            }
        });
        assertFalse(log.stream().anyMatch(m -> m.contains("died")), log.toString());
        assertTrue(q.join(Duration.ofSeconds(5)));
        q.close();
    }

    /**
     * For {@link #CHURN}, keeps {@link #PRODUCERS} children putting into {@code q} without end,
     * each killed at a random moment while it puts and replaced; this thread gets meanwhile.
     * Returns once every producer is dead and {@code q} is drained.
     */
    static void churn(Queue<Integer> q, Got got) throws Exception {
        long seed = System.nanoTime();
        long end = System.nanoTime() + CHURN.toNanos();
        List<CompletableFuture<Integer>> killers = new ArrayList<>();
        // Threads of their own: the common pool may have a single one on a small machine.
        ExecutorService threads = Executors.newFixedThreadPool(PRODUCERS);
        for (int k = 0; k < PRODUCERS; k++) {
            Random random = new Random(seed + k);
            killers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return killRepeatedly(q, random, end);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads));
        }
        threads.shutdown();
        CompletableFuture<Void> all = CompletableFuture.allOf(killers.toArray(new CompletableFuture<?>[0]));
        while (true) {
            // Drained only by a get that began once every producer was dead: while it waits, the
            // queue looks for dead accounts (at most every LOOK_EVERY_NANOS) and counts out what
            // the last-killed one had accepted. A get begun before that death proves nothing.
            boolean allDead = all.isDone();
            try {
                q.get(Duration.ofMillis(allDead ? 1000 : 200));
                got.run();
            } catch (Empty e) {
                if (allDead) {
                    break;
                }
            }
        }
        int kills = 0;
        for (CompletableFuture<Integer> killer : killers) {
            kills += killer.get(LONG.toSeconds(), TimeUnit.SECONDS);
        }
        assertTrue(kills >= PRODUCERS, "seed " + seed + ": " + kills + " producers killed");
    }

    private static int killRepeatedly(Queue<Integer> q, Random random, long end) throws Exception {
        Semaphore putting = new Semaphore(0);
        int kills = 0;
        while (System.nanoTime() < end) {
            Process producer = Children.start(() -> {
                putting.release();
                for (int i = 0; ; i++) {
                    q.put(i);
                }
            });
            if (putting.tryAcquire(LONG)) {
                Thread.sleep(random.nextInt(150));
            }
            producer.kill();
            Children.finish(producer, -9);
            kills++;
        }
        return kills;
    }

    /** Asserts that the drained {@code q} is empty by its counts and holds {@link #MAX_SIZE} again, no more. */
    static void assertWhole(Queue<Integer> q, Got got) throws Exception {
        assertEquals(0, q.qsize(), () -> "counts: " + ((SharedQueue<?>) q.channel).ledger);
        assertFalse(q.full());
        for (int i = 0; i < MAX_SIZE; i++) {
            q.putNowait(i);
        }
        assertTrue(q.full());
        assertThrows(Full.class, () -> q.putNowait(-1), "the bound has not grown");
        for (int i = 0; i < MAX_SIZE; i++) {
            assertEquals(i, q.get(LONG));
            got.run();
        }
        assertEquals(0, q.qsize());
    }
}
