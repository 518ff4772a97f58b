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
 * is written as plain data, copied in bulk; anything else goes through the {@link Serializer} as one array of
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

    private static byte kindOf(Object[] list) {
        if (list.length == 0 || list[0] == null) {
            return OBJECTS;
        }
        Class<?> type = list[0].getClass();
        byte kind = type == Integer.class ? INTS : type == Long.class ? LONGS : type == Double.class ? DOUBLES
                : type == String.class ? STRINGS : OBJECTS;
        for (Object item : list) {
            if (kind == OBJECTS || item == null || item.getClass() != type) {
                return OBJECTS;
            }
        }
        return kind;
    }

    /**
     * The bytes of {@code list}.
     *
     * @throws SerializationException if an item cannot be serialized
     */
    static byte[] encode(List<?> items) {
        // One bulk copy, then loops over an array: in a JVM that has not compiled them yet, each
        // call of List.get (a sublist's checks, its comodification test) costs the interpreter.
        Object[] list = items.toArray();
        byte kind = kindOf(list);
        int size = list.length;
        ByteBuffer out;
        switch (kind) {
            case INTS -> {
                int[] values = new int[size];
                for (int i = 0; i < size; i++) {
                    values[i] = (Integer) list[i];
                }
                out = header(kind, size, Integer.BYTES * size);
                out.asIntBuffer().put(values);
            }
            case LONGS -> {
                long[] values = new long[size];
                for (int i = 0; i < size; i++) {
                    values[i] = (Long) list[i];
                }
                out = header(kind, size, Long.BYTES * size);
                out.asLongBuffer().put(values);
            }
            case DOUBLES -> {
                double[] values = new double[size];
                for (int i = 0; i < size; i++) {
                    values[i] = (Double) list[i];
                }
                out = header(kind, size, Double.BYTES * size);
                out.asDoubleBuffer().put(values);
            }
            case STRINGS -> {
                int chars = 0;
                for (Object item : list) {
                    chars += ((String) item).length();
                }
                out = header(kind, size, Integer.BYTES * size + Character.BYTES * chars);
                for (Object item : list) {
                    String string = (String) item;
                    out.putInt(string.length());
                    // UTF-16 as it is: UTF-8 would replace a lone surrogate, which JDK serialization keeps.
                    out.asCharBuffer().put(string);
                    out.position(out.position() + Character.BYTES * string.length());
                }
            }
            default -> {
                byte[] bytes = Serializer.standard().dumps(list);
                out = header(kind, bytes.length, bytes.length);
                out.put(bytes);
            }
        }
        return out.array();
    }

    /** A buffer for {@code body} bytes after the kind and the count (of items, or of bytes for objects). */
    private static ByteBuffer header(byte kind, int count, int body) {
        return ByteBuffer.allocate(1 + Integer.BYTES + body).order(ORDER).put(kind).putInt(count);
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
                    in.slice().order(ORDER).asIntBuffer().get(numbers);
                    for (int i = 0; i < size; i++) {
                        values[i] = numbers[i];
                    }
                }
                case LONGS -> {
                    long[] numbers = new long[size];
                    in.slice().order(ORDER).asLongBuffer().get(numbers);
                    for (int i = 0; i < size; i++) {
                        values[i] = numbers[i];
                    }
                }
                case DOUBLES -> {
                    double[] numbers = new double[size];
                    in.slice().order(ORDER).asDoubleBuffer().get(numbers);
                    for (int i = 0; i < size; i++) {
                        values[i] = numbers[i];
                    }
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
}
