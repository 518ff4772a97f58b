package org.multiprocessing4j;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.pool.Pool;
import org.multiprocessing4j.queues.Empty;
import org.multiprocessing4j.queues.Full;
import org.multiprocessing4j.queues.JoinableQueue;
import org.multiprocessing4j.queues.Queue;
import org.multiprocessing4j.queues.SimpleQueue;
import org.multiprocessing4j.shared.Value;
import org.multiprocessing4j.sync.Condition;
import org.multiprocessing4j.sync.Event;
import org.multiprocessing4j.sync.Lock;
import org.multiprocessing4j.sync.Semaphore;

import java.io.EOFException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The common API, one test body run against the process context ({@code "spawn"}) and the thread
 * context ({@code "thread"}, CPython's {@code multiprocessing.dummy}), so that code which only
 * changes its context behaves the same and the two implementations cannot drift apart. A
 * target names its context by the string, which travels to a child where a context would not.
 */
class ContextParityTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final Duration SHORT = Duration.ofMillis(50);

    /** A test run once per context: its parameter is the start method. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"spawn", "thread"})
    @interface BothContexts {
    }

    @BothContexts
    @Timeout(120)
    void aProcessStartsJoinsAndGivesItsExitCodeAndName(String method) throws Exception {
        Context ctx = Multiprocessing.context(method);
        assertEquals(method, ctx.getStartMethod());
        Queue<String> names = ctx.queue();
        Process p = ctx.process(() -> names.put(Multiprocessing.context(method).currentProcess().getName()), "worker");
        assertEquals("worker", p.getName());
        assertNull(p.getExitCode());
        assertNull(p.getPid());
        assertFalse(p.isAlive());
        p.start();
        assertNotNull(p.getPid());
        assertEquals("worker", names.get(LONG));
        p.join(LONG);
        assertFalse(p.isAlive());
        assertEquals(0, p.getExitCode());
        assertTrue(p.toString().contains("worker, stopped"), p.toString());
        assertThrows(IllegalStateException.class, p::start, "cannot start a process twice");

        Process failing = ctx.process(() -> {
            throw new IllegalStateException("expected by the test");
        });
        failing.start();
        failing.join();
        assertEquals(1, failing.getExitCode());
        failing.close();
        assertThrows(IllegalStateException.class, failing::getExitCode);
    }

    @BothContexts
    @Timeout(120)
    void aProcessJoinedWithATimeoutMayStillRun(String method) throws Exception {
        Context ctx = Multiprocessing.context(method);
        Event stop = ctx.event();
        Process p = ctx.process(() -> stop.await(LONG));
        p.setDaemon(true);
        p.start();
        p.join(SHORT);
        assertTrue(p.isAlive());
        assertNull(p.getExitCode());
        assertTrue(ctx.activeChildren().contains(p));
        stop.set();
        endsCleanly(p);
        assertFalse(ctx.activeChildren().contains(p));
    }

    @BothContexts
    @Timeout(120)
    void aQueuePassesElementsBetweenProcesses(String method) throws Exception {
        Context ctx = Multiprocessing.context(method);
        Queue<Object> in = ctx.queue();
        Queue<Object> out = ctx.queue();
        Process p = ctx.process(() -> {
            Object item;
            while ((item = in.get()) != null) {
                out.put(item);
            }
            out.put("done");
        });
        p.start();
        for (Object item : List.of(1, "two", List.of(3L, 4.0))) {
            in.put(item);
        }
        in.put(null);
        assertEquals(1, out.get(LONG));
        assertEquals("two", out.get(LONG));
        assertEquals(List.of(3L, 4.0), out.get(LONG));
        assertEquals("done", out.get(LONG));
        endsCleanly(p);
    }

    @BothContexts
    void aQueueTimesOutWithEmptyAndFull(String method) throws Exception {
        Context ctx = Multiprocessing.context(method);
        Queue<String> q = ctx.queue(1);
        assertEquals(1, q.getMaxSize());
        assertTrue(q.empty());
        assertThrows(Empty.class, q::getNowait);
        assertThrows(Empty.class, () -> q.get(SHORT));
        assertThrows(Empty.class, () -> q.get(false, null));
        q.put("a");
        assertEquals(1, q.qsize());
        assertTrue(q.full());
        assertThrows(Full.class, () -> q.putNowait("b"));
        assertThrows(Full.class, () -> q.put("b", SHORT));
        assertEquals("a", q.get(LONG));
        assertEquals(0, q.qsize());
        q.close();
        assertTrue(q.isClosed());
        assertThrows(IllegalStateException.class, () -> q.put("c"));
        assertThrows(IllegalStateException.class, q::getNowait);
        q.joinThread();
    }

    @BothContexts
    @Timeout(120)
    void aJoinableQueueCountsTasksAndASimpleQueuePasses(String method) throws Exception {
        Context ctx = Multiprocessing.context(method);
        JoinableQueue<Integer> tasks = ctx.joinableQueue();
        SimpleQueue<Integer> results = ctx.simpleQueue();
        Process p = ctx.process(() -> {
            for (int i = 0; i < 3; i++) {
                int n = tasks.get();
                results.put(n * 10);
                tasks.taskDone();
            }
        });
        p.start();
        for (int i = 1; i <= 3; i++) {
            tasks.put(i);
        }
        assertTrue(tasks.join(LONG));
        assertEquals(List.of(10, 20, 30), List.of(results.get(), results.get(), results.get()));
        assertThrows(IllegalStateException.class, tasks::taskDone, "task_done() called too many times");
        endsCleanly(p);
    }

    @BothContexts
    @Timeout(120)
    void locksEventsConditionsAndSemaphoresCoordinate(String method) throws Exception {
        Context ctx = Multiprocessing.context(method);
        Lock lock = ctx.lock();
        Event started = ctx.event();
        Semaphore done = ctx.semaphore(0);
        Condition condition = ctx.condition();
        Value<Integer> state = ctx.value("i", 0);
        SimpleQueue<Boolean> report = ctx.simpleQueue();
        lock.acquire();
        Process p = ctx.process(() -> {
            started.set();
            report.put(lock.acquire(SHORT));     // held by the parent: false
            report.put(lock.acquire(LONG));      // released meanwhile: true
            lock.release();
            condition.acquire();
            try {
                state.set(1);
                condition.signalAll();
            } finally {
                condition.release();
            }
            done.release();
        });
        p.start();
        assertTrue(started.await(LONG));
        assertFalse(report.get());
        lock.release();
        assertTrue(report.get());
        condition.acquire();
        try {
            assertTrue(condition.waitFor(() -> state.get() == 1, LONG));
        } finally {
            condition.release();
        }
        assertTrue(done.acquire(LONG));
        assertFalse(done.acquire(false, null));
        endsCleanly(p);
    }

    @BothContexts
    @Timeout(120)
    void aValueIsSharedUnderItsLock(String method) throws Exception {
        Context ctx = Multiprocessing.context(method);
        Value<Integer> counter = ctx.value("i", 0);
        List<Process> workers = List.of(ctx.process(() -> add(counter, 500)), ctx.process(() -> add(counter, 500)));
        for (Process w : workers) {
            w.start();
        }
        for (Process w : workers) {
            endsCleanly(w);
        }
        assertEquals(1000, counter.get());
    }

    /** Joins {@code p} and checks that its target returned. */
    private static void endsCleanly(Process p) throws InterruptedException {
        p.join(LONG);
        assertEquals(0, p.getExitCode());
    }

    private static void add(Value<Integer> counter, int times) {
        for (int i = 0; i < times; i++) {
            counter.getLock().lock();
            try {
                counter.set(counter.get() + 1);
            } finally {
                counter.getLock().unlock();
            }
        }
    }

    @BothContexts
    @Timeout(120)
    void aPipeSendsAndReceives(String method) throws Exception {
        Context ctx = Multiprocessing.context(method);
        Connection[] pipe = ctx.pipe();
        Process p = ctx.process(() -> {
            Connection child = pipe[1];
            Object message;
            while (!"stop".equals(message = child.recv())) {
                child.send(List.of("echo", message));
            }
            child.sendBytes(new byte[] {1, 2, 3});
            child.close();
        });
        p.start();
        pipe[0].send(42);
        assertEquals(List.of("echo", 42), pipe[0].recv(List.class));
        assertFalse(pipe[0].poll());
        pipe[0].send("x");
        assertTrue(pipe[0].poll(LONG));
        ClassCastException wrongType = assertThrows(ClassCastException.class, () -> pipe[0].recv(String.class));
        assertTrue(wrongType.getMessage().contains("java.lang.String") && wrongType.getMessage().contains("List"),
                wrongType.getMessage());
        pipe[0].send("stop");
        assertEquals(3, pipe[0].recvBytes().length);
        p.join(LONG);
        pipe[1].close();
        assertThrows(EOFException.class, () -> pipe[0].recv());
        pipe[0].close();
        assertTrue(pipe[0].isClosed());

        Connection[] oneWay = ctx.pipe(false);
        assertTrue(oneWay[0].isReadable() && !oneWay[0].isWritable());
        assertTrue(oneWay[1].isWritable() && !oneWay[1].isReadable());
        oneWay[1].send(7);
        assertEquals(7, oneWay[0].recv(int.class));
        for (Connection end : oneWay) {
            end.close();
        }
    }

    @BothContexts
    @Timeout(120)
    void aPoolMapsAndApplies(String method) throws Exception {
        Context ctx = Multiprocessing.context(method);
        try (Pool pool = ctx.pool(2)) {
            assertEquals(2, pool.getProcesses());
            assertEquals(List.of(1, 4, 9, 16), pool.map(x -> x * x, List.of(1, 2, 3, 4)));
            assertEquals(42, pool.apply(() -> 6 * 7));
            assertEquals(List.of(3, 7), pool.<Integer, Integer, Integer>starmap((a, b) -> a + b, List.of(Map.entry(1, 2), Map.entry(3, 4))));
        }
    }
}
