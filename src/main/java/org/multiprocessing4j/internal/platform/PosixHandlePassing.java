package org.multiprocessing4j.internal.platform;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import java.io.EOFException;
import java.io.IOException;
import java.lang.ref.Reference;

/**
 * Descriptors sent over a Unix socket ({@code SCM_RIGHTS}): how a child that is already running
 * (a spare JVM) receives what a child spawned for the purpose would inherit. One byte of data
 * carries the descriptors, so a peer that died shows as end of stream rather than a hang. The
 * structures are written by hand because their layout differs: Linux has 8-byte lengths in
 * {@code msghdr} and {@code cmsghdr}, macOS 4-byte ones.
 */
final class PosixHandlePassing implements HandlePassing {
    private static final int SCM_RIGHTS = 1;
    private static final int IOVEC_SIZE = 16;

    /** Where the fields of {@code msghdr} and {@code cmsghdr} are on one system. */
    static final class Layout {
        final int messageSize;
        final int iovLengthOffset;
        final boolean iovLengthIsLong;
        final int controlOffset;
        final int controlLengthOffset;
        final boolean lengthsAreLong;
        final int flagsOffset;
        final int controlHeader;
        final int controlAlign;
        final int solSocket;
        final int controlTruncated;
        final int receiveFlags;

        Layout(int messageSize, int iovLengthOffset, boolean iovLengthIsLong, int controlOffset,
               int controlLengthOffset, boolean lengthsAreLong, int flagsOffset, int controlHeader,
               int controlAlign, int solSocket, int controlTruncated, int receiveFlags) {
            this.messageSize = messageSize;
            this.iovLengthOffset = iovLengthOffset;
            this.iovLengthIsLong = iovLengthIsLong;
            this.controlOffset = controlOffset;
            this.controlLengthOffset = controlLengthOffset;
            this.lengthsAreLong = lengthsAreLong;
            this.flagsOffset = flagsOffset;
            this.controlHeader = controlHeader;
            this.controlAlign = controlAlign;
            this.solSocket = solSocket;
            this.controlTruncated = controlTruncated;
            this.receiveFlags = receiveFlags;
        }

        /** Linux on a 64-bit machine; received descriptors are close-on-exec (MSG_CMSG_CLOEXEC). */
        static final Layout LINUX = new Layout(56, 24, true, 32, 40, true, 48, 16, 8, 1, 0x8, 0x4000_0000);
        /** macOS on a 64-bit machine. */
        static final Layout MAC = new Layout(48, 24, false, 32, 40, false, 44, 12, 4, 0xffff, 0x20, 0);

        int controlSpace(int count) {
            return controlHeader + align(count * 4);
        }

        private int align(int n) {
            return (n + controlAlign - 1) & -controlAlign;
        }
    }

    private final Layout layout;
    private final PosixDescriptors descriptors;

    PosixHandlePassing(Layout layout, PosixDescriptors descriptors) {
        this.layout = layout;
        this.descriptors = descriptors;
    }

    @Override
    public boolean isSupported() {
        return true;
    }

    /** A socketpair: SCM_RIGHTS needs a Unix socket. */
    @Override
    public long[] channel() throws IOException {
        return descriptors.duplexPair();
    }

    @Override
    public long duplicate(long handle) throws IOException {
        return descriptors.duplicateCloseOnExec((int) handle);
    }

    @Override
    public void send(long channel, long[] handles) throws IOException {
        Memory control = new Memory(layout.controlSpace(handles.length));
        control.clear();
        putLength(control, 0, layout.controlHeader + handles.length * 4L);
        control.setInt(layout.lengthsAreLong ? 8 : 4, layout.solSocket);
        control.setInt(layout.lengthsAreLong ? 12 : 8, SCM_RIGHTS);
        for (int i = 0; i < handles.length; i++) {
            control.setInt(layout.controlHeader + 4L * i, (int) handles[i]);
        }
        Memory data = new Memory(1);
        data.setByte(0, (byte) handles.length);
        Memory iov = new Memory(IOVEC_SIZE);
        Memory message = message(data, iov, control);
        try {
            if (PosixLibC.sendmsg((int) channel, message, 0) != 1) {
                throw new IOException("sendmsg sent no data with the descriptors");
            }
        } catch (LastErrorException e) {
            throw PosixErrors.ioError("sendmsg", e);
        } finally {
            // The message holds only addresses: its parts must outlive the call.
            Reference.reachabilityFence(data);
            Reference.reachabilityFence(iov);
            Reference.reachabilityFence(control);
        }
    }

    @Override
    public long[] receive(long channel, int count) throws IOException {
        Memory control = new Memory(layout.controlSpace(count));
        control.clear();
        Memory data = new Memory(1);
        Memory iov = new Memory(IOVEC_SIZE);
        Memory message = message(data, iov, control);
        long received;
        try {
            received = PosixLibC.recvmsg((int) channel, message, layout.receiveFlags);
        } catch (LastErrorException e) {
            throw PosixErrors.ioError("recvmsg", e);
        } finally {
            Reference.reachabilityFence(data);
            Reference.reachabilityFence(iov);
        }
        if (received <= 0) {
            throw new EOFException("the descriptors' sender closed the channel before sending them");
        }
        long controlLength = layout.lengthsAreLong ? message.getLong(layout.controlLengthOffset)
                : message.getInt(layout.controlLengthOffset) & 0xffffffffL;
        long[] handles = new long[count];
        int got = controlLength < layout.controlHeader ? 0
                : (int) ((getLength(control) - layout.controlHeader) / 4);
        for (int i = 0; i < got; i++) {
            int fd = control.getInt(layout.controlHeader + 4L * i);
            if (i < count) {
                handles[i] = fd;
            } else {
                PosixLibC.close(fd);
            }
        }
        if ((message.getInt(layout.flagsOffset) & layout.controlTruncated) != 0 || got != count) {
            for (int i = 0; i < Math.min(got, count); i++) {
                PosixLibC.close((int) handles[i]);
            }
            throw new IOException("expected " + count + " descriptors, received " + got);
        }
        return handles;
    }

    private Memory message(Memory data, Memory iov, Memory control) {
        iov.setPointer(0, data);
        iov.setLong(8, data.size());
        Memory message = new Memory(layout.messageSize);
        message.clear();
        message.setPointer(16, iov);
        if (layout.iovLengthIsLong) {
            message.setLong(layout.iovLengthOffset, 1);
        } else {
            message.setInt(layout.iovLengthOffset, 1);
        }
        message.setPointer(layout.controlOffset, control);
        putLength(message, layout.controlLengthOffset, control.size());
        return message;
    }

    private void putLength(Memory memory, long offset, long length) {
        if (layout.lengthsAreLong) {
            memory.setLong(offset, length);
        } else {
            memory.setInt(offset, (int) length);
        }
    }

    private long getLength(Memory control) {
        return layout.lengthsAreLong ? control.getLong(0) : control.getInt(0) & 0xffffffffL;
    }
}
