package org.multiprocessing4j.internal.codec;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The plain containers: each comes back as exactly its class, with its content and order;
 * anything else, shared or too deep is not plain; every corrupt input is an IOException, and
 * nothing announced is allocated before the bytes are there.
 */
class PlainValuesTest {

    static byte[] bytesOf(Object value) {
        PlainOutput out = new PlainOutput(0, 16);
        assertTrue(PlainValues.write(value, out), "not plain: " + value);
        return out.toArray();
    }

    static Object roundTrip(Object value) throws IOException {
        byte[] bytes = bytesOf(value);
        PlainInput in = new PlainInput(bytes, 0, bytes.length);
        Object back = PlainValues.read(in);
        in.requireEnd();
        return back;
    }

    /** Every supported container, nested in one another, with every scalar inside. */
    static List<Object> samples() {
        List<Object> scalars = Arrays.asList(null, true, false, (byte) -1, (short) 300, 'é', 7, 8L, 1.5f, 2.5,
                "latin", "ünï\u20ac\ud800", new byte[] {1, 2});
        TreeMap<String, Integer> tree = new TreeMap<>(Map.of("b", 2, "a", 1, "c", 3));
        LinkedHashMap<Object, Object> linked = new LinkedHashMap<>();
        linked.put("z", 1);
        linked.put(List.of(1, 2), "a list as a key");
        linked.put(null, null);
        LinkedHashSet<Object> linkedSet = new LinkedHashSet<>(List.of("z", "a", "m"));
        Map<Object, Object> hash = new HashMap<>();
        IntStream.range(0, 50).forEach(i -> hash.put("k" + i, i % 3 == 0 ? null : List.of(i)));
        return List.of(
                new ArrayList<>(scalars), new LinkedList<>(scalars), List.of(1, "two", List.of(3.0, 4.0)), List.of(),
                List.of(1), Arrays.asList(1, null, "x"), hash, linked, tree, Map.of("a", 1, "b", List.of()),
                Map.of(), Map.of(1, 2), new HashSet<>(List.of(1, "x", 2.5)), linkedSet, new TreeSet<>(List.of(5, 1, 3)),
                Set.of(1, 2, 3), Set.of(), Set.of("one"), new Object[] {1, null, new int[] {1, 2}, List.of("a")},
                new String[] {"a", null, "\u20ac"}, new int[] {1, -2, Integer.MAX_VALUE}, new long[] {Long.MIN_VALUE, 0},
                new double[] {Double.NaN, -0.0, 1e300}, new float[] {Float.MIN_VALUE, -1f}, new short[] {-1, 2},
                new char[] {'a', '\uffff'}, new boolean[] {true, false, true}, new int[0],
                new ArrayList<>(List.of(new HashMap<>(Map.of("deep", new ArrayList<>(List.of(new TreeMap<>(Map.of(1, 2)))))))));
    }

    @Test
    void everyContainerComesBackAsExactlyItsClassWithItsContentAndOrder() throws IOException {
        for (Object value : samples()) {
            Object back = roundTrip(value);
            assertSameShape(value, back);
        }
    }

    /** Equal, of the same class all the way down, in the same iteration order. */
    static void assertSameShape(Object expected, Object actual) {
        if (expected == null) {
            assertEquals(null, actual);
            return;
        }
        assertSame(expected.getClass(), actual.getClass(), expected.getClass().getName());
        if (expected.getClass().isArray()) {
            assertEquals(Array.getLength(expected), Array.getLength(actual));
            for (int i = 0; i < Array.getLength(expected); i++) {
                Object e = Array.get(expected, i);
                Object a = Array.get(actual, i);
                if (e instanceof Double || e instanceof Float) {
                    assertEquals(e, a); // equals compares bits: NaN and -0.0 too
                } else {
                    assertSameShape(e, a);
                }
            }
        } else if (expected instanceof Map) {
            assertEquals(expected, actual);
            if (!(expected instanceof HashMap) || expected instanceof LinkedHashMap) {
                assertEquals(new ArrayList<>(((Map<?, ?>) expected).keySet()).toString(),
                        new ArrayList<>(((Map<?, ?>) actual).keySet()).toString());
            }
            for (Map.Entry<?, ?> e : ((Map<?, ?>) expected).entrySet()) {
                assertSameShape(e.getValue(), ((Map<?, ?>) actual).get(e.getKey()));
            }
        } else if (expected instanceof List) {
            Iterator<?> a = ((List<?>) actual).iterator();
            assertEquals(((List<?>) expected).size(), ((List<?>) actual).size());
            for (Object e : (List<?>) expected) {
                assertSameShape(e, a.next());
            }
        } else if (expected instanceof Set) {
            assertEquals(expected, actual);
            if (expected instanceof LinkedHashSet || expected instanceof TreeSet) {
                assertEquals(new ArrayList<>((Set<?>) expected), new ArrayList<>((Set<?>) actual));
            }
        } else if (expected instanceof byte[]) {
            assertArrayEquals((byte[]) expected, (byte[]) actual);
        } else {
            assertEquals(expected, actual);
        }
    }

    @Test
    void whatIsNotExactlyAKnownClassIsNotPlain() {
        PlainOutput out = new PlainOutput(0, 16);
        List<Object> notPlain = new ArrayList<>(List.of(
                new ArrayList<Object>() { }, // a subclass
                new TreeMap<String, Integer>(java.util.Comparator.reverseOrder()),
                new TreeSet<Integer>(java.util.Comparator.reverseOrder()),
                new Integer[] {1}, // not exactly Object[]
                Stream.of(1, null).collect(Collectors.toList()).subList(0, 1),
                java.util.Collections.unmodifiableList(new ArrayList<>()),
                new ArrayList<>(List.of(new java.util.Date())), // a non-plain element
                Map.of("k", new StringBuilder()),
                Stream.of(1, null).toList())); // List.of's class, but holding null
        for (Object value : notPlain) {
            assertFalse(PlainValues.write(value, out), value.getClass().getName() + ": " + value);
        }
    }

    @Test
    void sharedOrCyclicContainersAreLeftToTheSerializer() {
        List<Object> shared = new ArrayList<>(List.of(1));
        assertFalse(PlainValues.write(List.of(shared, shared), new PlainOutput(0, 16)));
        byte[] array = {1};
        assertFalse(PlainValues.write(new Object[] {array, array}, new PlainOutput(0, 16)));
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertFalse(PlainValues.write(cyclic, new PlainOutput(0, 16)));
        // Many containers (past the small array the writer starts with), one shared at the end.
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(new ArrayList<>(List.of(i)));
        }
        assertTrue(PlainValues.write(many, new PlainOutput(0, 16)));
        many.add(many.get(3));
        assertFalse(PlainValues.write(many, new PlainOutput(0, 16)));
        // Equal but distinct containers are fine.
        assertTrue(PlainValues.write(List.of(new ArrayList<>(List.of(1)), new ArrayList<>(List.of(1))), new PlainOutput(0, 16)));
        // One writer across the items of a message: shared between two items.
        PlainValues.Writer writer = PlainValues.writer(new PlainOutput(0, 16));
        assertTrue(writer.write(shared));
        assertFalse(writer.write(shared));
    }

    @Test
    void nestingBeyondTheLimitIsNotPlainAndIsRefusedOnReading() {
        Object deep = "leaf";
        for (int i = 0; i < PlainValues.MAX_DEPTH; i++) {
            deep = new ArrayList<>(List.of(deep));
        }
        assertTrue(PlainValues.write(deep, new PlainOutput(0, 16)), "MAX_DEPTH nested containers are plain");
        assertFalse(PlainValues.write(new ArrayList<>(List.of(deep)), new PlainOutput(0, 16)), "one more is not");
        // Hand-made: a million nested lists in 5 MB would overflow a recursive reader.
        PlainOutput out = new PlainOutput(0, 16);
        for (int i = 0; i < 1_000; i++) {
            out.writeByte(Tags.ARRAY_LIST);
            out.writeInt(1);
        }
        out.writeByte(Tags.NULL);
        byte[] bytes = out.toArray();
        IOException e = assertThrows(IOException.class, () -> PlainValues.read(new PlainInput(bytes, 0, bytes.length)));
        assertTrue(e.getMessage().contains("nested more than " + PlainValues.MAX_DEPTH), e.getMessage());
    }

    @Test
    void announcedCountsAreCheckedAgainstTheBytesLeftBeforeAllocating() {
        for (int tag = Tags.ARRAY_LIST; tag <= Tags.BOOLEAN_ARRAY; tag++) {
            PlainOutput out = new PlainOutput(0, 16);
            out.writeByte(tag);
            out.writeInt(Integer.MAX_VALUE - 8);
            out.writeInt(0);
            byte[] bytes = out.toArray();
            IOException e = assertThrows(IOException.class, () -> PlainValues.read(new PlainInput(bytes, 0, bytes.length)),
                    "tag " + tag);
            assertTrue(e.getMessage().contains("2147483639") && e.getMessage().contains("announced"), e.getMessage());
        }
    }

    @Test
    void truncatedBytesFailAtEveryLength() {
        for (Object value : samples()) {
            byte[] bytes = bytesOf(value);
            for (int length = 0; length < bytes.length; length++) {
                int n = length;
                assertThrows(IOException.class, () -> {
                    PlainInput in = new PlainInput(bytes, 0, n);
                    PlainValues.read(in);
                    in.requireEnd();
                }, "length " + n + " of " + value);
            }
        }
    }

    @Test
    void corruptBytesAreIoExceptionsOrValuesNeverAnythingElse() {
        Random random = new Random(7);
        int refused = 0;
        for (Object value : samples()) {
            byte[] good = bytesOf(value);
            for (int round = 0; round < 300; round++) {
                byte[] bad = good.clone();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
                }
                try {
                    PlainInput in = new PlainInput(bad, 0, bad.length);
                    PlainValues.read(in);
                    in.requireEnd();
                } catch (IOException e) {
                    refused++;
                } catch (Throwable t) {
                    fail(value + ", round " + round + ": " + t, t);
                }
            }
        }
        assertTrue(refused > 1_000, refused + " refused");
    }

    @Test
    void whatTheCollectionsRefuseIsCorrupt() {
        // Keys that do not compare, a duplicate in Set.of, a null in List.of: a writer never
        // writes them, a corrupt or hostile message may.
        PlainOutput tree = new PlainOutput(0, 16);
        tree.writeByte(Tags.TREE_MAP);
        tree.writeInt(2);
        tree.writeScalar("a");
        tree.writeScalar(1);
        tree.writeScalar(2);
        tree.writeScalar(3);
        PlainOutput set = new PlainOutput(0, 16);
        set.writeByte(Tags.IMMUTABLE_SET);
        set.writeInt(2);
        set.writeScalar("x");
        set.writeScalar("x");
        PlainOutput list = new PlainOutput(0, 16);
        list.writeByte(Tags.IMMUTABLE_LIST);
        list.writeInt(1);
        list.writeScalar(null);
        for (PlainOutput out : List.of(tree, set, list)) {
            byte[] bytes = out.toArray();
            IOException e = assertThrows(IOException.class, () -> PlainValues.read(new PlainInput(bytes, 0, bytes.length)));
            assertTrue(e.getMessage().startsWith("plain data is corrupt"), e.getMessage());
        }
    }

    @Test
    void theEnvelopeCarriesPlainValuesAndSerializesTheRest() throws IOException {
        org.multiprocessing4j.serialization.Serializer serializer = org.multiprocessing4j.serialization.Serializer.standard();
        Object tuple = List.of(12345, "hello", List.of(1.5, 2.5));
        byte[] bytes = Envelope.plainOrSerialized(tuple, 2, serializer);
        assertEquals(Tags.IMMUTABLE_LIST, bytes[2]);
        assertTrue(bytes.length < 50, bytes.length + " bytes");
        assertEquals(tuple, Envelope.open(new PlainInput(bytes, 2, bytes.length - 2), Envelope.PLAIN_VALUES, serializer::loads));
        Object other = new java.util.Date(5);
        bytes = Envelope.plainOrSerialized(other, 0, serializer);
        assertEquals(Tags.SERIALIZED, bytes[0]);
        assertEquals(other, Envelope.open(new PlainInput(bytes, 0, bytes.length), Envelope.PLAIN_VALUES, serializer::loads));
    }
}
