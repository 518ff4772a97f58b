package org.multiprocessing4j.internal.spawn;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.internal.codec.PlainInput;
import org.multiprocessing4j.internal.codec.PlainOutput;
import org.multiprocessing4j.internal.codec.Tags;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The boot payload: a compact entry as plain data, any other serialized, and bad bytes refused. */
class EntryCodecTest {

    /** An entry that is compact when its code is small. */
    static final class Sample implements CompactEntry {
        private static final long serialVersionUID = 1L;
        final int code;

        Sample(int code) {
            this.code = code;
        }

        @Override
        public boolean writeCompact(PlainOutput out) {
            out.writeInt(code);
            return code < 100;
        }

        @Override
        public Class<? extends Reader> readerClass() {
            return SampleReader.class;
        }

        @Override
        public int run(BootData boot) {
            return code;
        }
    }

    static final class SampleReader implements CompactEntry.Reader {
        @Override
        public ChildEntry read(PlainInput in) throws IOException {
            return new Sample(in.readInt());
        }
    }

    @Test
    void aCompactEntryIsPlainDataAndAnyOtherIsSerialized() throws IOException {
        byte[] compact = EntryCodec.encode(new Sample(7), Serializer.standard());
        assertEquals(Tags.COMPACT, compact[0]);
        assertEquals(7, EntryCodec.decode(compact, Serializer.standard()).run(null));
        byte[] serialized = EntryCodec.encode(new Sample(200), Serializer.standard());
        assertEquals(Tags.SERIALIZED, serialized[0]);
        assertEquals(200, EntryCodec.decode(serialized, Serializer.standard()).run(null));
    }

    @Test
    void truncatedOrForeignPayloadsAreRefusedWithAnIoException() {
        byte[] compact = EntryCodec.encode(new Sample(7), Serializer.standard());
        for (int length = 0; length < compact.length; length++) {
            byte[] cut = Arrays.copyOf(compact, length);
            assertThrows(IOException.class, () -> EntryCodec.decode(cut, Serializer.standard()));
        }
        PlainOutput out = new PlainOutput(0, 64);
        out.writeByte(Tags.COMPACT);
        out.writeString(String.class.getName());
        byte[] notAReader = out.toArray();
        IOException e = assertThrows(IOException.class, () -> EntryCodec.decode(notAReader, Serializer.standard()));
        assertTrue(e.getMessage().contains("is not an entry reader"), e.getMessage());
    }
}
