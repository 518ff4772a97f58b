package org.multiprocessing4j.serialization.pickle;

import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.SerializationLimitException;
import org.multiprocessing4j.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.io.StreamCorruptedException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import net.razorvine.pickle.PickleException;

/**
 * CPython's pickle as a {@link Serializer}, for a connection whose peer is CPython: what CPython's
 * {@code conn.send(obj)} writes arrives here as Java objects through {@code recv()}, and what
 * this side {@code send}s arrives there as Python objects. Everything that is not plain data is
 * refused on reading, unless its global is on the allow-list ({@link Builder#allowGlobal}).
 *
 * <pre>{@code
 * // Java, with a CPython multiprocessing.connection.Client on the other side:
 * try (Listener listener = Listener.builder().address("127.0.0.1:6000").authkey(key)
 *         .serializer(PickleSerializer.standard()).open();
 *      Connection conn = listener.accept()) {
 *     Object request = conn.recv();                  // CPython's (12345, "hello", [1.5, 2.5]): PyTuple[12345L, "hello", [1.5, 2.5]]
 *     conn.send(PyTuple.of("ok", List.of(1, 2)));     // arrives as ('ok', [1, 2])
 * }
 * // or on an existing connection: conn.withSerializer(PickleSerializer.standard())
 * }</pre>
 *
 * <table>
 * <caption>Python to Java ({@link #loads})</caption>
 * <tr><td>None</td><td>{@code null}</td></tr>
 * <tr><td>bool</td><td>{@link Boolean}</td></tr>
 * <tr><td>int</td><td>{@link Long}, or {@link java.math.BigInteger} past 64 bits (never Integer)</td></tr>
 * <tr><td>float</td><td>{@link Double}</td></tr>
 * <tr><td>str</td><td>{@link String}</td></tr>
 * <tr><td>bytes, bytearray</td><td>{@code byte[]} (which of the two it was is lost)</td></tr>
 * <tr><td>tuple</td><td>{@link PyTuple}</td></tr>
 * <tr><td>list</td><td>{@link java.util.ArrayList}</td></tr>
 * <tr><td>dict</td><td>{@link LinkedHashMap} (Python's insertion order)</td></tr>
 * <tr><td>set</td><td>{@link LinkedHashSet} (the order the pickle lists them)</td></tr>
 * <tr><td>frozenset</td><td>{@link PyFrozenSet}</td></tr>
 * <tr><td>slice</td><td>{@link PySlice}</td></tr>
 * <tr><td>an allow-listed global</td><td>what its {@link PyGlobal} makes, or {@link PyGlobalName}</td></tr>
 * </table>
 *
 * <p>Java to Python ({@link #dumps}): {@code null}; Boolean; Byte, Short, Integer, Long,
 * BigInteger as int; Float, Double as float; String and Character as str; {@code byte[]} as bytes;
 * PyTuple as tuple; any other List as list; Map as dict; PyFrozenSet as frozenset; any other Set
 * as set; PySlice as slice; PyGlobalName as the global itself; classes registered with {@link Builder#writer}.
 * Anything else is a {@link SerializationException} naming the class. Written in protocol 3,
 * which every CPython 3 reads; read in any protocol, 0 to 5.
 *
 * <p>Reading refuses a global off the allow-list with a {@link RefusedGlobalException} (a
 * {@link org.multiprocessing4j.serialization.ClassRefusedException}) before anything is looked
 * up or called; nesting beyond {@link Builder#maxDepth} and integer literals beyond CPython's
 * 4300 digits with a {@link SerializationLimitException}; a length field beyond the bytes left
 * with an {@link EOFException}; anything else malformed with a {@link StreamCorruptedException}
 * ("corrupt pickle: ...") or an {@link java.io.InvalidObjectException} ("refused: ..."
 * persistent ids, out-of-band buffers, a global called that may not be). Memory stays linear in
 * the message's size.
 *
 * <p>Instances are immutable and thread-safe. {@link #standard()} can go to another process
 * with a connection; one with globals or writers of its own cannot (they are code).
 */
public final class PickleSerializer implements Serializer, Serializable {
    private static final long serialVersionUID = 1L;

    /** The protocol {@link #dumps} writes. */
    public static final int PROTOCOL = SafePickler.PROTOCOL;

    /**
     * Containers nested deeper than this are refused by {@link #loads}; {@link #dumps} stops at
     * this or at 999, razorvine's own limit, whichever is lower. CPython's pickler stops near its
     * recursion limit, 1000, too.
     */
    public static final int DEFAULT_MAX_DEPTH = 1000;

    private static final PickleSerializer STANDARD = builder().build();

    private final transient Map<String, PyGlobal> globals;
    private final transient Map<Class<?>, Function<Object, PyReduction>> writers;
    private final transient int maxDepth;
    private final transient boolean standard;

    private PickleSerializer(Builder b) {
        this.globals = Map.copyOf(b.globals);
        this.writers = Map.copyOf(b.writers);
        this.maxDepth = b.maxDepth;
        this.standard = b.plain && b.maxDepth == DEFAULT_MAX_DEPTH;
    }

    /** Plain data only: the builtins of the mapping ({@code slice} among them), no other global. */
    public static PickleSerializer standard() {
        return STANDARD;
    }

    /** A serializer to configure: more globals allowed, Java classes written as Python objects, a depth. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Pickles {@code object} in protocol {@value #PROTOCOL}.
     *
     * @throws SerializationException if it contains a value outside the mapping, a dict key or
     *                                set element Python cannot hash, or nests deeper than the limit
     */
    @Override
    public byte[] dumps(Object object) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SafePickler pickler = new SafePickler(writers, maxDepth);
        try {
            pickler.dump(object, bytes);
        } catch (SerializationException e) {
            throw e;
        } catch (StackOverflowError e) {
            // razorvine throws this itself past 1000 levels, the JVM past its stack
            throw new SerializationException("cannot pickle: containers nested deeper than " + pickler.maxDepth()
                    + " levels (or a tuple that contains itself through a list)", e);
        } catch (PickleException e) {
            throw new SerializationException("cannot pickle: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return bytes.toByteArray();
    }

    /**
     * Unpickles exactly one pickle that fills {@code length} bytes at {@code offset}.
     *
     * <p>Memory stays linear in {@code length}: no length field is believed beyond the bytes
     * that are there. Nothing is called but the allow-listed globals' {@link PyGlobal}s.
     *
     * @throws RefusedGlobalException      if the pickle names a global not on the allow-list
     * @throws SerializationLimitException if it nests deeper than the limit
     * @throws IOException                 if the bytes are truncated, corrupt, carry data after
     *                                     STOP, or contain themselves
     */
    @Override
    public Object loads(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        try {
            return new SafeUnpickler(bytes, offset, length, globals, maxDepth).run();
        } catch (StackOverflowError e) {
            throw new SerializationLimitException("depth", maxDepth, "refused: nested too deeply for this thread's stack");
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            // PickleException, and the ClassCastException, IndexOutOfBoundsException,
            // NumberFormatException... that the library's opcodes throw on corrupt input.
            StreamCorruptedException corrupt = new StreamCorruptedException("corrupt pickle: " + e);
            corrupt.initCause(e);
            throw corrupt;
        }
    }

    /** False: a pickle's bytes go on the wire as they are, for CPython to read. */
    @Override
    public boolean sendsPlainValues() {
        return false;
    }

    private Object writeReplace() throws ObjectStreamException {
        if (!standard) {
            throw new NotSerializableException("a PickleSerializer with globals or writers of its own cannot go to"
                    + " another process (they are code); only PickleSerializer.standard() can");
        }
        return new Standard();
    }

    /** How {@link #standard()} travels. */
    private static final class Standard implements Serializable {
        private static final long serialVersionUID = 1L;

        private Object readResolve() {
            return STANDARD;
        }
    }

    @Override
    public String toString() {
        return standard ? "PickleSerializer.standard()" : "PickleSerializer[" + globals.size() + " globals, "
                + writers.size() + " writers, depth " + maxDepth + "]";
    }

    /**
     * Configures a {@link PickleSerializer}: the hooks a protocol on top of pickle (CPython's
     * managers: {@code multiprocessing.managers.Token}, {@code RebuildProxy}, {@code AutoProxy},
     * the proxy classes, exceptions) needs.
     *
     * <pre>{@code
     * PickleSerializer serializer = PickleSerializer.builder()
     *     .allowGlobal("multiprocessing.managers", "Token", new PyGlobal() {
     *         public Object newObject(PyTuple args) { return new Token(); } })   // Token implements PyStateful (BUILD)
     *     .allowGlobal("multiprocessing.managers", "AutoProxy", new PyGlobal() { })  // a name only: never callable
     *     .writer(Token.class, t -> PyReduction.newObject("multiprocessing.managers", "Token",
     *             PyTuple.of(), PyTuple.of(t.typeid, t.address, t.id)))
     *     .build();
     * }</pre>
     */
    public static final class Builder {

        private final Map<String, PyGlobal> globals = new HashMap<>();
        private final Map<Class<?>, Function<Object, PyReduction>> writers = new HashMap<>();
        private int maxDepth = DEFAULT_MAX_DEPTH;
        private boolean plain = true;

        private Builder() {
            globals.put("builtins.set", Builtins.SET);
            globals.put("builtins.frozenset", Builtins.FROZENSET);
            globals.put("builtins.bytearray", Builtins.BYTEARRAY);
            globals.put("builtins.bytes", Builtins.BYTES);
            globals.put("_codecs.encode", Builtins.CODECS_ENCODE);
            globals.put("builtins.slice", Builtins.SLICE);
        }

        /** Lets pickles name {@code module.name}; what they can do with it is {@code global}'s. */
        public Builder allowGlobal(String module, String name, PyGlobal global) {
            new PyGlobalName(module, name); // validates
            plain = false;
            globals.put(module + "." + name, Objects.requireNonNull(global, "global"));
            return this;
        }

        /** Writes instances of {@code type} (and its subclasses) as {@code writer} says. */
        public <T> Builder writer(Class<T> type, Function<? super T, PyReduction> writer) {
            Objects.requireNonNull(writer, "writer");
            plain = false;
            writers.put(type, o -> writer.apply(type.cast(o)));
            return this;
        }

        /** Containers nested deeper than this are refused ({@link #DEFAULT_MAX_DEPTH} by default). */
        public Builder maxDepth(int maxDepth) {
            if (maxDepth < 1) {
                throw new IllegalArgumentException("maxDepth < 1");
            }
            this.maxDepth = maxDepth;
            return this;
        }

        /** The serializer. */
        public PickleSerializer build() {
            return new PickleSerializer(this);
        }
    }

    /** The callables CPython's pickles of plain data use (protocols 2 to 5). */
    private enum Builtins implements PyGlobal {
        /** {@code set(list)} in protocols 2 and 3. */
        SET {
            @Override
            public Object call(PyTuple args) throws IOException {
                LinkedHashSet<Object> set = new LinkedHashSet<>();
                for (Object item : iterableArg(args, "set")) {
                    set.add(SafeUnpickler.hashable(item, "set element"));
                }
                return set;
            }
        },
        /** {@code frozenset(list)} in protocols 2 and 3. */
        FROZENSET {
            @Override
            public Object call(PyTuple args) throws IOException {
                LinkedHashSet<Object> set = new LinkedHashSet<>();
                for (Object item : iterableArg(args, "frozenset")) {
                    set.add(SafeUnpickler.hashable(item, "frozenset element"));
                }
                return PyFrozenSet.copyOwned(set);
            }
        },
        /** {@code bytearray()}, {@code bytearray(bytes)} (protocols 2-4), {@code bytearray(str, 'latin-1')}. */
        BYTEARRAY {
            @Override
            public Object call(PyTuple args) throws IOException {
                if (args.isEmpty()) {
                    return new byte[0];
                }
                if (args.size() == 1 && args.get(0) instanceof byte[] b) {
                    return b.clone(); // bytearray(b) copies: the bytes may be shared through the memo
                }
                if (args.size() == 2 && args.get(0) instanceof String s && args.get(1) instanceof String enc) {
                    return latin1(s, enc);
                }
                throw new StreamCorruptedException("corrupt pickle: bytearray" + args);
            }
        },
        /** {@code bytes()}: protocol 2's empty bytes. */
        BYTES {
            @Override
            public Object call(PyTuple args) throws IOException {
                if (args.isEmpty()) {
                    return new byte[0];
                }
                if (args.size() == 1 && args.get(0) instanceof byte[] b) {
                    return b;
                }
                throw new StreamCorruptedException("corrupt pickle: bytes" + args);
            }
        },
        /** {@code slice(stop)}, {@code slice(start, stop[, step])}: how every protocol writes a slice. */
        SLICE {
            @Override
            public Object call(PyTuple args) throws IOException {
                return switch (args.size()) {
                    case 1 -> new PySlice(null, args.get(0), null);
                    case 2 -> new PySlice(args.get(0), args.get(1), null);
                    case 3 -> new PySlice(args.get(0), args.get(1), args.get(2));
                    default -> throw new StreamCorruptedException("corrupt pickle: slice" + args);
                };
            }
        },
        /** {@code _codecs.encode(str, 'latin1')}: protocol 2's bytes. */
        CODECS_ENCODE {
            @Override
            public Object call(PyTuple args) throws IOException {
                if (args.size() == 2 && args.get(0) instanceof String s && args.get(1) instanceof String enc) {
                    return latin1(s, enc);
                }
                throw new StreamCorruptedException("corrupt pickle: _codecs.encode" + args);
            }
        };

        private static Collection<?> iterableArg(PyTuple args, String type) throws IOException {
            if (args.isEmpty()) {
                return Set.of();
            }
            if (args.size() == 1 && args.get(0) instanceof Collection<?> c) {
                return c;
            }
            throw new StreamCorruptedException("corrupt pickle: " + type + args);
        }

        private static byte[] latin1(String s, String encoding) throws IOException {
            String e = encoding.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            if (!(e.equals("latin1") || e.equals("latin-1") || e.equals("iso-8859-1"))) {
                throw new InvalidObjectException("refused: encoding " + encoding + " (only latin1 is used by pickles)");
            }
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) > 0xff) {
                    throw new StreamCorruptedException("corrupt pickle: a latin1 byte string with U+"
                            + Integer.toHexString(s.charAt(i)));
                }
            }
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
    }
}
