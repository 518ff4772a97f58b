package org.multiprocessing4j.queues;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.testing.Blocking;
import org.multiprocessing4j.testing.Children;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueueTest {
    static final Duration LONG = Duration.ofSeconds(20);

    @Test
    @Timeout(30)
    void everyKindOfElementComesBackAsItWasPut() throws Exception {
        Queue<Object> q = new Queue<>();
        String large = "x".repeat(3 * Frames.MAX_CHUNK + 17);
        byte[] largeBytes = new byte[2 * Frames.MAX_CHUNK + 3];
        largeBytes[largeBytes.length - 1] = 9;
        List<Object> items = Arrays.asList(null, true, false, 42, -7L, 2.5, "héllo", new byte[] {1, 2, 3},
                new ArrayList<>(List.of(1, "two")), large, Integer.MIN_VALUE, "", (byte) -5, (short) 300, 'ç',
                1.5f, Double.NaN, -0.0, Long.MIN_VALUE, "\ud800 lone surrogate", "𝄞", new byte[0], largeBytes);
        for (Object item : items) {
            q.put(item);
        }
        for (Object item : items) {
            Object got = q.get(LONG);
            if (item instanceof byte[]) {
                assertArrayEquals((byte[]) item, (byte[]) got);
            } else {
                assertEquals(item, got);
                assertEquals(item == null ? null : item.getClass(), got == null ? null : got.getClass());
            }
        }
        assertEquals(0, q.qsize());
        q.close();
    }

    @Test
    @Timeout(60)
    void producersAndAConsumerInOtherProcessesThroughABoundedQueue() throws Exception {
        Queue<Object> q = new Queue<>(10);
        Queue<Object> results = new Queue<>();
        int n = 3000;
        List<Process> producers = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            int id = p;
            producers.add(Children.start(() -> {
                for (int i = 0; i < n; i++) {
                    q.put(id * 1_000_000 + i);
                }
            }));
        }
        Process consumer = Children.start(() -> {
            int[] next = new int[2];
            for (int i = 0; i < 2 * n; i++) {
                int v = (Integer) q.get();
                int id = v / 1_000_000;
                if (v % 1_000_000 != next[id]++) {
                    results.put("out of order: " + v);
                }
                if (q.qsize() > 10) {
                    results.put("qsize above maxsize: " + q.qsize());
                }
            }
            results.put("done");
        });
        assertEquals("done", results.get(LONG));
        for (Process p : producers) {
            Children.finish(p);
        }
        Children.finish(consumer);
        assertTrue(q.empty());
        assertEquals(0, q.qsize());
        q.close();
        results.close();
    }

    @Test
    @Timeout(60)
    void joinReturnsOnlyOnceEveryTaskIsDoneInOtherProcesses() throws Exception {
        JoinableQueue<Integer> tasks = new JoinableQueue<>();
        Queue<Integer> done = new Queue<>();
        int n = 200;
        for (int i = 0; i < n; i++) {
            tasks.put(i);
        }
        List<Process> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            workers.add(Children.start(() -> {
                while (true) {
                    Integer task = tasks.get();
                    if (task < 0) {
                        tasks.taskDone();
                        return;
                    }
                    Thread.sleep(1);
                    done.put(task);
                    tasks.taskDone();
                }
            }));
        }
        tasks.join();
        int count = 0;
        while (true) {
            try {
                done.getNowait();
                count++;
            } catch (Empty e) {
                break;
            }
        }
        // join returned after every taskDone, and each worker put its result before its taskDone;
        // a feeder may still be writing the last results, so wait for them.
        while (count < n) {
            done.get(LONG);
            count++;
        }
        assertEquals(n, count);
        tasks.put(-1);
        tasks.put(-1);
        assertTrue(tasks.join(LONG));
        for (Process w : workers) {
            Children.finish(w);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, tasks::taskDone);
        assertEquals("task_done() called too many times", e.getMessage());
        tasks.close();
        done.close();
    }

    @Test
    @Timeout(30)
    void sizesAndTimeouts() throws Exception {
        Queue<String> q = new Queue<>(2);
        assertTrue(q.empty());
        assertFalse(q.full());
        assertEquals(0, q.qsize());
        assertThrows(Empty.class, q::getNowait);
        long start = System.nanoTime();
        assertThrows(Empty.class, () -> q.get(Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - start >= 190_000_000L);
        q.put("a");
        q.putNowait("b");
        assertEquals(2, q.qsize());
        assertTrue(q.full());
        assertThrows(Full.class, () -> q.putNowait("c"));
        start = System.nanoTime();
        assertThrows(Full.class, () -> q.put("c", Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - start >= 190_000_000L);
        assertThrows(Full.class, () -> q.put("c", false, null));
        assertEquals("a", q.get());
        while (q.empty()) {
            Thread.sleep(1); // the feeder writes "b" a moment after put returned
        }
        assertEquals("b", q.get(false, null));
        assertEquals(0, q.qsize());
        assertEquals(Integer.MAX_VALUE, new Queue<>().getMaxSize());
        q.close();
    }

    @Test
    @Timeout(30)
    void anUnserializableElementFailsInPutAndTheQueueGoesOn() throws Exception {
        Queue<Object> q = new Queue<>(1);
        SerializationException e = assertThrows(SerializationException.class, () -> q.put(new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        assertEquals(0, q.qsize(), "no unit is taken by a put that failed");
        q.put("fine");
        assertEquals("fine", q.get(LONG));
        q.close();
    }

    @Test
    void aClosedQueueRefusesAsCPythonDoes() throws Exception {
        Queue<String> q = new Queue<>();
        IllegalStateException notClosed = assertThrows(IllegalStateException.class, q::joinThread);
        assertTrue(notClosed.getMessage().endsWith("not closed"), notClosed.getMessage());
        q.put("x");
        q.close();
        q.joinThread();
        IllegalStateException e = assertThrows(IllegalStateException.class, q::get);
        assertEquals("Queue <Queue(maxsize=unbounded, closed)> is closed", e.getMessage());
        assertThrows(IllegalStateException.class, () -> q.put("y"));
        SimpleQueue<String> s = new SimpleQueue<>();
        s.close();
        assertThrows(IllegalStateException.class, s::get);
    }

    @Test
    void aQueueSentThroughAConnectionIsRefusedAsInCPython() throws Exception {
        Connection[] pipe = Pipe.open();
        Queue<String> q = new Queue<>();
        try {
            SerializationException e = assertThrows(SerializationException.class, () -> pipe[0].send(q));
            assertTrue(e.getMessage().contains("Queue objects should only be shared between processes through inheritance"),
                    e.getMessage());
        } finally {
            pipe[0].close();
            pipe[1].close();
            q.close();
        }
    }

    @Test
    @Timeout(30)
    void aBlockedGetAnswersInterrupt() throws Exception {
        Queue<String> q = new Queue<>();
        Blocking.assertInterruptible(q::get);
        q.put("after");
        assertEquals("after", q.get(LONG), "an interrupted get leaves the queue usable");
        q.close();
    }

    @Test
    @Timeout(60)
    void aSimpleQueueAcrossProcesses() throws Exception {
        SimpleQueue<Object> q = new SimpleQueue<>();
        SimpleQueue<Object> back = new SimpleQueue<>();
        Process echo = Children.start(() -> {
            Object m;
            while ((m = q.get()) != null) {
                back.put(m);
            }
        });
        byte[] big = new byte[1 << 20];
        big[12345] = 7;
        q.put("one");
        q.put(big);
        q.put(null);
        assertEquals("one", back.get());
        assertArrayEquals(big, (byte[]) back.get());
        Children.finish(echo);
        assertTrue(back.empty());
        q.close();
        back.close();
    }

    @Test
    @Timeout(60)
    void whatAChildBufferedIsWrittenBeforeItExitsUnlessCancelled() throws Exception {
        Queue<Object> q = new Queue<>();
        int n = 2000;
        byte[] kib = new byte[1024];
        Process child = Children.start(() -> {
            for (int i = 0; i < n; i++) {
                q.put(kib); // two MiB: more than the ring holds, so the feeder is still busy at exit
            }
        });
        Thread.sleep(500);
        for (int i = 0; i < n; i++) {
            assertEquals(1024, ((byte[]) q.get(LONG)).length);
        }
        Children.finish(child);

        Process cancelled = Children.start(() -> {
            for (int i = 0; i < n; i++) {
                q.put(kib);
            }
            q.cancelJoinThread();
        });
        Children.finish(cancelled);
        int got = 0;
        try {
            while (true) {
                q.get(Duration.ofMillis(500));
                got++;
            }
        } catch (Empty e) {
            // What the cancelled child had written before exiting.
        }
        assertTrue(got < n, got + " of " + n);
        q.close();
    }
}
