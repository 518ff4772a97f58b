package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.platform.Descriptors;
import org.multiprocessing4j.internal.platform.NativeBuffer;
import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.internal.memory.Words;
import org.multiprocessing4j.internal.runtime.Inheritance;
import org.multiprocessing4j.internal.runtime.Threads;
import org.multiprocessing4j.internal.runtime.Trace;
import org.multiprocessing4j.internal.codec.CompactLambda;
import org.multiprocessing4j.internal.codec.PlainInput;
import org.multiprocessing4j.internal.codec.PlainOutput;
import org.multiprocessing4j.internal.codec.DefaultSerializer;
import org.multiprocessing4j.serialization.Serializer;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The entry point of every child JVM: Python's {@code spawn.spawn_main}. It reads the boot data
 * and the serialized entry from standard input (the boot pipe, which the parent closes after
 * writing, so standard input then reads as empty, as it does in a Python child), runs the entry
 * and exits with its code. It needs no JNA: a plain target starts nothing native.
 */
public final class ChildMain {
    /** The exit code of a daemonic child that noticed its parent was gone. */
    static final int EXIT_PARENT_GONE = 255;
    /** The argument that starts a spare JVM (see {@link Spares}). */
    static final String SPARE_ARGUMENT = "--spare";
    /**
     * The argument after {@link #SPARE_ARGUMENT} that makes a spare warm up for entries that
     * hold resources: the native layer and object streams.
     */
    static final String RESOURCES_ARGUMENT = "--resources";
    /** The argument after {@link #SPARE_ARGUMENT} that makes a spare build Fory while it waits. */
    static final String FORY_ARGUMENT = "--fory";
    /** Makes a spare compile the atomic words' accesses (its children are likely to hold locks). */
    static final String WORDS_ARGUMENT = "--words";
    /** The prefix of the argument after {@link #SPARE_ARGUMENT} that gives a sample entry. */
    static final String SAMPLE_ARGUMENT = "--sample=";
    /**
     * Fory's code generation costs a fresh JVM 0.6-0.9 s per new class (spikes/serializers):
     * off in children unless their command line says otherwise ({@code ForyFormat}'s property).
     */
    private static final String FORY_CODEGEN = "multiprocessing4j.fory.codegen";

    private static final long STDIN = 0;
    /**
     * How many times a spare for children likely to hold locks takes and frees a word once it
     * has waited {@link #WORDS_IDLE_MILLIS}: two children taking a lock 50,000 times, median
     * 916 ns against 1,294 without (24 rounds each, interleaved). With 5,000 the JIT's work in
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
    private static volatile boolean handedAnEntry;

    private ChildMain() {
    }

    /**
     * The arguments that start a spare JVM, warmed up for entries holding resources if
     * {@code forResources}, for objects in Fory's format if {@code forFory}, for children that
     * take and release words in shared memory if {@code forWords}; {@code samples} (Base64) are
     * payloads of an entry it decodes while it waits ({@link Spares#setSampleEntry}).
     */
    static List<String> spareArguments(boolean forResources, boolean forFory, boolean forWords, List<String> samples) {
        List<String> arguments = new java.util.ArrayList<>(List.of(SPARE_ARGUMENT));
        if (forResources) {
            arguments.add(RESOURCES_ARGUMENT);
        }
        if (forFory) {
            arguments.add(FORY_ARGUMENT);
        }
        if (forWords) {
            arguments.add(WORDS_ARGUMENT);
        }
        for (String sample : samples) {
            arguments.add(SAMPLE_ARGUMENT + sample);
        }
        return arguments;
    }

    /** Boots and runs the child; {@value #SPARE_ARGUMENT} makes it a spare that warms up first. */
    public static void main(String[] args) {
        if (System.getProperty(FORY_CODEGEN) == null) {
            System.setProperty(FORY_CODEGEN, "false");
        }
        Trace.mark("main");
        boolean spare = args.length > 0 && SPARE_ARGUMENT.equals(args[0]);
        if (spare) {
            // Until it is given an entry, a spare ends with its parent, like a daemonic child.
            ParentWatch.start(ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L), true);
            List<String> flags = List.of(args).subList(1, args.length);
            warmUp(flags.contains(RESOURCES_ARGUMENT), flags.contains(FORY_ARGUMENT));
            flags.stream().filter(f -> f.startsWith(SAMPLE_ARGUMENT))
                    .forEach(f -> decodeSample(f.substring(SAMPLE_ARGUMENT.length())));
            Trace.mark("warm");
            signalBooted();
            if (flags.contains(RESOURCES_ARGUMENT) && flags.contains(WORDS_ARGUMENT)) {
                exerciseWordsWhenIdle();
            }
        }
        ChildEntry entry;
        BootData boot;
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(readBootFrame()));
            handedAnEntry = true;
            Trace.mark("frame");
            boot = BootData.readFrom(in);
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            for (Map.Entry<String, String> p : boot.systemProperties().entrySet()) {
                System.setProperty(p.getKey(), p.getValue());
            }
            Inheritance.setInherited(boot.handlesFollow() ? receiveHandles(boot) : boot.inheritedHandles());
            Trace.mark("handles");
            // What the target reads from System.in is empty, as a CPython child's stdin is
            // os.devnull (util._close_stdin); the boot socket may end in a reset, not an end.
            System.setIn(new ByteArrayInputStream(new byte[0]));
            Serializer serializer = boot.serializer();
            DefaultSerializer.set(serializer);
            entry = EntryCodec.decode(payload, serializer);
            Trace.mark("decoded");
        } catch (Throwable t) {
            // A spare whose parent let it go unused (exiting, or retiring it) reads nothing at
            // all: that is its normal end, not an error to show on the user's standard error.
            if (spare && (t instanceof NoBootFrame || !ParentWatch.isParentAlive())) {
                Runtime.getRuntime().halt(EXIT_PARENT_GONE);
            }
            System.err.println("multiprocessing4j: this child JVM could not read what its parent sent it: " + t);
            t.printStackTrace();
            System.exit(1);
            return;
        }
        ParentWatch.start(boot.parentPid(), boot.daemon());
        // A target that calls System.exit(n) ends the JVM through its shutdown hooks: this
        // one flushes what the target printed into a buffered System.out or System.err.
        Threads.atExit("child-flush", ChildMain::flushStandardStreams);
        int code = entry.run(boot);
        end(code);
    }

    /**
     * The end of a child after its target returned or threw (docs/ARCHITECTURE.md, "The end of
     * a child"): what CPython's {@code BaseProcess._bootstrap} does before the process ends —
     * wait for the threads the target left running ({@code threading._shutdown()}), run the
     * library's exit work ({@code util._exit_function()}: pools stopped, daemonic children
     * terminated, the others joined, spares ended, queue feeders flushed), flush the standard
     * streams — then the JVM's own shutdown, so that the user's shutdown hooks and
     * {@code deleteOnExit} files are seen to, as a spawned CPython child runs its
     * {@code atexit} handlers; after them {@link QuickExit} ends the process without the JVM's
     * teardown. Code 0 returns from main rather than calling
     * {@code System.exit(0)}: the same hooks run, without the logger that JDK 21+'s
     * {@code Runtime.exit} sets up.
     */
    private static void end(int code) {
        Threads.endingHere();
        joinNonDaemonThreads();
        Trace.mark("threads");
        Threads.runExitTasks();
        Trace.mark("tasks");
        if (Boolean.getBoolean(ClassDataSharing.RECORDING_PROPERTY)) {
            // Recorded into the archive, the native layer then loads in a fraction of the time
            // in every later child that uses a connection, a lock or shared memory, and a
            // spare's warm-up (the codecs, the serializer) takes its classes from the archive
            // rather than the jar, so that spares are ready sooner for back-to-back starts.
            warmUp(true, false);
            ArchivedClasses.loadSharedStateClasses();
        }
        flushStandardStreams();
        Trace.mark("exit");
        Trace.flush();
        QuickExit.arm(code);
        if (code != 0) {
            System.exit(code);
        }
    }

    private static void flushStandardStreams() {
        System.out.flush();
        System.err.flush();
    }

    /**
     * Tells the parent that this spare is ready: one byte back into the boot pipe, which is a
     * socket where descriptors can follow the boot frame. The parent only looks whether it is
     * there ({@code Spares}: a start that finds its spare still booting keeps one more). A pipe
     * (Windows) cannot carry it back, and nothing is sent.
     */
    private static void signalBooted() {
        try {
            new FileOutputStream(FileDescriptor.in).write(1);
        } catch (IOException notASocket) {
            // The parent counts such a spare as booted.
        }
    }

    /**
     * Reads exactly the boot frame from standard input, unbuffered: bytes after it (a spare's
     * descriptors) must stay for {@link #receiveHandles}.
     */
    private static byte[] readBootFrame() throws IOException {
        FileInputStream stdin = new FileInputStream(FileDescriptor.in);
        int first;
        try {
            first = stdin.read();
        } catch (IOException reset) {
            // A parent that closed its end (exiting, or retiring this spare) without reading
            // the spare's ready byte resets the socket: it sent nothing, as at end of file.
            first = -1;
        }
        if (first < 0) {
            throw new NoBootFrame();
        }
        byte[] rest = readExactly(stdin, Integer.BYTES - 1);
        int length = ByteBuffer.allocate(Integer.BYTES).put((byte) first).put(rest).getInt(0);
        return readExactly(stdin, length);
    }

    /** Standard input ended before the first byte of a boot frame: the parent sent nothing. */
    private static final class NoBootFrame extends EOFException {
        private static final long serialVersionUID = 1L;

        NoBootFrame() {
            super("standard input ended before the boot frame");
        }
    }

    // Not readNBytes: JDK 17's asks a socket for its file position and fails.
    private static byte[] readExactly(FileInputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        int done = 0;
        while (done < length) {
            int n = in.read(bytes, done, length - done);
            if (n < 0) {
                throw new EOFException("standard input ended after " + done + " of the " + length
                        + " bytes the boot frame still needed");
            }
            done += n;
        }
        return bytes;
    }

    /** The descriptors that follow a spare's boot frame on standard input. */
    private static long[] receiveHandles(BootData boot) throws IOException {
        int count = boot.inheritedHandles().length;
        return count == 0 ? new long[0] : Platform.handlePassing().receive(STDIN, count);
    }

    /**
     * Waits for the threads the target left running, as Python's child does
     * ({@code threading._shutdown()}) and as a JVM does when its main method returns.
     */
    private static void joinNonDaemonThreads() {
        Thread self = Thread.currentThread();
        while (true) {
            // A loop, not a stream: every child runs this at its end, where a first lambda costs.
            Thread pending = null;
            for (Thread t : Threads.all()) {
                if (t != self && !t.isDaemon() && t.isAlive() && !"DestroyJavaVM".equals(t.getName())) {
                    pending = t;
                    break;
                }
            }
            if (pending == null) {
                return;
            }
            try {
                pending.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
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
     * decoding. The decoded entry closes its own copy; nothing stays open or mapped.
     */
    private static void inheritMemoryOnce() throws IOException {
        Descriptors descriptors = Platform.descriptors();
        try (Segment memory = Segment.anonymous(Long.BYTES)) {
            ChildEntry entry = boot -> {
                Words.INT.getVolatile(memory.buffer(), 0);
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
     * Runs, in a spare, what reading an entry first costs: reflection and lambda
     * deserialization for the compact entry of a plain target; and, when the children of these
     * settings hold connections, locks or memory ({@code forResources}), the native layer and
     * object streams (their entries are serialized objects; the first object stream of a JVM
     * sets up the serialization filter and its logger), the atomic words of locks and an
     * inherited segment ({@link #inheritMemoryOnce}). Only what
     * is likely: a spare boots on the cores the running children use. With {@code forFory},
     * Fory too (its instance, built by a first object in its format).
     */
    private static void warmUp(boolean forResources, boolean forFory) {
        ChildEntry sample = boot -> 0;
        try {
            PlainOutput out = new PlainOutput(0, 256);
            CompactLambda.write(CompactLambda.describe(sample), out);
            byte[] bytes = out.toArray();
            CompactLambda.read(new PlainInput(bytes, 0, bytes.length));
            if (forResources) {
                Platform.load();
                Words.warmUp();
                // Such a child ends through QuickExit, whose reflective set-up costs ms.
                QuickExit.prepare();
                byte[] serialized = Serializer.standard().dumps(sample);
                Serializer.standard().loadsTrusted(serialized, 0, serialized.length);
                writeAndReadOnce();
                inheritMemoryOnce();
            }
            if (forFory) {
                Object data = new java.util.ArrayList<>(List.of(java.time.LocalDate.of(2000, 1, 1)));
                byte[] serialized = Serializer.standard().dumps(data);
                Serializer.standard().loads(serialized, 0, serialized.length);
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // Only a warm-up: the real entry will say what is wrong, if anything is.
        }
    }
}
