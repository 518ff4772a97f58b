package org.multiprocessing4j.serialization.pickle;

import org.multiprocessing4j.serialization.SerializationException;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import net.razorvine.pickle.IObjectDeconstructor;
import net.razorvine.pickle.IObjectPickler;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Pickler;

/**
 * razorvine's {@link Pickler}, gated to this codec's mapping and writing protocol 3.
 *
 * <p>Kept from the library: the recursion counter and its limit, the identity memo (shared
 * objects stay shared, a list that contains itself works), and the writers for None, bool, int,
 * float, str, list and the {@code Character} case. Changed, and why:
 * <ul>
 * <li>{@link #save} refuses every type outside the mapping before the library sees it (the
 *     library would write any {@code Serializable} as a dict of its getters, enums as strings,
 *     dates as {@code datetime}, {@code Object[]} as tuples...).</li>
 * <li>{@code byte[]} is {@code bytes} (the library writes {@code bytearray}), as BINBYTES:
 *     hence the protocol 3 header, the oldest protocol that has BINBYTES.</li>
 * <li>tuples, sets, frozensets, dicts and registered classes go through
 *     {@link #getCustomPickler}, the library's per-class hook, overridden per instance
 *     instead of the library's JVM-wide static registry: sets are written with
 *     {@code builtins.set} (the library writes {@code __builtin__.set}, which CPython maps only
 *     under protocol 2), dict keys and set elements are checked to be hashable in Python.</li>
 * </ul>
 */
final class SafePickler extends Pickler {

    static final int PROTOCOL = 3;

    /** razorvine's own limit: it throws StackOverflowError when a leaf is 1001 saves deep. */
    static final int LIBRARY_MAX_DEPTH = MAX_RECURSE_DEPTH - 1;

    private final Map<Class<?>, Function<Object, PyReduction>> writers;
    private final int maxDepth;

    SafePickler(Map<Class<?>, Function<Object, PyReduction>> writers, int maxDepth) {
        super(true, false); // memo on, by identity: equal but distinct lists stay distinct
        this.writers = writers;
        this.maxDepth = Math.min(maxDepth, LIBRARY_MAX_DEPTH);
    }

    int maxDepth() {
        return maxDepth;
    }

    @Override
    public void dump(Object o, OutputStream stream) throws IOException {
        out = stream;
        recurse = 0;
        memo = new HashMap<>();
        out.write(Opcodes.PROTO);
        out.write(PROTOCOL);
        save(o);
        memo = null;
        out.write(Opcodes.STOP);
    }

    @Override
    public void save(Object o) throws IOException {
        if (recurse > maxDepth) { // recurse counts the containers around o
            throw new SerializationException("cannot pickle: containers nested deeper than " + maxDepth
                    + " levels (or a tuple that contains itself through a list)");
        }
        if (o == null || o instanceof String || o instanceof Long || o instanceof Integer
                || o instanceof Boolean || o instanceof Double || o instanceof BigInteger
                || o instanceof Short || o instanceof Byte || o instanceof Float
                || o instanceof Character || o instanceof List || o instanceof Map
                || o instanceof Set || o instanceof PyGlobalName || o instanceof PySlice || writerFor(o.getClass()) != null) {
            super.save(o);
        } else if (o instanceof byte[] bytes) {
            putBytes(bytes);
        } else {
            throw new SerializationException("cannot pickle an instance of Java class " + o.getClass().getName()
                    + ": only null, Boolean, Byte/Short/Integer/Long/BigInteger, Float/Double, String, Character,"
                    + " byte[], PyTuple, List, Map, Set, PyFrozenSet, PySlice, PyGlobalName and registered classes map to Python");
        }
    }

    private void putBytes(byte[] bytes) throws IOException {
        if (bytes.length < 256) {
            out.write(Opcodes.SHORT_BINBYTES);
            out.write(bytes.length);
        } else {
            out.write(Opcodes.BINBYTES);
            out.write(PickleUtils.integer_to_bytes(bytes.length));
        }
        out.write(bytes);
    }

    @Override
    protected IObjectPickler getCustomPickler(Class<?> t) {
        if (PyTuple.class == t) {
            return (o, out, p) -> putTuple((PyTuple) o);
        }
        if (PyFrozenSet.class == t) {
            return (o, out, p) -> putSet("frozenset", (Set<?>) o);
        }
        if (PyGlobalName.class == t) {
            return (o, out, p) -> putGlobal((PyGlobalName) o);
        }
        if (PySlice.class == t) {
            // slice.__reduce__, as CPython writes it
            return (o, out, p) -> {
                PySlice s = (PySlice) o;
                putReduction(PyReduction.call("builtins", "slice", PyTuple.of(s.start(), s.stop(), s.step())));
            };
        }
        Function<Object, PyReduction> writer = writerFor(t);
        if (writer != null) {
            return (o, out, p) -> putReduction(writer.apply(o));
        }
        if (Set.class.isAssignableFrom(t)) {
            return (o, out, p) -> putSet("set", (Set<?>) o);
        }
        if (Map.class.isAssignableFrom(t)) {
            return (o, out, p) -> putDict((Map<?, ?>) o);
        }
        return null; // lists: the library's put_collection
    }

    /** Never the library's JVM-wide static registry: what another library registered there must not leak in. */
    @Override
    protected IObjectDeconstructor getCustomDeconstructor(Class<?> t) {
        return null;
    }

    private Function<Object, PyReduction> writerFor(Class<?> t) {
        if (writers.isEmpty()) {
            return null;
        }
        for (Class<?> c = t; c != null; c = c.getSuperclass()) {
            Function<Object, PyReduction> w = writers.get(c);
            if (w != null) {
                return w;
            }
        }
        return null;
    }

    private void putTuple(PyTuple t) throws IOException {
        int n = t.size();
        if (n == 0) {
            out.write(Opcodes.EMPTY_TUPLE);
            return;
        }
        if (n > 3) {
            out.write(Opcodes.MARK);
        }
        for (int i = 0; i < n; i++) {
            save(t.get(i));
        }
        out.write(switch (n) {
            case 1 -> Opcodes.TUPLE1;
            case 2 -> Opcodes.TUPLE2;
            case 3 -> Opcodes.TUPLE3;
            default -> Opcodes.TUPLE;
        });
    }

    private void putSet(String type, Set<?> set) throws IOException {
        putGlobal(new PyGlobalName("builtins", type));
        out.write(Opcodes.EMPTY_LIST);
        if (!set.isEmpty()) {
            out.write(Opcodes.MARK);
            for (Object element : set) {
                save(requireHashable(element, type + " element"));
            }
            out.write(Opcodes.APPENDS);
        }
        out.write(Opcodes.TUPLE1);
        out.write(Opcodes.REDUCE);
    }

    private void putDict(Map<?, ?> map) throws IOException {
        out.write(Opcodes.EMPTY_DICT);
        writeMemo(map); // before the items, so that a dict that contains itself works
        if (!map.isEmpty()) {
            out.write(Opcodes.MARK);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                save(requireHashable(e.getKey(), "dict key"));
                save(e.getValue());
            }
            out.write(Opcodes.SETITEMS);
        }
    }

    private void putGlobal(PyGlobalName g) throws IOException {
        out.write(Opcodes.GLOBAL);
        out.write((g.module() + "\n" + g.name() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void putReduction(PyReduction r) throws IOException {
        putGlobal(new PyGlobalName(r.module(), r.name()));
        save(r.args());
        out.write(r.newObject() ? Opcodes.NEWOBJ : Opcodes.REDUCE);
        if (r.state() != null) {
            save(r.state());
            out.write(Opcodes.BUILD);
        }
    }

    private static Object requireHashable(Object o, String what) {
        if (!PyValues.isPyHashable(o)) {
            throw new SerializationException("cannot pickle a " + what + " of Java class " + o.getClass().getName()
                    + ": Python's " + PyValues.pyTypeName(o) + " is unhashable (use PyTuple or PyFrozenSet)");
        }
        return o;
    }
}
