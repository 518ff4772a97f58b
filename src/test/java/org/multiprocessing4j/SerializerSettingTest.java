package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.connection.Client;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Listener;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.pool.Pool;
import org.multiprocessing4j.pool.RemoteTaskException;
import org.multiprocessing4j.queues.Queue;
import org.multiprocessing4j.serialization.ClassRefusedException;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;
import org.multiprocessing4j.testing.Children;

import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The serializer as a setting: a context's reaches everything it makes, its children (as their
 * default) and its pools' workers; a connection's and a queue's go with them to a child; a
 * connection can have its own. The signal is a class the default policy refuses ({@link Point},
 * a class of the tests) and a serializer that allows it.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SerializerSettingTest {
    private static final Serializer ALLOWING = Serializer.standard().allowing(Point.class);

    record Point(int x, int y) implements Serializable {
    }

    /** An exception of the tests' own: the default policy refuses it. */
    static final class Secret extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Secret(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Test
    void aContextsSerializerIsTheDefaultOfItsChildrenAndWhatTheyMake() throws Exception {
        Context ctx = Multiprocessing.context().withSerializer(ALLOWING);
        assertSame(ALLOWING, ctx.getSerializer());
        assertSame(Serializer.standard(), Multiprocessing.context().getSerializer());
        Connection[] pipe = ctx.pipe();
        assertSame(ALLOWING, pipe[0].getSerializer());
        Process child = ctx.process(() -> {
            Connection[] own = Pipe.open();
            pipe[1].send(Arrays.asList(Multiprocessing.context().getSerializer().classPolicy().patterns(),
                    own[0].getSerializer().classPolicy().patterns(), pipe[1].getSerializer().classPolicy().patterns()));
            pipe[1].send(new Point(1, 2));
            own[0].close();
            own[1].close();
        });
        child.start();
        List<String> expected = List.of(Point.class.getName());
        assertEquals(List.of(expected, expected, expected), pipe[0].recv());
        assertEquals(new Point(1, 2), pipe[0].recv());
        Children.finish(child);
        pipe[0].close();
        pipe[1].close();
    }

    @Test
    void aQueueKeepsItsSerializerInTheChildItIsHandedTo() throws Exception {
        Queue<Object> allowing = Multiprocessing.context().withSerializer(ALLOWING).queue();
        Queue<Object> standard = new Queue<>();
        // A child of the default context: the queues, not the child, decide.
        Process child = Children.start(() -> {
            allowing.put(new Point(3, 4));
            standard.put(new Point(5, 6));
            standard.put("after");
        });
        assertEquals(new Point(3, 4), allowing.get());
        SerializationException e = assertThrows(SerializationException.class, standard::get);
        ClassRefusedException cause = assertInstanceOf(ClassRefusedException.class, e.getCause());
        assertEquals(cause.getMessage(), e.getMessage());
        assertEquals(Point.class.getName(), cause.getClassName());
        assertEquals("after", standard.get(), "a refused element leaves the queue usable");
        Children.finish(child);
        allowing.close();
        standard.close();
    }

    @Test
    void aConnectionKeepsItsSerializerInTheChildItIsHandedTo() throws Exception {
        Connection[] pipe = Pipe.open();
        Connection parentEnd = pipe[0].withSerializer(ALLOWING);
        Connection childEnd = pipe[1].withSerializer(ALLOWING);
        Process child = Children.start(() -> childEnd.send(childEnd.recv()));
        parentEnd.send(new Point(7, 8));
        assertEquals(new Point(7, 8), parentEnd.recv());
        Children.finish(child);
        parentEnd.close();
        assertTrue(pipe[0].isClosed(), "a connection and its views share one descriptor");
        pipe[1].close();
    }

    @Test
    void aConnectionsOwnSerializerAndTheDefaultsRefusal() throws Exception {
        Connection[] pipe = Pipe.open();
        pipe[0].withSerializer(ALLOWING).send(new Point(1, 1));
        ClassRefusedException refused = assertThrows(ClassRefusedException.class, pipe[1]::recv);
        assertTrue(refused.getMessage().contains(Point.class.getName()), refused.getMessage());
        pipe[0].send("still usable");
        assertEquals("still usable", pipe[1].recv());
        Connection[] both = Pipe.open(true, ALLOWING);
        both[0].send(new Point[] {new Point(2, 2)});
        assertEquals(List.of(new Point(2, 2)), Arrays.asList((Point[]) both[1].recv()));
        for (Connection c : List.of(pipe[0], pipe[1], both[0], both[1])) {
            c.close();
        }
    }

    @Test
    void aListenersAndAClientsSerializer() throws Exception {
        byte[] key = "key".getBytes();
        try (Listener listener = Listener.builder().address("127.0.0.1:0").authkey(key).serializer(ALLOWING).open()) {
            CompletableFuture<Object> served = CompletableFuture.supplyAsync(() -> {
                try (Connection c = listener.accept()) {
                    Object got = c.recv();
                    c.send(new Point(0, 1));
                    return got;
                } catch (IOException e) {
                    return e;
                }
            });
            try (Connection c = Client.connect(listener.getAddress(), key, ALLOWING)) {
                c.send(new Point(1, 0));
                assertEquals(new Point(0, 1), c.recv());
            }
            assertEquals(new Point(1, 0), served.get());
        }
    }

    @Test
    void aContextsSerializerReachesItsPoolsWorkers() throws Exception {
        try (Pool pool = Multiprocessing.context().withSerializer(ALLOWING).pool(1)) {
            assertEquals(List.of(new Point(0, 0), new Point(1, 1)), pool.map(i -> new Point(i, i), List.of(0, 1)));
        }
        try (Pool pool = new Pool(1)) {
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> pool.map(i -> new Point(i, i), List.of(0, 1)));
            SerializationException e = assertInstanceOf(SerializationException.class, failed.getCause());
            assertTrue(e.getMessage().contains("refused to deserialize an object of " + Point.class.getName()), e.getMessage());
            assertInstanceOf(ClassRefusedException.class, e.getCause());
            assertEquals(List.of(4), pool.map(i -> i * i, List.of(2)), "the pool goes on");
        }
    }

    @Test
    void aTaskExceptionTheParentWouldRefuseArrivesAsARemoteTaskException() throws Exception {
        try (Pool pool = new Pool(1)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> pool.apply(() -> {
                throw new Secret("the secret", new IllegalStateException("inner"));
            }));
            RemoteTaskException remote = assertInstanceOf(RemoteTaskException.class, e.getCause());
            assertEquals(Secret.class.getName(), remote.getRemoteClassName());
            assertEquals("the secret", remote.getRemoteMessage());
            assertEquals(Secret.class.getName() + ": the secret", remote.getMessage());
            assertTrue(Arrays.stream(remote.getStackTrace()).anyMatch(f -> f.getClassName().equals(getClass().getName())),
                    Arrays.toString(remote.getStackTrace()));
            RemoteTaskException cause = assertInstanceOf(RemoteTaskException.class, remote.getCause());
            assertEquals(IllegalStateException.class.getName(), cause.getRemoteClassName());
            // An exception the policy allows arrives as itself.
            ExecutionException allowed = assertThrows(ExecutionException.class, () -> pool.apply(() -> {
                throw new IllegalArgumentException("plain");
            }));
            assertInstanceOf(IllegalArgumentException.class, allowed.getCause());
        }
        try (Pool pool = Multiprocessing.context().withSerializer(Serializer.standard().allowing(Secret.class)).pool(1)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> pool.apply(() -> {
                throw new Secret("allowed now", null);
            }));
            assertInstanceOf(Secret.class, e.getCause());
        }
    }

    /** Not serializable: it cannot go to a child. */
    static final class Local implements Serializer {
        @Override
        public byte[] dumps(Object object) {
            return Serializer.standard().dumps(object);
        }

        @Override
        public Object loads(byte[] bytes, int offset, int length) throws IOException {
            return Serializer.standard().loads(bytes, offset, length);
        }
    }

    @Test
    void aSerializerThatCannotTravelFailsTheStartClearly() {
        Process p = Multiprocessing.context().withSerializer(new Local()).process(() -> { });
        SerializationException e = assertThrows(SerializationException.class, p::start);
        assertTrue(e.getMessage().contains("does not implement java.io.Serializable"), e.getMessage());
    }
}
