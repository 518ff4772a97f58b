package org.multiprocessing4j.serialization;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.connection.Address;
import org.multiprocessing4j.testing.FreshJvm;

import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link Serializer#standard()}: which format each kind of object takes (Fory or JDK), that
 * each comes back equal and of its class, with shared references and cycles, and that Fory's
 * format is held to the same policy and bounds as JDK serialization's.
 */
class StandardSerializerTest {

    record Point(int x, int y) implements Serializable {
    }

    record Line(Point from, Point to, List<Point> via, String label) implements Serializable {
    }

    enum Color { RED, GREEN { @Override public String toString() { return "green"; } } }

    /** An ordinary class: fields, no serialization hooks. */
    static final class Account implements Serializable {
        private static final long serialVersionUID = 1L;
        String owner;
        long cents;
        Account friend;
        Map<String, BigDecimal> rates = new HashMap<>();

        @Override
        public boolean equals(Object o) {
            return o instanceof Account && ((Account) o).owner.equals(owner) && ((Account) o).cents == cents;
        }

        @Override
        public int hashCode() {
            return Objects.hash(owner, cents);
        }
    }

    /** A class with its own writeObject/readObject: JDK serialization's. */
    static final class Custom implements Serializable {
        private static final long serialVersionUID = 1L;
        transient String secret;

        Custom(String secret) {
            this.secret = secret;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            out.writeUTF(secret);
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            secret = in.readUTF();
        }
    }

    private static final Serializer ALLOWING = Serializer.standard().allowing(Point.class, Line.class, Color.class,
            Account.class, Custom.class);

    private static Object roundTrip(Object value) throws IOException {
        return ALLOWING.loads(ALLOWING.dumps(value));
    }

    private static byte formatOf(Object value) {
        return ALLOWING.dumps(value)[0];
    }

    @Test
    void recordsEnumsOrdinaryClassesAndJdkValuesTakeForyTheRestJdk() {
        for (Object fory : List.of(new Point(1, 2), Color.GREEN, new Account(), new ArrayList<>(List.of(new Point(1, 1))),
                LocalDate.of(2024, 2, 29), new BigDecimal("1.5"), new Point[] {new Point(0, 0)},
                new TreeMap<>(Map.of("a", new Point(1, 1))))) {
            assertEquals(StandardSerializer.FORY, formatOf(fory), fory.getClass().getName());
        }
        Function<Integer, Integer> lambda = (Function<Integer, Integer> & Serializable) x -> x + 1;
        for (Object jdk : List.of(lambda, new IllegalStateException("x"), Address.parse("127.0.0.1:1"), new Custom("s"))) {
            assertEquals(JdkSerializer.MAGIC_0, formatOf(jdk), jdk.getClass().getName());
        }
        SerializationException e = assertThrows(SerializationException.class, () -> ALLOWING.dumps(new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object does not implement java.io.Serializable"), e.getMessage());
        // A record holding something that is not serializable: not JDK's rules bent by Fory.
        final class NotSerializable {
        }
        record Holder(Object value) implements Serializable {
        }
        SerializationException nested = assertThrows(SerializationException.class,
                () -> Serializer.standard().allowing(Holder.class, NotSerializable.class).dumps(new Holder(new NotSerializable())));
        assertTrue(nested.getMessage().contains("does not implement java.io.Serializable"), nested.getMessage());
    }

    @Test
    void everyKindComesBackEqualAndOfItsClass() throws IOException {
        Point p = new Point(3, 4);
        Line line = new Line(p, new Point(5, 6), List.of(p, p), "diagonal");
        Account a = new Account();
        a.owner = "ann";
        a.cents = 12_345;
        a.rates.put("eur", new BigDecimal("1.10"));
        List<Object> values = List.of(p, line, Color.RED, Color.GREEN, a, new ArrayList<>(List.of(p, Color.RED)),
                new LinkedHashMap<>(Map.of("k", line)), new HashSet<>(Set.of(p)), LocalDate.of(2000, 1, 1),
                Duration.ofSeconds(3), List.of(p, "mixed", 1));
        for (Object value : values) {
            Object back = roundTrip(value);
            assertEquals(value, back, value.getClass().getName());
            assertSame(value.getClass(), back.getClass(), value.getClass().getName());
        }
        assertSame(Color.GREEN, roundTrip(Color.GREEN));
        assertArrayEquals(new Point[] {p, null}, (Point[]) roundTrip(new Point[] {p, null}));
        assertEquals("s3cret", ((Custom) roundTrip(new Custom("s3cret"))).secret);
        @SuppressWarnings("unchecked")
        Function<Integer, Integer> f = (Function<Integer, Integer>) roundTrip((Function<Integer, Integer> & Serializable) x -> x * 2);
        assertEquals(8, f.apply(4));
    }

    @Test
    void sharedReferencesAndCyclesAreKept() throws IOException {
        Point shared = new Point(1, 1);
        @SuppressWarnings("unchecked")
        List<Point> both = (List<Point>) roundTrip(new ArrayList<>(List.of(shared, shared)));
        assertSame(both.get(0), both.get(1));
        Account a = new Account();
        a.owner = "a";
        Account b = new Account();
        b.owner = "b";
        a.friend = b;
        b.friend = a;
        Account back = (Account) roundTrip(a);
        assertSame(back, back.friend.friend);
    }

    @Test
    void aClassOutsideThePolicyIsRefusedInForysFormatToo() throws IOException {
        byte[] bytes = ALLOWING.dumps(new Line(new Point(0, 0), new Point(1, 1), List.of(), "l"));
        assertEquals(StandardSerializer.FORY, bytes[0]);
        ClassRefusedException e = assertThrows(ClassRefusedException.class,
                () -> Serializer.standard().allowing(Point.class).loads(bytes));
        assertEquals(Line.class.getName(), e.getClassName());
        assertTrue(e.getMessage().contains("allowing(StandardSerializerTest.Line.class)"), e.getMessage());
        // What a policy refuses, Fory refuses to write too: JDK serialization writes it, and the
        // reader refuses it all the same.
        byte[] refusedOnWriting = Serializer.standard().dumps(new Point(1, 2));
        assertEquals(JdkSerializer.MAGIC_0, refusedOnWriting[0]);
        assertThrows(ClassRefusedException.class, () -> Serializer.standard().loads(refusedOnWriting));
        // An allowed record holding a refused one.
        Serializer pointsOnly = Serializer.standard().allowing(Line.class);
        byte[] nested = ALLOWING.dumps(new Line(new Point(0, 0), null, List.of(), "l"));
        ClassRefusedException inner = assertThrows(ClassRefusedException.class, () -> pointsOnly.loads(nested));
        assertEquals(Point.class.getName(), inner.getClassName());
    }

    /** Leaves a trace if its class is ever initialized, or an instance made by its constructor. */
    static final class ForyGadget implements Serializable {
        private static final long serialVersionUID = 1L;
        static {
            System.setProperty("mp4j.test.forygadget.clinit", "ran");
        }
        String payload = "x";

        ForyGadget() {
            System.setProperty("mp4j.test.forygadget.init", "ran");
        }
    }

    /** Writes a ForyGadget in Fory's format into args[0], in a JVM of its own. */
    public static final class WriteGadget {
        public static void main(String[] args) throws IOException {
            byte[] bytes = Serializer.standard().allowing(ForyGadget.class)
                    .dumps(new ArrayList<>(List.of("before", new ForyGadget())));
            Files.write(Path.of(args[0]), bytes);
        }
    }

    @Test
    void aGadgetInForysFormatIsRefusedBeforeItsClassIsEvenInitialized(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gadget.bin");
        FreshJvm.Result written = FreshJvm.run(dir, List.of(), WriteGadget.class, Duration.ofSeconds(60), file.toString());
        assertEquals(0, written.exitCode, written.toString());
        byte[] payload = Files.readAllBytes(file);
        assertEquals(StandardSerializer.FORY, payload[0]);
        ClassRefusedException e = assertThrows(ClassRefusedException.class, () -> Serializer.standard().loads(payload));
        assertEquals(ForyGadget.class.getName(), e.getClassName());
        assertNull(System.getProperty("mp4j.test.forygadget.clinit"), "the static initializer ran");
        assertNull(System.getProperty("mp4j.test.forygadget.init"), "the constructor ran");
    }

    @Test
    void nestedHashSetsInForysFormatAreRefusedAtOnce() throws IOException {
        byte[] payload = Serializer.standard().dumps(JdkHardeningTest.serialDos());
        assertEquals(StandardSerializer.FORY, payload[0]);
        assertThrows(SerializationLimitException.class, () -> Serializer.standard().loads(payload)); // warm
        long start = System.nanoTime();
        SerializationLimitException e = assertThrows(SerializationLimitException.class, () -> Serializer.standard().loads(payload));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("hash nesting", e.getLimit());
        assertTrue(millis < 1000, "refused after " + millis + " ms");
        // The same serializer reads a fine map of sets afterwards.
        Map<String, Set<Integer>> fine = new HashMap<>(Map.of("a", new HashSet<>(Set.of(1, 2))));
        assertEquals(fine, Serializer.standard().loads(Serializer.standard().dumps(fine)));
    }

    @Test
    void deepNestingInForysFormatIsRefused() throws Exception {
        record Node(Node next, int n) implements Serializable {
        }
        Serializer nodes = Serializer.standard().allowing(Node.class);
        Node deep = null;
        for (int i = 0; i < Limits.MAX_DEPTH + 50; i++) {
            deep = new Node(deep, i);
        }
        Node top = deep;
        byte[] bytes = JdkHardeningTest.onABigStack(() -> nodes.dumps(top));
        assertEquals(StandardSerializer.FORY, bytes[0]);
        SerializationLimitException e = assertThrows(SerializationLimitException.class, () -> nodes.loads(bytes));
        assertEquals("depth", e.getLimit());
        Node shallow = null;
        for (int i = 0; i < Limits.MAX_DEPTH - 20; i++) {
            shallow = new Node(shallow, i);
        }
        assertEquals(shallow, nodes.loads(nodes.dumps(shallow)));
    }

    @Test
    void truncatedAndCorruptForyBytesAreIoExceptions() throws IOException {
        Point p = new Point(1, 2);
        byte[] good = ALLOWING.dumps(new ArrayList<>(List.of(new Line(p, p, List.of(p), "x"), Color.GREEN,
                new HashMap<>(Map.of("k", LocalDate.of(2020, 1, 1))), new int[] {1, 2, 3})));
        assertEquals(StandardSerializer.FORY, good[0]);
        for (int length = 0; length < good.length; length++) {
            int n = length;
            IOException e = assertThrows(IOException.class, () -> ALLOWING.loads(good, 0, n), "length " + n);
            assertTrue(e instanceof EOFException || e.getMessage().contains("corrupt") || e.getMessage().contains("refused"),
                    n + ": " + e);
        }
        Random random = new Random(11);
        int refused = 0;
        for (int round = 0; round < 3_000; round++) {
            byte[] bad = good.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bad[1 + random.nextInt(bad.length - 1)] = (byte) random.nextInt(256);
            }
            try {
                ALLOWING.loads(bad);
            } catch (IOException e) {
                refused++;
            } catch (Throwable t) {
                fail("round " + round + ": " + t, t);
            }
        }
        assertTrue(refused > 500, refused + " refused");
    }

    @Test
    void standardSerializersTravelWithTheirPolicy() throws IOException {
        Serializer back = (Serializer) Serializer.jdk().loadsTrusted(Serializer.jdk().dumps(ALLOWING), 0,
                Serializer.jdk().dumps(ALLOWING).length);
        assertEquals(ALLOWING.classPolicy(), back.classPolicy());
        assertEquals(new Point(1, 1), back.loads(ALLOWING.dumps(new Point(1, 1))));
        assertSame(Serializer.standard(), Serializer.jdk().loadsTrusted(Serializer.jdk().dumps(Serializer.standard()), 0,
                Serializer.jdk().dumps(Serializer.standard()).length));
        assertEquals(List.of(Point.class.getName()), Arrays.asList(Serializer.standard().allowing(Point.class)
                .classPolicy().patterns().toArray()));
    }
}
