package org.multiprocessing4j.managers;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.connection.Address;
import org.slf4j.event.Level;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Main class run in a fresh JVM by {@link org.multiprocessing4j.testing.FreshJvm} for the
 * manager tests that need another program: a remote client (another JVM, with none of this
 * test's state) or the reference's logging session (whose lines go to standard error).
 */
public final class ManagerScenarios {
    private ManagerScenarios() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "remote-client":
                remoteClient(Address.parse(args[1]), args[2].getBytes(StandardCharsets.UTF_8));
                break;
            case "log-session":
                Multiprocessing.logToStderr(Level.INFO);
                Multiprocessing.getLogger().warn("doomed");
                SyncManager manager = Multiprocessing.manager();
                manager.close();
                break;
            default:
                throw new IllegalArgumentException("no scenario " + args[0]);
        }
    }

    /**
     * CPython's remote manager example, client side: registers {@code get_queue} without a
     * callable, connects, puts, and reads what the other side put.
     */
    private static void remoteClient(Address address, byte[] authkey) throws Exception {
        BaseManager manager = BaseManager.builder().address(address).authkey(authkey).build();
        manager.register("get_queue", ProxyType.of(QueueProxy::new, QueueReferent.EXPOSED.toArray(new String[0])));
        manager.connect();
        QueueProxy<Object> queue = manager.create("get_queue");
        queue.put("hello from another JVM");
        queue.put(List.of(1, 2, 3));
        Object reply = queue.get(java.time.Duration.ofSeconds(30));
        System.out.println("got " + reply);
        queue.close();
        manager.shutdown();
    }
}
