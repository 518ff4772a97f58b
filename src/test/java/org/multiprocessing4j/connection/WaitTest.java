package org.multiprocessing4j.connection;

import org.multiprocessing4j.testing.Children;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multiprocessing.wait over connections, listeners and process sentinels together. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WaitTest {

    @Test
    void mixOfConnectionsListenerAndSentinel() throws Exception {
        Connection[] a = Pipe.open();
        Connection[] b = Pipe.open(false);
        try (Listener listener = new Listener("127.0.0.1:0")) {
            Process child = Children.start(() -> {
                b[1].send("from child");
                Thread.sleep(300);
            });
            b[1].close();
            List<Object> all = List.of(a[0], b[0], listener, child.getSentinel());
            assertEquals(List.of(b[0]), Multiprocessing.wait(all, null));
            assertEquals("from child", b[0].recv());
            // Next the child's end: its sentinel, and the pipe it held, at end of stream.
            List<Object> ready = Multiprocessing.wait(all, null);
            assertTrue(ready.contains(child.getSentinel()) || ready.contains(b[0]), ready.toString());
            a[1].sendBytes(new byte[1]);
            try (Connection client = Client.connect(listener.getAddress(), null)) {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (Multiprocessing.wait(all, Duration.ZERO).size() < 4 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(all, Multiprocessing.wait(all, Duration.ofSeconds(1)), "all ready, in the order given");
                listener.accept().close();
            }
            Children.finish(child);
        } finally {
            for (Connection c : new Connection[] {a[0], a[1], b[0], b[1]}) {
                c.close();
            }
        }
    }

    @Test
    void timeoutWithNothingReadyGivesNothing() throws Exception {
        Connection[] p = Pipe.open();
        try (Listener listener = new Listener()) {
            long start = System.nanoTime();
            assertEquals(List.of(), Multiprocessing.wait(List.of(p[0], p[1], listener), Duration.ofMillis(100)));
            assertTrue(System.nanoTime() - start >= 90_000_000L, "waited the timeout");
            assertEquals(List.of(), Multiprocessing.wait(List.of(p[0], listener), Duration.ZERO));
        } finally {
            p[0].close();
            p[1].close();
        }
    }
}
