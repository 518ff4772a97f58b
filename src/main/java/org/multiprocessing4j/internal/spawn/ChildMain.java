package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.internal.platform.ProcessIds;
import org.multiprocessing4j.internal.runtime.Inheritance;
import org.multiprocessing4j.internal.runtime.Threads;
import org.multiprocessing4j.internal.runtime.Trace;
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
import java.util.Arrays;
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
     * Fory's code generation costs a fresh JVM 0.6-0.9 s per new class (spikes/serializers):
     * off in children unless their command line says otherwise ({@code ForyFormat}'s property).
     */
    private static final String FORY_CODEGEN = "multiprocessing4j.fory.codegen";

    private static final long STDIN = 0;

    private ChildMain() {
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
            ParentWatch.start(ProcessIds.parent(), true);
            SpareWarmUp warmUp = new SpareWarmUp(List.of(Arrays.copyOfRange(args, 1, args.length)));
            warmUp.beforeBoot();
            Trace.mark("warm");
            signalBooted();
            warmUp.whileIdle();
        }
        ChildEntry entry;
        BootData boot;
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(readBootFrame()));
            SpareWarmUp.entryArrived();
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
        Threads.atExit("child-flush", new StreamsFlush());
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
            SpareWarmUp.forArchive();
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
     * The exit task that flushes the standard streams: a class, not a method reference
     * (docs/ARCHITECTURE.md, "A plain child links no lambda").
     */
    private static final class StreamsFlush implements Runnable {
        @Override
        public void run() {
            flushStandardStreams();
        }
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
}
