package org.multiprocessing4j.spawn;

import org.multiprocessing4j.ProcessError;
import org.multiprocessing4j.platform.NativeChild;
import org.multiprocessing4j.platform.Platform;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a child JVM the way DESIGN.md describes: Python's {@code popen_spawn_posix}. The entry
 * is serialized first (so an unserializable target fails before any process exists), the class
 * path is checked to hold this library, the JVM is spawned with the boot pipe as its standard
 * input and the registered descriptors mapped in, and the boot data and entry are written into
 * the pipe. As in Python, {@code start()} does not wait for the child to boot, so that several
 * children boot in parallel; a child that cannot read its entry prints why and exits with 1.
 *
 * <p>A child with no descriptors to inherit is handed to a {@linkplain Spares spare JVM} when
 * one is ready: a JVM started ahead of time for the same settings, already booted and warmed
 * up, which is what Python's forkserver is to fork.
 */
public final class ChildLauncher {
    static final String MAIN_CLASS = ChildMain.class.getName();
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private ChildLauncher() {
    }

    /**
     * Launches {@code entry} in a new JVM.
     *
     * @param settings how to launch the JVM
     * @param boot     the preparation data
     * @param entry    what the child runs
     * @param what     how errors name the child ("Process-1")
     * @throws org.multiprocessing4j.serialization.SerializationException if {@code entry} cannot
     *         be serialized (nothing was started)
     * @throws ProcessError if the JVM could not be started: no such executable, or a class path
     *                      without this library
     */
    public static LaunchedChild launch(JvmSettings settings, BootData boot, ChildEntry entry, String what) {
        List<Long> handles = Inheritance.begin();
        byte[] payload;
        try {
            payload = EntryCodec.encode(entry);
        } finally {
            Inheritance.end();
        }
        ClassPathCheck.requireLibrary(settings.classPath(), what);
        boolean spareable = handles.isEmpty();
        NativeChild child = spareable ? handToSpare(settings, boot, payload) : null;
        if (child == null) {
            BootingJvm jvm = BootingJvm.spawn(settings, handles, false, what);
            child = jvm.child();
            boot.setInheritedHandles(child.inheritedInChild());
            try {
                jvm.send(frame(boot, payload));
            } catch (IOException e) {
                stop(child);
                throw new ProcessError(what + " could not be sent its target: " + e.getMessage()
                        + "; the JVM " + exitDescription(child), e);
            }
        }
        if (spareable) {
            Spares.replenish(settings);
        }
        return new LaunchedChild(child);
    }

    /** Stops every idle spare JVM; the exit function of a parent calls it. */
    public static void discardSpares() {
        Spares.discardAll();
    }

    /** Gives the entry to a spare; null when there is none or it died meanwhile. */
    private static NativeChild handToSpare(JvmSettings settings, BootData boot, byte[] payload) {
        BootingJvm spare;
        while ((spare = Spares.take(settings)) != null) {
            try {
                spare.send(frame(boot, payload));
                return spare.child();
            } catch (IOException diedWhileIdle) {
                stop(spare.child());
            }
        }
        return null;
    }

    static byte[] frame(BootData boot, byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 256);
        DataOutputStream out = new DataOutputStream(bytes);
        boot.writeTo(out);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
        return bytes.toByteArray();
    }

    static List<String> command(JvmSettings settings, List<String> cdsOptions, boolean spare) {
        List<String> command = new ArrayList<>();
        command.add(settings.javaExecutable().toString());
        // -Xrs makes HotSpot start its attach listener at boot: a listening socket in every
        // child and a /tmp/.java_pid file that a terminated child leaves behind. Options given
        // by the user come after, so -XX:-DisableAttachMechanism turns it back on.
        command.add("-XX:+DisableAttachMechanism");
        command.addAll(settings.jvmOptions());
        // -Xrs: no JVM handlers for SIGTERM/SIGINT/SIGHUP, so terminate() really ends the child
        // by SIGTERM and its exit code reads -15, as in Python.
        command.add("-Xrs");
        command.addAll(cdsOptions);
        command.add("-cp");
        command.add(settings.classPath());
        command.add(MAIN_CLASS);
        if (spare) {
            command.add(ChildMain.SPARE_ARGUMENT);
        }
        return command;
    }

    static void stop(NativeChild child) {
        child.kill();
        try {
            child.waitFor(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        child.close();
    }

    private static String exitDescription(NativeChild child) {
        Integer code = child.exitCode();
        return code == null ? "was stopped" : "exited with code " + code + " (its standard error says why)";
    }

    /** A spawned JVM and the parent's end of its boot pipe, until the boot data is sent. */
    static final class BootingJvm {
        private final NativeChild child;
        private final long bootPipe;

        private BootingJvm(NativeChild child, long bootPipe) {
            this.child = child;
            this.bootPipe = bootPipe;
        }

        static BootingJvm spawn(JvmSettings settings, List<Long> handles, boolean spare, String what) {
            Platform platform = Platform.current();
            ClassDataSharing.Plan cds = ClassDataSharing.plan(settings, platform.javaLauncherName());
            long[] pipe;
            try {
                pipe = platform.pipe();
            } catch (IOException e) {
                throw new ProcessError("cannot start " + what + ": no boot pipe: " + e.getMessage(), e);
            }
            NativeChild child;
            try {
                NativeChild.Builder builder = NativeChild.builder(command(settings, cds.options, spare)).stdin(pipe[0]);
                handles.forEach(builder::inherit);
                child = builder.start();
            } catch (IOException e) {
                platform.close(pipe[1]);
                cds.childEnded();
                throw new ProcessError("cannot start " + what + ": " + e.getMessage(), e);
            } finally {
                platform.close(pipe[0]);
            }
            child.onExit().thenRun(cds::childEnded);
            return new BootingJvm(child, pipe[1]);
        }

        NativeChild child() {
            return child;
        }

        /** Writes the boot frame and closes the pipe, so the child reads it and then end of stream. */
        void send(byte[] frame) throws IOException {
            Platform platform = Platform.current();
            try {
                platform.write(bootPipe, frame, 0, frame.length);
            } finally {
                platform.close(bootPipe);
            }
        }

        /** Closes the pipe unused (a spare retired before it was given anything). */
        void discard() {
            Platform.current().close(bootPipe);
        }
    }
}
