package org.multiprocessing4j.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.queues.Queue;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.testing.Children;

import java.io.InvalidObjectException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connection sent to a running process (CPython's resource sharer): the receiver gets the
 * connection itself, a process with another authentication key gets nothing, and the sender is
 * left with nothing open once its connection has been claimed (the leak check says so).
 */
@EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "Windows cannot pass descriptors to a running process yet")
class ConnectionPassingTest {

    @Test
    @Timeout(60)
    void aConnectionSentToARunningChildIsTheSameConnectionThere() throws Exception {
        Connection[] control = Pipe.open();
        Connection toChild = control[0];
        Connection inChild = control[1];
        Process child = Children.start(() -> {
            try (Connection received = (Connection) inChild.recv()) {
                received.send("hello through the connection you sent");
            }
            inChild.send("done");
        });
        inChild.close();
        Connection[] data = Pipe.open(false);
        try {
            toChild.send(data[1]);
            data[1].close();
            assertEquals("hello through the connection you sent", data[0].recv());
            assertEquals("done", toChild.recv());
            Children.finish(child);
        } finally {
            data[0].close();
            toChild.close();
        }
    }

    @Test
    @Timeout(30)
    void aConnectionReceivedInTheSameProcessIsADuplicate() throws Exception {
        Connection[] carrier = Pipe.open();
        Connection[] data = Pipe.open();
        try (Connection received = sendAndReceive(carrier, data[1])) {
            received.send(42);
            assertEquals(42, data[0].recv());
            data[1].send("the sender's end still works");
            assertEquals("the sender's end still works", data[0].recv());
        } finally {
            closeAll(carrier);
            closeAll(data);
        }
    }

    @Test
    @Timeout(60)
    void aProcessWithAnotherAuthKeyCannotClaimIt() throws Exception {
        Connection[] control = Pipe.open();
        Connection toChild = control[0];
        Connection inChild = control[1];
        Process child = Process.builder().target(() -> {
            try {
                inChild.recv();
                inChild.send("claimed");
            } catch (java.io.InvalidObjectException e) {
                // recv() throws what reading refused as it is, an IOException.
                inChild.send(String.valueOf(e));
            }
        }).build();
        child.setAuthKey(new byte[32]);
        child.start();
        inChild.close();
        Connection[] data = Pipe.open();
        try {
            toChild.send(data[1]);
            String answer = (String) toChild.recv();
            assertTrue(answer.contains("cannot claim the connection"), answer);
            Children.finish(child);
            // The sender keeps the unclaimed duplicate until it stops sharing.
            data[1].send("unaffected");
            assertEquals("unaffected", data[0].recv());
        } finally {
            ResourceSharer.stop();
            toChild.close();
            closeAll(data);
        }
    }

    @Test
    @Timeout(60)
    void aConnectionTravelsThroughAQueueToAChild() throws Exception {
        Queue<Connection> queue = new Queue<>();
        Process child = Children.start(() -> {
            try (Connection received = queue.get()) {
                received.send("via the queue");
            }
        });
        Connection[] data = Pipe.open(false);
        try {
            queue.put(data[1]);
            assertEquals("via the queue", data[0].recv());
            Children.finish(child);
        } finally {
            data[0].close();
            data[1].close();
            queue.close();
        }
    }

    @Test
    void aClosedConnectionCannotBeSent() throws Exception {
        Connection[] carrier = Pipe.open();
        Connection[] data = Pipe.open();
        try {
            data[1].close();
            SerializationException e = assertThrows(SerializationException.class, () -> carrier[0].send(data[1]));
            assertTrue(e.getCause() instanceof InvalidObjectException || e.getMessage().contains("closed"), e.toString());
            carrier[0].send("still fine");
            assertEquals("still fine", carrier[1].recv());
        } finally {
            closeAll(carrier);
            data[0].close();
        }
    }

    private static Connection sendAndReceive(Connection[] carrier, Connection sent) throws Exception {
        carrier[0].send(sent);
        return (Connection) carrier[1].recv();
    }

    private static void closeAll(Connection[] connections) {
        for (Connection c : connections) {
            c.close();
        }
    }
}
