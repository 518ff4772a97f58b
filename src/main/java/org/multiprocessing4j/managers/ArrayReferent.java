package org.multiprocessing4j.managers;

import org.multiprocessing4j.serialization.pickle.PySlice;
import org.multiprocessing4j.shared.Typecode;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A managed {@code Array}: Python's {@code array.array(typecode, sequence)} with
 * {@code __len__}, {@code __getitem__} and {@code __setitem__}, slices included. Values are kept
 * as the typecode's Java type ({@link Typecode#javaType()}: {@code Integer} for {@code 'i'},
 * {@code Double} for {@code 'd'}…); what is given is converted as Python's array converts it: any
 * integer that fits the C type for an integer code (else OverflowError), any number for a float
 * code, a one-character string for {@code 'u'}; anything else is Python's TypeError.
 */
final class ArrayReferent extends BuiltinReferent {
    static final List<String> EXPOSED = List.of("__len__", "__getitem__", "__setitem__");

    private final Typecode typecode;
    private final List<Object> values = new ArrayList<>();

    private ArrayReferent(Typecode typecode) {
        super(EXPOSED);
        this.typecode = typecode;
    }

    /** An array of {@code typecode} over {@code values}, each of its Java type already (as {@link #value()} gives them). */
    static ArrayReferent over(Typecode typecode, List<Object> values) {
        ArrayReferent array = new ArrayReferent(typecode);
        array.values.addAll(values);
        return array;
    }

    /** {@code Array(typecode, sequence, lock=True)}. */
    static ArrayReferent create(List<Object> args, Map<String, Object> kwds) {
        Object code = Args.get(args, kwds, 0, "typecode", null);
        if (!(code instanceof String)) {
            throw new IllegalArgumentException("TypeError: array() argument 1 must be a unicode character, not "
                    + Sequences.typeName(code));
        }
        Typecode typecode = Typecode.of((String) code);
        if (typecode == Typecode.CHAR) {
            // sharedctypes' 'c' is no code of the array module
            throw new IllegalArgumentException("ValueError: bad typecode (must be b, B, u, w, h, H, i, I, l, L, q, Q, f or d)");
        }
        ArrayReferent array = new ArrayReferent(typecode);
        for (Object item : items(typecode, Args.get(args, kwds, 1, "sequence", List.of()))) {
            array.values.add(array.converted(item));
        }
        return array;
    }

    /**
     * The items of an initializer: a sequence, a string for a text code, or the machine bytes
     * (this platform's sizes and byte order) that CPython's pickle of an array carries.
     */
    static List<Object> items(Typecode typecode, Object initializer) {
        boolean text = typecode == Typecode.WCHAR || typecode == Typecode.UCS4;
        if (initializer instanceof String) {
            if (!text) {
                throw new IllegalArgumentException("TypeError: cannot use a str to initialize an array with typecode '"
                        + typecode.code() + "'");
            }
            List<Object> chars = new ArrayList<>();
            for (char c : ((String) initializer).toCharArray()) {
                chars.add(c);
            }
            return chars;
        }
        if (initializer instanceof byte[]) {
            byte[] bytes = (byte[]) initializer;
            int size = typecode.size();
            if (bytes.length % size != 0) {
                throw new IllegalArgumentException("ValueError: bytes length not a multiple of item size");
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
            List<Object> decoded = new ArrayList<>(bytes.length / size);
            for (int at = 0; at < bytes.length; at += size) {
                decoded.add(typecode.read(buffer, at));
            }
            return decoded;
        }
        if (initializer == null || initializer instanceof Number || initializer instanceof Boolean) {
            throw new IllegalArgumentException("TypeError: '" + Sequences.typeName(initializer) + "' object is not iterable");
        }
        return Sequences.toList(initializer);
    }

    /** {@code value} as the typecode's Java type, as Python's array converts an item it is given. */
    private Object converted(Object value) {
        Class<?> type = typecode.javaType();
        if (typecode == Typecode.WCHAR || typecode == Typecode.UCS4) {
            if (value instanceof Character) {
                return value;
            }
            if (value instanceof String && ((String) value).length() == 1) {
                return ((String) value).charAt(0);
            }
            throw new IllegalArgumentException("TypeError: array item must be unicode character");
        }
        if (type == Double.class || type == Float.class) {
            if (!(value instanceof Number) && !(value instanceof Boolean)) {
                throw new IllegalArgumentException("TypeError: must be real number, not " + Sequences.typeName(value));
            }
            double number = value instanceof Boolean ? ((Boolean) value ? 1 : 0) : ((Number) value).doubleValue();
            if (Double.isInfinite(number) && value instanceof BigInteger) {
                throw new IllegalArgumentException("OverflowError: int too large to convert to float");
            }
            return type == Double.class ? (Object) number : (Object) (float) number;
        }
        BigInteger integer = integer(value);
        int bits = typecode.size() * 8;
        boolean unsigned = Character.isUpperCase(typecode.code());
        BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
        BigInteger max = (unsigned ? BigInteger.ONE.shiftLeft(bits) : BigInteger.ONE.shiftLeft(bits - 1)).subtract(BigInteger.ONE);
        if (integer.compareTo(min) < 0 || integer.compareTo(max) > 0) {
            throw new IllegalArgumentException("OverflowError: array '" + typecode.code() + "' item "
                    + (integer.compareTo(min) < 0 ? "is less than minimum" : "is greater than maximum"));
        }
        long bitsOf = integer.longValue(); // unsigned 64-bit values keep their bits in a long, as Typecode says
        if (type == Byte.class) {
            return (byte) bitsOf;
        }
        if (type == Short.class) {
            return (short) bitsOf;
        }
        return type == Integer.class ? (Object) (int) bitsOf : (Object) bitsOf;
    }

    private static BigInteger integer(Object value) {
        if (value instanceof BigInteger) {
            return (BigInteger) value;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? BigInteger.ONE : BigInteger.ZERO;
        }
        throw new IllegalArgumentException("TypeError: '" + Sequences.typeName(value)
                + "' object cannot be interpreted as an integer");
    }

    @Override
    public synchronized Object call(String method, List<Object> args, Map<String, Object> kwds) {
        switch (method) {
            case "__len__":
                return values.size();
            case "__getitem__":
                Args.count(args, method, 1);
                if (args.get(0) instanceof PySlice) {
                    return PythonObject.array(typecode, pythonValues(Sequences.slice(values, (PySlice) args.get(0))));
                }
                return values.get(Sequences.item(args.get(0), values.size(), "array"));
            case "__setitem__":
                Args.count(args, method, 2);
                if (args.get(0) instanceof PySlice) {
                    List<Object> items = new ArrayList<>();
                    for (Object item : items(typecode, args.get(1))) {
                        items.add(converted(item));
                    }
                    Sequences.assignSlice(values, (PySlice) args.get(0), items);
                    return null;
                }
                int at = Sequences.item(args.get(0), values.size(), "array");
                values.set(at, converted(args.get(1)));
                return null;
            default:
                throw new UnsupportedOperationException("array has no method '" + method + "'");
        }
    }

    /** The values, as a list. */
    @Override
    public synchronized Object value() {
        return new ArrayList<>(values);
    }

    /** An {@code array.array} for a CPython client, as CPython's server sends it. */
    @Override
    public synchronized Object copy() {
        return PythonObject.array(typecode, pythonValues(values));
    }

    /** The values as Python's ints: an unsigned 64-bit value past {@code Long.MAX_VALUE} is kept as its bits in a long. */
    private List<Object> pythonValues(List<Object> items) {
        if ((typecode != Typecode.UNSIGNED_LONG_LONG && typecode != Typecode.UNSIGNED_LONG) || typecode.size() != 8) {
            return items;
        }
        List<Object> ints = new ArrayList<>(items.size());
        for (Object item : items) {
            long bits = (Long) item;
            ints.add(bits >= 0 ? bits : new BigInteger(Long.toUnsignedString(bits)));
        }
        return ints;
    }

    @Override
    public synchronized String repr() {
        return "array('" + typecode.code() + "', " + Sequences.repr(values) + ")";
    }
}
