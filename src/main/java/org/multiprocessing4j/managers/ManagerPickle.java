package org.multiprocessing4j.managers;

import org.multiprocessing4j.connection.Address;
import org.multiprocessing4j.internal.runtime.CurrentProcess;
import org.multiprocessing4j.queues.Empty;
import org.multiprocessing4j.queues.Full;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;
import org.multiprocessing4j.serialization.pickle.PickleSerializer;
import org.multiprocessing4j.serialization.pickle.PyGlobal;
import org.multiprocessing4j.serialization.pickle.PyGlobalName;
import org.multiprocessing4j.serialization.pickle.PyReduction;
import org.multiprocessing4j.serialization.pickle.PyStateful;
import org.multiprocessing4j.serialization.pickle.PyTuple;
import org.multiprocessing4j.serialization.pickle.RefusedGlobalException;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.BrokenBarrierException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPython's pickle on a manager's connections, for a peer that is CPython: requests and replies
 * as Python's tuples, over {@link PickleSerializer} with the manager protocol's globals. A
 * server speaks it on a connection whose first frame is a pickle (its first byte is
 * {@code PROTO}, {@code 0x80}, which no frame of {@link MessageSerializer} starts with); a
 * client once the manager answered a Java frame with a pickle, or from the start when its
 * manager's serializer is a {@link PickleSerializer}.
 *
 * <p>Reading builds plain data and, by explicit handlers only, these globals:
 * {@code multiprocessing.managers.Token} (NEWOBJ then BUILD, as CPython writes it) as a
 * {@link Token}; {@code multiprocessing.managers.RebuildProxy(func, token, serializer, kwds)}
 * as a proxy (in its manager, the stored object's {@link LocalRef}), {@code func} being
 * {@code AutoProxy} or one of the proxy classes, names that are never called; Python's
 * exceptions that the manager methods raise ({@code KeyError}, {@code _queue.Empty}…) as the
 * Java exceptions the Java proxies throw; the copies {@code _getvalue()} returns,
 * {@code managers.Namespace} (its attributes, a map), {@code managers.Value} (its value) and
 * {@code array.array} (a list of the typecode's Java values); and {@code builtins.slice}, as a
 * {@link org.multiprocessing4j.serialization.pickle.PySlice}, like every {@link PickleSerializer}.
 * Anything else is refused before anything is made.
 *
 * <p>Writing: requests and replies as tuples; {@link Token}, a {@link BaseProxy} or
 * {@link AutoProxy} (as {@code RebuildProxy}), a {@link PythonObject} (as the Python object
 * CPython's server would send) and Java exceptions (as Python's: by the
 * {@code "KeyError: "} prefix of their message, else by class) besides plain data. Anything
 * else fails with a {@link SerializationException} naming its class, which becomes
 * {@code #UNSERIALIZABLE} in a reply.
 */
final class ManagerPickle implements Serializer {
    /** Pickle's first opcode, {@code PROTO}: every pickle of protocol 2 or later starts with it. */
    static final byte PROTO = (byte) 0x80;

    private static final String MANAGERS = "multiprocessing.managers";
    /** The proxy classes of CPython's {@code SyncManager}, by typeid: {@code RebuildProxy}'s {@code func}. */
    private static final Map<String, String> PROXY_CLASSES = Map.ofEntries(
            Map.entry("dict", "DictProxy"), Map.entry("list", "ListProxy"), Map.entry("Event", "EventProxy"),
            Map.entry("Lock", "AcquirerProxy"), Map.entry("RLock", "AcquirerProxy"),
            Map.entry("Semaphore", "AcquirerProxy"), Map.entry("BoundedSemaphore", "AcquirerProxy"),
            Map.entry("Condition", "ConditionProxy"), Map.entry("Barrier", "BarrierProxy"),
            Map.entry("Value", "ValueProxy"), Map.entry("Array", "ArrayProxy"),
            Map.entry("Namespace", "NamespaceProxy"), Map.entry("Pool", "PoolProxy"),
            Map.entry("Iterator", "IteratorProxy"));
    /** Python's exceptions that cross as the Java ones the proxies throw. */
    private static final List<String> BUILTIN_ERRORS = List.of("KeyError", "IndexError", "ValueError", "TypeError",
            "AttributeError", "RuntimeError", "AssertionError", "NotImplementedError", "Exception", "EOFError",
            "ZeroDivisionError", "OverflowError", "StopIteration", "OSError", "TimeoutError", "LookupError");
    /** A Java exception's message that names its Python exception: {@code "KeyError: 'x'"}, {@code "StopIteration"}. */
    private static final Pattern PYTHON_MESSAGE = Pattern.compile("([A-Z][A-Za-z]*)(?:: (.*))?", Pattern.DOTALL);

    /** The one instance (after the tables its constructor reads). */
    static final ManagerPickle INSTANCE = new ManagerPickle();

    private final PickleSerializer pickle;

    private ManagerPickle() {
        PickleSerializer.Builder builder = PickleSerializer.builder()
                .allowGlobal(MANAGERS, "Token", new PyGlobal() {
                    @Override
                    public Object newObject(PyTuple args) {
                        return new TokenState();
                    }
                })
                .allowGlobal(MANAGERS, "RebuildProxy", new PyGlobal() {
                    @Override
                    public Object call(PyTuple args) throws IOException {
                        return rebuildProxy(args);
                    }
                })
                .allowGlobal(MANAGERS, "AutoProxy", new PyGlobal() { })
                .allowGlobal("builtins", "list", new PyGlobal() {
                    @Override
                    public Object call(PyTuple args) throws IOException {
                        // ForkingPickler's reducer of dict views: list(view)
                        if (args.size() == 1 && args.get(0) instanceof List) {
                            return new ArrayList<>((List<?>) args.get(0));
                        }
                        throw new InvalidObjectException("refused: builtins.list" + args);
                    }
                })
                .writer(Token.class, ManagerPickle::token)
                .writer(BaseProxy.class, proxy -> rebuildProxyOf(proxy.core()))
                .writer(AutoProxy.class, ManagerPickle::rebuildProxyOf)
                .writer(LocalRef.class, stored -> {
                    ProxyReference reference = stored.replacementInReply();
                    return rebuildProxy(reference.token(), reference.exposed());
                })
                .writer(Throwable.class, ManagerPickle::exception)
                .writer(PythonObject.class, object -> object.python)
                .allowGlobal(MANAGERS, "Namespace", new PyGlobal() {
                    @Override
                    public Object newObject(PyTuple args) {
                        return new Instance(state -> new LinkedHashMap<>(state));
                    }
                })
                .allowGlobal(MANAGERS, "Value", new PyGlobal() {
                    @Override
                    public Object newObject(PyTuple args) {
                        return new Instance(state -> state.get("_value"));
                    }
                })
                .allowGlobal("array", "array", new PyGlobal() {
                    @Override
                    public Object call(PyTuple args) throws IOException {
                        return array(args);
                    }
                });
        for (String proxyClass : new java.util.TreeSet<>(PROXY_CLASSES.values())) {
            builder.allowGlobal(MANAGERS, proxyClass, new PyGlobal() { });
        }
        for (String name : BUILTIN_ERRORS) {
            builder.allowGlobal("builtins", name, new PythonError("builtins", name));
        }
        builder.allowGlobal("_queue", "Empty", new PythonError("_queue", "Empty"))
                .allowGlobal("queue", "Empty", new PythonError("queue", "Empty"))
                .allowGlobal("queue", "Full", new PythonError("queue", "Full"))
                .allowGlobal("threading", "BrokenBarrierError", new PythonError("threading", "BrokenBarrierError"))
                .allowGlobal(MANAGERS, "RemoteError", new PythonError(MANAGERS, "RemoteError"));
        this.pickle = builder.build();
    }

    /** Whether {@code bytes} hold a pickle (of protocol 2 or later): what CPython's managers send. */
    static boolean isPickle(byte[] bytes, int offset, int length) {
        return length > 1 && bytes[offset] == PROTO;
    }

    @Override
    public byte[] dumps(Object message) {
        if (message instanceof Request) {
            Request request = (Request) message;
            return pickle.dumps(PyTuple.of(request.getIdent(), request.getMethod(), PyTuple.copyOf(request.getArgs()),
                    new LinkedHashMap<>(request.getKwds())));
        }
        if (message instanceof Reply) {
            Reply reply = (Reply) message;
            return pickle.dumps(PyTuple.of(reply.getKind(), payload(reply)));
        }
        return pickle.dumps(message);
    }

    /** A reply's payload as CPython's server sends it: {@code create}'s and {@code #PROXY}'s pairs, and exposed names, as tuples. */
    private static Object payload(Reply reply) {
        Object payload = reply.getPayload();
        if (Reply.PROXY.equals(reply.getKind()) && payload instanceof List && ((List<?>) payload).size() == 2) {
            List<?> parts = (List<?>) payload;
            return PyTuple.of(tupleOf(parts.get(0)), parts.get(1));
        }
        if (Reply.RETURN.equals(reply.getKind()) && payload instanceof ArrayList && ((List<?>) payload).size() == 2
                && ((List<?>) payload).get(0) instanceof String && ((List<?>) payload).get(1) instanceof ArrayList) {
            // create's (ident, exposed)
            List<?> parts = (List<?>) payload;
            return PyTuple.of(parts.get(0), tupleOf(parts.get(1)));
        }
        return payload;
    }

    private static Object tupleOf(Object names) {
        return names instanceof List ? PyTuple.copyOf((List<?>) names) : names;
    }

    @Override
    public Object loads(byte[] bytes, int offset, int length) {
        try {
            return withTokens(pickle.loads(bytes, offset, length), 0);
        } catch (RefusedGlobalException e) {
            // The library's hint (allowGlobal) is for its users, not for a CPython client.
            throw new SerializationException("refused to unpickle " + e.getQualifiedName() + ": a Java manager"
                    + " rebuilds plain data, slices, proxies, tokens and copies of its own types only; no Python"
                    + " class or function (a Pool's task among them) can be made or run in it", e);
        } catch (IOException e) {
            throw new SerializationException("cannot read a pickled manager message of " + length + " bytes: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Turns the objects CPython sent that a BUILD completes after they were made (tokens in a
     * request's arguments or a {@code #PROXY} payload, exceptions, a {@code _getvalue()} copy)
     * into what they stand for in Java.
     */
    private static Object withTokens(Object value, int depth) throws IOException {
        if (value instanceof Built) {
            return ((Built) value).result();
        }
        if (depth < 3 && value instanceof List) {
            List<?> list = (List<?>) value;
            boolean changed = false;
            Object[] items = list.toArray();
            for (int i = 0; i < items.length; i++) {
                Object converted = withTokens(items[i], depth + 1);
                changed |= converted != items[i];
                items[i] = converted;
            }
            if (changed) {
                return value instanceof PyTuple ? PyTuple.of(items) : new ArrayList<>(List.of(items));
            }
        }
        return value;
    }

    /** An object made by NEWOBJ or REDUCE that its BUILD may complete: what it stands for once read whole. */
    private interface Built extends PyStateful {
        Object result() throws IOException;
    }

    /** A pickled {@code Token} between its NEWOBJ and its BUILD. */
    private static final class TokenState implements Built {
        private Token token;

        @Override
        public void setState(Object state) throws IOException {
            if (!(state instanceof List) || ((List<?>) state).size() != 3) {
                throw new InvalidObjectException("refused: a Token's state must be (typeid, address, id), not " + state);
            }
            List<?> parts = (List<?>) state;
            if (!(parts.get(0) instanceof String) || !(parts.get(2) instanceof String)) {
                throw new InvalidObjectException("refused: a Token's typeid and id must be str: " + state);
            }
            token = new Token((String) parts.get(0), address(parts.get(1)), (String) parts.get(2));
        }

        @Override
        public Object result() throws IOException {
            return token();
        }

        Token token() throws IOException {
            if (token == null) {
                throw new InvalidObjectException("refused: a Token without its state");
            }
            return token;
        }
    }

    /**
     * An instance of {@code managers.Namespace} or {@code managers.Value} (NEWOBJ, then BUILD with
     * its {@code __dict__}, none when empty), as the Java value a proxy's {@code getValue()} gives:
     * the attributes, the value.
     */
    private static final class Instance implements Built {
        private final java.util.function.Function<Map<String, Object>, Object> result;
        private final Map<String, Object> state = new LinkedHashMap<>();

        Instance(java.util.function.Function<Map<String, Object>, Object> result) {
            this.result = result;
        }

        @Override
        public void setState(Object dict) throws IOException {
            if (!(dict instanceof Map)) {
                throw new InvalidObjectException("refused: an instance's state must be its __dict__, not " + dict);
            }
            for (Map.Entry<?, ?> e : ((Map<?, ?>) dict).entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new InvalidObjectException("refused: an attribute name must be a str, not " + e.getKey());
                }
                state.put((String) e.getKey(), e.getValue());
            }
        }

        @Override
        public Object result() {
            return result.apply(state);
        }
    }

    /** {@code array.array(typecode, initializer)}: a list of the typecode's Java values (see {@link ArrayReferent}). */
    private static Object array(PyTuple args) throws IOException {
        if (args.size() != 2 || !(args.get(0) instanceof String)) {
            throw new InvalidObjectException("refused: array.array" + args);
        }
        try {
            return ArrayReferent.create(List.of(args.get(0), args.get(1)), Map.of()).value();
        } catch (RuntimeException e) {
            throw invalid("refused: array.array" + args + ": " + e.getMessage(), e);
        }
    }

    /** CPython's address: {@code (host, port)} for TCP, a path for a Unix socket. */
    private static Address address(Object pickled) throws IOException {
        if (pickled instanceof String) {
            return Address.unix((String) pickled);
        }
        if (pickled instanceof List && ((List<?>) pickled).size() == 2 && ((List<?>) pickled).get(0) instanceof String
                && ((List<?>) pickled).get(1) instanceof Long) {
            return Address.tcp((String) ((List<?>) pickled).get(0), ((Long) ((List<?>) pickled).get(1)).intValue());
        }
        throw new InvalidObjectException("refused: a Token's address must be (host, port) or a path, not " + pickled);
    }

    private static Object pickledAddress(Address address) {
        if (address.isTcp()) {
            return PyTuple.of(address.host(), address.port());
        }
        if (address.isUnix()) {
            return address.toString();
        }
        throw new SerializationException("CPython cannot reach the manager at " + address);
    }

    private static PyReduction token(Token token) {
        return PyReduction.newObject(MANAGERS, "Token", PyTuple.of(),
                PyTuple.of(token.getTypeid(), pickledAddress(token.getAddress()), token.getId()));
    }

    /** {@code RebuildProxy(func, token, 'pickle', kwds)} as CPython's {@code BaseProxy.__reduce__} writes it. */
    static PyReduction rebuildProxy(Token token, List<String> exposed) {
        String proxyClass = PROXY_CLASSES.get(token.getTypeid());
        Map<String, Object> kwds = new LinkedHashMap<>();
        if (proxyClass == null) {
            proxyClass = "AutoProxy";
            kwds.put("exposed", PyTuple.copyOf(exposed));
        }
        return PyReduction.call(MANAGERS, "RebuildProxy",
                PyTuple.of(new PyGlobalName(MANAGERS, proxyClass), token, "pickle", kwds));
    }

    private static PyReduction rebuildProxyOf(AutoProxy proxy) {
        return rebuildProxy(proxy.getToken(), proxy.getExposed());
    }

    /**
     * A proxy CPython sent: in the manager that holds its object, a reference of the server's
     * own (CPython's {@code id_to_local_proxy_obj}); anywhere else a proxy with a reference of
     * its own, reaching the manager with this process's key (CPython's too).
     */
    private static Object rebuildProxy(PyTuple args) throws IOException {
        if (args.size() != 4 || !(args.get(0) instanceof PyGlobalName) || !(args.get(1) instanceof TokenState)
                || !(args.get(3) instanceof Map)) {
            throw new InvalidObjectException("refused: RebuildProxy" + args);
        }
        Token token = ((TokenState) args.get(1)).token();
        LocalRef stored = LocalRef.ifReadByItsManager(token);
        if (stored != null) {
            return stored;
        }
        try {
            ManagerLink link = Links.find(token.getAddress(), CurrentProcess::authKey);
            ProxyType<?> type = link.proxyType(token.getTypeid(), null);
            List<String> exposed = new ArrayList<>();
            Object names = ((Map<?, ?>) args.get(3)).get("exposed");
            if (names instanceof List) {
                ((List<?>) names).forEach(name -> exposed.add(String.valueOf(name)));
            } else if (type.exposed() != null) {
                exposed.addAll(type.exposed());
            }
            return type.wrap(AutoProxy.rebuilt(link, token.at(link.address), exposed, type, Map.of()));
        } catch (RuntimeException e) {
            throw invalid("cannot rebuild the proxy of " + token + ": " + e.getMessage(), e);
        }
    }

    private static InvalidObjectException invalid(String message, Exception cause) {
        InvalidObjectException failure = new InvalidObjectException(message);
        failure.initCause(cause);
        return failure;
    }

    // ---- exceptions ----

    /** A Java exception as the Python exception a CPython proxy expects ({@code except KeyError}, {@code queue.Empty}). */
    private static PyReduction exception(Throwable e) {
        if (e instanceof Empty) {
            return PyReduction.call("_queue", "Empty", PyTuple.of());
        }
        if (e instanceof Full) {
            return PyReduction.call("queue", "Full", PyTuple.of());
        }
        if (e instanceof BrokenBarrierException) {
            return PyReduction.call("threading", "BrokenBarrierError", PyTuple.of());
        }
        String message = e.getMessage();
        Matcher python = PYTHON_MESSAGE.matcher(message == null ? "" : message);
        if (python.matches() && BUILTIN_ERRORS.contains(python.group(1))) {
            return PyReduction.call("builtins", python.group(1),
                    python.group(2) == null ? PyTuple.of() : PyTuple.of(unquoted(python.group(2))));
        }
        String name = e instanceof NoSuchElementException ? "KeyError"
                : e instanceof IndexOutOfBoundsException ? "IndexError"
                : e instanceof IllegalArgumentException ? "ValueError"
                : e instanceof IllegalStateException ? "RuntimeError"
                : e instanceof ClassCastException || e instanceof UnsupportedOperationException ? "TypeError"
                : "Exception";
        String text = name.equals("Exception") ? e.getClass().getName() + (message == null ? "" : ": " + message)
                : message == null ? "" : message;
        return PyReduction.call("builtins", name, text.isEmpty() ? PyTuple.of() : PyTuple.of(text));
    }

    /** {@code 'missing'} → {@code missing}: a KeyError's message is the key's repr. */
    private static String unquoted(String text) {
        if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'") && text.indexOf('\'', 1) == text.length() - 1) {
            return text.substring(1, text.length() - 1);
        }
        return text;
    }

    /**
     * A Python exception as unpickled, before the state its BUILD may bring (an AttributeError's
     * {@code name} and {@code obj}, {@code __notes__}), which is dropped.
     */
    private static final class Raised implements Built {
        final Exception error;

        Raised(Exception error) {
            this.error = error;
        }

        @Override
        public Object result() {
            return error;
        }

        @Override
        public void setState(Object state) {
            // The message is in the arguments; the attributes have no Java counterpart.
        }
    }

    /** A Python exception a CPython manager raised, as the Java exception the Java proxies throw. */
    private static final class PythonError implements PyGlobal {
        private final String module;
        private final String name;

        PythonError(String module, String name) {
            this.module = module;
            this.name = name;
        }

        @Override
        public Object call(PyTuple args) {
            return new Raised(exception(args));
        }

        private Exception exception(PyTuple args) {
            String text = args.isEmpty() ? "" : args.size() == 1 ? String.valueOf(args.get(0)) : args.toString();
            String message = name + (text.isEmpty() ? "" : ": " + (name.equals("KeyError") ? Sequences.repr(args.get(0)) : text));
            switch (name) {
                case "Empty":
                    return new Empty();
                case "Full":
                    return new Full();
                case "BrokenBarrierError":
                    return new BrokenBarrierException(message);
                case "KeyError":
                case "StopIteration":
                    return new NoSuchElementException(message);
                case "IndexError":
                    return new IndexOutOfBoundsException(message);
                case "RuntimeError":
                    return new IllegalStateException(message);
                case "ValueError":
                case "TypeError":
                case "AttributeError":
                    return new IllegalArgumentException(message);
                default:
                    return new RemoteError(module.equals("builtins") ? message : module + "." + message);
            }
        }
    }
}
