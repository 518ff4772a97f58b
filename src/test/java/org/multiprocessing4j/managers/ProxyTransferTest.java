package org.multiprocessing4j.managers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.internal.runtime.CurrentProcess;
import org.multiprocessing4j.pool.Pool;
import org.multiprocessing4j.queues.Queue;
import org.multiprocessing4j.testing.Children;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Proxies that travel to running processes — through a queue, a pipe, a pool task — and keep
 * working there, with their own reference; also when the manager's authkey is not the
 * processes' own (CPython gh-139801), and without handing that key to anyone else.
 */
class ProxyTransferTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final byte[] OTHER_KEY = "a key that is not the process's".getBytes(StandardCharsets.UTF_8);
    /**
     * One manager, under another authkey, for the class ({@link ClassManager}): starting one was
     * most of each test's time.
     */
    @RegisterExtension
    static final ClassManager MANAGER = new ClassManager(() -> {
        SyncManager manager = SyncManager.builder().authkey(OTHER_KEY).build();
        manager.start();
        return manager;
    });
    private final SyncManager manager = MANAGER.get();

    /** In a child: takes a list proxy from the queue, appends to it, and sends back the proxy it got. */
    static void appendFromQueue(Queue<Object> queue, Queue<Object> back) throws Exception {
        @SuppressWarnings("unchecked")
        ListProxy<Object> list = (ListProxy<Object>) queue.get(LONG);
        list.add("through a queue");
        back.put(list);
        back.close();
        back.joinThread();
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aProxySentThroughAQueueWorksInTheChildEvenWithAnotherAuthkey() throws Exception {
        ListProxy<Object> list = manager.list();
        Queue<Object> queue = new Queue<>();
        Queue<Object> back = new Queue<>();
        Process child = Children.start(() -> appendFromQueue(queue, back));
        queue.put(list);
        @SuppressWarnings("unchecked")
        ListProxy<Object> returned = (ListProxy<Object>) back.get(LONG);
        Children.finish(child);
        assertEquals(List.of("through a queue"), list.getValue());
        assertEquals(list.getToken(), returned.getToken());
        returned.close();
        list.close();
        queue.close();
        back.close();
        // The child's reference, and the one the proxy it sent back holds, are gone with it.
        assertEquals(MANAGER.objectsBefore(), manager.numberOfObjects());
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aProxySentThroughAPipeAndCapturedByATargetWorksInTheChild() throws Exception {
        DictProxy<String, Object> captured = manager.dict();
        ValueProxy<Integer> sent = manager.value("i", 1);
        Connection[] pipe = Pipe.open();
        Process child = Children.start(() -> {
            @SuppressWarnings("unchecked")
            ValueProxy<Integer> value = (ValueProxy<Integer>) pipe[1].recv();
            captured.put("seen", value.get());
            value.set(2);
            pipe[1].send("done");
        });
        pipe[0].send(sent);
        assertEquals("done", pipe[0].recv());
        Children.finish(child);
        assertEquals(1, captured.get("seen"));
        assertEquals(2, sent.get());
        pipe[0].close();
        pipe[1].close();
        captured.close();
        sent.close();
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aProxyAsAPoolTasksArgumentWorksInTheWorker() throws Exception {
        try (Pool pool = new Pool(2)) {
            ListProxy<Integer> list = manager.list();
            pool.map((ListProxy<Integer> shared) -> shared.add(1), List.of(list, list, list));
            assertEquals(List.of(1, 1, 1), list.getValue());
            list.close();
        }
    }

    @Test
    void theSealedKeyOpensOnlyUnderThisProgramsAuthkey() {
        byte[] sealed = AuthkeySeal.seal(OTHER_KEY);
        assertArrayEquals(OTHER_KEY, AuthkeySeal.open(sealed));
        byte[] own = CurrentProcess.authKey();
        try {
            CurrentProcess.setAuthKey("another program".getBytes(StandardCharsets.UTF_8));
            assertNull(AuthkeySeal.open(sealed));
        } finally {
            CurrentProcess.setAuthKey(own);
        }
        sealed[sealed.length - 1] ^= 1;
        assertNull(AuthkeySeal.open(sealed));
        assertNull(AuthkeySeal.open(new byte[3]));
    }
}
