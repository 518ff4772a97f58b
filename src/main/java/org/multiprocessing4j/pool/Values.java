package org.multiprocessing4j.pool;

import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Writes and reads the arguments or results of one chunk as they cross to and from a worker. A
 * list of only {@code Integer}s, only {@code Long}s, only {@code Double}s or only {@code String}s
 * is written as plain data, copied in bulk and boxed or unboxed in {@link Blocks}; anything else goes through the {@link Serializer} as one array of
 * objects. Plain data keeps object streams out of the common case: a worker JVM runs them
 * interpreted until the JIT has compiled them, and a new object stream costs a cold worker a
 * millisecond or more, more than many tasks do.
 */
final class Values {
    private static final byte OBJECTS = 0;
    private static final byte INTS = 1;
    private static final byte LONGS = 2;
    private static final byte DOUBLES = 3;
    private static final byte STRINGS = 4;
    /** The machine's own: pool and workers run on one machine, and bulk copies then need no swapping. */
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private Values() {
    }

    private static byte kindOf(Object first) {
        Class<?> type = first == null ? null : first.getClass();
        return type == Integer.class ? INTS : type == Long.class ? LONGS : type == Double.class ? DOUBLES
                : type == String.class ? STRINGS : OBJECTS;
    }

    /**
     * The bytes of {@code list}, after {@code prefix} bytes left free for the caller's header
     * (so that a message needs no second copy).
     *
     * @throws SerializationException if an item cannot be serialized
     */
    static byte[] encode(List<?> items, int prefix) {
        // One bulk copy, then loops over an array: each call of List.get (a sublist's checks, its
        // comodification test) would cost an interpreter more than the item's own work.
        Object[] list = items.toArray();
        byte[] bytes = list.length == 0 ? null : switch (kindOf(list[0])) {
            case INTS -> ints(list, prefix);
            case LONGS -> longs(list, prefix);
            case DOUBLES -> doubles(list, prefix);
            case STRINGS -> strings(list, prefix);
            default -> null;
        };
        return bytes != null ? bytes : objects(list, prefix);
    }

    /** The items as ints, or null if one is not an {@code Integer}. */
    private static byte[] ints(Object[] list, int prefix) {
        int[] values = new int[list.length];
        if (!Blocks.run(list.length, (start, end) -> unbox(list, values, start, end))) {
            return null;
        }
        ByteBuffer out = header(prefix, INTS, list.length, Integer.BYTES * list.length);
        out.asIntBuffer().put(values);
        return out.array();
    }

    private static boolean unbox(Object[] from, int[] to, int start, int end) {
        for (int i = start; i < end; i++) {
            if (!(from[i] instanceof Integer)) {
                return false;
            }
            to[i] = (Integer) from[i];
        }
        return true;
    }

    private static byte[] longs(Object[] list, int prefix) {
        long[] values = new long[list.length];
        if (!Blocks.run(list.length, (start, end) -> unbox(list, values, start, end))) {
            return null;
        }
        ByteBuffer out = header(prefix, LONGS, list.length, Long.BYTES * list.length);
        out.asLongBuffer().put(values);
        return out.array();
    }

    private static boolean unbox(Object[] from, long[] to, int start, int end) {
        for (int i = start; i < end; i++) {
            if (!(from[i] instanceof Long)) {
                return false;
            }
            to[i] = (Long) from[i];
        }
        return true;
    }

    private static byte[] doubles(Object[] list, int prefix) {
        double[] values = new double[list.length];
        if (!Blocks.run(list.length, (start, end) -> unbox(list, values, start, end))) {
            return null;
        }
        ByteBuffer out = header(prefix, DOUBLES, list.length, Double.BYTES * list.length);
        out.asDoubleBuffer().put(values);
        return out.array();
    }

    private static boolean unbox(Object[] from, double[] to, int start, int end) {
        for (int i = start; i < end; i++) {
            if (!(from[i] instanceof Double)) {
                return false;
            }
            to[i] = (Double) from[i];
        }
        return true;
    }

    /** Each string as its length and its UTF-16 code units: UTF-8 would replace a lone surrogate, which JDK serialization keeps. */
    private static byte[] strings(Object[] list, int prefix) {
        int chars = 0;
        for (Object item : list) {
            if (!(item instanceof String)) {
                return null;
            }
            chars += ((String) item).length();
        }
        ByteBuffer out = header(prefix, STRINGS, list.length, Integer.BYTES * list.length + Character.BYTES * chars);
        for (Object item : list) {
            String string = (String) item;
            out.putInt(string.length());
            out.asCharBuffer().put(string);
            out.position(out.position() + Character.BYTES * string.length());
        }
        return out.array();
    }

    private static byte[] objects(Object[] list, int prefix) {
        byte[] bytes = Serializer.standard().dumps(list);
        return header(prefix, OBJECTS, bytes.length, bytes.length).put(bytes).array();
    }

    /** A buffer for {@code body} bytes after the prefix, the kind and the count (of items, or of bytes for objects). */
    private static ByteBuffer header(int prefix, byte kind, int count, int body) {
        ByteBuffer buffer = ByteBuffer.allocate(prefix + 1 + Integer.BYTES + body).order(ORDER);
        return buffer.position(prefix).put(kind).putInt(count);
    }

    /**
     * The list written by {@link #encode} into {@code length} bytes at {@code offset}, as a
     * fixed-size list.
     *
     * @throws SerializationException if the bytes are corrupt or an object cannot be deserialized
     */
    static List<Object> decode(byte[] bytes, int offset, int length) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes, offset, length).order(ORDER);
            byte kind = in.get();
            int size = in.getInt();
            if (kind == OBJECTS) {
                return Arrays.asList((Object[]) Serializer.standard().loads(bytes, in.position(), size));
            }
            Object[] values = new Object[size];
            switch (kind) {
                case INTS -> {
                    int[] numbers = new int[size];
                    in.asIntBuffer().get(numbers);
                    Blocks.run(size, (start, end) -> box(numbers, values, start, end));
                }
                case LONGS -> {
                    long[] numbers = new long[size];
                    in.asLongBuffer().get(numbers);
                    Blocks.run(size, (start, end) -> box(numbers, values, start, end));
                }
                case DOUBLES -> {
                    double[] numbers = new double[size];
                    in.asDoubleBuffer().get(numbers);
                    Blocks.run(size, (start, end) -> box(numbers, values, start, end));
                }
                case STRINGS -> {
                    for (int i = 0; i < size; i++) {
                        char[] chars = new char[in.getInt()];
                        in.asCharBuffer().get(chars);
                        in.position(in.position() + Character.BYTES * chars.length);
                        values[i] = new String(chars);
                    }
                }
                default -> throw new SerializationException("unknown kind of values: " + kind, null);
            }
            return Arrays.asList(values);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new SerializationException("cannot read values: " + e, e);
        }
    }

    private static boolean box(int[] from, Object[] to, int start, int end) {
        for (int i = start; i < end; i++) {
            to[i] = from[i];
        }
        return true;
    }

    private static boolean box(long[] from, Object[] to, int start, int end) {
        for (int i = start; i < end; i++) {
            to[i] = from[i];
        }
        return true;
    }

    private static boolean box(double[] from, Object[] to, int start, int end) {
        for (int i = start; i < end; i++) {
            to[i] = from[i];
        }
        return true;
    }
}
