package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.codec.Envelope;
import org.multiprocessing4j.internal.codec.PlainInput;
import org.multiprocessing4j.internal.codec.PlainOutput;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;
import java.lang.reflect.Constructor;

/**
 * The payload of a boot frame: an {@link Envelope} holding either a {@link CompactEntry} as a
 * compact form (its reader's class name first) or the entry serialized by its context's
 * serializer. The child reads the serialized form with {@link Serializer#loadsTrusted}: the boot
 * pipe is private to its parent, and the entry holds the application's classes.
 */
final class EntryCodec {
    private EntryCodec() {
    }

    /**
     * The payload of {@code entry}.
     *
     * @throws org.multiprocessing4j.serialization.SerializationException if it must be, and
     *         cannot be, serialized
     */
    static byte[] encode(ChildEntry entry, Serializer serializer) {
        return Envelope.compactOrSerialized(entry, EntryCodec::writeCompact, serializer);
    }

    /**
     * The payload of {@code entry} in its serialized form even where it has a compact one: the
     * form of an entry that holds descriptors, for a spare to decode as a sample.
     */
    static byte[] encodeSerialized(ChildEntry entry, Serializer serializer) {
        return Envelope.serialized(entry, 0, serializer);
    }

    private static boolean writeCompact(ChildEntry entry, PlainOutput out) {
        if (!(entry instanceof CompactEntry)) {
            return false;
        }
        CompactEntry compact = (CompactEntry) entry;
        out.writeString(compact.readerClass().getName());
        return compact.writeCompact(out);
    }

    /**
     * The entry in a payload written by {@link #encode} with {@code serializer}.
     *
     * @throws IOException if the payload is truncated or corrupt, or names a class this child lacks
     */
    static ChildEntry decode(byte[] payload, Serializer serializer) throws IOException {
        PayloadReaders readers = new PayloadReaders(serializer);
        Object entry = Envelope.open(new PlainInput(payload, 0, payload.length), Envelope.compact(readers), readers);
        if (!(entry instanceof ChildEntry)) {
            throw new IOException("the boot payload holds " + (entry == null ? "null" : "a " + entry.getClass().getName())
                    + ", not a child's entry");
        }
        return (ChildEntry) entry;
    }

    private static ChildEntry readCompact(PlainInput in) throws IOException {
        String readerName = in.readString();
        CompactEntry.Reader reader;
        try {
            Class<?> type = Class.forName(readerName, false, EntryCodec.class.getClassLoader());
            if (!CompactEntry.Reader.class.isAssignableFrom(type)) {
                throw new IOException(readerName + " is not an entry reader");
            }
            Constructor<?> constructor = type.getDeclaredConstructor();
            // Readers live beside their entries and need not be public.
            constructor.setAccessible(true);
            reader = (CompactEntry.Reader) constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot make the entry reader " + readerName + ": " + e, e);
        }
        return reader.read(in);
    }

    /**
     * The payload's two readers, the compact form's and the serialized one's: a class, not
     * method references (docs/ARCHITECTURE.md, "A plain child links no lambda").
     */
    private static final class PayloadReaders implements Envelope.CompactReader, Envelope.Loader {
        private final Serializer serializer;

        PayloadReaders(Serializer serializer) {
            this.serializer = serializer;
        }

        @Override
        public Object read(PlainInput in) throws IOException {
            return readCompact(in);
        }

        @Override
        public Object load(byte[] bytes, int offset, int length) throws IOException {
            return serializer.loadsTrusted(bytes, offset, length);
        }
    }
}
