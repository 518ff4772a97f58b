package org.multiprocessing4j.internal.platform;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import java.io.IOException;
import java.util.Arrays;

/**
 * Descriptor I/O on Linux and macOS: read, write, close and poll are the same on both.
 * Subclasses make new descriptors close-on-exec, which each system does its own way.
 */
abstract class PosixDescriptors implements Descriptors {
    private static final short POLLIN = 0x1;
    private static final short POLLERR = 0x8;
    private static final short POLLHUP = 0x10;
    private static final short POLLNVAL = 0x20;
    private static final int POLLFD_SIZE = 8;

    /** A plain pipe with both ends close-on-exec. */
    abstract int[] pipeFds() throws IOException;

    /** A connected pair of Unix stream sockets, both close-on-exec. */
    abstract int[] socketPair() throws IOException;

    /** A new descriptor, close-on-exec, for what {@code fd} refers to (F_DUPFD_CLOEXEC). */
    abstract int duplicateCloseOnExec(int fd) throws IOException;

    @Override
    public long[] pipe() throws IOException {
        int[] fds = pipeFds();
        return new long[] {fds[0], fds[1]};
    }

    @Override
    public long[] duplexPair() throws IOException {
        int[] fds = socketPair();
        return new long[] {fds[0], fds[1]};
    }

    @Override
    public int read(long handle, NativeBuffer buffer, int offset, int length) throws IOException {
        long address = buffer.address(offset, length);
        long n = PosixErrors.retryingOnEintr("read", () -> PosixLibC.read((int) handle, address, length));
        return n == 0 && length > 0 ? -1 : (int) n;
    }

    @Override
    public void write(long handle, byte[] buffer, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            byte[] chunk = offset + done == 0 ? buffer : Arrays.copyOfRange(buffer, offset + done, offset + length);
            int left = length - done;
            done += (int) PosixErrors.retryingOnEintr("write", () -> PosixLibC.write((int) handle, chunk, left));
        }
    }

    @Override
    public void write(long handle, NativeBuffer buffer, int offset, int length) throws IOException {
        long address = buffer.address(offset, length);
        long done = 0;
        while (done < length) {
            long from = done;
            done += PosixErrors.retryingOnEintr("write", () -> PosixLibC.write((int) handle, address + from, length - from));
        }
    }

    @Override
    public long duplicate(long handle) throws IOException {
        return duplicateCloseOnExec((int) handle);
    }

    @Override
    public void close(long handle) {
        try {
            PosixLibC.close((int) handle);
        } catch (LastErrorException ignored) {
            // EBADF or EINTR: on Linux and macOS the descriptor is released either way.
        }
    }

    @Override
    public int[] waitReady(long[] handles, long timeoutMillis) throws IOException {
        Memory fds = new Memory((long) POLLFD_SIZE * Math.max(1, handles.length));
        for (int i = 0; i < handles.length; i++) {
            fds.setInt((long) i * POLLFD_SIZE, (int) handles[i]);
            fds.setShort((long) i * POLLFD_SIZE + 4, POLLIN);
            fds.setShort((long) i * POLLFD_SIZE + 6, (short) 0);
        }
        long deadline = timeoutMillis < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMillis * 1_000_000L;
        int timeout = (int) Math.min(Integer.MAX_VALUE, Math.max(-1, timeoutMillis));
        while (true) {
            try {
                int ready = PosixLibC.poll(fds, handles.length, timeout);
                int[] result = new int[ready];
                int found = 0;
                for (int i = 0; i < handles.length && found < ready; i++) {
                    short revents = fds.getShort((long) i * POLLFD_SIZE + 6);
                    if ((revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) != 0) {
                        result[found++] = i;
                    }
                }
                return found == ready ? result : Arrays.copyOf(result, found);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != PosixErrors.EINTR) {
                    throw PosixErrors.ioError("poll", e);
                }
                if (timeoutMillis >= 0) {
                    timeout = (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
                }
            }
        }
    }
}
