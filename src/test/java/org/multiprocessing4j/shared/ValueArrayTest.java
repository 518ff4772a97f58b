package org.multiprocessing4j.shared;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.sync.Lock;
import org.multiprocessing4j.sync.RLock;
import org.multiprocessing4j.testing.Children;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueArrayTest {

    @Test
    void everyTypecodeOfCPythonsArrayModuleHoldsItsValues() {
        assertEquals("bBhHiIlLqQfducw", java.util.Arrays.stream(Typecode.values())
                .map(t -> String.valueOf(t.code())).reduce("", String::concat));
        assertRoundTrip("b", (byte) -128);
        assertRoundTrip("B", 255);
        assertRoundTrip("h", (short) -32768);
        assertRoundTrip("H", 65535);
        assertRoundTrip("i", Integer.MIN_VALUE);
        assertRoundTrip("I", 4294967295L);
        assertRoundTrip("l", -5L);
        assertRoundTrip("L", 7L);
        assertRoundTrip("q", Long.MIN_VALUE);
        assertRoundTrip("Q", -1L);
        assertRoundTrip("f", 1.5f);
        assertRoundTrip("d", Math.PI);
        assertRoundTrip("u", 'é');
        assertRoundTrip("c", (byte) 'x');
        assertRoundTrip("w", 'ж');
        assertEquals(1, Typecode.of("c").size());
        assertEquals(4, Typecode.of("w").size());
        assertEquals(1, Typecode.of("b").size());
        assertEquals(8, Typecode.of("q").size());
        assertTrue(Typecode.of("l").size() == 4 || Typecode.of("l").size() == 8);
    }

    private static <T> void assertRoundTrip(String typecode, T value) {
        RawValue<T> raw = new RawValue<>(typecode, value);
        assertEquals(value, raw.get(), typecode);
        RawArray<T> array = new RawArray<>(typecode, List.of(value, value));
        assertEquals(List.of(value, value), array.toList(), typecode);
    }

    @Test
    void valuesWiderThanTheCTypeAreTruncatedAsCtypesDoes() {
        RawValue<Integer> unsignedByte = new RawValue<>("B", 256 + 7);
        assertEquals(7, unsignedByte.get());
        unsignedByte.set(-1);
        assertEquals(255, unsignedByte.get());
        RawValue<Long> unsignedInt = new RawValue<>("I", -1L);
        assertEquals(4294967295L, unsignedInt.get());
        RawValue<Long> unsignedLongLong = new RawValue<>("Q", -1L);
        assertEquals("18446744073709551615", Long.toUnsignedString(unsignedLongLong.get()));
    }

    @Test
    void typesChooseTheirTypecode() {
        assertEquals(Typecode.INT, new RawValue<>(Integer.class, 3).getTypecode());
        assertEquals(Typecode.LONG_LONG, new RawValue<>(Long.class, 3L).getTypecode());
        assertEquals(Typecode.DOUBLE, new Value<>(Double.class, 2.5).getObj().getTypecode());
        assertEquals(Typecode.WCHAR, new RawArray<>(Character.class, 3).getTypecode());
        assertThrows(IllegalArgumentException.class, () -> Typecode.of(String.class));
    }

    @Test
    void badInputIsRefusedClearly() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> new Value<>("x", 1));
        assertEquals("bad typecode (must be b, B, c, u, w, h, H, i, I, l, L, q, Q, f or d), not 'x'", unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RawArray<>("ii", 3));
        assertThrows(IllegalArgumentException.class, () -> new RawArray<Integer>((String) null, 3));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> new Array<>("i", -1));
        assertEquals("Array length must be >= 0, not -1", negative.getMessage());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class, () -> new Value<Object>("i", 1L));
        assertEquals("typecode 'i' holds Integer values, not Long 1", wrongType.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Value<>("i", 1, new ReentrantLock()));
        assertThrows(IndexOutOfBoundsException.class, () -> new Array<>("i", 2).get(2));
        assertThrows(UnsupportedOperationException.class, () -> new Array<>("i", 2).getValue());
        assertThrows(IllegalArgumentException.class, () -> new Array<>("u", 2).setValue("abc"));
        assertEquals(0, new RawArray<>("d", 0).length());
    }

    @Test
    void aCharArrayHasCPythonsValueAndRaw() {
        Array<Byte> chars = new Array<>("c", 6);
        chars.setRaw("abc".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(new byte[] {'a', 'b', 'c', 0, 0, 0}, chars.getRaw());
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), chars.getValueBytes());
        chars.setRaw("xyzxyz".getBytes(StandardCharsets.US_ASCII));
        chars.setValue("hi".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(new byte[] {'h', 'i', 0, 'x', 'y', 'z'}, chars.getRaw(), "value = ends with a NUL, raw = does not");
        assertArrayEquals(new byte[] {'h', 'i'}, chars.getValueBytes());
        chars.setValue("sixsix".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals("sixsix".getBytes(StandardCharsets.US_ASCII), chars.getValueBytes(), "a full array has no NUL");
        assertEquals((byte) 's', chars.get(0));

        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> chars.setValue(new byte[7]));
        assertTrue(tooLong.getMessage().startsWith("byte string too long"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> chars.setRaw(new byte[7]));
        assertArrayEquals("sixsix".getBytes(StandardCharsets.US_ASCII), chars.getRaw(), "a refused value changes nothing");

        UnsupportedOperationException text = assertThrows(UnsupportedOperationException.class, chars::getValue);
        assertTrue(text.getMessage().contains("getValueBytes"), text.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> new Array<>("b", 2).getRaw());
        assertThrows(UnsupportedOperationException.class, () -> new RawArray<>("u", 2).setValue(new byte[1]));
        Value<Byte> single = new Value<>("c", (byte) 'q');
        assertEquals((byte) 'q', single.get());
    }

    @Test
    void aWideCharArrayHoldsText() {
        RawArray<Character> text = new RawArray<>("w", 4);
        text.setValue("жук");
        assertEquals("жук", text.getValue());
        assertEquals(List.of('ж', 'у', 'к', '\0'), text.toList());
    }

    @Test
    void aValueHasItsLockAndItsRawObject() {
        Value<Integer> value = new Value<>("i", 5);
        assertInstanceOf(RLock.class, value.getLock());
        assertEquals(5, value.getObj().get());
        Lock lock = new Lock();
        Value<Double> guarded = new Value<>("d", 1.0, lock);
        assertSame(lock, guarded.getLock());
        guarded.set(2.0);
        assertEquals(2.0, guarded.get());
        assertTrue(!lock.isLocked());
    }

    @Test
    @Timeout(120)
    void aValueAndAnArrayUpdatedByChildrenAreReadByTheParent() throws Exception {
        Value<Integer> counter = new Value<>("i", 0);
        Array<Double> squares = new Array<>("d", 4);
        Array<Character> text = new Array<>("u", 10);
        Array<Byte> bytes = new Array<>("c", 4);
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int index = i;
            children.add(Children.start(() -> {
                for (int n = 0; n < 500; n++) {
                    counter.getLock().lock();
                    try {
                        counter.set(counter.get() + 1);
                    } finally {
                        counter.getLock().unlock();
                    }
                }
                squares.set(index, (double) index * index);
                if (index == 0) {
                    text.setValue("hello");
                    bytes.setValue(new byte[] {'o', 'k'});
                }
            }));
        }
        for (Process child : children) {
            Children.finish(child);
        }
        assertEquals(2000, counter.get());
        assertEquals(List.of(0.0, 1.0, 4.0, 9.0), squares.toList());
        assertEquals("hello", text.getValue());
        assertEquals(10, text.length());
        assertArrayEquals(new byte[] {'o', 'k', 0, 0}, bytes.getRaw());
    }

    @Test
    @Timeout(60)
    void rawObjectsReachChildrenToo() throws Exception {
        RawValue<Long> raw = new RawValue<>("q", 1L);
        RawArray<Short> shorts = new RawArray<>("h", List.of((short) 1, (short) 2));
        Process child = Children.start(() -> {
            raw.set(raw.get() + 41);
            shorts.set(1, (short) (shorts.get(0) + shorts.get(1)));
        });
        Children.finish(child);
        assertEquals(42L, raw.get());
        assertEquals(List.of((short) 1, (short) 3), shorts.toList());
    }

    @Test
    void aValueSentThroughAConnectionIsRefused() throws Exception {
        Connection[] pipe = Pipe.open();
        try {
            SerializationException e = assertThrows(SerializationException.class, () -> pipe[0].send(new Value<>("i", 1)));
            assertTrue(e.getMessage().contains("Value objects should only be shared between processes through inheritance"),
                    e.getMessage());
            SerializationException raw = assertThrows(SerializationException.class,
                    () -> pipe[0].send(new RawArray<>("i", 1)));
            assertTrue(raw.getMessage().contains("RawArray objects should only be shared"), raw.getMessage());
        } finally {
            pipe[0].close();
            pipe[1].close();
        }
    }
}
