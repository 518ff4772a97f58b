package org.multiprocessing4j.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random workers of a pool SIGKILLed in a loop while tasks stream in: every task ends, either
 * with its right result or with a {@link WorkerDiedException}, the counts add up, and the pool
 * works normally afterwards. Lasts {@value #SECONDS} s; {@code -Dmp4j.chaos.seconds=N} for N.
 */
class PoolChaosTest {
    private static final int SECONDS = 4;

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void workersKilledAtRandomFailOnlyTheirOwnTasks() throws Exception {
        long seconds = Long.getLong("mp4j.chaos.seconds", SECONDS);
        try (Pool pool = new Pool(2)) {
            AtomicBoolean chaos = new AtomicBoolean(true);
            AtomicInteger kills = new AtomicInteger();
            Thread killer = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (chaos.get()) {
                    try {
                        Thread.sleep(100 + random.nextInt(300));
                    } catch (InterruptedException e) {
                        return;
                    }
                    List<Long> pids = pool.getWorkerPids();
                    if (!pids.isEmpty() && ProcessHandle.of(pids.get(random.nextInt(pids.size())))
                            .map(ProcessHandle::destroyForcibly).orElse(false)) {
                        kills.incrementAndGet();
                    }
                }
            }, "pool-chaos-killer");
            killer.start();
            List<AsyncResult<Integer>> results = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            for (int i = 0; System.nanoTime() < end; i++) {
                results.add(pool.applyAsync((Integer x) -> {
                    Thread.sleep(2);
                    return x * x;
                }, i));
                if (i % 50 == 49) {
                    results.get(i - 25).waitFor(Duration.ofSeconds(60)); // a short backlog: kills hit running tasks
                }
            }
            chaos.set(false);
            killer.join();
            int succeeded = 0;
            int died = 0;
            for (int i = 0; i < results.size(); i++) {
                try {
                    assertEquals(i * i, results.get(i).get(Duration.ofSeconds(60)));
                    succeeded++;
                } catch (ExecutionException e) {
                    assertInstanceOf(WorkerDiedException.class, e.getCause());
                    died++;
                }
            }
            assertEquals(results.size(), succeeded + died);
            assertTrue(kills.get() > 0, "the chaos killed no worker");
            assertTrue(died <= kills.get(), died + " tasks failed for " + kills.get() + " kills: a kill failed more than its task");
            assertEquals(List.of(0, 1, 4, 9), pool.map((Integer x) -> x * x, List.of(0, 1, 2, 3)));
        }
    }
}
