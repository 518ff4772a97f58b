package org.multiprocessing4j.internal.codec;

import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;

/**
 * How every value that crosses to another process is framed: one tag byte ({@link Tags}), then
 * either plain data or, after {@link Tags#SERIALIZED}, the bytes of a {@link Serializer} to the
 * end. Plain data is what keeps object streams off the common paths (a child reading its
 * {@code () -> work("Bob")} target, a worker reading a chunk of ints, a queue carrying
 * numbers): the first object stream of a JVM costs tens of milliseconds, and an object stream
 * writes a class descriptor for every boxed number. Which plain data follows the tag is up to
 * the caller: a scalar (a queue's element), a list layout (a pool's values), or a compact form
 * of its own after {@link Tags#COMPACT} (a lambda, a child's entry).
 *
 * <p>The serializer is always the caller's, never a default: it will be chosen per context.
 */
public final class Envelope {

    /** Writes the compact form of a value, if it has one. */
    @FunctionalInterface
    public interface CompactWriter<T> {
        /**
         * Writes {@code value}'s compact form.
         *
         * @return false if it has none (what was written is then dropped)
         */
        boolean write(T value, PlainOutput out);
    }

    /** Reads the plain data that follows a tag other than {@link Tags#SERIALIZED}. */
    @FunctionalInterface
    public interface PlainReader {
        /**
         * Reads the value; the envelope then checks that nothing is left over.
         *
         * @throws IOException if {@code tag} is not one this reader knows, or the data is corrupt
         */
        Object read(byte tag, PlainInput in) throws IOException;
    }

    /** Rebuilds serialized bytes: a {@link Serializer}'s {@code loads}, or the boot pipe's trusted reader. */
    @FunctionalInterface
    public interface Loader {
        /** The object in {@code length} bytes at {@code offset}. */
        Object load(byte[] bytes, int offset, int length) throws IOException;
    }

    /** Reads the compact form that follows {@link Tags#COMPACT}. */
    @FunctionalInterface
    public interface CompactReader {
        /** Reads the value. */
        Object read(PlainInput in) throws IOException;
    }

    private Envelope() {
    }

    /**
     * {@code prefix} free bytes, {@link Tags#SERIALIZED}, then {@code value} serialized.
     *
     * @throws org.multiprocessing4j.serialization.SerializationException if it cannot be serialized
     */
    public static byte[] serialized(Object value, int prefix, Serializer serializer) {
        byte[] body = serializer.dumps(value);
        byte[] bytes = new byte[prefix + 1 + body.length];
        bytes[prefix] = Tags.SERIALIZED;
        System.arraycopy(body, 0, bytes, prefix + 1, body.length);
        return bytes;
    }

    /**
     * {@link Tags#COMPACT} and {@code value}'s compact form if {@code compact} has one for it,
     * else {@link #serialized}.
     *
     * @throws org.multiprocessing4j.serialization.SerializationException if it must be, and
     *         cannot be, serialized
     */
    public static <T> byte[] compactOrSerialized(T value, CompactWriter<? super T> compact, Serializer serializer) {
        PlainOutput out = new PlainOutput(0, 256);
        out.writeByte(Tags.COMPACT);
        return compact.write(value, out) ? out.toArray() : serialized(value, 0, serializer);
    }

    /**
     * Reads the envelope that fills {@code in}: the serialized object through {@code serialized},
     * or the plain data through {@code plain}, which must read all of it.
     *
     * @throws IOException if the envelope is empty, truncated or corrupt, or {@code serialized}
     *                     threw it
     */
    public static Object open(PlainInput in, PlainReader plain, Loader serialized) throws IOException {
        byte tag = in.readByte();
        if (tag == Tags.SERIALIZED) {
            return serialized.load(in.array(), in.position(), in.remaining());
        }
        Object value = plain.read(tag, in);
        in.requireEnd();
        return value;
    }

    /**
     * {@code prefix} free bytes, then {@code value} as plain data if it is a {@link PlainValues
     * plain value} (a scalar, or the JDK's collections and arrays of them), else
     * {@link Tags#SERIALIZED} and its serialized bytes.
     *
     * @throws org.multiprocessing4j.serialization.SerializationException if it must be, and
     *         cannot be, serialized
     */
    public static byte[] plainOrSerialized(Object value, int prefix, Serializer serializer) {
        int tag = Scalars.tagOf(value);
        if (tag >= 0) {
            long size = prefix + 1 + Scalars.bodySize(tag, value);
            if (size > Integer.MAX_VALUE - 8) {
                return serialized(value, prefix, serializer);
            }
            // Sized exactly: the array is the message, never copied.
            PlainOutput out = new PlainOutput(prefix, (int) size);
            out.writeScalar(value);
            return out.toArray();
        }
        if (PlainValues.containerTag(value) >= 0) {
            PlainOutput out = new PlainOutput(prefix + 1, prefix + 64);
            try {
                tag = PlainValues.writeBody(value, out);
            } catch (IllegalArgumentException | java.util.ConcurrentModificationException tooLongOrChanging) {
                tag = -1;
            }
            if (tag >= 0) {
                out.setByte(prefix, tag);
                return out.toArray();
            }
        }
        return serialized(value, prefix, serializer);
    }

    /** The plain reader of {@link #plainOrSerialized}'s plain values. */
    public static final PlainReader PLAIN_VALUES = new PlainValuesReader();

    /** The plain reader of an envelope whose plain data can only be a compact form. */
    public static PlainReader compact(CompactReader reader) {
        return new CompactOnly(reader);
    }

    /**
     * Reads {@link PlainValues}: a class, not a method reference, as the next one
     * (docs/ARCHITECTURE.md, "A plain child links no lambda": every child initialises this class).
     */
    private static final class PlainValuesReader implements PlainReader {
        @Override
        public Object read(byte tag, PlainInput in) throws IOException {
            return PlainValues.readBody(tag, in);
        }
    }

    /** Reads a compact form, and refuses any other plain data. */
    private static final class CompactOnly implements PlainReader {
        private final CompactReader reader;

        CompactOnly(CompactReader reader) {
            this.reader = reader;
        }

        @Override
        public Object read(byte tag, PlainInput in) throws IOException {
            if (tag != Tags.COMPACT) {
                throw new IOException("plain data is corrupt: " + tag + " is neither a compact form's tag nor a serialized one's");
            }
            return reader.read(in);
        }
    }
}
