package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.pool.Pool;
import org.multiprocessing4j.queues.JoinableQueue;
import org.multiprocessing4j.queues.Queue;
import org.multiprocessing4j.queues.SimpleQueue;
import org.multiprocessing4j.shared.Array;
import org.multiprocessing4j.shared.RawArray;
import org.multiprocessing4j.shared.RawValue;
import org.multiprocessing4j.shared.Value;
import org.multiprocessing4j.sync.Barrier;
import org.multiprocessing4j.sync.BoundedSemaphore;
import org.multiprocessing4j.sync.Condition;
import org.multiprocessing4j.sync.Event;
import org.multiprocessing4j.sync.Lock;
import org.multiprocessing4j.sync.RLock;
import org.multiprocessing4j.sync.Semaphore;
import org.multiprocessing4j.testing.Children;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContextFactoriesTest {

    @Test
    @Timeout(120)
    void theFactoriesMakeObjectsAChildShares() throws Exception {
        Context ctx = Multiprocessing.context();
        Lock lock = ctx.lock();
        RLock rLock = ctx.rLock();
        Semaphore semaphore = ctx.semaphore(0);
        BoundedSemaphore bounded = ctx.boundedSemaphore(1);
        Event event = ctx.event();
        Condition condition = ctx.condition(lock);
        Barrier barrier = ctx.barrier(2, null, Duration.ofSeconds(30));
        Value<Integer> value = ctx.value("i", 1);
        Array<Double> array = ctx.array("d", List.of(0.5, 0.0));
        RawValue<Long> rawValue = ctx.rawValue("q", 1L);
        RawArray<Byte> chars = ctx.rawArray("c", 3);
        Connection[] pipe = ctx.pipe();
        Queue<String> queue = ctx.queue(4);
        JoinableQueue<String> joinable = ctx.joinableQueue();
        SimpleQueue<String> simple = ctx.simpleQueue();
        try {
            Process child = ctx.process(() -> {
                rLock.lock();
                rLock.lock();
                value.set(value.get() + 41);
                rLock.unlock();
                rLock.unlock();
                array.set(1, array.get(0) * 5);
                rawValue.set(rawValue.get() + 1);
                chars.setValue(new byte[] {'o', 'k'});
                bounded.acquire();
                barrier.await();
                semaphore.release();
                event.set();
                queue.put("from queue");
                joinable.put("from joinable");
                simple.put("from simple");
                pipe[1].send("done");
            });
            child.start();
            barrier.await();
            assertTrue(semaphore.tryAcquire(Duration.ofSeconds(30)));
            assertTrue(event.await(Duration.ofSeconds(30)));
            assertEquals("done", pipe[0].recv());
            assertEquals("from queue", queue.get(Duration.ofSeconds(30)));
            assertEquals("from joinable", joinable.get(Duration.ofSeconds(30)));
            joinable.taskDone();
            assertTrue(joinable.join(Duration.ofSeconds(5)));
            assertEquals("from simple", simple.get());
            Children.finish(child);
        } finally {
            pipe[0].close();
            pipe[1].close();
            queue.close();
            joinable.close();
            simple.close();
        }
        assertEquals(42, value.get());
        assertEquals(List.of(0.5, 2.5), array.toList());
        assertEquals(2L, rawValue.get());
        assertArrayEquals(new byte[] {'o', 'k'}, chars.getValueBytes());
        bounded.release();
        assertThrows(IllegalStateException.class, bounded::release, "the child took the one unit, so one release is allowed");
        lock.lock();
        try {
            assertTrue(!condition.await(Duration.ofMillis(1)), "the condition works over the lock it was given");
        } finally {
            lock.unlock();
        }
    }

    @Test
    @Timeout(120)
    void aContextsPoolLaunchesItsWorkersWithTheContextsSettings() throws Exception {
        Context ctx = Multiprocessing.context().withSystemProperty("mp4j.test.context", "from the context");
        try (Pool pool = ctx.pool(1)) {
            assertEquals(List.of("from the context"), pool.map(x -> System.getProperty("mp4j.test.context"), List.of(1)));
        }
    }

    @Test
    void theModuleFunctionsAreTheContextsToo() {
        Context ctx = Multiprocessing.context();
        assertSame(Multiprocessing.currentProcess(), ctx.currentProcess());
        assertEquals(Multiprocessing.cpuCount(), ctx.cpuCount());
        assertEquals(Multiprocessing.parentProcess(), ctx.parentProcess());
        assertEquals(Multiprocessing.activeChildren(), ctx.activeChildren());
        assertSame(Multiprocessing.getLogger(), ctx.getLogger());
        assertThrows(IllegalArgumentException.class, () -> ctx.semaphore(-1));
        assertThrows(IllegalArgumentException.class, () -> ctx.barrier(0));
        assertThrows(IllegalArgumentException.class, () -> ctx.value("x", 1));
    }
}
