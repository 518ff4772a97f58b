package org.multiprocessing4j.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.shared.SharedMemory;
import org.multiprocessing4j.testing.Children;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random participants of a lock, a condition and a barrier SIGKILLed in a loop, at whatever
 * step they are: the survivors keep going and finish, and this process's own calls never block.
 * It lasts {@value #DEFAULT_SECONDS} s, or longer on a loaded machine until {@value #MIN_KILLS}
 * participants were killed (at most {@value #MAX_EXTRA_SECONDS} s more);
 * {@code -Dmp4j.chaos.seconds=N} makes it last N s.
 */
class ChaosTest {
    static final int DEFAULT_SECONDS = 6;
    /** Kills the run goes on for past its seconds: a busy machine restarts workers slowly. */
    static final int MIN_KILLS = 3;
    static final int MAX_EXTRA_SECONDS = 30;
    static final int WORKERS = 3;
    static final int COUNTER = 0;
    static final int ITEMS = 4;
    static final int HEARTBEATS = 16;

    /** One worker's loop: a random step on one of the three primitives, until {@code stop} is set. */
    static void work(Lock lock, Condition condition, Barrier barrier, Event stop, SharedMemory state, int me)
            throws InterruptedException {
        ByteBuffer shared = state.getBuffer();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        shared.putInt(HEARTBEATS + 4 * me, 1); // working: it may be killed from now on
        while (!stop.isSet()) {
            int step = random.nextInt(3);
            if (step == 0) {
                lock.acquire();
                try {
                    shared.putInt(COUNTER, shared.getInt(COUNTER) + 1);
                } finally {
                    lock.release();
                }
            } else if (step == 1) {
                condition.getLock().lock();
                try {
                    // Fewer items than takers: most of the time some worker waits, and is killed there.
                    if (random.nextInt(4) == 0) {
                        shared.putInt(ITEMS, shared.getInt(ITEMS) + 1);
                        condition.signal(random.nextBoolean() ? 1 : Integer.MAX_VALUE);
                    } else if (condition.waitFor(() -> shared.getInt(ITEMS) > 0 || stop.isSet(), patience(random))
                            && shared.getInt(ITEMS) > 0) {
                        shared.putInt(ITEMS, shared.getInt(ITEMS) - 1);
                    }
                } finally {
                    condition.getLock().unlock();
                }
            } else {
                try {
                    barrier.await(patience(random));
                } catch (BrokenBarrierException e) {
                    if (barrier.isBroken() && !stop.isSet()) {
                        barrier.reset();
                    }
                }
            }
            shared.putInt(HEARTBEATS + 4 * me, shared.getInt(HEARTBEATS + 4 * me) + 1);
        }
    }

    /**
     * Half the waits have no time-out: a wait that times out anyway would hide a notify or a
     * barrier that waits for a dead process (it would give up in its stead).
     */
    static Duration patience(ThreadLocalRandom random) {
        return random.nextBoolean() ? null : Duration.ofMillis(random.nextInt(300));
    }

    /** Gives the workers an item and wakes them all, so that none waits for ever on the condition. */
    static void feed(Condition condition, SharedMemory state) {
        condition.getLock().lock();
        try {
            state.getBuffer().putInt(ITEMS, state.getBuffer().getInt(ITEMS) + 1);
            condition.signalAll();
        } finally {
            condition.getLock().unlock();
        }
    }

    static Process startWorker(Lock lock, Condition condition, Barrier barrier, Event stop, SharedMemory state, int me) {
        state.getBuffer().putInt(HEARTBEATS + 4 * me, 0);
        return Children.start(() -> work(lock, condition, barrier, stop, state, me));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void survivorsOfRandomKillsFinish() throws Exception {
        int seconds = Integer.getInteger("mp4j.chaos.seconds", DEFAULT_SECONDS);
        // The real bound: a hang anywhere here shows within a couple of minutes.
        assertTimeoutPreemptively(Duration.ofSeconds(seconds + MAX_EXTRA_SECONDS + 120L), () -> chaos(seconds));
    }

    private static void chaos(int seconds) throws Exception {
        Lock lock = new Lock();
        Condition condition = new Condition();
        Barrier barrier = new Barrier(2);
        Event stop = new Event();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (SharedMemory state = SharedMemory.create(HEARTBEATS + 4 * WORKERS)) {
            Process[] workers = new Process[WORKERS];
            for (int i = 0; i < WORKERS; i++) {
                workers[i] = startWorker(lock, condition, barrier, stop, state, i);
            }
            int kills = 0;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long latest = end + TimeUnit.SECONDS.toNanos(MAX_EXTRA_SECONDS);
            ByteBuffer shared = state.getBuffer();
            while (System.nanoTime() < end || kills < MIN_KILLS && System.nanoTime() < latest) {
                Thread.sleep(random.nextInt(20, 200));
                // Not a worker still booting: it would die before it took part in anything.
                int victim = random.nextInt(WORKERS);
                for (int i = 0; i < WORKERS && shared.getInt(HEARTBEATS + 4 * victim) == 0; i++) {
                    victim = (victim + 1) % WORKERS;
                }
                if (shared.getInt(HEARTBEATS + 4 * victim) == 0) {
                    continue;
                }
                workers[victim].kill();
                Children.finish(workers[victim], -9);
                kills++;
                workers[victim] = startWorker(lock, condition, barrier, stop, state, victim);
                // This process's own calls: none may block on the dead.
                assertTrue(lock.acquire(Duration.ofSeconds(30)), "the lock after kill " + kills);
                lock.release();
                feed(condition, state);
            }
            long chaosSeconds = (System.nanoTime() - end) / 1_000_000_000L + seconds;
            // Without kills for a while, every survivor makes progress.
            int[] before = new int[WORKERS];
            for (int i = 0; i < WORKERS; i++) {
                before[i] = shared.getInt(HEARTBEATS + 4 * i);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int i = 0; i < WORKERS; i++) {
                while (shared.getInt(HEARTBEATS + 4 * i) == before[i]) {
                    assertTrue(System.nanoTime() < deadline, "worker " + i + " made no progress after " + kills + " kills");
                    feed(condition, state);
                    Thread.sleep(20);
                }
            }
            System.out.println("chaos: " + kills + " participants killed in " + chaosSeconds + " s");
            stop.set();
            // Until all are out: a worker may have reset the barrier, or begun a wait, just now.
            for (Process worker : workers) {
                while (worker.isAlive()) {
                    assertTrue(System.nanoTime() < deadline, worker + " did not finish");
                    barrier.abort();
                    feed(condition, state);
                    worker.join(Duration.ofMillis(50));
                }
                Children.finish(worker, 0);
            }
            barrier.reset();
            assertTrue(lock.acquire(Duration.ofSeconds(30)));
            lock.release();
        }
    }
}
