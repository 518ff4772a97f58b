package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.runtime.EntryClasses;
import org.multiprocessing4j.internal.runtime.Inheritance;
import org.multiprocessing4j.internal.runtime.Trace;
import org.multiprocessing4j.internal.platform.ChildProcess;
import org.multiprocessing4j.internal.platform.Descriptors;
import org.multiprocessing4j.internal.platform.NativeBuffer;
import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a child JVM (docs/ARCHITECTURE.md, "The life of a start()"): Python's {@code popen_spawn_posix}. The entry
 * is serialized first (so an unserializable target fails before any process exists), the class
 * path is checked to hold this library, the JVM is spawned with the boot pipe as its standard
 * input and the registered descriptors mapped in, and the boot data and entry are written into
 * the pipe. As in Python, {@code start()} does not wait for the child to boot, so that several
 * children boot in parallel; a child that cannot read its entry prints why and exits with 1.
 *
 * <p>A child is handed to a {@linkplain Spares spare JVM} when one is ready: a JVM started
 * ahead of time for the same settings, already booted and warmed up, which is what Python's
 * forkserver is to fork. Descriptors the child would inherit follow it over a Unix socket
 * ({@code SCM_RIGHTS}) where the platform can pass them; elsewhere (Windows) such a child is
 * spawned for itself.
 */
public final class ChildLauncher {
    static final String MAIN_CLASS = ChildMain.class.getName();
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    /** Linux refuses more descriptors in one message (SCM_MAX_FD); such a child is spawned for itself. */
    private static final int MAX_PASSED_HANDLES = 253;

    private ChildLauncher() {
    }

    /**
     * Launches {@code entry} in a new JVM.
     *
     * @param settings how to launch the JVM
     * @param boot     the preparation data
     * @param entry    what the child runs
     * @param what     how errors name the child ("Process-1")
     * @param serializer the serializer of the context the child is started through: it writes
     *                 the entry, and becomes the child's default
     * @throws org.multiprocessing4j.serialization.SerializationException if {@code entry} cannot
     *         be serialized (nothing was started)
     * @throws IOException if the JVM could not be started: no such executable, or a class path
     *                      without this library
     */
    public static LaunchedChild launch(LaunchSettings settings, BootData boot, ChildEntry entry, String what,
                                       Serializer serializer) throws IOException {
        boot.setSerializer(serializer);
        List<Long> handles = Inheritance.begin();
        EntryClasses.begin();
        byte[] payload;
        List<String> classes;
        try {
            payload = EntryCodec.encode(entry, serializer);
        } finally {
            Inheritance.end();
            classes = EntryClasses.end();
        }
        Trace.mark("encoded");
        if (!handles.isEmpty()) {
            Spares.setEntryClasses(classes);
        }
        ClassPathCheck.requireLibrary(settings.classPath(), what);
        ChildProcess child = handToSpare(settings, boot, handles, payload);
        if (child == null) {
            BootingJvm jvm = BootingJvm.spawn(settings, handles, null, what);
            child = jvm.child();
            boot.setInheritedHandles(child.inheritedInChild());
            try {
                jvm.send(frame(boot, payload));
                if (Trace.ON) {
                    Trace.mark("spawned " + child.pid());
                }
            } catch (IOException e) {
                stop(child);
                throw new IOException(what + " could not be sent its target: " + e.getMessage()
                        + "; the JVM " + exitDescription(child), e);
            }
        }
        Spares.replenish(settings, !handles.isEmpty());
        return new LaunchedChild(child);
    }

    /** Stops every idle spare JVM; the exit function of a parent calls it. */
    public static void discardSpares() {
        Spares.discardAll();
    }

    /**
     * Gives the entry to a spare; null when there is none, it died meanwhile, or descriptors
     * must go with the entry and this platform cannot send them to a running process.
     */
    private static ChildProcess handToSpare(LaunchSettings settings, BootData boot, List<Long> handles, byte[] payload) {
        if (!handles.isEmpty() && (!Platform.handlePassing().isSupported() || handles.size() > MAX_PASSED_HANDLES)) {
            return null;
        }
        BootingJvm spare;
        while ((spare = Spares.take(settings)) != null) {
            try {
                spare.hand(boot, handles, payload);
                if (Trace.ON) {
                    Trace.mark("handed " + spare.child().pid());
                }
                return spare.child();
            } catch (IOException diedWhileIdle) {
                stop(spare.child());
            }
        }
        return null;
    }

    /**
     * The boot frame: its length, then the boot data and the entry. The length lets a child
     * read exactly the frame and nothing after it (where a spare's descriptors may follow).
     */
    static byte[] frame(BootData boot, byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 256);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0);
        boot.writeTo(out);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
        byte[] frame = bytes.toByteArray();
        ByteBuffer.wrap(frame).putInt(0, frame.length - Integer.BYTES);
        return frame;
    }

    /**
     * The child's command line.
     *
     * @param spareArguments null for a child spawned for its entry, else the arguments that make
     *                       ChildMain a spare
     */
    static List<String> command(LaunchSettings settings, List<String> cdsOptions, List<String> mainArguments,
                                List<String> spareArguments) {
        List<String> command = new ArrayList<>();
        command.add(settings.javaExecutable().toString());
        // -Xrs makes HotSpot start its attach listener at boot: a listening socket in every
        // child and a /tmp/.java_pid file that a terminated child leaves behind. Options given
        // by the user come after, so -XX:-DisableAttachMechanism turns it back on.
        command.add("-XX:+DisableAttachMechanism");
        // No /tmp/hsperfdata_<user>/<pid> file, made at every child's boot and removed at its
        // end, for counters nothing reads: jstat and jcmd reach a JVM through the attach
        // mechanism, off above. Before the user's options, which may turn it back on.
        command.add("-XX:-UsePerfData");
        command.addAll(settings.jvmOptions());
        command.addAll(unsafeMemoryAccess(settings));
        // -Xrs: no JVM handlers for SIGTERM/SIGINT/SIGHUP, so terminate() really ends the child
        // by SIGTERM and its exit code reads -15, as in Python.
        command.add("-Xrs");
        command.addAll(cdsOptions);
        command.addAll(Platform.processes().childJvmOptions(ClassDataSharing.cacheDirectory(), settings.jvmOptions()));
        command.addAll(mainArguments);
        if (spareArguments != null) {
            command.addAll(spareArguments);
        }
        return command;
    }

    /**
     * On JDK 24 and later, the first use of {@code sun.misc.Unsafe}'s memory access (Apache
     * Fory's, behind {@code Serializer.standard()}) prints a warning on standard error, and a
     * later JDK will refuse it. {@code --sun-misc-unsafe-memory-access=allow} silences it at no
     * cost; Fory's other way, {@code --add-opens java.base/java.lang.invoke=ALL-UNNAMED}, turns
     * off class-data sharing's archived module graph, which costs every child about 35 ms of CPU
     * (measured on JDK 25: 112 ms against 76 ms to run an empty main). So children of this JVM's
     * own {@code java} 24+ get {@code allow}, unless their options already say something about
     * it; another {@code java} may be older and refuse the option, and gets nothing.
     */
    static List<String> unsafeMemoryAccess(LaunchSettings settings) {
        if (Runtime.version().feature() < 24) {
            return List.of();
        }
        Path ownJava = Path.of(System.getProperty("java.home"), "bin", Platform.processes().javaLauncherName());
        if (!settings.javaExecutable().equals(ownJava)) {
            return List.of();
        }
        for (String option : settings.jvmOptions()) {
            if (option.startsWith("--sun-misc-unsafe-memory-access")) {
                return List.of();
            }
        }
        return List.of("--sun-misc-unsafe-memory-access=allow");
    }

    static void stop(ChildProcess child) {
        child.kill();
        try {
            child.waitFor(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        child.close();
    }

    private static String exitDescription(ChildProcess child) {
        Integer code = child.exitCode();
        return code == null ? "was stopped" : "exited with code " + code + " (its standard error says why)";
    }

    /**
     * A spawned JVM and the parent's end of its boot pipe, until the boot data is sent. A spare's
     * boot pipe is a Unix socket where the platform passes descriptors, so that they can follow
     * its boot frame.
     */
    static final class BootingJvm {
        private final ChildProcess child;
        private final long bootPipe;
        private final boolean carriesHandles;
        private boolean booted;

        private BootingJvm(ChildProcess child, long bootPipe, boolean carriesHandles) {
            this.child = child;
            this.bootPipe = bootPipe;
            this.carriesHandles = carriesHandles;
        }

        /**
         * Spawns a JVM.
         *
         * @param spareArguments null for a child spawned for its entry, else ChildMain's
         *                       arguments for a spare ({@link ChildMain#spareArguments})
         */
        static BootingJvm spawn(LaunchSettings settings, List<Long> handles, List<String> spareArguments, String what)
                throws IOException {
            Descriptors descriptors = Platform.descriptors();
            List<String> mainArguments = NativeAccess.mainArguments(settings, ClassDataSharing.cacheDirectory());
            ClassDataSharing.Plan cds = ClassDataSharing.plan(settings, Platform.processes().javaLauncherName(), mainArguments);
            boolean carriesHandles = spareArguments != null && Platform.handlePassing().isSupported();
            long[] pipe;
            try {
                pipe = carriesHandles ? Platform.handlePassing().channel() : descriptors.pipe();
            } catch (IOException e) {
                throw new IOException("cannot start " + what + ": no boot pipe: " + e.getMessage(), e);
            }
            // A socket pair's two ends are alike; a pipe's read end is the first.
            long childEnd = pipe[carriesHandles ? 1 : 0];
            long parentEnd = pipe[carriesHandles ? 0 : 1];
            ChildProcess child;
            try {
                ChildProcess.Builder builder = ChildProcess.builder(command(settings, cds.options, mainArguments, spareArguments)).stdin(childEnd);
                handles.forEach(builder::inherit);
                child = builder.start();
            } catch (IOException e) {
                descriptors.close(parentEnd);
                cds.childEnded();
                throw new IOException("cannot start " + what + ": " + e.getMessage(), e);
            } finally {
                descriptors.close(childEnd);
            }
            child.onExit().thenRun(cds::childEnded);
            return new BootingJvm(child, parentEnd, carriesHandles);
        }

        ChildProcess child() {
            return child;
        }

        long bootPipe() {
            return bootPipe;
        }

        /**
         * Whether this spare has finished booting and warming up: it then writes one byte back
         * into its boot pipe ({@link ChildMain}), where that is a socket. Where it is not, it
         * counts as booted. Never waits; reads the byte when it is there, because a socket
         * closed with unread bytes resets its peer's next read.
         */
        boolean booted() {
            if (!carriesHandles || booted) {
                return true;
            }
            try {
                Descriptors descriptors = Platform.descriptors();
                if (descriptors.waitReady(new long[] {bootPipe}, 0).length > 0) {
                    descriptors.read(bootPipe, NativeBuffer.allocate(1), 0, 1);
                    booted = true;
                }
            } catch (IOException e) {
                // The spare is gone; handing it its entry says so.
                booted = true;
            }
            return booted;
        }

        /** Writes the boot frame and closes the pipe, so the child reads it and then end of stream. */
        void send(byte[] frame) throws IOException {
            sendWith(frame, List.of());
        }

        /**
         * Gives this spare its entry; the descriptors, if any, follow the boot frame (which
         * counts them) on the same socket.
         *
         * @throws IOException if the spare died while idle
         */
        void hand(BootData boot, List<Long> handles, byte[] payload) throws IOException {
            if (carriesHandles) {
                boot.setHandlesFollow(handles.size());
            }
            sendWith(frame(boot, payload), handles);
        }

        private void sendWith(byte[] frame, List<Long> handles) throws IOException {
            Descriptors descriptors = Platform.descriptors();
            try {
                descriptors.write(bootPipe, frame, 0, frame.length);
                if (!handles.isEmpty()) {
                    Platform.handlePassing().send(bootPipe, handles.stream().mapToLong(Long::longValue).toArray());
                }
                // Its ready byte, if it came meanwhile, must not be left unread (see booted()).
                booted();
            } finally {
                // What was sent stays queued for the child once this end is closed.
                descriptors.close(bootPipe);
            }
        }

        /** Closes the pipe unused (a spare retired before it was given anything). */
        void discard() {
            Platform.descriptors().close(bootPipe);
        }
    }
}
