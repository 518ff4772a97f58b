package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.codec.TrustedObjects;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The payload of a boot frame: a tag, then either a {@link CompactEntry} as plain data (its
 * reader's class name first) or the entry through object serialization.
 */
final class EntryCodec {
    private static final byte SERIALIZED = 0;
    private static final byte COMPACT = 1;

    private EntryCodec() {
    }

    static byte[] encode(ChildEntry entry) {
        if (entry instanceof CompactEntry) {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeByte(COMPACT);
                out.writeUTF(((CompactEntry) entry).readerClass().getName());
                if (((CompactEntry) entry).writeCompact(out)) {
                    out.flush();
                    return bytes.toByteArray();
                }
            } catch (IOException e) {
                throw new SerializationException("cannot write " + entry + ": " + e, e);
            }
        }
        byte[] serialized = Serializer.standard().dumps(entry);
        byte[] payload = new byte[serialized.length + 1];
        payload[0] = SERIALIZED;
        System.arraycopy(serialized, 0, payload, 1, serialized.length);
        return payload;
    }

    static ChildEntry decode(byte[] payload) throws IOException {
        if (payload.length == 0) {
            throw new IOException("empty payload");
        }
        if (payload[0] == SERIALIZED) {
            return (ChildEntry) TrustedObjects.read(payload, 1, payload.length - 1);
        }
        if (payload[0] != COMPACT) {
            throw new IOException("unknown payload kind " + payload[0]);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload, 1, payload.length - 1));
        String readerName = in.readUTF();
        CompactEntry.Reader reader;
        try {
            java.lang.reflect.Constructor<?> constructor = Class.forName(readerName).getDeclaredConstructor();
            // Readers live beside their entries and need not be public.
            constructor.setAccessible(true);
            reader = (CompactEntry.Reader) constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot make the entry reader " + readerName + ": " + e, e);
        }
        return reader.read(in);
    }
}
