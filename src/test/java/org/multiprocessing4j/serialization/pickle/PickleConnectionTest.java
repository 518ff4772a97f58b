package org.multiprocessing4j.serialization.pickle;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.NativeChild;
import org.multiprocessing4j.connection.Address;
import org.multiprocessing4j.connection.Client;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Listener;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.serialization.ClassRefusedException;
import org.multiprocessing4j.testing.CPython;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Objects between Java and a real CPython over a connection with {@link PickleSerializer}:
 * CPython's {@code conn.send(obj)} arrives as Java objects and Java's {@code send} as Python
 * objects, over a socket pair CPython inherits ({@code Connection(fd)}), through a Java
 * {@link Listener} with CPython's {@code Client}, and through CPython's {@code Listener} with a
 * Java {@link Client}; a class CPython sends that is not allowed is refused by name and leaves
 * the connection usable.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PickleConnectionTest {
    private static final PickleSerializer PICKLE = PickleSerializer.standard();
    private static final byte[] KEY = "pickle-key".getBytes(StandardCharsets.UTF_8);

    /** What CPython sends first: one of each type of the mapping. */
    private static final String PY_VALUES = "[None, True, False, 7, -2**63, 2**70, 1.5, 'héllo', b'\\x00\\xff', "
            + "bytearray(b'ab'), (12345, 'hello', [1.5, 2.5]), [1, [2]], {'b': 1, 'a': (2,)}, {3, 1}, frozenset({'x'})]";

    /** The Python side: receives, checks, sends back, over {@code conn}. */
    private static final String PY_PEER = String.join("\n",
            "def talk(conn):",
            "    conn.send(" + PY_VALUES + ")",
            "    got = conn.recv()",
            "    expected = (None, True, 42, 2**64 + 1, 2.5, 'from java', b'\\x01', (1, 'two'), [3, 4], {'k': [5]},"
                    + " {6, 7}, frozenset({8}))",
            "    assert got == expected, repr(got)",
            "    assert [type(v).__name__ for v in got] == ['NoneType', 'bool', 'int', 'int', 'float', 'str', 'bytes',"
                    + " 'tuple', 'list', 'dict', 'set', 'frozenset'], [type(v).__name__ for v in got]",
            "    conn.send(got)",
            "    class Point:",
            "        pass",
            "    import collections",
            "    conn.send(collections.OrderedDict(a=1))",
            "    conn.send('still talking')",
            "    assert conn.recv() == 'bye'",
            "    print('python ok')",
            "");

    @BeforeAll
    static void needPython() {
        CPython.assumeInstalled();
    }

    /** What Java sends: the Java forms of {@code expected} in {@link #PY_PEER}. */
    private static List<Object> javaValues() {
        return Arrays.asList(null, true, 42, BigInteger.TWO.pow(64).add(BigInteger.ONE), 2.5, "from java",
                new byte[] {1}, PyTuple.of(1L, "two"), List.of(3, 4), Map.of("k", List.of(5)),
                new LinkedHashSet<>(List.of(6, 7)), PyFrozenSet.copyOf(List.of(8)));
    }

    /** The Java side of {@link #PY_PEER}. */
    private static void talk(Connection conn) throws IOException {
        List<?> values = assertInstanceOf(ArrayList.class, conn.recv());
        assertEquals(15, values.size());
        assertNull(values.get(0));
        assertEquals(Boolean.TRUE, values.get(1));
        assertEquals(Boolean.FALSE, values.get(2));
        assertEquals(7L, values.get(3));
        assertEquals(Long.MIN_VALUE, values.get(4));
        assertEquals(BigInteger.TWO.pow(70), values.get(5));
        assertEquals(1.5, values.get(6));
        assertEquals("héllo", values.get(7));
        assertArrayEquals(new byte[] {0, (byte) 0xff}, (byte[]) values.get(8));
        assertArrayEquals("ab".getBytes(StandardCharsets.US_ASCII), (byte[]) values.get(9));
        PyTuple tuple = assertInstanceOf(PyTuple.class, values.get(10));
        assertEquals(List.of(12345L, "hello", List.of(1.5, 2.5)), tuple);
        assertInstanceOf(ArrayList.class, tuple.get(2));
        assertEquals(List.of(1L, List.of(2L)), values.get(11));
        LinkedHashMap<?, ?> dict = assertInstanceOf(LinkedHashMap.class, values.get(12));
        assertEquals(List.of("b", "a"), new ArrayList<>(dict.keySet()), "the dict's order");
        assertEquals(PyTuple.of(2L), dict.get("a"));
        assertEquals(new LinkedHashSet<>(List.of(1L, 3L)), assertInstanceOf(LinkedHashSet.class, values.get(13)));
        assertEquals(PyFrozenSet.copyOf(List.of("x")), assertInstanceOf(PyFrozenSet.class, values.get(14)));

        List<Object> sent = javaValues();
        conn.send(PyTuple.copyOf(sent));
        PyTuple echoed = assertInstanceOf(PyTuple.class, conn.recv());
        assertEquals(sent.size(), echoed.size());
        assertEquals(Arrays.asList(null, true, 42L), echoed.subList(0, 3), "ints come back as Long");
        assertEquals(sent.get(3), echoed.get(3));
        assertArrayEquals((byte[]) sent.get(6), (byte[]) echoed.get(6));
        assertEquals(PyTuple.of(1L, "two"), echoed.get(7));
        assertEquals(List.of(3L, 4L), assertInstanceOf(ArrayList.class, echoed.get(8)));
        assertEquals(Map.of("k", List.of(5L)), assertInstanceOf(LinkedHashMap.class, echoed.get(9)));
        assertEquals(java.util.Set.of(6L, 7L), assertInstanceOf(LinkedHashSet.class, echoed.get(10)));
        assertEquals(PyFrozenSet.copyOf(List.of(8L)), assertInstanceOf(PyFrozenSet.class, echoed.get(11)));

        RefusedGlobalException refused = assertThrows(RefusedGlobalException.class, conn::recv);
        assertEquals("collections.OrderedDict", refused.getQualifiedName());
        assertInstanceOf(ClassRefusedException.class, refused);
        assertTrue(refused.getMessage().contains("refused to unpickle collections.OrderedDict"), refused.getMessage());
        assertEquals("still talking", conn.recv(), "a refused message leaves the connection usable");
        conn.send("bye");
    }

    @Test
    void overASocketPairThatCPythonInherits(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Connection[] pair = Pipe.open(true, PICKLE);
        Path out = dir.resolve("python.out");
        String script = "import sys\nfrom multiprocessing.connection import Connection\n" + PY_PEER
                + "talk(Connection(int(sys.argv[1])))\n";
        NativeChild.Builder builder = NativeChild.builder(List.of("/bin/sh", "-c", "exec python3 -c \"$0\" \"$1\" > \"$2\" 2>&1",
                script, "3", out.toString()));
        builder.inherit(pair[1].fileno());
        try (NativeChild python = builder.start()) {
            pair[1].close();
            assertEquals(3, python.inheritedInChild()[0]);
            talk(pair[0]);
            assertEquals(0, python.waitFor(java.time.Duration.ofSeconds(60)), Files.readString(out));
            assertEquals("python ok", Files.readString(out).strip());
        } finally {
            pair[0].close();
        }
    }

    @Test
    void javaListenerCPythonClient() throws Exception {
        try (Listener listener = Listener.builder().address("127.0.0.1:0").authkey(KEY).serializer(PICKLE).open()) {
            Address address = listener.getAddress();
            CompletableFuture<List<String>> python = CompletableFuture.supplyAsync(() -> {
                try {
                    return CPython.run("import sys\nfrom multiprocessing.connection import Client\n" + PY_PEER
                            + "host, port = sys.argv[1].rsplit(':', 1)\n"
                            + "talk(Client((host, int(port)), authkey=sys.argv[2].encode()))\n", address.toString(),
                            new String(KEY, StandardCharsets.UTF_8));
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            try (Connection conn = listener.accept()) {
                assertEquals(PICKLE, conn.getSerializer());
                talk(conn);
            }
            assertEquals(List.of("python ok"), python.get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void cpythonListenerJavaClient(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path addressFile = dir.resolve("address");
        CompletableFuture<List<String>> python = CompletableFuture.supplyAsync(() -> {
            try {
                return CPython.run("import sys, os\nfrom multiprocessing.connection import Listener\n" + PY_PEER
                        + "with Listener(('127.0.0.1', 0), authkey=sys.argv[2].encode()) as listener:\n"
                        + "    open(sys.argv[1] + '.tmp', 'w').write('%s:%d' % listener.address)\n"
                        + "    os.rename(sys.argv[1] + '.tmp', sys.argv[1])\n"
                        + "    with listener.accept() as conn:\n"
                        + "        talk(conn)\n", addressFile.toString(), new String(KEY, StandardCharsets.UTF_8));
            } catch (IOException | InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        for (int i = 0; i < 300 && !Files.exists(addressFile); i++) {
            Thread.sleep(100);
        }
        assumeTrue(Files.exists(addressFile), "CPython's listener never came up");
        try (Connection conn = Client.connect(Address.parse(Files.readString(addressFile)), KEY, PICKLE)) {
            talk(conn);
        }
        assertEquals(List.of("python ok"), python.get(60, TimeUnit.SECONDS));
    }
}
