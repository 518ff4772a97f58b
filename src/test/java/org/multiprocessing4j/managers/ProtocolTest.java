package org.multiprocessing4j.managers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.connection.AuthenticationException;
import org.multiprocessing4j.connection.Client;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manager's side of CPython's protocol, message by message, driven as a CPython client
 * drives it (one-shot connections for the server's methods, a persistent one for calls), and
 * every input a client could send wrong: malformed requests, garbage, hostile classes, frames
 * cut short or announcing huge sizes, a wrong key. Each gets a clear answer or closes only its
 * own connection; the server goes on serving.
 */
class ProtocolTest {
    /**
     * One manager ({@link ClassManager}) for the tests that neither shut it down nor need another
     * key: starting one was most of each test's time, and it must go on serving after every bad
     * input anyway.
     */
    @RegisterExtension
    static final ClassManager MANAGER = new ClassManager(Multiprocessing::manager);
    private final SyncManager manager = MANAGER.get();

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theServersOwnMethodsOnOneShotConnectionsAsCPythonDrivesThem() throws Exception {
        assertReturn(null, Wire.oneShot(manager, "dummy"));
        assertReturn(MANAGER.objectsBefore(), Wire.oneShot(manager, "number_of_objects"));
        Reply created = Wire.oneShot(manager, "create", "dict");
        assertEquals(Reply.RETURN, created.getKind(), created.toString());
        List<?> identAndExposed = (List<?>) created.getPayload();
        String ident = (String) identAndExposed.get(0);
        List<?> exposed = (List<?>) identAndExposed.get(1);
        // CPython's exposed for dict ends with '__iter__' a second time (method_to_typeid).
        assertEquals("__iter__", exposed.get(exposed.size() - 1));
        assertEquals(2, exposed.stream().filter("__iter__"::equals).count());
        // CPython's dance: create (1), the proxy's incref (2), create's decref (1), the proxy's decref (0).
        assertReturn(null, Wire.oneShot(manager, "incref", ident));
        assertReturn(null, Wire.oneShot(manager, "decref", ident));
        assertReturn(MANAGER.objectsBefore() + 1, Wire.oneShot(manager, "number_of_objects"));
        Reply methods = Wire.oneShot(manager, "get_methods", new Token("dict", manager.getAddress(), ident));
        assertTrue(((List<?>) methods.getPayload()).contains("__setitem__"), methods.toString());
        Reply info = Wire.oneShot(manager, "debug_info");
        assertTrue(((String) info.getPayload()).contains(ident + ":       refcount=1"), info.toString());
        assertReturn(null, Wire.oneShot(manager, "decref", ident));
        assertReturn(MANAGER.objectsBefore(), Wire.oneShot(manager, "number_of_objects"));
        assertTraceback("NoSuchElementException", Wire.oneShot(manager, "decref", ident));
        assertTraceback("'bogus' unrecognized", Wire.oneShot(manager, "bogus"));
        assertTraceback("not a registered typeid", Wire.oneShot(manager, "create", "NoSuchType"));
        assertTraceback("incref() takes exactly 1 argument", Wire.oneShot(manager, "incref"));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void methodCallsOnAPersistentConnection() throws Exception {
        try (Wire wire = Wire.persistent(manager)) {
            String ident = (String) ((List<?>) Wire.oneShot(manager, "create", "dict").getPayload()).get(0);
            assertReturn(null, wire.request(ident, "__setitem__", List.of("k", 1), Map.of()));
            assertReturn(1, wire.request(ident, "__getitem__", List.of("k"), Map.of()));
            Reply missing = wire.request(ident, "__getitem__", List.of("missing"), Map.of());
            assertEquals(Reply.ERROR, missing.getKind());
            assertInstanceOf(NoSuchElementException.class, missing.getPayload());
            assertTraceback("is not in exposed", wire.request(ident, "not_exposed", List.of(), Map.of()));
            assertReturn(Map.of("k", 1), wire.request(ident, "#GETVALUE", List.of(), Map.of()));
            assertReturn("{'k': 1}", wire.request(ident, "__str__", List.of(), Map.of()));
            Reply iterator = wire.request(ident, "__iter__", List.of(), Map.of());
            assertEquals(Reply.PROXY, iterator.getKind(), iterator.toString());
            Token token = (Token) ((List<?>) iterator.getPayload()).get(1);
            assertEquals("Iterator", token.getTypeid());
            assertReturn("k", wire.request(token.getId(), "__next__", List.of(), Map.of()));
            Reply end = wire.request(token.getId(), "__next__", List.of(), Map.of());
            assertInstanceOf(NoSuchElementException.class, end.getPayload());
            assertTraceback("NoSuchElementException", wire.request("no-such-ident", "get", List.of(), Map.of()));
            // Keyword arguments, as CPython's generated methods send them.
            assertReturn(null, wire.request(ident, "update", List.of(), Map.of("j", 2)));
            assertReturn(2, wire.request(ident, "get", List.of("j"), Map.of()));
            assertReturn(null, Wire.oneShot(manager, "decref", ident));
            assertReturn(null, Wire.oneShot(manager, "decref", token.getId()));
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void malformedRequestsAreAnsweredWithATracebackAndTheConnectionGoesOn() throws Exception {
        try (Wire wire = Wire.persistent(manager)) {
            Serializer standard = Serializer.standard();
            Random random = new Random(1);
            byte[] garbage = new byte[200];
            random.nextBytes(garbage);
            List<byte[]> malformed = new ArrayList<>();
            malformed.add(garbage);
            malformed.add(new byte[0]);
            malformed.add(new byte[] {30});                                 // a compact message cut short
            malformed.add(new byte[] {30, 'Q', 1, 0, 0, 0, 99});           // a string longer than the message
            malformed.add(new byte[] {30, 'X'});                            // no such message kind
            malformed.add(envelope(standard.dumps("just a string")));
            malformed.add(envelope(standard.dumps(new Object[] {null, "dummy", List.of()})));
            malformed.add(envelope(standard.dumps(new Object[] {null, 42, List.of(), Map.of()})));
            malformed.add(envelope(standard.dumps(new Object[] {7, "get", List.of(), Map.of()})));
            malformed.add(envelope(standard.dumps(new Object[] {"x", "get", "not a tuple", Map.of()})));
            malformed.add(envelope(standard.dumps(new Object[] {"x", "get", List.of(), Map.of(1, 2)})));
            malformed.add(envelope(new byte[] {(byte) 0xac, (byte) 0xed, 0, 5, 0x73}));   // an object stream cut short
            for (byte[] bytes : malformed) {
                wire.sendBytes(bytes);
                Reply reply = wire.reply();
                assertEquals(Reply.TRACEBACK, reply.getKind(), reply.toString());
                assertInstanceOf(String.class, reply.getPayload());
            }
            String ident = (String) ((List<?>) Wire.oneShot(manager, "create", "list").getPayload()).get(0);
            assertReturn(null, wire.request(ident, "append", List.of(1), Map.of()));
            assertReturn(1, wire.request(ident, "__len__", List.of(), Map.of()));
            // A one-shot connection's first request, malformed, gets its traceback too.
            try (Wire oneShot = Wire.connect(manager.getAddress(), Wire.key(manager))) {
                oneShot.sendBytes(garbage);
                assertEquals(Reply.TRACEBACK, oneShot.reply().getKind());
            }
            assertReturn(null, Wire.oneShot(manager, "decref", ident));
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void hostileClassesAreRefusedWithATraceback() throws Exception {
        try (Wire wire = Wire.persistent(manager)) {
            String ident = (String) ((List<?>) Wire.oneShot(manager, "create", "list").getPayload()).get(0);
            List<byte[]> hostile = new ArrayList<>();
            // A class the manager's JVM does not have.
            hostile.add(renamed(Serializer.standard().dumps(request(ident, new Poison(false))),
                    Poison.class.getName(), Poison.class.getName().replace("Poison", "Absent")));
            // A class whose readObject throws.
            hostile.add(envelope(Serializer.standard().dumps(request(ident, new Poison(true)))));
            // A graph nested deeper than the serializer's filter allows (a stack-overflow attempt).
            hostile.add(envelope(deeplyNested(ident, 5_000)));
            for (byte[] bytes : hostile) {
                wire.sendBytes(bytes);
                Reply reply = wire.reply();
                assertEquals(Reply.TRACEBACK, reply.getKind(), reply.toString());
            }
            assertReturn(0, wire.request(ident, "__len__", List.of(), Map.of()));
            assertReturn(null, Wire.oneShot(manager, "decref", ident));
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void framesCutShortOrOfHugeSizesCloseOnlyTheirConnection() throws Exception {
        List<byte[]> broken = List.of(
                ByteBuffer.allocate(14).putInt(1000).put("ten bytes.".getBytes(StandardCharsets.US_ASCII)).array(),
                ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array(),
                ByteBuffer.allocate(12).putInt(-1).putLong(1L << 40).array(),
                ByteBuffer.allocate(4).putInt(-2).array(),
                new byte[] {0, 0});
        for (byte[] bytes : broken) {
            for (boolean persistent : new boolean[] {false, true}) {
                try (Wire wire = persistent ? Wire.persistent(manager)
                        : Wire.connect(manager.getAddress(), Wire.key(manager))) {
                    wire.sendRaw(bytes);
                    if (bytes.length < 14) {
                        // A header that cannot be honoured: the server closes at once. A frame
                        // cut short by a client that stays: the server waits for the rest.
                        assertTrue(bytes.length == 2 || wire.closedByServer(), "still open after " + bytes.length);
                    }
                }
            }
            assertReturn(null, Wire.oneShot(manager, "dummy"));
        }
        assertReturn(MANAGER.objectsBefore(), Wire.oneShot(manager, "number_of_objects"));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aWrongAuthkeyIsRefused() throws Exception {
        byte[] secret = "the manager's secret".getBytes(StandardCharsets.UTF_8);
        try (SyncManager manager = SyncManager.builder().authkey(secret).build()) {
            manager.start();
            byte[] wrong = "not the secret".getBytes(StandardCharsets.UTF_8);
            assertThrows(AuthenticationException.class, () -> Client.connect(manager.getAddress(), wrong).close());
            BaseManager intruder = BaseManager.builder().address(manager.getAddress()).authkey(wrong).build();
            ManagerConnectionException refused = assertThrows(ManagerConnectionException.class, intruder::connect);
            assertInstanceOf(AuthenticationException.class, refused.getCause());
            // No key at all: the server's challenge is not answered, and nothing is read.
            try (Wire noKey = new WireWithoutKey(manager).wire) {
                assertTrue(noKey.closedByServer());
            }
            BaseManager friend = BaseManager.builder().address(manager.getAddress()).authkey(secret).build();
            friend.connect();
            assertTrue(friend.isStarted());
            friend.shutdown();
            assertEquals(0, manager.numberOfObjects());
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shutdownAnswersTwiceAsCPythonsServerDoesAndTheProcessExitsWithZero() throws Exception {
        SyncManager manager = Multiprocessing.manager();
        try (Wire wire = Wire.connect(manager.getAddress(), Wire.key(manager))) {
            assertReturn(null, wire.request(null, "shutdown", List.of(), Map.of()));
            assertReturn(null, wire.reply());
            manager.join(Duration.ofSeconds(20));
            assertEquals(0, manager.getProcess().getExitCode());
        } finally {
            manager.shutdown();
        }
    }

    /** A connection that sends a request without answering the server's challenge. */
    private static final class WireWithoutKey {
        final Wire wire;

        WireWithoutKey(BaseManager manager) throws IOException {
            wire = Wire.connect(manager.getAddress(), null);
            wire.sendBytes(MessageSerializer.standard().dumps(new Request(null, "number_of_objects", null, null)));
        }
    }

    /** A request whose argument is lists in lists, {@code depth} deep, serialized on a thread with room for it. */
    private static byte[] deeplyNested(String ident, int depth) throws Exception {
        List<Object> deep = new ArrayList<>();
        List<Object> cursor = deep;
        for (int i = 0; i < depth; i++) {
            List<Object> next = new ArrayList<>();
            cursor.add(next);
            cursor = next;
        }
        byte[][] bytes = new byte[1][];
        Thread writer = new Thread(null, () -> bytes[0] = Serializer.standard().dumps(request(ident, deep)), "deep", 256L << 20);
        writer.start();
        writer.join();
        return bytes[0];
    }

    private static Object[] request(String ident, Object argument) {
        return new Object[] {ident, "append", List.of(argument), Map.of()};
    }

    /** An envelope of serialized bytes, as the manager's serializer writes what is not plain data. */
    private static byte[] envelope(byte[] serialized) {
        byte[] bytes = new byte[serialized.length + 1];
        bytes[0] = 31;
        System.arraycopy(serialized, 0, bytes, 1, serialized.length);
        return bytes;
    }

    /** {@code serialized} with a class name replaced by another of the same length, in an envelope. */
    private static byte[] renamed(byte[] serialized, String from, String to) {
        String text = new String(serialized, StandardCharsets.ISO_8859_1).replace(from, to);
        return envelope(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void assertReturn(Object expected, Reply reply) {
        assertEquals(Reply.RETURN, reply.getKind(), reply.toString());
        if (expected == null) {
            assertNull(reply.getPayload());
        } else {
            assertEquals(expected, reply.getPayload());
        }
    }

    private static void assertTraceback(String containing, Reply reply) {
        assertEquals(Reply.TRACEBACK, reply.getKind(), reply.toString());
        assertTrue(((String) reply.getPayload()).contains(containing), (String) reply.getPayload());
    }

    /** A class a hostile client sends: its readObject throws when asked to. */
    static final class Poison implements Serializable {
        private static final long serialVersionUID = 1L;
        private final boolean explode;

        Poison(boolean explode) {
            this.explode = explode;
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            if (explode) {
                throw new IOException("hostile readObject");
            }
        }
    }
}
