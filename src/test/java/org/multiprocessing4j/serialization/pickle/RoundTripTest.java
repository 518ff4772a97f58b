package org.multiprocessing4j.serialization.pickle;

import java.io.IOException;

import org.multiprocessing4j.serialization.SerializationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.multiprocessing4j.serialization.pickle.PyAssert.assertPyEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** Java -> bytes -> Java for every type of the mapping. */
class RoundTripTest {

    private final PickleSerializer codec = PickleSerializer.standard();

    private Object roundTrip(Object o) throws Exception {
        byte[] bytes = codec.dumps(o);
        assertEquals((byte) 0x80, bytes[0]);
        assertEquals(PickleSerializer.PROTOCOL, bytes[1]);
        return codec.loads(bytes, 0, bytes.length);
    }

    private void same(Object expected, Object input) throws Exception {
        assertPyEquals(expected, roundTrip(input));
    }

    @Test
    void scalars() throws Exception {
        assertNull(roundTrip(null));
        same(true, true);
        same(false, false);
        same("", "");
        same("ascii", "ascii");
        same("é😀\u0000\n", "é😀\u0000\n");
        same("c", 'c');
        same(1.5, 1.5);
        same(-0.0, -0.0);
        same(Double.NaN, Double.NaN);
        same(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        same(1.5, 1.5f);
        same((double) 0.1f, 0.1f);
    }

    @Test
    void integersAreAlwaysLong() throws Exception {
        same(0L, 0);
        same(1L, (byte) 1);
        same(-2L, (short) -2);
        same(3L, 3);
        for (long v : new long[] {-1, 255, 256, 65535, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE,
                1L << 31, Long.MAX_VALUE, Long.MIN_VALUE}) {
            same(v, v);
        }
        same(5L, BigInteger.valueOf(5)); // fits: Long
        BigInteger big = BigInteger.ONE.shiftLeft(200);
        same(big, big);
        same(big.negate(), big.negate());
        BigInteger justOver = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE);
        same(justOver, justOver);
        BigInteger justUnder = BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE);
        same(justUnder, justUnder);
    }

    @Test
    void bytes() throws Exception {
        same(new byte[0], new byte[0]);
        same(new byte[] {0, -1, 127}, new byte[] {0, -1, 127});
        byte[] big = new byte[70_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        same(big, big);
    }

    @Test
    void tuplesStayTuples() throws Exception {
        same(PyTuple.of(), PyTuple.of());
        same(PyTuple.of(1L), PyTuple.of(1));
        same(PyTuple.of(1L, "a"), PyTuple.of(1, "a"));
        same(PyTuple.of(1L, "a", null), PyTuple.of(1, "a", null));
        same(PyTuple.of(1L, 2L, 3L, 4L, PyTuple.of()), PyTuple.of(1, 2, 3, 4, PyTuple.of()));
        Object back = roundTrip(PyTuple.of(1, 2));
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) back).add(null));
    }

    @Test
    void listsDictsSets() throws Exception {
        same(new ArrayList<>(), new ArrayList<>());
        same(new ArrayList<>(List.of(1L, "x")), List.of(1, "x"));
        same(new ArrayList<>(List.of(1L, 2L)), new LinkedList<>(List.of(1, 2)));

        LinkedHashMap<Object, Object> ordered = new LinkedHashMap<>();
        ordered.put("b", 1L);
        ordered.put("a", 2L);
        ordered.put(PyTuple.of(1L, 2L), null);
        ordered.put(7L, new byte[] {1});
        LinkedHashMap<Object, Object> in = new LinkedHashMap<>();
        in.put("b", 1);
        in.put("a", 2);
        in.put(PyTuple.of(1, 2), null);
        in.put(7, new byte[] {1});
        same(ordered, in);
        same(new LinkedHashMap<>(Map.of("k", 1L)), new TreeMap<>(Map.of("k", 1)));

        LinkedHashSet<Object> set = new LinkedHashSet<>(List.of(3L, 1L, 2L, "s", PyTuple.of(1L)));
        Object back = roundTrip(set);
        assertPyEquals(set, back);
        assertEquals(List.copyOf(set), List.copyOf((LinkedHashSet<?>) back), "set order kept");
        same(new LinkedHashSet<>(), new LinkedHashSet<>());
    }

    @Test
    void frozensetsStayFrozensets() throws Exception {
        same(PyFrozenSet.of(), PyFrozenSet.of());
        same(PyFrozenSet.of(1L, "a", PyTuple.of(2L)), PyFrozenSet.of(1, "a", PyTuple.of(2)));
        // as a dict key and as a set element, as Python allows
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(PyFrozenSet.of(1), List.of(PyFrozenSet.of(PyFrozenSet.of())));
        Map<Object, Object> expected = new LinkedHashMap<>();
        expected.put(PyFrozenSet.of(1L), new ArrayList<>(List.of(PyFrozenSet.of(PyFrozenSet.of()))));
        same(expected, m);
    }

    @Test
    void slicesStaySlices() throws Exception {
        same(new PySlice(1L, 3L, null), PySlice.of(1, 3));
        same(new PySlice(null, null, -2L), new PySlice(null, null, -2));
        same(List.of(new PySlice(BigInteger.TWO.pow(70), "a", null)), List.of(new PySlice(BigInteger.TWO.pow(70), "a", null)));
        // Python's slice.indices: [::-1] of 5, [1:10:2] of 5, [-100:100] of 5
        assertEquals(List.of(4, -1, -1), boxed(new PySlice(null, null, -1).indices(5)));
        assertEquals(List.of(1, 5, 2), boxed(new PySlice(1, 10, 2).indices(5)));
        assertEquals(List.of(0, 5, 1), boxed(PySlice.of(-100, 100).indices(5)));
        assertEquals(3, PySlice.length(new PySlice(null, null, -2).indices(6)));
        assertEquals(0, PySlice.length(PySlice.of(4, 1).indices(6)));
        assertThrows(IllegalArgumentException.class, () -> new PySlice(1, 2, 0).indices(3));
        assertThrows(ClassCastException.class, () -> PySlice.of("a", 2).indices(3));
    }

    private static List<Integer> boxed(int[] values) {
        List<Integer> list = new ArrayList<>();
        for (int v : values) {
            list.add(v);
        }
        return list;
    }

    @Test
    void nestedAndShared() throws Exception {
        List<Object> shared = new ArrayList<>(List.of(1));
        List<Object> outer = new ArrayList<>(List.of(shared, shared, PyTuple.of(shared)));
        List<?> back = assertInstanceOf(List.class, roundTrip(outer));
        assertSame(back.get(0), back.get(1), "the memo keeps shared objects shared");
        assertSame(back.get(0), ((PyTuple) back.get(2)).get(0));
        // equal but distinct lists stay distinct (identity memo, not value memo)
        List<?> two = (List<?>) roundTrip(List.of(new ArrayList<>(List.of(1)), new ArrayList<>(List.of(1))));
        assertTrue(two.get(0) != two.get(1));

        Object deep = "leaf";
        for (int i = 0; i < 900; i++) {
            deep = (i % 2 == 0) ? List.of(deep) : PyTuple.of(deep);
        }
        assertEquals(deep, roundTrip(deep));
    }

    @Test
    void refusesJavaTypesOutsideTheMapping() {
        for (Object o : new Object[] {new Object(), new Date(), Optional.empty(), new BigDecimal("1.5"),
                new Object[] {1}, new int[] {1}, Thread.State.NEW, new StringBuilder("x")}) {
            SerializationException e = assertThrows(SerializationException.class, () -> codec.dumps(o), o.getClass().getName());
            assertTrue(e.getMessage().contains(o.getClass().getName()), e.getMessage());
        }
        // nested too
        SerializationException e = assertThrows(SerializationException.class,
                () -> codec.dumps(Map.of("k", List.of(1, new Date()))));
        assertTrue(e.getMessage().contains("java.util.Date"), e.getMessage());
    }

    @Test
    void refusesKeysPythonCannotHash() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> codec.dumps(Map.of(List.of(1), "v")));
        assertTrue(e.getMessage().contains("unhashable"), e.getMessage());
        assertThrows(SerializationException.class, () -> codec.dumps(Map.of(PyTuple.of(1, List.of()), "v")));
        assertThrows(SerializationException.class, () -> codec.dumps(java.util.Set.of(Map.of())));
    }

    @Test
    void tooDeepToPickleIsAClearError() {
        Object deep = "leaf";
        for (int i = 0; i < 100_000; i++) {
            deep = List.of(deep);
        }
        Object d = deep;
        SerializationException e = assertThrows(SerializationException.class, () -> codec.dumps(d));
        assertTrue(e.getMessage().contains("deeper"), e.getMessage());
    }

    @Test
    void aListThatContainsItselfPicklesButIsRefusedBack() throws Exception {
        List<Object> self = new ArrayList<>();
        self.add(self);
        byte[] bytes = codec.dumps(self); // Python reads it as [[...]]
        IOException e = assertThrows(IOException.class, () -> codec.loads(bytes));
        assertTrue(e.getMessage().contains("recursive"), e.getMessage());
    }
}
