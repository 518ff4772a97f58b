package org.multiprocessing4j.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.internal.codec.Tags;
import org.multiprocessing4j.serialization.Serializer;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Range: Python's range as a list, and what a pool makes of it. */
class RangeTest {

    private static List<Integer> python(int start, int stop, int step) {
        List<Integer> values = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            values.add((int) i);
        }
        return values;
    }

    @Test
    void holdsWhatPythonsRangeHolds() {
        assertEquals(List.of(0, 1, 2, 3, 4), Range.of(5));
        assertEquals(List.of(), Range.of(0));
        assertEquals(List.of(), Range.of(-3));
        assertEquals(List.of(2, 5, 8), Range.of(2, 10, 3));
        assertEquals(List.of(10, 7, 4, 1), Range.of(10, 0, -3));
        assertEquals(List.of(), Range.of(0, 10, -1));
        int[][] cases = {{-7, 7, 2}, {7, -7, -2}, {Integer.MAX_VALUE - 5, Integer.MAX_VALUE, 2},
                {Integer.MIN_VALUE + 5, Integer.MIN_VALUE, -2}, {0, Integer.MAX_VALUE, Integer.MAX_VALUE},
                {Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE}, {3, 4, 100}};
        for (int[] c : cases) {
            Range range = Range.of(c[0], c[1], c[2]);
            assertEquals(python(c[0], c[1], c[2]), range, range.toString());
            assertEquals(python(c[0], c[1], c[2]).hashCode(), range.hashCode());
        }
    }

    @Test
    void answersListQuestionsWithoutWalkingItsElements() {
        Range range = Range.of(-10, 1_000_000_000, 7);
        assertEquals(142_857_145, range.size());
        assertEquals(-10 + 7 * 1_000_000, range.get(1_000_000));
        assertEquals(1_000_000, range.indexOf(-10 + 7 * 1_000_000));
        assertEquals(1_000_000, range.lastIndexOf(-10 + 7 * 1_000_000));
        assertTrue(range.contains(999_999_998));
        assertFalse(range.contains(999_999_999));
        assertFalse(range.contains(-17));
        assertFalse(range.contains(4L), "a Long is not an element, as in any List<Integer>");
        assertEquals(-1, Range.of(10, 0, -2).indexOf(1));
        assertEquals(2, Range.of(10, 0, -2).indexOf(6));
    }

    @Test
    void slicesAreRangesAsPythonsAre() {
        Range range = Range.of(0, 20, 3);
        Range slice = range.subList(2, 5);
        assertEquals(List.of(6, 9, 12), slice);
        assertEquals("range(6, 15, 3)", slice.toString());
        assertEquals("range(18, 21, 3)", range.subList(6, 7).toString());
        assertEquals(List.of(), range.subList(3, 3));
        assertEquals("range(21, 21, 3)", range.subList(7, 7).toString());
        assertEquals(List.of(9), slice.subList(1, 2));
        Range top = Range.of(Integer.MAX_VALUE - 3, Integer.MAX_VALUE, 2);
        assertEquals(List.of(Integer.MAX_VALUE - 1), top.subList(1, 2));
        assertEquals("range(2147483646, 2147483648, 2)", top.subList(1, 2).toString(), "Python's bounds, past an int's");
        assertEquals(List.of(), top.subList(2, 2));
        assertEquals("range(2147483648, 2147483648, 2)", top.subList(2, 2).toString());
    }

    @Test
    void printsAsPythonsRepr() {
        assertEquals("range(0, 10)", Range.of(10).toString());
        assertEquals("range(0, 11, 3)", Range.of(0, 11, 3).toString());
        assertEquals("range(5, -5, -1)", Range.of(5, -5, -1).toString());
    }

    @Test
    void refusesWhatPythonRefusesAndWhatNoListCanHold() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> Range.of(0, 10, 0));
        assertEquals("range() arg 3 must not be zero", zero.getMessage());
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
                () -> Range.of(Integer.MIN_VALUE, Integer.MAX_VALUE));
        assertTrue(huge.getMessage().contains("4294967295 elements"), huge.getMessage());
        Range range = Range.of(3);
        assertThrows(IndexOutOfBoundsException.class, () -> range.get(3));
        assertThrows(IndexOutOfBoundsException.class, () -> range.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> range.subList(2, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> range.subList(2, 1));
        assertThrows(UnsupportedOperationException.class, () -> range.add(3));
        assertThrows(UnsupportedOperationException.class, () -> range.set(0, 1));
        assertEquals(List.of(0, 1, 2), range, "a refused change changes nothing");
    }

    @Test
    void travelsAsAPlainListThroughEverySerializer() throws Exception {
        Range range = Range.of(5, 50, 5);
        for (Serializer serializer : List.of(Serializer.standard(), Serializer.jdk())) {
            byte[] bytes = serializer.dumps(range);
            Object back = serializer.loads(bytes, 0, bytes.length);
            assertInstanceOf(ArrayList.class, back, "no class of the library's needs to be allowed to read it");
            assertEquals(range, back);
        }
    }

    /** Fields as Range's, under a name as long as its, to write what Range never writes. */
    static final class Rangf implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final long start = 0;
        private final long stop = 10;
        private final int step = 0;
        private final int size = -5;
    }

    @Test
    void bytesNamingARangeAreRefusedNotMadeIntoOne() throws Exception {
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(buffer)) {
            out.writeObject(new Rangf());
        }
        byte[] bytes = buffer.toByteArray();
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        String forged = text.replace("RangeTest$Rangf", "Range");
        byte[] named = forged.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        // The class name's length prefix: "RangeTest$Rangf" was 10 characters longer.
        int at = forged.indexOf("org.multiprocessing4j.pool.Range");
        int length = ((named[at - 2] & 0xff) << 8 | (named[at - 1] & 0xff)) - 10;
        named[at - 2] = (byte) (length >> 8);
        named[at - 1] = (byte) length;
        for (Serializer serializer : List.of(Serializer.standard(), Serializer.jdk())) {
            Exception refused = assertThrows(Exception.class, () -> serializer.loads(named, 0, named.length));
            StringBuilder messages = new StringBuilder();
            for (Throwable t = refused; t != null; t = t.getCause()) {
                messages.append(t).append('\n');
            }
            assertTrue(messages.toString().contains("a Range travels as an ArrayList, never as itself"), messages.toString());
        }
    }

    @Test
    void aChunkOfARangeIsSentAsNumbersComputedFromIt() {
        Range range = Range.of(-1000, 1000, 3);
        byte[] bytes = Values.encode(range.subList(10, 500), 3, Serializer.standard());
        assertEquals(Tags.INTS, bytes[3]);
        List<Object> back = Values.decode(bytes, 3, bytes.length - 3, Serializer.standard());
        assertEquals(python(-970, 500, 3), back);
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPoolOfProcessesOrThreadsMapsOverARangeAsOverTheListItHolds() throws Exception {
        List<Integer> expected = IntStream.range(0, 10_000).map(x -> x * x).boxed().collect(Collectors.toList());
        try (Pool pool = Multiprocessing.context("spawn").pool(2)) {
            assertEquals(expected, pool.map(PoolTest::square, Range.of(10_000)));
            assertEquals(expected, pool.map(PoolTest::square, Range.of(10_000), 7));
            assertEquals(List.of(), pool.map(PoolTest::square, Range.of(0)));
            List<Integer> imapped = new ArrayList<>();
            pool.imap(PoolTest::square, Range.of(9, -1, -3), 2, null).forEachRemaining(imapped::add);
            assertEquals(List.of(81, 36, 9, 0), imapped);
        }
        try (ThreadPool pool = new ThreadPool(2)) {
            assertEquals(expected, pool.map(PoolTest::square, Range.of(10_000), 7));
        }
    }
}
