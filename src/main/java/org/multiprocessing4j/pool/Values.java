package org.multiprocessing4j.pool;

import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes and reads the arguments or results of one chunk as they cross to and from a worker. A
 * list of only {@code Integer}s, only {@code Long}s, only {@code Double}s or only {@code String}s
 * is written as plain data; anything else goes through the {@link Serializer} as one array of
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

    private Values() {
    }

    private static byte kindOf(List<?> list) {
        if (list.isEmpty() || list.get(0) == null) {
            return OBJECTS;
        }
        Class<?> type = list.get(0).getClass();
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
    static byte[] encode(List<?> list) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 8 * list.size());
            DataOutputStream out = new DataOutputStream(bytes);
            write(list, out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot write values: " + e, e);
        }
    }

    /**
     * The list written by {@link #encode} into {@code length} bytes at {@code offset}, as a new
     * mutable list.
     *
     * @throws SerializationException if the bytes are corrupt or an object cannot be deserialized
     */
    static List<Object> decode(byte[] bytes, int offset, int length) {
        try {
            return read(new DataInputStream(new ByteArrayInputStream(bytes, offset, length)));
        } catch (IOException e) {
            throw new SerializationException("cannot read values: " + e, e);
        }
    }

    private static void write(List<?> list, DataOutput out) throws IOException {
        byte kind = kindOf(list);
        out.writeByte(kind);
        if (kind == OBJECTS) {
            byte[] bytes = Serializer.standard().dumps(list.toArray());
            out.writeInt(bytes.length);
            out.write(bytes);
            return;
        }
        out.writeInt(list.size());
        for (Object item : list) {
            switch (kind) {
                case INTS -> out.writeInt((Integer) item);
                case LONGS -> out.writeLong((Long) item);
                case DOUBLES -> out.writeDouble((Double) item);
                default -> writeString((String) item, out);
            }
        }
    }

    private static List<Object> read(DataInput in) throws IOException {
        byte kind = in.readByte();
        int size = in.readInt();
        if (kind == OBJECTS) {
            byte[] bytes = new byte[size];
            in.readFully(bytes);
            return new ArrayList<>(Arrays.asList((Object[]) Serializer.standard().loads(bytes, 0, bytes.length)));
        }
        List<Object> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            switch (kind) {
                case INTS -> values.add(in.readInt());
                case LONGS -> values.add(in.readLong());
                case DOUBLES -> values.add(in.readDouble());
                case STRINGS -> values.add(readString(in));
                default -> throw new IOException("unknown kind of values: " + kind);
            }
        }
        return values;
    }

    /**
     * UTF-16 code units as they are: {@code writeUTF} stops at 64 KiB, and UTF-8 would replace
     * a lone surrogate, which JDK serialization keeps.
     */
    private static void writeString(String value, DataOutput out) throws IOException {
        byte[] bytes = new byte[value.length() * 2];
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            bytes[2 * i] = (byte) (c >>> 8);
            bytes[2 * i + 1] = (byte) c;
        }
        out.writeInt(value.length());
        out.write(bytes);
    }

    private static String readString(DataInput in) throws IOException {
        byte[] bytes = new byte[in.readInt() * 2];
        in.readFully(bytes);
        char[] chars = new char[bytes.length / 2];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ((bytes[2 * i] & 0xff) << 8 | (bytes[2 * i + 1] & 0xff));
        }
        return new String(chars);
    }
}
