package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.internal.platform.Platform;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multiprocessing.wait on process sentinels (and raw descriptors), against real children. */
class MultiprocessingWaitTest {

    private static Process sleeper(long millis) {
        Process p = new Process(() -> Thread.sleep(millis));
        p.start();
        return p;
    }

    private static void stopAll(Process... processes) throws InterruptedException {
        for (Process p : processes) {
            p.terminate();
        }
        for (Process p : processes) {
            p.join();
            p.close();
        }
    }

    @Test
    @Timeout(30)
    void waitReturnsExactlyTheSentinelOfTheChildThatEnded() throws Exception {
        Process slow1 = sleeper(5_000);
        Process slow2 = sleeper(5_000);
        Process quick = sleeper(200);
        try {
            List<Sentinel> sentinels = List.of(slow1.getSentinel(), quick.getSentinel(), slow2.getSentinel());
            List<Sentinel> ready = Multiprocessing.wait(sentinels, Duration.ofSeconds(20));
            assertEquals(List.of(quick.getSentinel()), ready);
            assertTrue(slow1.isAlive() && slow2.isAlive(), "wait() returned only once the slow children had ended too");
            quick.join();
            assertEquals(0, quick.getExitCode());
        } finally {
            stopAll(slow1, slow2, quick);
        }
    }

    @Test
    @Timeout(30)
    void waitWithATimeoutReturnsEmptyWhenNothingEnded() throws Exception {
        Process a = sleeper(60_000);
        Process b = sleeper(60_000);
        try {
            List<Sentinel> sentinels = List.of(a.getSentinel(), b.getSentinel());
            long start = System.nanoTime();
            List<Sentinel> ready = Multiprocessing.wait(sentinels, Duration.ofMillis(300));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(List.of(), ready);
            assertTrue(elapsedMillis >= 250, "wait(300 ms) gave up after " + elapsedMillis + " ms");
            assertEquals(List.of(), Multiprocessing.wait(sentinels, Duration.ZERO));
        } finally {
            stopAll(a, b);
        }
    }

    @Test
    @Timeout(30)
    void theSentinelOfAnEndedProcessStaysReady() throws Exception {
        Process p = new Process(() -> { });
        p.start();
        p.join();
        Sentinel s = p.getSentinel();
        assertEquals(List.of(s), Multiprocessing.wait(List.of(s), Duration.ZERO));
        assertEquals(List.of(s), Multiprocessing.wait(List.of(s)));
        p.close();
    }

    @Test
    @Timeout(120) // 5 children; a busy machine takes seconds per start
    void onceWaitSaysASentinelIsReadyTheProcessReadsAsEnded() throws Exception {
        // The usual loop over wait(): a ready sentinel means the process has ended, so its
        // exit code must be known and isAlive() false right away (CPython polls waitpid here).
        // Each round asks at the very moment the sentinel turns ready, where a late reaper shows.
        for (int i = 0; i < 5; i++) {
            Process p = new Process(() -> System.exit(3));
            p.start();
            List<Sentinel> ready = Multiprocessing.wait(List.of(p.getSentinel()), Duration.ofSeconds(20));
            assertEquals(1, ready.size());
            Integer code = p.getExitCode();
            boolean alive = p.isAlive();
            p.join();
            p.close();
            assertEquals(3, code, "round " + i + ": exit code right after wait() returned the sentinel");
            assertFalse(alive, "round " + i + ": isAlive() right after wait() returned the sentinel");
        }
    }

    @Test
    @Timeout(30)
    void waitAcceptsRawDescriptorsAndRefusesOtherObjects() throws Exception {
        long[] pipe = Platform.descriptors().pipe();
        try {
            assertEquals(List.of(), Multiprocessing.wait(List.of(pipe[0]), Duration.ZERO));
            Platform.descriptors().write(pipe[1], new byte[] {1}, 0, 1);
            assertEquals(List.of(pipe[0]), Multiprocessing.wait(List.of(pipe[0]), Duration.ofSeconds(5)));
        } finally {
            Platform.descriptors().close(pipe[0]);
            Platform.descriptors().close(pipe[1]);
        }
        assertThrows(IllegalArgumentException.class, () -> Multiprocessing.wait(List.of("not waitable"), Duration.ZERO));
    }

    @Test
    @Timeout(30)
    void aSentinelIsTheSameDescriptorEveryTime() throws Exception {
        Process p = sleeper(60_000);
        try {
            Sentinel s = p.getSentinel();
            assertNotNull(s);
            assertEquals(s, p.getSentinel());
            assertEquals(s.handle(), s.waitHandle());
        } finally {
            stopAll(p);
        }
    }

    @Test
    @Timeout(30)
    void anInterruptStopsAWaitThatWouldBlockForEver() throws Exception {
        // Blocking calls answer Thread.interrupt() with InterruptedException.
        Process p = sleeper(60_000);
        java.util.concurrent.atomic.AtomicReference<Object> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                List<Sentinel> ready = Multiprocessing.wait(List.of(p.getSentinel()), null);
                outcome.set(Thread.currentThread().isInterrupted() ? "returned " + ready + ", interrupt kept" : "returned " + ready);
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "waiter");
        try {
            waiter.start();
            Thread.sleep(300);
            waiter.interrupt();
            waiter.join(5_000);
            assertFalse(waiter.isAlive(), "Multiprocessing.wait(..., null) still blocks 5 s after Thread.interrupt()");
            Object result = outcome.get();
            boolean interruptSeen = result instanceof InterruptedException
                    || (result instanceof Throwable && ((Throwable) result).getCause() instanceof InterruptedException)
                    || "returned [], interrupt kept".equals(result);
            assertTrue(interruptSeen, "the interrupt was lost: " + result);
        } finally {
            stopAll(p);
            waiter.join(10_000);
        }
    }
}
