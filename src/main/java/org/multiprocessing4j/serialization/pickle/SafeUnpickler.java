package org.multiprocessing4j.serialization.pickle;

import java.io.EOFException;
import java.io.InvalidObjectException;
import java.io.StreamCorruptedException;
import org.multiprocessing4j.serialization.SerializationLimitException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * razorvine's {@link Unpickler} with every opcode that can reach code, allocate by a length
 * field, or build a container re-routed; the rest (the opcode loop, the stack, the memo, and the
 * scalar decoders: ints, floats, strings, bytes) is the library's.
 *
 * <p>Re-routed, and why:
 * <ul>
 * <li>GLOBAL, STACK_GLOBAL, INST: the library resolves any name, falling back to a
 *     {@code ClassDict} for unknown classes; here a name off the allow-list is refused on the
 *     spot, before anything is pushed. Only {@link PyGlobalName}s from the allow-list can ever be
 *     on the stack, so REDUCE/NEWOBJ/OBJ can only reach allow-listed {@link PyGlobal}s.</li>
 * <li>REDUCE, NEWOBJ, NEWOBJ_EX, OBJ, BUILD: the library casts tuples to {@code Object[]} and
 *     calls {@code __setstate__} by reflection on whatever is on the stack; here they go to the
 *     {@link PyGlobal} / {@link PyStateful} of an allow-listed name, or are refused.</li>
 * <li>TUPLE*, EMPTY_DICT, DICT, SETITEM(S), EMPTY_SET, ADDITEMS, FROZENSET, APPENDS: the library
 *     makes {@code Object[]}, {@code HashMap} (losing dict order, even through SETITEMS),
 *     {@code HashSet}, and trims the list after every APPENDS batch (quadratic on big lists).</li>
 * <li>Counted opcodes (BINBYTES, BINUNICODE, BINSTRING, LONG4, BINBYTES8, BINUNICODE8,
 *     BYTEARRAY8, FRAME): the library allocates the announced length before reading; here the
 *     length is checked against the bytes that remain first.</li>
 * <li>Integer opcodes: the library makes {@code Integer} for small ints; here always
 *     {@code Long} (or {@code BigInteger} past 64 bits). INT and LONG text literals are capped
 *     at CPython's default 4300 digits (quadratic parsing otherwise).</li>
 * <li>PERSID, BINPERSID, NEXT_BUFFER, READONLY_BUFFER, EXT1/2/4: refused with a clear message.</li>
 * </ul>
 */
final class SafeUnpickler extends Unpickler {

    /** CPython's default {@code sys.get_int_max_str_digits()}. */
    static final int MAX_INT_DIGITS = 4300;

    private final ByteArrayInputStream in;
    private final Map<String, PyGlobal> globals;
    private final int maxDepth;

    SafeUnpickler(byte[] bytes, int offset, int length, Map<String, PyGlobal> globals, int maxDepth) {
        this.in = new ByteArrayInputStream(bytes, offset, length);
        this.globals = globals;
        this.maxDepth = maxDepth;
    }

    Object run() throws IOException {
        Object result = load(in);
        if (isMark(result)) {
            throw new StreamCorruptedException("corrupt pickle: STOP with a MARK on top of the stack");
        }
        if (in.available() > 0) {
            throw new StreamCorruptedException("corrupt pickle: " + in.available() + " bytes after STOP");
        }
        NestingCheck.check(result, maxDepth);
        return result;
    }

    @Override
    protected Object dispatch(short key) throws IOException {
        switch (key) {
            // ---- names and calls: the allow-list ----
            case Opcodes.GLOBAL -> {
                String module = utf8(PickleUtils.readline(in));
                String name = utf8(PickleUtils.readline(in));
                stack.add(resolve(module, name));
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = value(stack.pop());
                Object module = value(stack.pop());
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw new StreamCorruptedException("corrupt pickle: STACK_GLOBAL needs two str, got "
                            + typeName(module) + " and " + typeName(name));
                }
                stack.add(resolve(m, n));
            }
            case Opcodes.INST -> {
                String module = utf8(PickleUtils.readline(in));
                String name = utf8(PickleUtils.readline(in));
                PyGlobalName g = resolve(module, name);
                PyTuple args = tupleOf(stack.pop_all_since_marker());
                stack.add(call(g, args, "INST"));
            }
            case Opcodes.OBJ -> {
                List<Object> items = stack.pop_all_since_marker();
                if (items.isEmpty()) {
                    throw new StreamCorruptedException("corrupt pickle: OBJ without a class");
                }
                stack.add(call(items.get(0), tupleOf(items.subList(1, items.size())), "OBJ"));
            }
            case Opcodes.REDUCE -> {
                PyTuple args = argsOf(stack.pop(), "REDUCE");
                stack.add(call(stack.pop(), args, "REDUCE"));
            }
            case Opcodes.NEWOBJ -> {
                PyTuple args = argsOf(stack.pop(), "NEWOBJ");
                stack.add(newObject(stack.pop(), args, "NEWOBJ"));
            }
            case Opcodes.NEWOBJ_EX -> {
                Object kwargs = value(stack.pop());
                PyTuple args = argsOf(stack.pop(), "NEWOBJ_EX");
                Object cls = stack.pop();
                if (!(kwargs instanceof Map<?, ?> m) || !m.isEmpty()) {
                    throw new InvalidObjectException("refused: NEWOBJ_EX with keyword arguments");
                }
                stack.add(newObject(cls, args, "NEWOBJ_EX"));
            }
            case Opcodes.BUILD -> {
                Object state = value(stack.pop());
                Object target = stack.peek();
                if (!(target instanceof PyStateful s)) {
                    throw new InvalidObjectException("refused: BUILD (__setstate__) on " + typeName(target));
                }
                s.setState(state);
            }

            // ---- containers: Python's types and orders ----
            case Opcodes.EMPTY_TUPLE -> stack.add(PyTuple.of());
            case Opcodes.TUPLE1 -> stack.add(tuple(new Object[] {value(stack.pop())}));
            case Opcodes.TUPLE2 -> {
                Object b = value(stack.pop());
                Object a = value(stack.pop());
                stack.add(tuple(new Object[] {a, b}));
            }
            case Opcodes.TUPLE3 -> {
                Object c = value(stack.pop());
                Object b = value(stack.pop());
                Object a = value(stack.pop());
                stack.add(tuple(new Object[] {a, b, c}));
            }
            case Opcodes.TUPLE -> stack.add(tupleOf(stack.pop_all_since_marker()));
            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
            case Opcodes.DICT -> {
                LinkedHashMap<Object, Object> map = new LinkedHashMap<>();
                putAll(map, stack.pop_all_since_marker(), "DICT");
                stack.add(map);
            }
            case Opcodes.SETITEM -> {
                Object v = value(stack.pop());
                Object k = value(stack.pop());
                mutableMap(stack.peek(), "SETITEM").put(hashable(k, "dict key"), v);
            }
            case Opcodes.SETITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                putAll(mutableMap(stack.peek(), "SETITEMS"), items, "SETITEMS");
            }
            case Opcodes.EMPTY_SET -> stack.add(new LinkedHashSet<>());
            case Opcodes.ADDITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                Object top = stack.peek();
                if (!(top instanceof LinkedHashSet<?>)) {
                    throw new StreamCorruptedException("corrupt pickle: ADDITEMS on " + typeName(top));
                }
                @SuppressWarnings("unchecked")
                Set<Object> set = (Set<Object>) top;
                for (Object item : items) {
                    set.add(hashable(value(item), "set element"));
                }
            }
            case Opcodes.FROZENSET -> stack.add(frozenSet(stack.pop_all_since_marker()));
            case Opcodes.APPENDS -> {
                List<Object> items = stack.pop_all_since_marker();
                Object top = stack.peek();
                if (!(top instanceof ArrayList<?>)) {
                    throw new StreamCorruptedException("corrupt pickle: APPENDS on " + typeName(top));
                }
                @SuppressWarnings("unchecked")
                ArrayList<Object> list = (ArrayList<Object>) top;
                for (Object item : items) {
                    list.add(value(item));
                }
            }

            // ---- counted data: check the count before the library allocates it ----
            case Opcodes.BINBYTES, Opcodes.BINUNICODE, Opcodes.BINSTRING -> {
                checkCount(key, 4);
                super.dispatch(key);
            }
            case Opcodes.BINBYTES8, Opcodes.BINUNICODE8, Opcodes.BYTEARRAY8 -> {
                checkCount(key, 8);
                super.dispatch(key);
            }
            case Opcodes.FRAME -> {
                checkCount(key, 8);
                super.dispatch(key);
            }

            // ---- integers: always Long or BigInteger ----
            case Opcodes.LONG4 -> {
                checkCount(key, 4);
                super.dispatch(key);
                normalizeInt();
            }
            case Opcodes.INT, Opcodes.LONG -> {
                checkDigits(key);
                super.dispatch(key);
                normalizeInt();
            }
            case Opcodes.BININT, Opcodes.BININT1, Opcodes.BININT2, Opcodes.LONG1 -> {
                super.dispatch(key);
                normalizeInt();
            }

            // ---- features this codec does not offer ----
            case Opcodes.PERSID, Opcodes.BINPERSID ->
                    throw new InvalidObjectException("refused: persistent IDs (PERSID/BINPERSID) are not supported");
            case Opcodes.NEXT_BUFFER, Opcodes.READONLY_BUFFER ->
                    throw new InvalidObjectException("refused: out-of-band buffers (NEXT_BUFFER) are not supported");
            case Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4 ->
                    throw new InvalidObjectException("refused: copyreg extension codes (EXT1/2/4) are not supported");

            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    // ---- the allow-list ----

    private PyGlobalName resolve(String module, String name) throws RefusedGlobalException {
        // CPython's fix_imports maps Python 2's module for protocols 0-2; the names we allow
        // there are the builtins.
        String m = module.equals("__builtin__") ? "builtins" : module;
        if (!globals.containsKey(m + "." + name)) {
            throw new RefusedGlobalException(module, name);
        }
        return new PyGlobalName(m, name);
    }

    private PyGlobal globalOf(Object o, String op) throws IOException {
        if (o instanceof PyGlobalName g) {
            PyGlobal global = globals.get(g.module() + "." + g.name());
            if (global != null) {
                return global;
            }
        }
        throw new StreamCorruptedException("corrupt pickle: " + op + " on " + typeName(o) + ", not a global");
    }

    private Object call(Object callable, PyTuple args, String op) throws IOException {
        PyGlobal global = globalOf(callable, op);
        try {
            return global.call(args);
        } catch (UnsupportedOperationException e) {
            throw new InvalidObjectException("refused: " + callable + " may not be called by a pickle (" + op + ")");
        }
    }

    private Object newObject(Object cls, PyTuple args, String op) throws IOException {
        PyGlobal global = globalOf(cls, op);
        try {
            return global.newObject(args);
        } catch (UnsupportedOperationException e) {
            throw new InvalidObjectException("refused: " + cls + " may not be instantiated by a pickle (" + op + ")");
        }
    }

    private static PyTuple argsOf(Object o, String op) throws IOException {
        if (o instanceof PyTuple t) {
            return t;
        }
        throw new StreamCorruptedException("corrupt pickle: " + op + " arguments are " + typeName(o) + ", not a tuple");
    }

    // ---- containers ----

    private PyTuple tupleOf(List<Object> items) throws IOException {
        Object[] array = items.toArray();
        for (Object item : array) {
            value(item);
        }
        return tuple(array);
    }

    private PyTuple tuple(Object[] items) throws IOException {
        PyTuple t = PyTuple.wrap(items);
        if (t.depth() > maxDepth) {
            throw NestingCheck.tooDeep(maxDepth);
        }
        return t;
    }

    private PyFrozenSet frozenSet(List<Object> items) throws IOException {
        LinkedHashSet<Object> set = new LinkedHashSet<>();
        for (Object item : items) {
            set.add(hashable(value(item), "frozenset element"));
        }
        PyFrozenSet f = PyFrozenSet.copyOwned(set);
        if (f.depth() > maxDepth) {
            throw NestingCheck.tooDeep(maxDepth);
        }
        return f;
    }

    private static void putAll(Map<Object, Object> map, List<Object> items, String op) throws IOException {
        if (items.size() % 2 != 0) {
            throw new StreamCorruptedException("corrupt pickle: " + op + " with an odd number of items");
        }
        for (int i = 0; i < items.size(); i += 2) {
            map.put(hashable(value(items.get(i)), "dict key"), value(items.get(i + 1)));
        }
    }

    private static Map<Object, Object> mutableMap(Object top, String op) throws IOException {
        if (!(top instanceof LinkedHashMap<?, ?>)) {
            throw new StreamCorruptedException("corrupt pickle: " + op + " on " + typeName(top));
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> map = (Map<Object, Object>) top;
        return map;
    }

    static Object hashable(Object o, String what) throws IOException {
        if (!PyValues.isPyHashable(o)) {
            throw new StreamCorruptedException("corrupt pickle: unhashable " + what + " of type " + PyValues.pyTypeName(o));
        }
        return o;
    }

    // ---- bounds ----

    /** The library's MARK object is the only plain {@code Object} ever on the stack. */
    static boolean isMark(Object o) {
        return o != null && o.getClass() == Object.class;
    }

    static Object value(Object o) throws IOException {
        if (isMark(o)) {
            throw new StreamCorruptedException("corrupt pickle: unexpected MARK");
        }
        return o;
    }

    private void checkCount(short op, int width) throws IOException {
        in.mark(0);
        byte[] field = in.readNBytes(width);
        int remaining = in.available();
        in.reset();
        if (field.length < width) {
            throw new EOFException("truncated pickle: " + opName(op) + " without its length");
        }
        long count = 0;
        for (int i = width - 1; i >= 0; i--) {
            count = (count << 8) | (field[i] & 0xff);
        }
        if (count < 0 || count > remaining) {
            throw new EOFException("truncated pickle: " + opName(op) + " announces "
                    + Long.toUnsignedString(count) + " bytes but only " + remaining + " remain");
        }
    }

    private void checkDigits(short op) throws IOException {
        in.mark(0);
        int limit = MAX_INT_DIGITS + 3; // sign, 'L', newline
        for (int i = 0; i <= limit; i++) {
            int c = in.read();
            if (c == '\n' || c < 0) {
                in.reset();
                return;
            }
        }
        in.reset();
        throw new SerializationLimitException("int digits", MAX_INT_DIGITS, "refused: " + opName(op) + " literal longer than "
                + MAX_INT_DIGITS + " digits (CPython's int_max_str_digits)");
    }

    private void normalizeInt() {
        Object v = stack.pop();
        if (v instanceof Integer i) {
            v = i.longValue();
        } else if (v instanceof BigInteger b && b.bitLength() < 64) {
            v = b.longValue();
        }
        stack.add(v);
    }

    // ---- messages ----

    /** GLOBAL lines are read as Latin-1 chars by the library; CPython writes them in UTF-8. */
    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    static String typeName(Object o) {
        if (o == null) {
            return "None";
        }
        if (isMark(o)) {
            return "MARK";
        }
        if (o instanceof PyGlobalName g) {
            return "global " + g;
        }
        return o.getClass().getName();
    }

    private static String opName(short op) {
        return switch (op) {
            case Opcodes.BINBYTES -> "BINBYTES";
            case Opcodes.BINUNICODE -> "BINUNICODE";
            case Opcodes.BINSTRING -> "BINSTRING";
            case Opcodes.BINBYTES8 -> "BINBYTES8";
            case Opcodes.BINUNICODE8 -> "BINUNICODE8";
            case Opcodes.BYTEARRAY8 -> "BYTEARRAY8";
            case Opcodes.FRAME -> "FRAME";
            case Opcodes.LONG4 -> "LONG4";
            case Opcodes.INT -> "INT";
            case Opcodes.LONG -> "LONG";
            default -> "opcode " + op;
        };
    }
}
