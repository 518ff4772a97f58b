package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.managers.DictProxy;
import org.multiprocessing4j.managers.ListProxy;
import org.multiprocessing4j.managers.SyncManager;
import org.multiprocessing4j.pool.Pool;
import org.multiprocessing4j.queues.JoinableQueue;
import org.multiprocessing4j.queues.Queue;
import org.multiprocessing4j.queues.SimpleQueue;
import org.multiprocessing4j.serialization.SerializationException;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What only the thread context ({@code Multiprocessing.context("thread")}, CPython's
 * {@code multiprocessing.dummy}) does: objects pass by reference, whether serializable or not;
 * what a thread cannot do is refused clearly; its processes are threads of this JVM.
 */
class ThreadContextTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private final Context threads = Multiprocessing.context("thread");

    /** Neither serializable nor a value: only a reference can carry it. */
    static final class Unserializable {
        final Thread owner = Thread.currentThread();
    }

    @Test
    @Timeout(60)
    void queuesAndPipesKeepIdentityAndCarryUnserializableObjects() throws Exception {
        Unserializable object = new Unserializable();
        Queue<Object> in = threads.queue();
        Queue<Object> out = threads.queue();
        JoinableQueue<Object> joinable = threads.joinableQueue(1);
        SimpleQueue<Object> simple = threads.simpleQueue();
        Connection[] pipe = threads.pipe();
        Process p = threads.process(() -> {
            out.put(in.get());
            simple.put(joinable.get());
            joinable.taskDone();
            pipe[1].send(pipe[1].recv());
        });
        p.start();
        in.put(object);
        joinable.put(object);
        pipe[0].send(object);
        assertSame(object, out.get(LONG));
        assertSame(object, simple.get());
        assertTrue(joinable.join(LONG));
        assertSame(object, pipe[0].recv(Unserializable.class));
        p.join(LONG);
        assertEquals(0, p.getExitCode());
    }

    @Test
    void bytesAreCopiedAndKeptApartFromObjects() throws Exception {
        Connection[] pipe = threads.pipe();
        byte[] sent = {1, 2, 3, 4};
        pipe[0].sendBytes(sent, 1, 2);
        sent[1] = 9;
        byte[] received = pipe[1].recvBytes();
        assertEquals(List.of((byte) 2, (byte) 3), List.of(received[0], received[1]));
        assertEquals(2, received.length);
        pipe[0].send("an object");
        IOException notBytes = assertThrows(IOException.class, () -> pipe[1].recvBytes());
        assertTrue(notBytes.getMessage().contains("recv()"), notBytes.getMessage());
        assertFalse(pipe[1].poll(), "the mismatched message was consumed");
        pipe[1].close();
        IOException broken = assertThrows(IOException.class, () -> pipe[0].send("x"));
        assertTrue(broken.getMessage().contains("broken pipe"), broken.getMessage());
        assertThrows(IOException.class, pipe[0]::fileno);
        assertTrue(pipe[0].toString().contains("thread"), pipe[0].toString());
    }

    @Test
    @Timeout(60)
    void aProcessIsAThreadOfThisJvm() throws Exception {
        AtomicReference<Object[]> seen = new AtomicReference<>();
        Process[] self = new Process[1];
        self[0] = threads.process(() -> seen.set(new Object[] {threads.currentProcess(),
                Thread.currentThread().getName(), threads.activeChildren().size()}), "reader");
        self[0].start();
        assertEquals(ProcessHandle.current().pid(), self[0].getPid());
        self[0].join(LONG);
        assertSame(self[0], seen.get()[0]);
        assertEquals("mp4j-reader", seen.get()[1]);
        assertEquals(0, seen.get()[2], "a process of the thread context has no children of its own");
        assertSame(Multiprocessing.currentProcess(), threads.currentProcess(), "outside its threads: this JVM");
    }

    @Test
    @Timeout(60)
    void terminateKillAndSentinelAreRefusedNamingTheThreadContext() throws Exception {
        Process p = threads.process(() -> Thread.sleep(50));
        p.start();
        for (Runnable refused : List.<Runnable>of(p::terminate, p::kill, p::getSentinel)) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, refused::run);
            assertTrue(e.getMessage().contains("thread context"), e.getMessage());
        }
        p.join(LONG);
        assertEquals(0, p.getExitCode());
    }

    @Test
    @Timeout(60)
    void aThreadProcessCannotJoinItself() throws Exception {
        Queue<String> error = threads.queue();
        Process[] self = new Process[1];
        self[0] = threads.process(() -> {
            try {
                self[0].join();
            } catch (IllegalStateException e) {
                error.put(e.getMessage());
            }
        });
        self[0].start();
        assertEquals("a process cannot join itself", error.get(LONG));
        self[0].join(LONG);
    }

    @Test
    @Timeout(60)
    void itsQueuesAndPipesCannotGoToAChildProcess() throws Exception {
        Queue<String> queue = threads.queue();
        Process child = Multiprocessing.context().process(() -> queue.put("never"));
        SerializationException e = assertThrows(SerializationException.class, child::start);
        assertTrue(String.valueOf(e.getMessage()).contains("thread context")
                || String.valueOf(e.getCause()).contains("thread context"), String.valueOf(e));
        Connection[] pipe = threads.pipe();
        Process other = Multiprocessing.context().process(() -> pipe[1].send("never"));
        assertThrows(SerializationException.class, other::start);
    }

    @Test
    @Timeout(60)
    void itsPoolRunsOnThreadsAndPassesReferences() throws Exception {
        Unserializable object = new Unserializable();
        try (Pool pool = threads.pool(2)) {
            assertEquals(List.of(ProcessHandle.current().pid(), ProcessHandle.current().pid()), pool.getWorkerPids());
            assertSame(object, pool.apply(() -> object));
        }
        try (Pool pool = new Pool(1, null, 0, threads)) {
            assertEquals(List.of(ProcessHandle.current().pid()), pool.getWorkerPids());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> threads.pool(1, null, 5));
        assertTrue(e.getMessage().contains("thread context"), e.getMessage());
    }

    @Test
    void threadIsAContextNotAStartMethod() {
        assertEquals("thread", threads.getStartMethod());
        assertTrue(threads.toString().contains("thread"), threads.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Multiprocessing.setStartMethod("thread", true));
        assertTrue(e.getMessage().contains("context"), e.getMessage());
        assertEquals(List.of("spawn"), Multiprocessing.getAllStartMethods());
    }

    @Test
    @Timeout(60)
    void aManagerOfTheThreadContextServesFromAThreadOfThisJvm() throws Exception {
        try (SyncManager manager = threads.manager()) {
            assertEquals(ProcessHandle.current().pid(), manager.getProcess().getPid());
            DictProxy<String, Integer> dict = manager.dict();
            ListProxy<Integer> list = manager.list();
            Process p = threads.process(() -> {
                dict.setItem("answer", 42);
                list.add(7);
            });
            p.start();
            p.join(LONG);
            assertEquals(0, p.getExitCode());
            assertEquals(42, dict.getItem("answer"));
            assertEquals(List.of(7), List.copyOf(list));
            manager.shutdown();
            assertFalse(manager.getProcess().isAlive(), "the manager's thread ended with shutdown()");
        }
    }
}
