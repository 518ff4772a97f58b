package org.multiprocessing4j.serialization.pickle;

import java.io.IOException;

import org.multiprocessing4j.testing.CPython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The allow-list's extension points carry what CPython's managers send: Tokens (a class
 * instance through NEWOBJ + BUILD), proxies (RebuildProxy(AutoProxy, token, 'pickle', kwds),
 * with a global as an argument) and exceptions in #ERROR replies, both ways.
 */
class ManagerPicklesTest {

    /** multiprocessing.managers.Token as a Java object that BUILD fills in. */
    static final class Token implements PyStateful {
        String typeid;
        PyTuple address;
        String id;

        Token() {
        }

        Token(String typeid, PyTuple address, String id) {
            this.typeid = typeid;
            this.address = address;
            this.id = id;
        }

        @Override
        public void setState(Object state) throws IOException {
            if (!(state instanceof PyTuple t) || t.size() != 3 || !(t.get(0) instanceof String typeid)
                    || !(t.get(2) instanceof String id)) {
                throw new java.io.StreamCorruptedException("corrupt Token state: " + state);
            }
            this.typeid = typeid;
            this.address = t.get(1) instanceof PyTuple a ? a : PyTuple.of(t.get(1));
            this.id = id;
        }
    }

    /** What RebuildProxy(func, token, serializer, kwds) stands for, on the Java side. */
    record ProxyRef(PyGlobalName func, Token token, String serializer, Map<?, ?> kwds) {
    }

    /** An exception instance from an #ERROR reply. */
    record PyException(String type, PyTuple args) {
    }

    private static final String MANAGERS = "multiprocessing.managers";

    static final PickleSerializer CODEC = PickleSerializer.builder()
            .allowGlobal(MANAGERS, "Token", new PyGlobal() {
                @Override
                public Object newObject(PyTuple args) throws IOException {
                    if (!args.isEmpty()) {
                        throw new java.io.StreamCorruptedException("Token.__new__ takes no arguments");
                    }
                    return new Token();
                }
            })
            .allowGlobal(MANAGERS, "RebuildProxy", new PyGlobal() {
                @Override
                public Object call(PyTuple a) throws IOException {
                    if (a.size() != 4 || !(a.get(0) instanceof PyGlobalName f) || !(a.get(1) instanceof Token t)
                            || !(a.get(2) instanceof String s) || !(a.get(3) instanceof Map<?, ?> k)) {
                        throw new java.io.StreamCorruptedException("corrupt RebuildProxy" + a);
                    }
                    return new ProxyRef(f, t, s, k);
                }
            })
            // named only: RebuildProxy's first argument; a pickle cannot call them here
            .allowGlobal(MANAGERS, "AutoProxy", new PyGlobal() { })
            .allowGlobal(MANAGERS, "DictProxy", new PyGlobal() { })
            .allowGlobal("builtins", "KeyError", exception("builtins.KeyError"))
            .allowGlobal("_queue", "Empty", exception("_queue.Empty"))
            .writer(Token.class, t -> PyReduction.newObject(MANAGERS, "Token", PyTuple.of(),
                    PyTuple.of(t.typeid, t.address, t.id)))
            .writer(ProxyRef.class, p -> PyReduction.call(MANAGERS, "RebuildProxy",
                    PyTuple.of(p.func(), p.token(), p.serializer(), p.kwds())))
            .writer(PyException.class, e -> PyReduction.call(e.type().substring(0, e.type().lastIndexOf('.')),
                    e.type().substring(e.type().lastIndexOf('.') + 1), e.args()))
            .build();

    private static PyGlobal exception(String type) {
        return new PyGlobal() {
            @Override
            public Object call(PyTuple args) {
                return new PyException(type, args);
            }
        };
    }

    @BeforeAll
    static void needPython() {
        assumeTrue(CPython.works("python3"), "python3 is not installed");
    }

    private static byte[][] fromPython(String setup, String expr) throws Exception {
        String out = CPython.runWith("python3", "import pickle\n" + setup + "\nfor p in range(2, 6):\n"
                + "    print(pickle.dumps(" + expr + ", protocol=p).hex())\n", "");
        return out.lines().map(CPython::hex).toArray(byte[][]::new);
    }

    private static String toPython(String setup, Object value, String expr) throws Exception {
        return CPython.runWith("python3", "import pickle, sys\n" + setup + "\n"
                + "v = pickle.loads(bytes.fromhex(sys.stdin.read().strip()))\nprint(" + expr + ")\n",
                CPython.hex(CODEC.dumps(value))).trim();
    }

    @Test
    void tokensBothWays() throws Exception {
        for (byte[] p : fromPython("from multiprocessing.managers import Token",
                "Token('dict', ('127.0.0.1', 5000), '7fafb4d7c740')")) {
            Token t = assertInstanceOf(Token.class, CODEC.loads(p));
            assertEquals("dict", t.typeid);
            assertEquals(PyTuple.of("127.0.0.1", 5000L), t.address);
            assertEquals("7fafb4d7c740", t.id);
        }
        assertEquals("Token(typeid='Queue', address=('127.0.0.1', 5000), id='7f00')",
                toPython("", new Token("Queue", PyTuple.of("127.0.0.1", 5000), "7f00"), "repr(v)"));
        // the standard codec still refuses it, by name
        byte[] p = fromPython("from multiprocessing.managers import Token", "Token('d', 'addr', '1')")[2];
        RefusedGlobalException e = assertThrows(RefusedGlobalException.class, () -> PickleSerializer.standard().loads(p));
        assertEquals("multiprocessing.managers.Token", e.getQualifiedName());
    }

    @Test
    void proxiesBothWays() throws Exception {
        // a real AutoProxy, made without a manager (incref=False), pickled as a client does
        String setup = """
                from multiprocessing.managers import Token, AutoProxy
                t = Token('Queue', ('127.0.0.1', 5000), '7f01')
                proxy = AutoProxy(t, 'pickle', authkey=b'k', exposed=('get', 'put'), incref=False)
                """;
        for (byte[] p : fromPython(setup, "('#RETURN', [proxy])")) {
            PyTuple reply = assertInstanceOf(PyTuple.class, CODEC.loads(p));
            ProxyRef ref = assertInstanceOf(ProxyRef.class, ((List<?>) reply.get(1)).get(0));
            assertEquals(new PyGlobalName(MANAGERS, "AutoProxy"), ref.func());
            assertEquals("Queue", ref.token().typeid);
            assertEquals("pickle", ref.serializer());
            assertEquals(Map.of("exposed", PyTuple.of("get", "put")), ref.kwds());
        }
        Map<Object, Object> kwds = new LinkedHashMap<>();
        kwds.put("exposed", PyTuple.of("get", "put"));
        kwds.put("incref", false); // RebuildProxy pops it: no connection to a manager here
        ProxyRef ref = new ProxyRef(new PyGlobalName(MANAGERS, "AutoProxy"),
                new Token("Queue", PyTuple.of("127.0.0.1", 5000), "7f01"), "pickle", kwds);
        String printed = toPython("", PyTuple.of("#RETURN", ref),
                "type(v[1]).__name__, v[1]._token, v[1]._exposed_");
        assertEquals("AutoProxy[Queue] Token(typeid='Queue', address=('127.0.0.1', 5000), id='7f01') ('get', 'put')",
                printed);
    }

    @Test
    void errorRepliesBothWays() throws Exception {
        byte[] keyError = fromPython("", "('#ERROR', KeyError('missing'))")[2];
        PyTuple reply = assertInstanceOf(PyTuple.class, CODEC.loads(keyError));
        assertEquals(new PyException("builtins.KeyError", PyTuple.of("missing")), reply.get(1));
        // not on the standard list
        assertThrows(RefusedGlobalException.class, () -> PickleSerializer.standard().loads(keyError));
        // a Java manager can answer get_nowait() on an empty queue as CPython does
        String out = toPython("import queue", PyTuple.of("#ERROR", new PyException("_queue.Empty", PyTuple.of())),
                "v[0], isinstance(v[1], queue.Empty)");
        assertEquals("#ERROR True", out);
    }

    @Test
    void namedOnlyGlobalsCannotBeCalled() {
        // RebuildProxy's first argument is allowed as a name; calling it is refused
        byte[] call = "\u0080\u0004\u008c\u0018multiprocessing.managers\u008c\tAutoProxy\u0093)R.".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1);
        IOException e = assertThrows(IOException.class, () -> CODEC.loads(call));
        assertTrue(e.getMessage().contains("may not be called"), e.getMessage());
    }
}
