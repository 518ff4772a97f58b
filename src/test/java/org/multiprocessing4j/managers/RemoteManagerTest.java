package org.multiprocessing4j.managers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.connection.Address;
import org.multiprocessing4j.testing.Children;
import org.multiprocessing4j.testing.FreshJvm;
import org.multiprocessing4j.testing.Handoff;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Remote managers, CPython's example: a server on {@code host:port} with an authkey, run by
 * {@code getServer().serveForever()} in a process of its own, and a client in another JVM that
 * {@code connect()}s by address. Also the reference's logging session of a manager.
 */
class RemoteManagerTest {
    private static final String KEY = "abracadabra";

    /** In a child: CPython's remote server example, a queue shared as {@code get_queue}; reports its address. */
    static void serveQueue(String report) throws Exception {
        LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        BaseManager manager = BaseManager.builder().address("127.0.0.1:0")
                .authkey(KEY.getBytes(StandardCharsets.UTF_8)).build();
        manager.register("get_queue", (args, kwds) -> queue);
        Server server = manager.getServer();
        Handoff.write(report, server.getAddress().toString());
        server.serveForever();
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aClientInAnotherJvmReachesAServerOnTcpByAddress(@TempDir Path dir) throws Exception {
        String report = dir.resolve("address").toString();
        Process server = Children.start(() -> serveQueue(report));
        boolean finished = false;
        try {
            Address address = Address.parse(Handoff.await(dir.resolve("address"), Duration.ofSeconds(60)).trim());
            assertTrue(address.isTcp() && address.host().equals("127.0.0.1"), address.toString());
            BaseManager local = BaseManager.builder().address(address).authkey(KEY.getBytes(StandardCharsets.UTF_8)).build();
            local.register("get_queue", ProxyType.queue());
            local.connect();
            QueueProxy<Object> queue = local.create("get_queue");
            queue.put("hello from the test");
            // The other JVM takes the test's item (the queue is first in, first out) and puts its own two.
            FreshJvm.Result other = FreshJvm.run(dir, List.of(), ManagerScenarios.class, Duration.ofSeconds(90),
                    "remote-client", address.toString(), KEY);
            assertEquals(0, other.exitCode, other.toString());
            assertTrue(other.stdout.contains("got hello from the test"), other.toString());
            assertEquals("hello from another JVM", queue.get(Duration.ofSeconds(10)));
            assertEquals(List.of(1, 2, 3), queue.get(Duration.ofSeconds(10)));
            queue.close();
            assertEquals(0, local.numberOfObjects());
            // CPython's way to stop a remote server: its shutdown method, on a one-shot connection.
            assertEquals(Reply.RETURN, Wire.oneShotWithKey(address, KEY, "shutdown").getKind());
            local.shutdown();
            Children.finish(server);
            finished = true;
        } finally {
            if (!finished) {
                server.kill();
                server.join();
            }
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theReferencesLoggingSessionOfAManager(@TempDir Path dir) throws Exception {
        FreshJvm.Result run = FreshJvm.run(dir, List.of(), ManagerScenarios.class, Duration.ofSeconds(90), "log-session");
        assertEquals(0, run.exitCode, run.toString());
        List<String> expected = List.of(
                "\\[WARNING/MainProcess\\] doomed",
                "\\[INFO/SyncManager-1\\] child process calling self\\.run\\(\\)",
                "\\[INFO/SyncManager-1\\] manager bound to '[^']+'",
                "\\[INFO/MainProcess\\] sending shutdown message to manager",
                "\\[INFO/SyncManager-1\\] manager received shutdown message",
                "\\[INFO/SyncManager-1\\] manager exiting with exitcode 0");
        int from = 0;
        for (String line : expected) {
            Matcher found = Pattern.compile("(?m)^" + line + "$").matcher(run.stderr);
            assertTrue(found.find(from), "no line " + line + " after offset " + from + " in:\n" + run.stderr);
            from = found.end();
        }
    }
}
