package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.function.Target;
import org.multiprocessing4j.internal.codec.CompactLambda;
import org.multiprocessing4j.internal.codec.PlainInput;
import org.multiprocessing4j.internal.codec.PlainOutput;
import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.internal.memory.Words;
import org.multiprocessing4j.internal.platform.Descriptors;
import org.multiprocessing4j.internal.platform.NativeBuffer;
import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.internal.runtime.EntryClasses;
import org.multiprocessing4j.internal.runtime.Features;
import org.multiprocessing4j.internal.runtime.Inheritance;
import org.multiprocessing4j.internal.runtime.Threads;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.util.Base64;
import java.util.List;

/**
 * What a spare JVM does while it waits for an entry ({@link Spares}): before it tells its parent
 * it has booted, it runs what reading an entry first costs, as far as its arguments (what the
 * program's children were given so far) make it likely; once a spare for children given
 * descriptors has waited a while unused, it has the JIT compile the lock words' accesses. Everything here is only a head start: a failure
 * is ignored, and the real entry says what is wrong, if anything is.
 */
final class SpareWarmUp {
    /**
     * The flag that makes a spare warm up for entries that hold resources: the native layer,
     * object streams, an inherited segment, and, once idle, the lock words, which a child given
     * descriptors mostly takes (queues, values, locks, events, semaphores, conditions and
     * barriers all hold some): the first such children of a program ({@code lock_contended}
     * after rows that handed children only pipes) read 296-579 ns, median 412, against 347-690,
     * median 478 (seventeen interleaved runs each), the exercise's processor time within the
     * noise of a spare's boot.
     */
    static final String RESOURCES_ARGUMENT = "--resources";
    /**
     * The prefix of the flag that names a library feature its parent used ({@link Features}):
     * {@link Features#FORY} has the spare build Fory while it waits,
     * {@link Features#POOL_FUNCTIONS} rebuild a lambda as a pool worker does.
     */
    static final String FEATURE_ARGUMENT = "--feature=";
    /** The prefix of the flag that gives a sample entry. */
    static final String SAMPLE_ARGUMENT = "--sample=";
    /** The prefix of the flag that names the classes of an entry, separated by commas. */
    static final String CLASSES_ARGUMENT = "--classes=";
    /**
     * How many times a spare for children given descriptors takes and frees a word once it has
     * waited {@link #WORDS_IDLE_MILLIS}: two children taking a lock 50,000 times, median
     * 966 ns against 1,222 without (24 rounds each, interleaved). With 5,000 the JIT's work in
     * the spare ran into the next children (child_exit_join 16.8 ms against 13.6).
     */
    private static final int WORD_ROUNDS = 2_000;
    /**
     * How long a spare waits, unused, before it exercises the words: done at once, the
     * interpreting and compiling came out of the work of the program's running children (the
     * harness's queue_throughput 12% slower, eight interleaved pairs), where a spare that stayed
     * unused for a while finds the program calmer, and one handed an entry sooner skips it.
     */
    private static final long WORDS_IDLE_MILLIS = 1_000;
    /**
     * The forms in which the library's objects holding descriptors travel to a child (a
     * connection, a lock or another primitive of {@code sync}, a queue, a block of shared
     * memory, and the serializer that connections and queues carry), which a program's first
     * entry holding one brings before any spare was told its classes
     * ({@link Spares#setEntryClasses}): with them, a program's first children given a lock
     * ({@code lock_contended}) read 300-349 ns against 405-508 (six interleaved pairs of
     * harness runs). Named, not linked: a spare's code lies below most of those packages;
     * {@code EntryClassesTest} checks that these are the forms those objects travel in.
     */
    static final String[] LIBRARY_FORMS = {"org.multiprocessing4j.connection.DescriptorLink$Inherited",
        "org.multiprocessing4j.sync.Handed", "org.multiprocessing4j.sync.Handed$Kind",
        "org.multiprocessing4j.queues.Inherited", "org.multiprocessing4j.queues.Inherited$Kind",
        "org.multiprocessing4j.internal.memory.Segment$InArena", "org.multiprocessing4j.internal.memory.Segment$Inherited",
        "org.multiprocessing4j.serialization.StandardSerializer", "org.multiprocessing4j.serialization.ClassPolicy"};
    /**
     * The classes of the values a target's lambda most often captures besides the library's
     * objects (a count, a size, a flag, a list), whose serialized forms every spare for children
     * given descriptors prepares: a program's first such entry is one no spare has seen.
     */
    private static final String[] CAPTURED_VALUES = {"java.lang.Integer", "java.lang.Long", "java.lang.Double",
        "java.lang.Boolean", "java.util.ArrayList", "java.util.HashMap"};
    private static volatile boolean handedAnEntry;

    private final List<String> flags;

    /** For a spare started with {@code flags}: its arguments after {@link ChildMain#SPARE_ARGUMENT}. */
    SpareWarmUp(List<String> flags) {
        this.flags = flags;
    }

    /**
     * The arguments that start a spare JVM, warmed up for entries holding resources (and their
     * lock words) if {@code forResources}, and for the {@code features} its parent used
     * ({@link Features#used}); {@code samples} (Base64) are payloads of an entry it decodes
     * while it waits ({@link Spares#setSampleEntry}); {@code classes} those whose serialized
     * forms it prepares ({@link Spares#setEntryClasses}).
     */
    static List<String> spareArguments(boolean forResources, List<String> features, List<String> samples,
                                       List<String> classes) {
        List<String> arguments = new java.util.ArrayList<>(List.of(ChildMain.SPARE_ARGUMENT));
        if (forResources) {
            arguments.add(RESOURCES_ARGUMENT);
        }
        for (String feature : features) {
            arguments.add(FEATURE_ARGUMENT + feature);
        }
        for (String sample : samples) {
            arguments.add(SAMPLE_ARGUMENT + sample);
        }
        if (!classes.isEmpty()) {
            arguments.add(CLASSES_ARGUMENT + String.join(",", classes));
        }
        return arguments;
    }

    /** Before the spare says it has booted: what its flags ask for, and the sample entries. */
    void beforeBoot() {
        beforeBoot(flags.contains(RESOURCES_ARGUMENT), flags.contains(FEATURE_ARGUMENT + Features.FORY),
                flags.contains(FEATURE_ARGUMENT + Features.POOL_FUNCTIONS));
        // Loops rather than streams: a JVM's first stream links its lambdas and pipeline
        // classes, about a millisecond of every spare's boot.
        for (String flag : flags) {
            if (flag.startsWith(SAMPLE_ARGUMENT)) {
                decodeSample(flag.substring(SAMPLE_ARGUMENT.length()));
            }
        }
        for (String flag : flags) {
            if (flag.startsWith(CLASSES_ARGUMENT)) {
                prepareSerializedForms(flag.substring(CLASSES_ARGUMENT.length()).split(","));
            }
        }
    }

    /** Once the spare has booted: the lock words' exercise if it is a spare for resources. */
    void whileIdle() {
        if (flags.contains(RESOURCES_ARGUMENT)) {
            exerciseWordsWhenIdle();
        }
    }

    /**
     * What the child that records the class-data archive runs before it ends: a spare's warm-up
     * for entries holding resources, so that spares find its classes in the archive.
     */
    static void forArchive() {
        beforeBoot(true, false, true);
    }

    /** The spare has read its entry's boot frame: an exercise still running stops. */
    static void entryArrived() {
        handedAnEntry = true;
    }

    /** Decodes a sample entry and lets it go: its classes are then loaded and linked. */
    private static void decodeSample(String base64) {
        try {
            EntryCodec.decode(Base64.getDecoder().decode(base64), Serializer.standard());
        } catch (IOException | RuntimeException | LinkageError e) {
            // Only a warm-up: the real entry will say what is wrong, if anything is.
        }
    }

    /**
     * Has the JDK build the serialized form of each of {@code classNames} that is the library's
     * or the JDK's ({@link EntryClasses#isKept}; a class is loaded, not initialised, to be
     * asked): the reflection over its fields and methods, and the constructor the JDK generates
     * to instantiate it, which it does at the first object of that class a JVM reads, then
     * keeps.
     */
    static void prepareSerializedForms(String... classNames) {
        ClassLoader loader = SpareWarmUp.class.getClassLoader();
        for (String name : classNames) {
            try {
                Class<?> type = Class.forName(name, false, loader);
                if (EntryClasses.isKept(type) && Serializable.class.isAssignableFrom(type)) {
                    ObjectStreamClass.lookup(type);
                }
            } catch (ClassNotFoundException | LinkageError | RuntimeException notPrepared) {
                // Only a head start: the real entry will say what is wrong, if anything is.
            }
        }
    }

    /**
     * One byte through a pipe of its own, as a connection's first send and receive go (a
     * native buffer, JNA's {@code write} and {@code read}): their first calls took 18-21 ms of a
     * child's first message when only the native layer had been loaded.
     */
    private static void writeAndReadOnce() throws IOException {
        Descriptors descriptors = Platform.descriptors();
        long[] pipe = descriptors.pipe();
        try {
            NativeBuffer buffer = NativeBuffer.allocate(1);
            buffer.buffer().put(0, (byte) 1);
            descriptors.write(pipe[1], buffer, 0, 1);
            descriptors.read(pipe[0], buffer, 0, 1);
        } finally {
            descriptors.close(pipe[0]);
            descriptors.close(pipe[1]);
        }
    }

    /**
     * Once this spare has waited {@link #WORDS_IDLE_MILLIS} without an entry, compiles the
     * accesses of the lock words ({@link #WORD_ROUNDS}), in a thread of its own that stops as
     * soon as an entry arrives.
     */
    private static void exerciseWordsWhenIdle() {
        Threads.daemon("spare-words", () -> {
            try {
                Thread.sleep(WORDS_IDLE_MILLIS);
            } catch (InterruptedException stopped) {
                return;
            }
            Words.exercise(WORD_ROUNDS, () -> handedAnEntry);
        }).start();
    }

    /**
     * Encodes an entry holding shared memory as a parent does for a child, and decodes it here
     * around copies of its descriptors, as a child inheriting them does: the first mapping of an
     * inherited segment, the serialized forms' classes and their constructors for serialization,
     * which the JDK generates at first use, took a third of a {@code lock_contended} child's
     * decoding. The decoded entry closes its own copy: no descriptor stays open (the two
     * mappings go with their buffers, as every closed segment's do).
     */
    private static void inheritMemoryOnce() throws IOException {
        Descriptors descriptors = Platform.descriptors();
        try (Segment memory = Segment.anonymous(Long.BYTES)) {
            ChildEntry entry = boot -> {
                Words.getIntVolatile(memory.buffer(), 0);
                memory.close();
                return 0;
            };
            List<Long> handles = Inheritance.begin();
            byte[] payload;
            try {
                payload = EntryCodec.encode(entry, Serializer.standard());
            } finally {
                Inheritance.end();
            }
            long[] copies = new long[handles.size()];
            for (int i = 0; i < copies.length; i++) {
                try {
                    copies[i] = descriptors.duplicate(handles.get(i));
                } catch (IOException | RuntimeException failed) {
                    for (int made = 0; made < i; made++) {
                        descriptors.close(copies[made]);
                    }
                    throw failed;
                }
            }
            // From here the copies are the decoded segment's, closed by the entry when it runs
            // (or, should decoding fail half way, by the segment's cleaner).
            Inheritance.setInherited(copies);
            try {
                EntryCodec.decode(payload, Serializer.standard()).run(null);
            } finally {
                Inheritance.setInherited(new long[0]);
            }
        }
    }

    /**
     * What reading an entry first costs: the reflection that calls a plain target's method
     * ({@link #readTargetOnce}); when the children of these settings hold connections, locks or
     * memory ({@code forResources}), the native layer and object streams (their entries are
     * serialized objects, their targets serialized lambdas; the first object stream of a JVM sets
     * up the serialization filter and its logger), the atomic words of locks and an inherited
     * segment ({@link #inheritMemoryOnce}). Only what is likely: a spare boots on the cores the
     * running children use. With {@code forFory}, Fory too (its instance, built by a first object
     * in its format); with {@code forFunctions}, a lambda rebuilt as a pool worker rebuilds its
     * functions.
     */
    private static void beforeBoot(boolean forResources, boolean forFory, boolean forFunctions) {
        try {
            readTargetOnce();
            if (forFunctions) {
                rebuildLambdaOnce();
            }
            if (forResources) {
                Platform.load();
                Words.warmUp();
                // Such a child ends through QuickExit, whose reflective set-up costs ms.
                QuickExit.prepare();
                ChildEntry sample = boot -> 0;
                byte[] serialized = Serializer.standard().dumps(sample);
                Serializer.standard().loadsTrusted(serialized, 0, serialized.length);
                writeAndReadOnce();
                inheritMemoryOnce();
                prepareSerializedForms(LIBRARY_FORMS);
                prepareSerializedForms(CAPTURED_VALUES);
            }
            if (forFory) {
                Object data = new java.util.ArrayList<>(List.of(java.time.LocalDate.of(2000, 1, 1)));
                byte[] serialized = Serializer.standard().dumps(data);
                Serializer.standard().loads(serialized, 0, serialized.length);
            }
        } catch (Exception | LinkageError e) {
            // Only a warm-up: the real entry will say what is wrong, if anything is.
        }
    }

    /**
     * Reads and runs a plain target as a child reads its own ({@link CompactLambda#readTarget}):
     * the form of a lambda calling {@link #noTarget}, written by hand, since making a
     * {@code Target} lambda here would have the JDK spin its class, the very cost that reading
     * avoids.
     */
    private static void readTargetOnce() throws Exception {
        String self = SpareWarmUp.class.getName().replace('.', '/');
        SerializedLambda form = new SerializedLambda(SpareWarmUp.class, Target.class.getName().replace('.', '/'), "run",
                "()V", MethodHandleInfo.REF_invokeStatic, self, "noTarget", "()V", "()V", new Object[0]);
        PlainOutput out = new PlainOutput(0, 256);
        CompactLambda.write(form, out);
        byte[] bytes = out.toArray();
        CompactLambda.readTarget(new PlainInput(bytes, 0, bytes.length)).run();
    }

    /** The method {@link #readTargetOnce}'s target calls. */
    private static void noTarget() {
        // A warm-up's target does nothing.
    }

    /** Rebuilds a lambda from its compact form, as a pool worker rebuilds its functions. */
    private static void rebuildLambdaOnce() throws IOException {
        ChildEntry sample = boot -> 0;
        PlainOutput out = new PlainOutput(0, 256);
        CompactLambda.write(CompactLambda.describe(sample), out);
        byte[] bytes = out.toArray();
        CompactLambda.read(new PlainInput(bytes, 0, bytes.length));
    }
}
