package org.multiprocessing4j.serialization;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The security issue's tests, on JDK serialization as both {@link Serializer#jdk()} and the
 * fallback of {@link Serializer#standard()} read it: a class outside the policy is refused before
 * any of its code runs, an announced 2 GiB array is refused without allocating it, a graph whose
 * hash codes are exponential is refused at once, deep nesting never escapes as a
 * {@code StackOverflowError}, truncated and corrupt bytes are {@code IOException}s.
 */
class JdkHardeningTest {
    private static final Serializer JDK = Serializer.jdk();

    /** Leaves a trace of every piece of its code that runs: static initializer, constructor, readObject. */
    static final class Gadget implements Serializable {
        private static final long serialVersionUID = 7L;
        static {
            System.setProperty("mp4j.test.gadget.clinit", "ran");
        }
        final String payload;

        Gadget(String payload) {
            System.setProperty("mp4j.test.gadget.init", "ran");
            this.payload = payload;
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            System.setProperty("mp4j.test.gadget.readObject", "ran");
            in.defaultReadObject();
        }
    }

    /**
     * Serializes like a {@link Gadget} (same fields, same serialVersionUID, a name of the same
     * length), so that a Gadget stream is made by renaming, without running any Gadget code here.
     */
    static final class Gadgex implements Serializable {
        private static final long serialVersionUID = 7L;
        final String payload;

        Gadgex(String payload) {
            this.payload = payload;
        }
    }

    record Point(int x, int y) implements Serializable {
    }

    enum Color { RED, GREEN { @Override public String toString() { return "green"; } } }

    static byte[] gadgetBytes(Object decoy) throws IOException {
        byte[] bytes = jdkBytes(decoy);
        byte[] from = Gadgex.class.getName().getBytes(StandardCharsets.UTF_8);
        byte[] to = Gadget.class.getName().getBytes(StandardCharsets.UTF_8);
        int replaced = 0;
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, bytes, i, to.length);
                replaced++;
            }
        }
        assertTrue(replaced > 0);
        return bytes;
    }

    static byte[] jdkBytes(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    private static void assertNoGadgetCodeRan() {
        assertNull(System.getProperty("mp4j.test.gadget.clinit"), "the static initializer ran");
        assertNull(System.getProperty("mp4j.test.gadget.init"), "the constructor ran");
        assertNull(System.getProperty("mp4j.test.gadget.readObject"), "readObject ran");
    }

    @Test
    void aClassOutsideThePolicyIsRefusedBeforeAnyOfItsCodeRuns() throws Exception {
        for (Object decoy : List.of(new Gadgex("x"), new ArrayList<>(List.of("a", new Gadgex("nested"))),
                Map.of("key", new Gadgex("in a map")))) {
            byte[] payload = gadgetBytes(decoy);
            for (Serializer serializer : List.of(JDK, Serializer.standard())) {
                ClassRefusedException e = assertThrows(ClassRefusedException.class, () -> serializer.loads(payload));
                assertEquals(Gadget.class.getName(), e.getClassName());
                assertTrue(e.getMessage().contains("refused to deserialize an object of " + Gadget.class.getName()),
                        e.getMessage());
                assertTrue(e.getMessage().contains("allowing(JdkHardeningTest.Gadget.class)"), e.getMessage());
                assertTrue(e.getMessage().contains("-D" + ClassPolicy.PROPERTY + "="), e.getMessage());
            }
        }
        assertNoGadgetCodeRan();
    }

    @Test
    void aClassNamedLikeTheLibrarysButNotInItsJarIsRefused() throws Exception {
        // This test class is in org.multiprocessing4j.serialization, but not in the library's jar.
        ClassRefusedException e = assertThrows(ClassRefusedException.class,
                () -> JDK.loads(jdkBytes(new Point(1, 2))));
        assertEquals(Point.class.getName(), e.getClassName());
    }

    @Test
    void anAllowedClassIsRebuilt() throws Exception {
        Serializer allowing = JDK.allowing(Point.class, Color.class);
        assertEquals(new Point(1, 2), allowing.loads(allowing.dumps(new Point(1, 2))));
        assertEquals(List.of(Color.RED, Color.GREEN), allowing.loads(allowing.dumps(List.of(Color.RED, Color.GREEN))));
        Point[][] grid = {{new Point(0, 0)}, {new Point(1, 1), null}};
        assertArrayEquals(grid, (Point[][]) allowing.loads(allowing.dumps(grid)));
        assertThrows(ClassRefusedException.class, () -> JDK.loads(allowing.dumps(new Point[] {new Point(3, 4)})));
        Serializer byPackage = Serializer.jdk(ClassPolicy.standard().allowing(JdkHardeningTest.class.getPackageName() + ".*"));
        assertEquals(new Point(5, 6), byPackage.loads(byPackage.dumps(new Point(5, 6))));
        // The policy applies to reading: writing never refuses.
        assertEquals(new Point(7, 8), allowing.loads(JDK.dumps(new Point(7, 8))));
    }

    /** An exception of this test's own class directory, not of the jar whose exceptions are allowed. */
    static final class LocalFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void theExceptionsOfAJarAllowedAsSuchAreRebuiltAndNothingElseOfIt() throws Exception {
        ClassPolicy policy = ClassPolicy.standard().allowingExceptionsFrom(org.opentest4j.TestAbortedException.class);
        Serializer allowing = Serializer.jdk(policy);
        org.opentest4j.AssertionFailedError failure = new org.opentest4j.AssertionFailedError("lost", new IllegalStateException("why"));
        ClassRefusedException refused = assertThrows(ClassRefusedException.class, () -> JDK.loads(JDK.dumps(failure)));
        assertEquals(org.opentest4j.AssertionFailedError.class.getName(), refused.getClassName());
        Object back = allowing.loads(allowing.dumps(failure));
        assertInstanceOf(org.opentest4j.AssertionFailedError.class, back);
        assertEquals("lost", ((Throwable) back).getMessage());
        assertEquals("why", ((Throwable) back).getCause().getMessage());
        assertEquals(failure.getStackTrace().length, ((Throwable) back).getStackTrace().length);
        // What an allowed exception carries is checked like anything else, even from its own jar.
        org.opentest4j.AssertionFailedError carrying = new org.opentest4j.AssertionFailedError("differs", "expected", "actual");
        ClassRefusedException carried = assertThrows(ClassRefusedException.class, () -> allowing.loads(allowing.dumps(carrying)));
        assertEquals("org.opentest4j.ValueWrapper", carried.getClassName());
        // Only that jar's exceptions.
        assertThrows(ClassRefusedException.class, () -> allowing.loads(allowing.dumps(new LocalFailure())));
        // The policy travels with what it allows.
        ClassPolicy copy = (ClassPolicy) JDK.loads(JDK.dumps(policy));
        assertEquals(policy, copy);
        assertTrue(copy.permits(org.opentest4j.AssertionFailedError.class));
        assertTrue(!copy.permits(org.opentest4j.ValueWrapper.class));
        assertTrue(!ClassPolicy.standard().equals(policy), policy.toString());
    }

    @Test
    void theDefaultPolicyAllowsTheJdksValuesCollectionsTimeExceptionsAndLambdas() throws Exception {
        List<Object> values = new ArrayList<>(List.of(1, 2L, 3.0, 4.0f, (short) 5, (byte) 6, 'c', true, "text",
                new BigInteger("123456789012345678901234567890"), new BigDecimal("1.25"),
                new ArrayList<>(List.of(1, 2)), new LinkedList<>(List.of("a")), new HashMap<>(Map.of("k", 1)),
                new LinkedHashMap<>(Map.of("k", 2)), new TreeMap<>(Map.of("b", 1, "a", 2)), new HashSet<>(Set.of(1)),
                List.of(1, 2, 3), Set.of("x"), Map.of("a", 1), Arrays.asList(1, 2), Collections.emptyList(),
                Collections.singletonList(1), Collections.unmodifiableList(new ArrayList<>(List.of(1))),
                UUID.randomUUID(), LocalDate.of(2024, 2, 29), Instant.ofEpochSecond(1), Duration.ofMillis(5),
                ZonedDateTime.parse("2024-01-01T00:00:00+01:00[Europe/Paris]")));
        for (Object value : values) {
            assertEquals(value, JDK.loads(JDK.dumps(value)), value.getClass().getName());
        }
        assertArrayEquals(new int[] {1, 2}, (int[]) JDK.loads(JDK.dumps(new int[] {1, 2})));
        assertArrayEquals(new String[][] {{"a"}}, (String[][]) JDK.loads(JDK.dumps(new String[][] {{"a"}})));
        IllegalStateException failure = new IllegalStateException("bad", new IOException("cause"));
        IllegalStateException back = (IllegalStateException) JDK.loads(JDK.dumps(failure));
        assertEquals("bad", back.getMessage());
        assertEquals("cause", back.getCause().getMessage());
        assertArrayEquals(failure.getStackTrace(), back.getStackTrace());
        @SuppressWarnings("unchecked")
        Function<Integer, Integer> square = (Function<Integer, Integer>) JDK.loads(JDK.dumps(
                (Function<Integer, Integer> & Serializable) x -> x * x));
        assertEquals(49, square.apply(7));
    }

    @Test
    void whatALambdaCapturesMustBeAllowed() throws Exception {
        Point captured = new Point(1, 2);
        byte[] bytes = JDK.dumps((Function<Integer, Integer> & Serializable) x -> x + captured.x());
        ClassRefusedException e = assertThrows(ClassRefusedException.class, () -> JDK.loads(bytes));
        assertEquals(Point.class.getName(), e.getClassName());
        @SuppressWarnings("unchecked")
        Function<Integer, Integer> f = (Function<Integer, Integer>) JDK.allowing(Point.class).loads(bytes);
        assertEquals(42, f.apply(41));
    }

    @Test
    void anArrayAnnouncingTwoGibibytesIsRefusedWithoutAllocatingIt() {
        // A 27-byte stream: TC_ARRAY, a class descriptor of byte[], then the length 2^31 - 9.
        byte[] payload = {
            (byte) 0xac, (byte) 0xed, 0x00, 0x05, 0x75, 0x72, 0x00, 0x02, '[', 'B',
            (byte) 0xac, (byte) 0xf3, 0x17, (byte) 0xf8, 0x06, 0x08, 0x54, (byte) 0xe0,
            0x02, 0x00, 0x00, 0x78, 0x70, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xf7};
        assertEquals(27, payload.length);
        for (Serializer serializer : List.of(JDK, Serializer.standard())) {
            SerializationLimitException e = assertThrows(SerializationLimitException.class, () -> serializer.loads(payload));
            assertEquals("array length", e.getLimit());
            assertTrue(e.getMessage().contains("an array of byte of 2147483639 elements"), e.getMessage());
        }
    }

    @Test
    void collectionsAnnouncingHugeSizesAreRefused() throws Exception {
        // A real ArrayList's stream, its size field rewritten: the list checks it before allocating.
        byte[] bytes = jdkBytes(new ArrayList<>(List.of(1)));
        int at = sizeField(bytes);
        bytes[at] = 0x7f;
        bytes[at + 3] = (byte) 0xf0;
        SerializationLimitException e = assertThrows(SerializationLimitException.class, () -> JDK.loads(bytes));
        assertEquals("array length", e.getLimit());
    }

    /**
     * Where ArrayList's size field is: the 4 bytes before the block data (TC_BLOCKDATA, 4, the
     * size again) that its writeObject adds after its fields.
     */
    private static int sizeField(byte[] bytes) {
        for (int i = 4; i + 5 < bytes.length; i++) {
            if (bytes[i] == 0x77 && bytes[i + 1] == 4 && bytes[i + 5] == 1 && bytes[i - 1] == 1) {
                return i - 4;
            }
        }
        throw new AssertionError("no size found");
    }

    /** The "SerialDOS" graph: sets nested 100 deep, each level shared twice, whose hashCode takes 2^100 steps. */
    static Set<Object> serialDos() {
        Set<Object> root = new HashSet<>();
        Set<Object> s1 = root;
        Set<Object> s2 = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Set<Object> t1 = new HashSet<>();
            Set<Object> t2 = new HashSet<>();
            t1.add("foo");
            s1.add(t1);
            s1.add(t2);
            s2.add(t1);
            s2.add(t2);
            s1 = t1;
            s2 = t2;
        }
        return root;
    }

    @Test
    void nestedHashSetsWithExponentialHashCodesAreRefusedAtOnce() throws Exception {
        byte[] payload = jdkBytes(serialDos());
        assertTrue(payload.length > 5_000 && payload.length < 6_500, payload.length + " bytes");
        for (Serializer serializer : List.of(JDK, Serializer.standard())) {
            assertThrows(SerializationLimitException.class, () -> serializer.loads(payload)); // warm
            long start = System.nanoTime();
            SerializationLimitException e = assertThrows(SerializationLimitException.class, () -> serializer.loads(payload));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("hash nesting", e.getLimit());
            assertTrue(millis < 1000, "refused after " + millis + " ms");
        }
        // Sixteen levels of maps are fine.
        Map<String, Object> map = new HashMap<>();
        Map<String, Object> inner = map;
        for (int i = 1; i < Limits.MAX_HASH_NESTING; i++) {
            Map<String, Object> next = new HashMap<>();
            inner.put("k" + i, next);
            inner.put("sibling" + i, new HashSet<>(Set.of(i)));
            inner = next;
        }
        assertEquals(map, JDK.loads(JDK.dumps(map)));
    }

    @Test
    void deepNestingIsRefusedAndNeverOverflowsTheStack() throws Exception {
        Object[] deep = new Object[1];
        Object[] innermost = deep;
        for (int i = 0; i < 3_000; i++) {
            Object[] next = new Object[1];
            innermost[0] = next;
            innermost = next;
        }
        byte[] bytes = onABigStack(() -> jdkBytes(deep));
        SerializationLimitException e = assertThrows(SerializationLimitException.class, () -> JDK.loads(bytes));
        assertEquals("depth", e.getLimit());
        // A graph the depth limit allows, read on a thread whose stack is too small for it: the
        // overflow is caught and becomes the same refusal.
        List<Object> list = new LinkedList<>();
        List<Object> inner = list;
        for (int i = 0; i < Limits.MAX_DEPTH - 10; i++) {
            List<Object> next = new ArrayList<>();
            inner.add(next);
            inner = next;
        }
        byte[] allowed = jdkBytes(list);
        assertEquals(list, JDK.loads(allowed));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                JDK.loads(allowed);
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "small-stack", 64 * 1024);
        small.start();
        small.join();
        SerializationLimitException overflow = assertInstanceOf(SerializationLimitException.class, thrown.get());
        assertTrue(overflow.getMessage().contains("this thread's stack"), overflow.getMessage());
    }

    interface Producer<T> {
        T get() throws Exception;
    }

    /** What {@code producer} makes, on a thread with a 256 MiB stack: writing deep graphs needs it. */
    static <T> T onABigStack(Producer<T> producer) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread big = new Thread(null, () -> {
            try {
                result.set(producer.get());
            } catch (Throwable t) {
                result.set(t);
            }
        }, "big-stack", 256L << 20);
        big.start();
        big.join();
        if (result.get() instanceof Throwable) {
            throw new AssertionError((Throwable) result.get());
        }
        @SuppressWarnings("unchecked")
        T value = (T) result.get();
        return value;
    }

    @Test
    void truncatedBytesAreIoExceptionsAtEveryLength() throws Exception {
        byte[] bytes = JDK.dumps(new ArrayList<>(List.of(1, "two", List.of(3.0), Map.of("k", new int[] {4}))));
        for (int length = 0; length < bytes.length; length++) {
            int n = length;
            IOException e = assertThrows(IOException.class, () -> JDK.loads(bytes, 0, n), "length " + n);
            assertTrue(e instanceof EOFException || e.getMessage().contains("corrupt") || e.getMessage().contains("truncated"),
                    n + ": " + e);
        }
    }

    @Test
    void corruptBytesAreIoExceptionsOrValuesNeverOtherFailures() throws Exception {
        byte[] good = JDK.dumps(new ArrayList<>(List.of(1, "two", new ArrayList<>(List.of(3.0)),
                new HashMap<>(Map.of("k", new int[] {4})), new TreeMap<>(Map.of("a", 1L)))));
        Random random = new Random(42);
        int refused = 0;
        for (int round = 0; round < 3_000; round++) {
            byte[] bad = good.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bad[4 + random.nextInt(bad.length - 4)] = (byte) random.nextInt(256);
            }
            try {
                JDK.loads(bad);
            } catch (IOException e) {
                refused++;
            } catch (Throwable t) {
                fail("round " + round + ": " + t, t);
            }
        }
        assertTrue(refused > 1_000, refused + " refused");
    }

    @Test
    void trustedReadingSkipsThePolicyButNotTheStackBackstop() throws Exception {
        assertEquals(new Point(1, 2), JDK.loadsTrusted(JDK.dumps(new Point(1, 2)), 0, JDK.dumps(new Point(1, 2)).length));
        assertEquals(new Point(3, 4), Serializer.standard().loadsTrusted(JDK.dumps(new Point(3, 4)), 0,
                JDK.dumps(new Point(3, 4)).length));
    }

    @Test
    void policiesTravelAndCompareByTheirPatterns() throws Exception {
        ClassPolicy policy = ClassPolicy.standard().allowing(Point.class).allowing("com.acme.**", "org.example.*");
        assertEquals(List.of(Point.class.getName(), "com.acme.**", "org.example.*"), policy.patterns());
        ClassPolicy back = (ClassPolicy) JDK.loads(JDK.dumps(policy));
        assertEquals(policy, back);
        assertTrue(back.permits("com.acme.deep.Thing", getClass().getClassLoader()));
        assertTrue(back.permits("org.example.Thing", getClass().getClassLoader()));
        assertTrue(!back.permits("org.example.sub.Thing", getClass().getClassLoader()));
        assertTrue(back.permits("[[L" + Point.class.getName() + ";", getClass().getClassLoader()));
        assertThrows(IllegalArgumentException.class, () -> ClassPolicy.standard().allowing("com.acme.*.x"));
        assertThrows(IllegalArgumentException.class, () -> ClassPolicy.standard().allowing("*"));
        assertTrue(!ClassPolicy.only("com.acme.Point").permits(String.class.getName(), null));
        Serializer jdk = (Serializer) JDK.loads(JDK.dumps(Serializer.jdk().allowing(Point.class)));
        assertEquals(new Point(9, 9), jdk.loads(jdk.dumps(new Point(9, 9))));
    }
}
