package org.multiprocessing4j.spawn;

import org.multiprocessing4j.ProcessError;
import org.multiprocessing4j.platform.NativeChild;
import org.multiprocessing4j.platform.Platform;
import org.multiprocessing4j.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a child JVM the way DESIGN.md describes: Python's {@code popen_spawn_posix}. The entry
 * is serialized first (so an unserializable target fails before any process exists), the JVM
 * is spawned with the boot pipe as its standard input and the registered descriptors mapped in,
 * the boot data and entry are written, and the launch returns once the child acknowledged it
 * could read them, or fails with the reason it could not.
 */
public final class ChildLauncher {
    private static final String MAIN_CLASS = ChildMain.class.getName();
    private static final Duration EXIT_AFTER_FAILURE = Duration.ofSeconds(10);

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
     * @throws ProcessError if the JVM could not be started or could not boot
     */
    public static LaunchedChild launch(JvmSettings settings, BootData boot, ChildEntry entry, String what) {
        Platform platform = Platform.current();
        List<Long> handles = Inheritance.begin();
        byte[] payload;
        try {
            payload = Serializer.standard().dumps(entry);
        } finally {
            Inheritance.end();
        }
        ClassDataSharing.Plan cds = ClassDataSharing.plan(settings, platform.javaLauncherName());
        List<String> command = command(settings, cds.options);
        long[] bootPipe = pair(platform, what);
        NativeChild child;
        try {
            NativeChild.Builder builder = NativeChild.builder(command).stdin(bootPipe[1]);
            handles.forEach(builder::inherit);
            child = builder.start();
        } catch (IOException e) {
            platform.close(bootPipe[0]);
            cds.childEnded();
            throw new ProcessError("cannot start " + what + ": " + e.getMessage(), e);
        } finally {
            platform.close(bootPipe[1]);
        }
        child.onExit().thenRun(cds::childEnded);
        LaunchedChild launched = new LaunchedChild(child, bootPipe[0]);
        boot.setInheritedHandles(child.inheritedInChild());
        try {
            byte[] frame = frame(boot, payload);
            platform.write(bootPipe[0], frame, 0, frame.length);
            awaitAcknowledgement(platform, bootPipe[0], child, what, command);
        } catch (IOException | RuntimeException e) {
            failed(launched, child);
            throw e instanceof ProcessError ? (ProcessError) e
                    : new ProcessError(what + " did not boot: " + bootFailure(child, command), e);
        }
        return launched;
    }

    private static byte[] frame(BootData boot, byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 256);
        DataOutputStream out = new DataOutputStream(bytes);
        boot.writeTo(out);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
        return bytes.toByteArray();
    }

    private static long[] pair(Platform platform, String what) {
        try {
            return platform.duplexPair();
        } catch (IOException e) {
            throw new ProcessError("cannot start " + what + ": no boot pipe: " + e.getMessage(), e);
        }
    }

    private static List<String> command(JvmSettings settings, List<String> cdsOptions) {
        List<String> command = new ArrayList<>();
        command.add(settings.javaExecutable().toString());
        command.addAll(settings.jvmOptions());
        // -Xrs: no JVM handlers for SIGTERM/SIGINT/SIGHUP, so terminate() really ends the child
        // by SIGTERM and its exit code reads -15, as in Python.
        command.add("-Xrs");
        command.addAll(cdsOptions);
        command.add("-cp");
        command.add(settings.classPath());
        command.add(MAIN_CLASS);
        return command;
    }

    private static void awaitAcknowledgement(Platform platform, long bootHandle, NativeChild child,
                                             String what, List<String> command) throws IOException {
        byte[] status = new byte[1];
        if (platform.read(bootHandle, status, 0, 1) < 0) {
            throw new ProcessError(what + " did not boot: " + bootFailure(child, command));
        }
        if (status[0] == ChildMain.ACK_OK) {
            return;
        }
        byte[] length = readExactly(platform, bootHandle, 4);
        int size = ((length[0] & 0xff) << 24) | ((length[1] & 0xff) << 16) | ((length[2] & 0xff) << 8) | (length[3] & 0xff);
        String reason = new String(readExactly(platform, bootHandle, Math.min(size, 1 << 16)), StandardCharsets.UTF_8);
        throw new ProcessError(what + " could not read what it was sent: " + reason);
    }

    private static byte[] readExactly(Platform platform, long handle, int size) throws IOException {
        byte[] bytes = new byte[size];
        int done = 0;
        while (done < size) {
            int n = platform.read(handle, bytes, done, size - done);
            if (n < 0) {
                throw new IOException("boot pipe closed after " + done + " of " + size + " bytes");
            }
            done += n;
        }
        return bytes;
    }

    private static String bootFailure(NativeChild child, List<String> command) {
        Integer code;
        try {
            code = child.waitFor(EXIT_AFTER_FAILURE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = null;
        }
        return "the JVM exited with code " + code + " before it could run " + MAIN_CLASS
                + " (its standard error, shared with this process, says why; command: " + String.join(" ", command) + ")";
    }

    private static void failed(LaunchedChild launched, NativeChild child) {
        child.kill();
        try {
            child.waitFor(EXIT_AFTER_FAILURE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        launched.close();
    }
}
