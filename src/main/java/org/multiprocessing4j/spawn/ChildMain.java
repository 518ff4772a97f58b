package org.multiprocessing4j.spawn;

import org.multiprocessing4j.serialization.Serializer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The entry point of every child JVM: Python's {@code spawn.spawn_main}. It reads the boot data
 * and the serialized entry from standard input (the boot pipe), acknowledges on that same
 * duplex channel so that the parent's {@code start()} knows the child is up, runs the entry and
 * exits with its code. It needs no JNA: a plain target starts nothing native.
 */
public final class ChildMain {
    /** The exit code of a daemonic child that noticed its parent was gone. */
    static final int EXIT_PARENT_GONE = 255;
    static final byte ACK_OK = 'K';
    static final byte ACK_ERROR = 'E';

    private static volatile long[] inheritedHandles = new long[0];

    private ChildMain() {
    }

    /**
     * How this child sees the descriptor registered at {@code index} when it was serialized.
     * Used by resources (connections, locks) that rebuild themselves in the child.
     */
    public static long inheritedHandle(int index) {
        long[] handles = inheritedHandles;
        if (index < 0 || index >= handles.length) {
            throw new IllegalStateException("no inherited descriptor number " + index
                    + " (this process received " + handles.length + ")");
        }
        return handles[index];
    }

    /** Boots and runs the child; {@code args} are unused. */
    public static void main(String[] args) {
        BootChannel bootPipe = BootChannel.open();
        ChildEntry entry;
        BootData boot;
        try {
            DataInputStream in = new DataInputStream(bootPipe.input());
            boot = BootData.readFrom(in);
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            for (Map.Entry<String, String> p : boot.systemProperties().entrySet()) {
                System.setProperty(p.getKey(), p.getValue());
            }
            inheritedHandles = boot.inheritedHandles();
            entry = (ChildEntry) Serializer.standard().loads(payload, 0, payload.length);
        } catch (Throwable t) {
            acknowledge(bootPipe, ACK_ERROR, t.toString());
            System.exit(1);
            return;
        }
        acknowledge(bootPipe, ACK_OK, null);
        ParentWatch.start(bootPipe, boot.daemon());
        int code = entry.run(boot);
        ParentWatch.stop(bootPipe);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Answers the parent over the boot pipe, which is a duplex channel for this reason. */
    private static void acknowledge(BootChannel bootPipe, byte status, String message) {
        try {
            DataOutputStream data = new DataOutputStream(bootPipe.output());
            data.writeByte(status);
            if (message != null) {
                byte[] text = message.getBytes(StandardCharsets.UTF_8);
                data.writeInt(text.length);
                data.write(text);
            }
            data.flush();
        } catch (IOException parentGone) {
            // Nobody is left to tell; the exit code still says what happened.
        }
    }
}
