package org.multiprocessing4j.pool;

import org.multiprocessing4j.internal.engine.Blocks;
import org.multiprocessing4j.internal.codec.Envelope;
import org.multiprocessing4j.internal.codec.PlainInput;
import org.multiprocessing4j.internal.codec.PlainOutput;
import org.multiprocessing4j.internal.codec.PlainValues;
import org.multiprocessing4j.internal.codec.Scalars;
import org.multiprocessing4j.internal.codec.Tags;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Writes and reads the arguments or results of one chunk as they cross to and from a worker, as
 * an {@link Envelope}: a list of only {@code Integer}s, only {@code Long}s, only {@code Double}s
 * or only {@code String}s in a layout of its own ({@link Tags#INTS} and the like: the numbers
 * copied in bulk, boxed and unboxed in {@link Blocks}); any other list of scalars as
 * {@link Tags#LIST}, each item tagged, as are lists of plain values ({@link PlainValues}: the
 * JDK's lists, sets, maps and arrays of scalars); anything else through the {@link Serializer} as one array
 * of objects. Plain data keeps object streams out of the common case: a worker JVM runs them
 * interpreted until the JIT has compiled them, and a new object stream costs a cold worker a
 * millisecond or more, more than many tasks do.
 */
final class Values {
    private static final int TAG_AND_COUNT = 1 + Integer.BYTES;
    /** The longest array a JVM allocates. */
    private static final long MAX_MESSAGE = Integer.MAX_VALUE - 8;

    private Values() {
    }

    /**
     * The bytes of {@code list}, after {@code prefix} bytes left free for the caller's header
     * (so that a message needs no second copy).
     *
     * @throws SerializationException if an item cannot be serialized
     */
    static byte[] encode(List<?> items, int prefix, Serializer serializer) {
        if (items instanceof Range range) {
            return ints(range.toInts(), prefix);
        }
        // One bulk copy, then loops over an array: each call of List.get (a sublist's checks, its
        // comodification test) would cost an interpreter more than the item's own work.
        Object[] list = items.toArray();
        byte[] bytes = list.length == 0 ? null : switch (Scalars.tagOf(list[0])) {
            case Tags.INT -> ints(list, prefix);
            case Tags.LONG -> longs(list, prefix);
            case Tags.DOUBLE -> doubles(list, prefix);
            case Tags.STRING -> strings(list, prefix);
            default -> null;
        };
        if (bytes == null) {
            bytes = scalars(list, prefix);
        }
        return bytes != null ? bytes : Envelope.serialized(list, prefix, serializer);
    }

    /**
     * An output sized exactly for {@code body} bytes after the prefix, the tag and the count.
     *
     * @throws SerializationException if that is more than one array holds
     */
    private static PlainOutput start(int prefix, byte tag, int count, long body) {
        long size = prefix + TAG_AND_COUNT + body;
        if (size > MAX_MESSAGE) {
            throw new SerializationException("a chunk of " + count + " values takes " + size
                    + " bytes, more than one message can carry", null);
        }
        PlainOutput out = new PlainOutput(prefix, (int) size);
        out.writeByte(tag);
        out.writeInt(count);
        return out;
    }

    /** The items as ints, or null if one is not an {@code Integer}. */
    private static byte[] ints(Object[] list, int prefix) {
        int[] values = new int[list.length];
        if (!Blocks.run(list.length, (start, end) -> unbox(list, values, start, end))) {
            return null;
        }
        return ints(values, prefix);
    }

    private static byte[] ints(int[] values, int prefix) {
        PlainOutput out = start(prefix, Tags.INTS, values.length, Integer.BYTES * (long) values.length);
        out.writeInts(values);
        return out.toArray();
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
        PlainOutput out = start(prefix, Tags.LONGS, list.length, Long.BYTES * (long) list.length);
        out.writeLongs(values);
        return out.toArray();
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
        PlainOutput out = start(prefix, Tags.DOUBLES, list.length, Double.BYTES * (long) list.length);
        out.writeDoubles(values);
        return out.toArray();
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

    /** The items as strings without tags, or null if one is not a {@code String}. */
    private static byte[] strings(Object[] list, int prefix) {
        long body = 0;
        for (Object item : list) {
            if (!(item instanceof String)) {
                return null;
            }
            body += Scalars.bodySize(Tags.STRING, item);
        }
        PlainOutput out = start(prefix, Tags.STRINGS, list.length, body);
        for (Object item : list) {
            out.writeString((String) item);
        }
        return out.toArray();
    }

    /** The items as tagged scalars, or as tagged plain values, or null if one is neither. */
    private static byte[] scalars(Object[] list, int prefix) {
        long[] body = {0};
        if (!Blocks.run(list.length, (start, end) -> measure(list, body, start, end))) {
            return plainValues(list, prefix);
        }
        PlainOutput out = start(prefix, Tags.LIST, list.length, body[0]);
        Blocks.run(list.length, (start, end) -> write(list, out, start, end));
        return out.toArray();
    }

    /** The items as tagged plain values (scalars, and the JDK's collections of them), or null if one is not. */
    private static byte[] plainValues(Object[] list, int prefix) {
        PlainOutput out = new PlainOutput(prefix, (int) Math.min(MAX_MESSAGE, prefix + TAG_AND_COUNT + 16L * list.length));
        out.writeByte(Tags.LIST);
        out.writeInt(list.length);
        // One writer for the chunk: a container shared by two items is not plain (the
        // serializer keeps the sharing).
        PlainValues.Writer writer = PlainValues.writer(out);
        try {
            for (Object item : list) {
                if (!writer.write(item)) {
                    return null;
                }
            }
        } catch (IllegalArgumentException | java.util.ConcurrentModificationException tooLongOrChanging) {
            return null;
        }
        return out.toArray();
    }

    private static boolean measure(Object[] list, long[] body, int start, int end) {
        for (int i = start; i < end; i++) {
            int tag = Scalars.tagOf(list[i]);
            if (tag < 0) {
                return false;
            }
            body[0] += 1 + Scalars.bodySize(tag, list[i]);
        }
        return true;
    }

    private static boolean write(Object[] list, PlainOutput out, int start, int end) {
        for (int i = start; i < end; i++) {
            out.writeScalar(list[i]);
        }
        return true;
    }

    /**
     * The list written by {@link #encode} into {@code length} bytes at {@code offset}, as a
     * fixed-size list.
     *
     * @throws SerializationException if the bytes are truncated or corrupt, or an object cannot
     *                                be deserialized
     */
    static List<Object> decode(byte[] bytes, int offset, int length, Serializer serializer) {
        return decode(bytes, offset, length, serializer::loads);
    }

    /**
     * {@link #decode} of a job's arguments, which the parent wrote for its own worker over a
     * private pipe: read with {@link Serializer#loadsTrusted}.
     */
    static List<Object> decodeTrusted(byte[] bytes, int offset, int length, Serializer serializer) {
        return decode(bytes, offset, length, serializer::loadsTrusted);
    }

    private static List<Object> decode(byte[] bytes, int offset, int length, Envelope.Loader serialized) {
        Object values;
        try {
            values = Envelope.open(new PlainInput(bytes, offset, length), Values::read, serialized);
        } catch (IOException e) {
            throw new SerializationException(e);
        }
        if (!(values instanceof Object[])) {
            throw new SerializationException("cannot read values: the bytes hold "
                    + (values == null ? "null" : "a " + values.getClass().getName()), null);
        }
        return Arrays.asList((Object[]) values);
    }

    private static Object[] read(byte tag, PlainInput in) throws IOException {
        return switch (tag) {
            case Tags.INTS -> {
                int[] numbers = new int[in.readCount(Integer.BYTES, "ints")];
                in.readInts(numbers);
                Object[] values = new Object[numbers.length];
                Blocks.run(numbers.length, (start, end) -> box(numbers, values, start, end));
                yield values;
            }
            case Tags.LONGS -> {
                long[] numbers = new long[in.readCount(Long.BYTES, "longs")];
                in.readLongs(numbers);
                Object[] values = new Object[numbers.length];
                Blocks.run(numbers.length, (start, end) -> box(numbers, values, start, end));
                yield values;
            }
            case Tags.DOUBLES -> {
                double[] numbers = new double[in.readCount(Double.BYTES, "doubles")];
                in.readDoubles(numbers);
                Object[] values = new Object[numbers.length];
                Blocks.run(numbers.length, (start, end) -> box(numbers, values, start, end));
                yield values;
            }
            case Tags.STRINGS -> {
                Object[] values = new Object[in.readCount(Integer.BYTES, "strings")];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.readString();
                }
                yield values;
            }
            case Tags.LIST -> {
                Object[] values = new Object[in.readCount(1, "list items")];
                Blocks.run(values.length, (start, end) -> read(in, values, start, end));
                yield values;
            }
            default -> throw new IOException("plain data is corrupt: " + tag + " is not the tag of a list");
        };
    }

    private static boolean read(PlainInput in, Object[] to, int start, int end) throws IOException {
        for (int i = start; i < end; i++) {
            to[i] = PlainValues.read(in);
        }
        return true;
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
