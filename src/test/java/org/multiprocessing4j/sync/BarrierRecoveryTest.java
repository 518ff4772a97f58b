package org.multiprocessing4j.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.shared.SharedMemory;
import org.multiprocessing4j.testing.Blocking;
import org.multiprocessing4j.testing.Children;
import org.multiprocessing4j.testing.Logs;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parties SIGKILLed inside {@link Barrier#await()}: the others neither hang nor overstay their time-out. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BarrierRecoveryTest {
    static final Duration LONG = Duration.ofSeconds(30);
    /** The one process the action of {@link #aPartyKilledAfterItsReleaseDoesNotBlockTheNextRound} kills. */
    static volatile Process killedByTheAction;

    static void awaitWaiting(Barrier barrier, int parties) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (barrier.getNumberWaiting() < parties) {
            assertTrue(System.nanoTime() < deadline, "parties never arrived: " + barrier);
            Thread.sleep(5);
        }
        Thread.sleep(100); // from counted to asleep
    }

    /** A party that expects the barrier to break within {@link #LONG}: exits with 3 if it does not. */
    static Process startPartyExpectingBreak(Barrier barrier) {
        return Children.start(() -> {
            try {
                barrier.await(LONG);
            } catch (BrokenBarrierException expected) {
                if (!"timed out".equals(expected.getMessage())) {
                    return;
                }
            }
            System.exit(3);
        });
    }

    /** Runs a whole round of {@code barrier} with live parties: threads of this process. */
    static void roundWithThreads(Barrier barrier) throws Exception {
        Thread[] others = new Thread[barrier.getParties() - 1];
        Exception[] failures = new Exception[others.length];
        for (int i = 0; i < others.length; i++) {
            int me = i;
            others[i] = new Thread(() -> {
                try {
                    barrier.await(LONG);
                } catch (Exception e) {
                    failures[me] = e;
                }
            });
            others[i].start();
        }
        barrier.await(LONG);
        for (int i = 0; i < others.length; i++) {
            others[i].join();
            assertEquals(null, failures[i]);
        }
    }

    @Test
    void aPartyKilledWhileWaitingBreaksTheBarrierForTheOthers() throws Exception {
        Barrier barrier = new Barrier(4);
        Process victim = Children.start(barrier::await);
        awaitWaiting(barrier, 1);
        Process other = startPartyExpectingBreak(barrier);
        awaitWaiting(barrier, 2);
        long pid = victim.getPid();
        List<String> log = Logs.during(() -> {
            victim.kill();
            Children.finish(victim, -9);
            long start = System.nanoTime();
            BrokenBarrierException broken = assertThrows(BrokenBarrierException.class, () -> barrier.await(LONG));
            assertTrue(System.nanoTime() - start < LONG.toNanos(), "broken by the death, not by the time-out");
            assertFalse("timed out".equals(broken.getMessage()), "broken by the death, not by the time-out");
            Children.finish(other, 0);
        });
        assertTrue(log.stream().noneMatch(m -> m.startsWith("ERROR")), log.toString());
        assertTrue(barrier.isBroken());
        barrier.reset();
        barrier.abort();
        barrier.reset();
        assertEquals(0, barrier.getNumberWaiting());
        roundWithThreads(barrier);
    }

    @Test
    void aPartyKilledAfterItsReleaseDoesNotBlockTheNextRound() throws Exception {
        Barrier barrier = new Barrier(2, () -> {
            Process victim = killedByTheAction;
            if (victim != null) { // only in this process, which arrives last
                victim.kill();
                victim.join();
            }
        }, null);
        Process victim = Children.start(() -> {
            barrier.await();
            barrier.await();
        });
        killedByTheAction = victim;
        try {
            awaitWaiting(barrier, 1);
            long pid = victim.getPid();
            List<String> log = Logs.during(() -> {
                assertEquals(1, barrier.await(LONG)); // the victim, released, dies before it leaves
                long start = System.nanoTime();
                BrokenBarrierException e = assertThrows(BrokenBarrierException.class,
                        () -> barrier.await(Duration.ofMillis(500)));
                assertEquals("timed out", e.getMessage());
                long took = System.nanoTime() - start;
                assertTrue(took < Duration.ofSeconds(10).toNanos(), "await(500 ms) took " + took / 1_000_000 + " ms");
            });
            // Once for its place; its condition slot (woken by the release) is another warning.
            assertEquals(1, log.stream().filter(m -> m.startsWith("WARN Barrier: process " + pid)).count(),
                    log.toString());
            Children.finish(victim, -9);
        } finally {
            killedByTheAction = null;
        }
        barrier.reset();
        roundWithThreads(barrier);
    }

    @Test
    void awaitHonoursItsTimeoutAndInterruptsWhileAnotherProcessRunsTheAction() throws Exception {
        try (SharedMemory flag = SharedMemory.create(8)) {
            // The last party runs the action with the barrier's lock held: here for a minute.
            Barrier barrier = new Barrier(2, () -> {
                flag.getBuffer().put(0, (byte) 1);
                Thread.sleep(60_000);
            }, null);
            Process first = Children.start(barrier::await);
            awaitWaiting(barrier, 1);
            Process last = Children.start(barrier::await);
            LockTest.awaitFlag(flag, 0);
            long start = System.nanoTime();
            BrokenBarrierException e = assertThrows(BrokenBarrierException.class, () -> barrier.await(Duration.ofMillis(300)));
            assertEquals("timed out", e.getMessage());
            long took = System.nanoTime() - start;
            assertTrue(took < Duration.ofSeconds(10).toNanos(), "await(300 ms) took " + took / 1_000_000 + " ms");
            Blocking.assertInterruptible(() -> barrier.await(LONG));
            first.kill();
            last.kill();
            Children.finish(first, -9);
            Children.finish(last, -9);
        }
    }
}
