package org.multiprocessing4j.queues;

import org.multiprocessing4j.serialization.Serializer;

import java.nio.charset.StandardCharsets;

/**
 * An element as a queue carries it: a tag byte, then the value. {@code null}, booleans,
 * {@code Integer}, {@code Long} and {@code Double} are written as their bits, a {@code String}
 * as UTF-8 and a {@code byte[]} as itself; anything else goes through the {@link Serializer}.
 * JDK serialization writes a class descriptor for every boxed number, several times the cost
 * of the number, and a queue mostly carries such small values.
 *
 * <p>Encoding happens in {@code put}, in the caller's thread, so that an element that cannot
 * be serialized fails there (CPython's feeder thread only prints the error).
 */
final class Encoded {
    static final byte NULL = 0;
    static final byte FALSE = 1;
    static final byte TRUE = 2;
    static final byte INT = 3;
    static final byte LONG = 4;
    static final byte DOUBLE = 5;
    static final byte STRING = 6;
    static final byte BYTES = 7;
    static final byte OBJECT = 8;
    /** What {@link #decodeInline} returns for a serialized object, decoded later outside the lock. */
    static final Object DEFERRED = new Object();

    private final byte tag;
    private final long bits;
    private final byte[] body;

    private Encoded(byte tag, long bits, byte[] body) {
        this.tag = tag;
        this.bits = bits;
        this.body = body;
    }

    /**
     * Encodes {@code item}.
     *
     * @throws org.multiprocessing4j.serialization.SerializationException if it cannot be serialized
     */
    static Encoded of(Object item, Serializer serializer) {
        if (item == null) {
            return new Encoded(NULL, 0, null);
        }
        Class<?> type = item.getClass();
        if (type == Integer.class) {
            return new Encoded(INT, (Integer) item, null);
        }
        if (type == Long.class) {
            return new Encoded(LONG, (Long) item, null);
        }
        if (type == Double.class) {
            return new Encoded(DOUBLE, Double.doubleToRawLongBits((Double) item), null);
        }
        if (type == Boolean.class) {
            return new Encoded((Boolean) item ? TRUE : FALSE, 0, null);
        }
        if (type == String.class) {
            return new Encoded(STRING, 0, ((String) item).getBytes(StandardCharsets.UTF_8));
        }
        if (type == byte[].class) {
            return new Encoded(BYTES, 0, ((byte[]) item).clone());
        }
        return new Encoded(OBJECT, 0, serializer.dumps(item));
    }

    private static int fixedSize(byte tag) {
        return tag == INT ? 4 : tag == LONG || tag == DOUBLE ? 8 : 0;
    }

    /** The payload's length: the tag and the value. */
    int length() {
        return 1 + (body != null ? body.length : fixedSize(tag));
    }

    /** Copies {@code n} bytes of the payload from {@code from} to {@code target} at {@code at}. */
    void copyTo(int from, byte[] target, int at, int n) {
        if (n == 0) {
            return;
        }
        int to = at;
        int start = from;
        if (start == 0) {
            target[to++] = tag;
            n--;
        } else {
            start--;
        }
        if (body != null) {
            System.arraycopy(body, start, target, to, n);
        } else if (tag == INT) {
            Frames.INT.set(target, to, (int) bits);
        } else if (n == 8) {
            Frames.LONG.set(target, to, bits);
        }
    }

    /**
     * Decodes a payload of {@code length} bytes at the start of {@code data}, except a serialized
     * object: {@link #DEFERRED} then, for {@link #decodeObject} once the reader lock is released
     * (deserializing can take long, and run the application's code).
     */
    static Object decodeInline(byte[] data, int length) {
        switch (data[0]) {
            case NULL:
                return null;
            case FALSE:
                return Boolean.FALSE;
            case TRUE:
                return Boolean.TRUE;
            case INT:
                return (int) Frames.INT.get(data, 1);
            case LONG:
                return (long) Frames.LONG.get(data, 1);
            case DOUBLE:
                return Double.longBitsToDouble((long) Frames.LONG.get(data, 1));
            case STRING:
                return new String(data, 1, length - 1, StandardCharsets.UTF_8);
            case BYTES:
                return java.util.Arrays.copyOfRange(data, 1, length);
            case OBJECT:
                return DEFERRED;
            default:
                throw new IllegalStateException("queue stream is corrupt: unknown element tag " + data[0]);
        }
    }

    /** Deserializes a payload that {@link #decodeInline} deferred. */
    static Object decodeObject(byte[] data, int length, Serializer serializer) {
        return serializer.loads(data, 1, length - 1);
    }
}
