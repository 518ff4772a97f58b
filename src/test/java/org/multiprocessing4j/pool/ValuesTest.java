package org.multiprocessing4j.pool;

import org.multiprocessing4j.internal.engine.Blocks;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.internal.codec.Envelope;
import org.multiprocessing4j.internal.codec.PlainOutput;
import org.multiprocessing4j.internal.codec.Tags;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values: the lists of a chunk survive the trip whatever they hold. */
class ValuesTest {

    private static List<Object> roundTrip(List<?> list) {
        byte[] bytes = Values.encode(list, 2, Serializer.standard());
        return Values.decode(bytes, 2, bytes.length - 2, Serializer.standard());
    }

    @Test
    void homogeneousNumbersStringsAndAnythingElse() {
        String long70k = "x".repeat(70_000);
        List<Object> intsThenAString = new java.util.ArrayList<>(PoolTest.range(Blocks.SIZE * 2 + 1));
        intsThenAString.add("late");
        for (List<?> list : List.of(
                List.of(), List.of(1, 2, -3, Integer.MAX_VALUE), PoolTest.range(Blocks.SIZE * 3 + 5), List.of(1L, Long.MIN_VALUE),
                List.of(0.5, Double.NaN, -0.0), List.of("", "é€𝄞", "\ud800 lone", long70k),
                List.of(1, 2L, 3.0), Arrays.asList(1, 2, 3.0), Arrays.asList(1L, 2L, null), List.of(0.5, 1), intsThenAString, List.of("a", List.of(1), 'c'),
                Arrays.asList(1, null, 3), Arrays.asList("a", null), Arrays.asList((Object) null))) {
            List<Object> back = roundTrip(list);
            assertEquals(list, back);
            for (int i = 0; i < list.size(); i++) {
                assertEquals(list.get(i) == null ? null : list.get(i).getClass(),
                        back.get(i) == null ? null : back.get(i).getClass());
            }
        }
    }

    /** Fails the test if the serializer is used: plain lists must not need it. */
    private static final Serializer UNUSED = new Serializer() {
        @Override
        public byte[] dumps(Object object) {
            throw new AssertionError("serialized " + object);
        }

        @Override
        public Object loads(byte[] bytes, int offset, int length) {
            throw new AssertionError("deserialized " + length + " bytes");
        }
    };

    private static byte layoutOf(List<?> list) {
        return Values.encode(list, 3, Serializer.standard())[3];
    }

    @Test
    void eachListTakesTheLayoutOfWhatItHolds() {
        assertEquals(Tags.INTS, layoutOf(List.of(1, 2)));
        assertEquals(Tags.LONGS, layoutOf(List.of(1L)));
        assertEquals(Tags.DOUBLES, layoutOf(List.of(1.0)));
        assertEquals(Tags.STRINGS, layoutOf(List.of("a", "")));
        assertEquals(Tags.LIST, layoutOf(List.of()));
        assertEquals(Tags.LIST, layoutOf(Arrays.asList(1, null)));
        assertEquals(Tags.LIST, layoutOf(List.of(true, false)));
        // The JDK's collections of plain values are plain values too; anything else is not.
        assertEquals(Tags.LIST, layoutOf(List.of(1, List.of(2))));
        assertEquals(Tags.SERIALIZED, layoutOf(List.of(1, new java.util.Date(2))));
        List<Object> shared = new ArrayList<>(List.of(1));
        assertEquals(Tags.SERIALIZED, layoutOf(List.of(shared, shared)), "a container shared by two items keeps its sharing");
    }

    @Test
    void anyListOfScalarsIsPlainDataAndNeedsNoSerializer() {
        List<Object> scalars = Arrays.asList(1, 2L, 3.0, true, null, 'c', "s\ud800", (byte) 1, (short) -2, -0f,
                new byte[] {7}, Integer.MIN_VALUE);
        byte[] bytes = Values.encode(scalars, 0, UNUSED);
        List<Object> back = Values.decode(bytes, 0, bytes.length, UNUSED);
        assertEquals(scalars.size(), back.size());
        for (int i = 0; i < scalars.size(); i++) {
            if (scalars.get(i) instanceof byte[]) {
                assertArrayEquals((byte[]) scalars.get(i), (byte[]) back.get(i));
            } else {
                assertEquals(scalars.get(i), back.get(i));
            }
        }
    }

    @Test
    void otherObjectsGoThroughTheSerializerPassedIn() {
        List<String> calls = new ArrayList<>();
        Serializer recording = new Serializer() {
            @Override
            public byte[] dumps(Object object) {
                calls.add("dumps");
                return Serializer.standard().dumps(object);
            }

            @Override
            public Object loads(byte[] bytes, int offset, int length) throws java.io.IOException {
                calls.add("loads");
                return Serializer.standard().loads(bytes, offset, length);
            }
        };
        List<Object> list = List.of(java.time.LocalDate.of(2024, 2, 29), "x");
        byte[] bytes = Values.encode(list, 0, recording);
        assertEquals(list, Values.decode(bytes, 0, bytes.length, recording));
        assertEquals(List.of("dumps", "loads"), calls);
    }

    private static SerializationException decodeFails(byte[] bytes) {
        return assertThrows(SerializationException.class, () -> Values.decode(bytes, 0, bytes.length, UNUSED));
    }

    @Test
    void hugeAnnouncedCountsFailAtOnce() {
        for (byte layout : new byte[] {Tags.INTS, Tags.LONGS, Tags.DOUBLES, Tags.STRINGS, Tags.LIST}) {
            PlainOutput out = new PlainOutput(0, 10);
            out.writeByte(layout);
            out.writeInt(1_000_000_000);
            out.writeInt(0);
            out.writeByte(0); // 10 bytes announcing a billion items
            SerializationException e = decodeFails(out.toArray());
            assertTrue(e.getMessage().contains("1000000000") && e.getMessage().contains("announced"), e.getMessage());
        }
    }

    @Test
    void truncatedCorruptAndOverlongBytesFail() {
        for (List<?> list : List.of(List.of(1, 2), List.of(1L), List.of(0.5), List.of("ab", "c"), Arrays.asList("a", 1, null))) {
            byte[] bytes = Values.encode(list, 0, UNUSED);
            for (int length = 0; length < bytes.length; length++) {
                byte[] cut = Arrays.copyOf(bytes, length);
                decodeFails(cut);
            }
            decodeFails(Arrays.copyOf(bytes, bytes.length + 1));
        }
        SerializationException e = decodeFails(new byte[] {Tags.STRING, 0, 0, 0, 0});
        assertTrue(e.getMessage().contains(Tags.STRING + " is not the tag of a list"), e.getMessage());
        byte[] garbage = {Tags.SERIALIZED, 1, 2, 3};
        assertThrows(SerializationException.class, () -> Values.decode(garbage, 0, garbage.length, Serializer.standard()));
        byte[] string = Envelope.serialized("a string", 0, Serializer.standard());
        e = assertThrows(SerializationException.class, () -> Values.decode(string, 0, string.length, Serializer.standard()));
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    }
}
