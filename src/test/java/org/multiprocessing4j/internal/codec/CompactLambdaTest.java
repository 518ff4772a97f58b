package org.multiprocessing4j.internal.codec;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.function.Target;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A lambda capturing scalars travels as plain data and is rebuilt to do what it did. */
class CompactLambdaTest {

    /** A serializable supplier, as the library's function types are. */
    interface Job extends Serializable {
        Object call();
    }

    private static byte[] write(Object lambda) {
        SerializedLambda described = CompactLambda.describe(lambda);
        assertNotNull(described, "a lambda capturing only scalars is compact");
        PlainOutput out = new PlainOutput(0, 64);
        CompactLambda.write(described, out);
        return out.toArray();
    }

    private static Object read(byte[] bytes) throws IOException {
        PlainInput in = new PlainInput(bytes, 0, bytes.length);
        Object lambda = CompactLambda.read(in);
        in.requireEnd();
        return lambda;
    }

    @Test
    void everyKindOfCapturedScalarComesBack() throws IOException {
        String big = "\ud800".repeat(70_000); // past writeUTF's 64 KiB, and a lone surrogate
        byte b = -1;
        short s = Short.MIN_VALUE;
        char c = '\uffff';
        int i = Integer.MIN_VALUE;
        long l = Long.MIN_VALUE;
        float f = -0f;
        double d = Double.NaN;
        boolean z = true;
        Integer none = null;
        Job job = () -> Arrays.asList(big, b, s, c, i, l, f, d, z, none);
        Object rebuilt = read(write(job));
        assertEquals(job.call(), ((Job) rebuilt).call());
    }

    @Test
    void aLambdaCapturingNothingOrAMethodReferenceComesBack() throws IOException {
        Job nothing = () -> "constant";
        assertEquals("constant", ((Job) read(write(nothing))).call());
        Job reference = CompactLambdaTest::answer;
        assertEquals(42, ((Job) read(write(reference))).call());
    }

    private static Object answer() {
        return 42;
    }

    @Test
    void stateAndNonLambdasAreNotCompact() {
        byte[] array = {1};
        List<Integer> list = List.of(1);
        assertNull(CompactLambda.describe((Job) () -> array[0]), "a captured array is state a worker would keep");
        assertNull(CompactLambda.describe((Job) () -> list), "a captured list is not a scalar");
        assertNull(CompactLambda.describe("a string"));
        Runnable notSerializable = () -> { };
        assertNull(CompactLambda.describe(notSerializable));
    }

    @Test
    void everyTruncationFailsWithAnIoException() {
        String name = "Bob";
        byte[] bytes = write((Job) () -> "hello " + name);
        for (int length = 0; length < bytes.length; length++) {
            PlainInput in = new PlainInput(bytes, 0, length);
            int cut = length;
            assertThrows(IOException.class, () -> CompactLambda.read(in), () -> "cut at " + cut);
        }
    }

    @Test
    void aHugeCapturedCountFailsBeforeAllocating() throws IOException {
        byte[] bytes = write((Job) () -> "x");
        // The count of captured values is the last int: announce a billion.
        int at = bytes.length - Integer.BYTES;
        Scalars.putBits(bytes, at, Integer.BYTES, 1_000_000_000);
        IOException e = assertThrows(IOException.class, () -> read(bytes));
        assertTrue(e.getMessage().contains("1000000000 captured values announced"), e.getMessage());
    }

    @Test
    void aMissingClassIsASerializationException() {
        byte[] bytes = write((Job) () -> "x");
        // The capturing class's name comes first: make it name a class that does not exist.
        PlainInput in = new PlainInput(bytes, 0, bytes.length);
        String capturing = assertDoesNotThrow(in::readString);
        String missing = "x".repeat(capturing.length());
        Scalars.putString(missing, Scalars.lengthWord(missing), bytes, Integer.BYTES);
        SerializationException e = assertThrows(SerializationException.class, () -> read(bytes));
        assertTrue(e.getMessage().startsWith("cannot rebuild lambda"), e.getMessage());
        assertTrue(e.getMessage().contains("ClassNotFoundException: " + missing), e.getMessage());
    }

    /** What the targets below did, in this JVM. */
    private static final List<Object> CALLS = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static Target readTarget(byte[] bytes) throws IOException {
        PlainInput in = new PlainInput(bytes, 0, bytes.length);
        Target target = CompactLambda.readTarget(in);
        in.requireEnd();
        return target;
    }

    private static void record(String name, int count, long big, boolean flag, Double none) {
        CALLS.add(Arrays.asList(name, count, big, flag, none));
    }

    @Test
    void aTargetIsCalledDirectlyWithItsCapturedValues() throws Exception {
        String name = "Bob";
        int count = -7;
        long big = Long.MAX_VALUE;
        boolean flag = true;
        Double none = null;
        Target target = readTarget(write((Target) () -> record(name, count, big, flag, none)));
        assertTrue(target instanceof DirectTarget, "a static lambda is called, not rebuilt: " + target.getClass());
        CALLS.clear();
        target.run();
        target.run();
        assertEquals(List.of(Arrays.asList(name, count, big, flag, none), Arrays.asList(name, count, big, flag, none)), CALLS);
    }

    @Test
    void aTargetThrowsWhatItsLambdaThrows() throws IOException {
        String message = "no such file";
        Target target = readTarget(write((Target) () -> {
            throw new java.io.FileNotFoundException(message);
        }));
        Exception thrown = assertThrows(java.io.FileNotFoundException.class, target::run);
        assertEquals(message, thrown.getMessage());
        Target error = readTarget(write((Target) () -> {
            throw new StackOverflowError("deep");
        }));
        assertEquals("deep", assertThrows(StackOverflowError.class, error::run).getMessage());
    }

    @Test
    void aTargetTravelsOnAsTheLambdaItStandsFor() throws Exception {
        String name = "Ann";
        Target target = readTarget(write((Target) () -> record(name, 1, 2L, false, 3.0)));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(target);
        }
        Object copy;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = in.readObject();
        }
        assertTrue(copy.getClass().isSynthetic(), "the lambda itself, rebuilt: " + copy.getClass());
        CALLS.clear();
        ((Target) copy).run();
        assertEquals(List.of(Arrays.asList(name, 1, 2L, false, 3.0)), CALLS);
    }

    /** A user's record holding a target, which the standard serializer writes in Fory's format. */
    record Holder(String label, Target target) implements Serializable {
    }

    @Test
    void aTargetInsideAUsersRecordTravelsAsTheLambdaThroughTheStandardSerializer() throws Exception {
        String name = "Eve";
        Target target = readTarget(write((Target) () -> record(name, 4, 5L, true, null)));
        Serializer standard = Serializer.standard();
        for (Object value : List.of(target, new Holder("h", target))) {
            byte[] bytes = standard.dumps(value);
            Object copy = standard.loadsTrusted(bytes, 0, bytes.length);
            Target travelled = copy instanceof Holder ? ((Holder) copy).target() : (Target) copy;
            assertTrue(travelled.getClass().isSynthetic(), "the lambda itself, rebuilt: " + travelled.getClass());
            CALLS.clear();
            travelled.run();
            assertEquals(List.of(Arrays.asList(name, 4, 5L, true, null)), CALLS);
        }
    }

    @Test
    void aTargetThatIsNotAStaticMethodIsRebuilt() throws Exception {
        String text = "abc";
        Target bound = text::length;
        Target rebuilt = readTarget(write(bound));
        assertTrue(rebuilt.getClass().isSynthetic(), "a bound reference is rebuilt: " + rebuilt.getClass());
        rebuilt.run();
    }

    @Test
    void aLambdaThatIsNotATargetIsRefused() {
        byte[] bytes = write((Job) () -> "x");
        SerializationException e = assertThrows(SerializationException.class, () -> readTarget(bytes));
        assertTrue(e.getMessage().endsWith("is not a Target"), e.getMessage());
    }

    /**
     * The compact form of {@code form} with another capturing class, implementation method and
     * captured values: what a corrupt or hand-made boot payload could hold.
     */
    private static byte[] writeVariant(SerializedLambda form, Class<?> capturing, String implMethod, Object... captured) {
        PlainOutput out = new PlainOutput(0, 64);
        CompactLambda.write(new SerializedLambda(capturing, form.getFunctionalInterfaceClass(),
                form.getFunctionalInterfaceMethodName(), form.getFunctionalInterfaceMethodSignature(),
                form.getImplMethodKind(), form.getImplClass(), implMethod, form.getImplMethodSignature(),
                form.getInstantiatedMethodType(), captured), out);
        return out.toArray();
    }

    @Test
    void aTargetWhoseCapturedValuesDoNotFitItsMethodIsNeverCalled() throws IOException {
        int count = 5;
        SerializedLambda form = CompactLambda.describe((Target) () -> record("x", count, 1L, true, null));
        byte[] wrong = writeVariant(form, CompactLambdaTest.class, form.getImplMethodName(), "not an int");
        CALLS.clear();
        SerializationException e = assertThrows(SerializationException.class, () -> readTarget(wrong));
        assertTrue(e.getMessage().startsWith("cannot rebuild lambda"), e.getMessage());
        assertEquals(List.of(), CALLS, "nothing ran");
    }

    @Test
    void aTargetNamingAMethodThatIsNotThereIsRefused() throws IOException {
        SerializedLambda form = CompactLambda.describe((Target) () -> record("x", 1, 1L, true, null));
        byte[] missing = writeVariant(form, CompactLambdaTest.class, "noSuchMethod");
        SerializationException e = assertThrows(SerializationException.class, () -> readTarget(missing));
        assertTrue(e.getMessage().contains("noSuchMethod"), e.getMessage());
    }

    /** A class whose initialiser fails, with a static method a target could name. */
    static final class FailsToInitialise {
        static final boolean READY = fail();

        private FailsToInitialise() {
        }

        private static boolean fail() {
            throw new IllegalStateException("this class cannot be initialised");
        }

        static void work() {
            CALLS.add("work");
        }
    }

    @Test
    void aTargetWhoseClassFailsToInitialiseSaysWhy() {
        // Made by hand: making the lambda in the class would initialise it here.
        SerializedLambda form = new SerializedLambda(FailsToInitialise.class, Target.class.getName().replace('.', '/'),
                "run", "()V", java.lang.invoke.MethodHandleInfo.REF_invokeStatic,
                FailsToInitialise.class.getName().replace('.', '/'), "work", "()V", "()V", new Object[0]);
        byte[] failing = writeVariant(form, FailsToInitialise.class, "work");
        CALLS.clear();
        ExceptionInInitializerError e = assertThrows(ExceptionInInitializerError.class, () -> readTarget(failing));
        assertEquals("this class cannot be initialised", e.getCause().getMessage());
        assertEquals(List.of(), CALLS, "nothing ran");
    }
}
