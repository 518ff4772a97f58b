package org.multiprocessing4j.internal.codec;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.serialization.Serializer;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The envelope: a tag, then plain data or the bytes of the serializer the caller passed. */
class EnvelopeTest {

    /** A serializer that records its use, to show the envelope uses the one it is given. */
    private static final class Recording implements Serializer {
        final List<String> calls = new ArrayList<>();

        @Override
        public byte[] dumps(Object object) {
            calls.add("dumps " + object);
            return Serializer.standard().dumps(object);
        }

        @Override
        public Object loads(byte[] bytes, int offset, int length) throws IOException {
            calls.add("loads " + length);
            return Serializer.standard().loads(bytes, offset, length);
        }
    }

    private static final Envelope.PlainReader NO_PLAIN = (tag, in) -> {
        throw new IOException("no plain data expected, tag " + tag);
    };

    @Test
    void anObjectGoesThroughTheSerializerItIsGiven() throws IOException {
        Recording serializer = new Recording();
        List<Integer> value = new ArrayList<>(List.of(1, 2));
        byte[] bytes = Envelope.serialized(value, 3, serializer);
        assertEquals(Tags.SERIALIZED, bytes[3]);
        assertEquals(value, Envelope.open(new PlainInput(bytes, 3, bytes.length - 3), NO_PLAIN, serializer::loads));
        assertEquals(List.of("dumps [1, 2]", "loads " + (bytes.length - 4)), serializer.calls);
    }

    @Test
    void aCompactFormIsWrittenAfterItsTagAndReadWhole() throws IOException {
        Recording serializer = new Recording();
        byte[] bytes = Envelope.compactOrSerialized("hi", (value, out) -> {
            out.writeString(value);
            return true;
        }, serializer);
        assertEquals(Tags.COMPACT, bytes[0]);
        assertEquals("hi", Envelope.open(new PlainInput(bytes, 0, bytes.length),
                Envelope.compact(PlainInput::readString), serializer::loads));
        assertEquals(List.of(), serializer.calls);
    }

    @Test
    void withoutACompactFormWhatTheWriterBeganIsDroppedAndTheValueSerialized() throws IOException {
        Recording serializer = new Recording();
        byte[] bytes = Envelope.compactOrSerialized("hi", (value, out) -> {
            out.writeString("half written");
            return false;
        }, serializer);
        assertEquals(Tags.SERIALIZED, bytes[0]);
        assertArrayEquals(Envelope.serialized("hi", 0, Serializer.standard()), bytes);
        assertEquals("hi", Envelope.open(new PlainInput(bytes, 0, bytes.length),
                Envelope.compact(PlainInput::readString), serializer::loads));
    }

    @Test
    void emptyTruncatedCorruptOrOverlongEnvelopesFail() {
        Envelope.PlainReader compactString = Envelope.compact(PlainInput::readString);
        assertThrows(EOFException.class, () -> Envelope.open(new PlainInput(new byte[0], 0, 0), compactString, null));

        byte[] bytes = Envelope.compactOrSerialized("hello", (value, out) -> {
            out.writeString(value);
            return true;
        }, Serializer.standard());
        for (int length = 1; length < bytes.length; length++) {
            PlainInput in = new PlainInput(bytes, 0, length);
            assertThrows(IOException.class, () -> Envelope.open(in, compactString, null));
        }

        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        IOException leftover = assertThrows(IOException.class,
                () -> Envelope.open(new PlainInput(longer, 0, longer.length), compactString, null));
        assertTrue(leftover.getMessage().contains("left over"), leftover.getMessage());

        for (byte tag : new byte[] {Tags.INT, Tags.LIST, 99, -1}) {
            bytes[0] = tag;
            IOException e = assertThrows(IOException.class,
                    () -> Envelope.open(new PlainInput(bytes, 0, bytes.length), compactString, null));
            assertTrue(e.getMessage().contains(tag + " is neither"), e.getMessage());
        }
    }
}
