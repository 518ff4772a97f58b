package org.multiprocessing4j.queues;

import org.multiprocessing4j.internal.codec.Envelope;
import org.multiprocessing4j.internal.codec.PlainInput;
import org.multiprocessing4j.internal.codec.PlainOutput;
import org.multiprocessing4j.internal.codec.PlainValues;
import org.multiprocessing4j.internal.codec.Scalars;
import org.multiprocessing4j.internal.codec.Tags;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;

/**
 * An element as a queue carries it: an {@link Envelope} holding a scalar ({@link Scalars}:
 * {@code null}, booleans, boxed primitives, a {@code String}, a {@code byte[]}) or a container
 * of plain values ({@link PlainValues}: the JDK's lists, sets, maps and arrays of them) as
 * plain data, or anything else serialized. JDK serialization writes a class descriptor for every boxed
 * number, several times the cost of the number, and a queue mostly carries such small values.
 *
 * <p>The bytes are those {@link org.multiprocessing4j.internal.codec.PlainOutput#writeScalar}
 * would write, but not built in a buffer of their own: an element keeps its tag, its head (a
 * fixed-size scalar's bits, or the length word of a string or array) and its body, and
 * {@link #copyTo} writes them straight into the frames, so that a number costs no array.
 *
 * <p>Encoding happens in {@code put}, in the caller's thread, so that an element that cannot
 * be serialized fails there (CPython's feeder thread only prints the error).
 */
final class Encoded {
    /** What {@link #decodeInline} returns for a serialized object or a container, decoded later outside the lock. */
    static final Object DEFERRED = new Object();
    /** Reads a scalar at once, and leaves a container for later. */
    private static final Envelope.PlainReader INLINE = (tag, in) -> {
        if (Tags.isContainer(tag)) {
            in.skipRemaining();
            return DEFERRED;
        }
        return in.readScalarBody(tag);
    };
    private static final Envelope.Loader DEFER = (bytes, offset, length) -> DEFERRED;
    /** The longest array a JVM allocates, less the tag and the length word. */
    private static final long MAX_CONTENT = Integer.MAX_VALUE - 8 - 1 - Integer.BYTES;

    private final byte tag;
    private final long head;
    private final int headSize;
    /** A string's content, a copy of a byte array, or the serialized bytes; null for a fixed-size scalar. */
    private final byte[] body;

    private Encoded(int tag, long head, int headSize, byte[] body) {
        this.tag = (byte) tag;
        this.head = head;
        this.headSize = headSize;
        this.body = body;
    }

    /**
     * Encodes {@code item}.
     *
     * @throws SerializationException if it cannot be serialized
     */
    static Encoded of(Object item, Serializer serializer) {
        int tag = Scalars.tagOf(item);
        int size = Scalars.fixedSize(tag);
        if (size >= 0) {
            return new Encoded(tag, Scalars.bits(tag, item), size, null);
        }
        if (tag == Tags.STRING) {
            String string = (String) item;
            int lengthWord = Scalars.lengthWord(string);
            long contentSize = Scalars.contentSize(lengthWord);
            if (contentSize > MAX_CONTENT) {
                throw new SerializationException("a string of " + string.length() + " chars takes " + contentSize
                        + " bytes, more than a queue element can", null);
            }
            byte[] content = new byte[(int) contentSize];
            Scalars.putString(string, lengthWord, content, 0);
            return new Encoded(tag, lengthWord, Integer.BYTES, content);
        }
        if (tag == Tags.BYTES) {
            byte[] copy = ((byte[]) item).clone();
            return new Encoded(tag, copy.length, Integer.BYTES, copy);
        }
        if (PlainValues.containerTag(item) >= 0) {
            PlainOutput out = new PlainOutput(0, 64);
            int plain;
            try {
                plain = PlainValues.writeBody(item, out);
            } catch (IllegalArgumentException | java.util.ConcurrentModificationException tooLongOrChanging) {
                plain = -1;
            }
            if (plain >= 0) {
                return new Encoded(plain, 0, 0, out.toArray());
            }
        }
        return new Encoded(Tags.SERIALIZED, 0, 0, serializer.dumps(item));
    }

    /** The payload's length: the tag, the head and the body. */
    int length() {
        return 1 + headSize + (body != null ? body.length : 0);
    }

    /**
     * Copies {@code n} bytes of the payload from {@code from} to {@code target} at {@code at}.
     * The first copy of a payload starts at 0 and takes the tag and the head whole: a frame holds
     * far more than their 9 bytes at most.
     */
    void copyTo(int from, byte[] target, int at, int n) {
        int to = at;
        int start = from;
        int left = n;
        if (start == 0 && left > 0) {
            target[to] = tag;
            Scalars.putBits(target, to + 1, headSize, head);
            to += 1 + headSize;
            left -= 1 + headSize;
        } else {
            start -= 1 + headSize;
        }
        if (left > 0) {
            System.arraycopy(body, start, target, to, left);
        }
    }

    /**
     * Decodes a payload that {@code in} holds whole, except a serialized object: {@link #DEFERRED}
     * then, for {@link #decodeObject} once the reader lock is released (deserializing can take
     * long, and run the application's code).
     *
     * @throws SerializationException if the payload is corrupt
     */
    static Object decodeInline(PlainInput in) {
        return open(in, INLINE, DEFER);
    }

    /** Decodes a payload of {@code length} bytes that {@link #decodeInline} deferred. */
    static Object decodeObject(byte[] data, int length, Serializer serializer) {
        return open(new PlainInput(data, 0, length), Envelope.PLAIN_VALUES, serializer::loads);
    }

    private static Object open(PlainInput in, Envelope.PlainReader plain, Envelope.Loader serialized) {
        try {
            return Envelope.open(in, plain, serialized);
        } catch (IOException e) {
            throw new SerializationException(e);
        }
    }
}
