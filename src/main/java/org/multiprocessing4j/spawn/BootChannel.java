package org.multiprocessing4j.spawn;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channel;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;

/**
 * The child's end of the boot pipe, its standard input, read through a {@link FileChannel} for
 * a reason that matters to every child's exit: a thread blocked reading a plain stream sits in
 * native code, and the JVM waits 300 ms for such threads before it exits, while a blocked
 * channel read is woken by closing the channel (on POSIX; on Windows the wait remains). A
 * {@code FileChannel} rather than {@link System#inheritedChannel()}, which would cost every
 * child the start-up of the networking classes. The acknowledgement goes out through a plain
 * stream on the same descriptor, since the channel of an input stream only reads.
 */
final class BootChannel {
    private final InputStream in;
    private final OutputStream out;
    private final Channel channel;

    private BootChannel(InputStream in, OutputStream out, Channel channel) {
        this.in = in;
        this.out = out;
        this.channel = channel;
    }

    static BootChannel open() {
        FileChannel channel = new FileInputStream(FileDescriptor.in).getChannel();
        return new BootChannel(Channels.newInputStream(channel), new FileOutputStream(FileDescriptor.in), channel);
    }

    InputStream input() {
        return in;
    }

    OutputStream output() {
        return out;
    }

    /** Wakes a thread blocked reading, so that the JVM can exit without waiting for it. */
    void closeForExit() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Exiting anyway.
        }
    }
}
