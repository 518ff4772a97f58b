package org.multiprocessing4j.internal.platform;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Descriptor I/O on Windows: pipes are anonymous pipes and duplex pairs are named pipes, all
 * with synchronous I/O (ReadFile, WriteFile); sockets ({@link WindowsSockets}) are read and
 * written with recv and send, never ReadFile and WriteFile. Waiting looks at pipes, sockets and
 * waitable objects each their own way ({@link WindowsWatch}).
 *
 * <p>Synchronous I/O is serialised per handle by Windows: while one thread is blocked reading
 * a handle, another thread's write, read or PeekNamedPipe on the same handle waits for it.
 * One end of a pair must therefore not be read and written by two threads at once.
 */
final class WindowsDescriptors implements Descriptors {
    /** What CreatePipe and CreateNamedPipe are asked to buffer, so a writer rarely waits. */
    static final int PIPE_BUFFER_SIZE = 64 * 1024;
    private static final WindowsKernel32 KERNEL = WindowsKernel32.INSTANCE;
    private static final long MAX_PAUSE_MILLIS = 10;
    private static final AtomicLong PIPE_COUNTER = new AtomicLong();
    private static final SecureRandom PIPE_NAME_RANDOM = new SecureRandom();

    private final WindowsSockets sockets;

    /** @param sockets which handles are sockets, and their I/O */
    WindowsDescriptors(WindowsSockets sockets) {
        this.sockets = sockets;
    }

    @Override
    public long[] pipe() throws IOException {
        WinNT.HANDLEByReference read = new WinNT.HANDLEByReference();
        WinNT.HANDLEByReference write = new WinNT.HANDLEByReference();
        // No security attributes: neither end is inheritable.
        if (!KERNEL.CreatePipe(read, write, null, PIPE_BUFFER_SIZE)) {
            throw WindowsHandles.lastError("CreatePipe");
        }
        long[] ends = {WindowsHandles.value(read.getValue()), WindowsHandles.value(write.getValue())};
        sockets.notSocket(ends[0]);
        sockets.notSocket(ends[1]);
        return ends;
    }

    /**
     * A named pipe's server end and a client end connected to it. The name is unpredictable and
     * the pipe has one instance created with FILE_FLAG_FIRST_PIPE_INSTANCE, so no other process
     * can own the name first or connect in place of the client: it would take the only
     * instance, and CreateFileW here would fail.
     */
    @Override
    public long[] duplexPair() throws IOException {
        String name = "\\\\.\\pipe\\mp4j-" + ProcessIds.current() + "-" + PIPE_COUNTER.incrementAndGet()
                + "-" + Long.toHexString(PIPE_NAME_RANDOM.nextLong());
        WinNT.HANDLE server = KERNEL.CreateNamedPipe(name,
                WinBase.PIPE_ACCESS_DUPLEX | WindowsKernel32.FILE_FLAG_FIRST_PIPE_INSTANCE,
                WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_WAIT
                        | WinBase.PIPE_REJECT_REMOTE_CLIENTS,
                1, PIPE_BUFFER_SIZE, PIPE_BUFFER_SIZE, 0, null);
        if (WindowsHandles.value(server) == WindowsHandles.INVALID_HANDLE) {
            throw WindowsHandles.lastError("CreateNamedPipe(" + name + ")");
        }
        sockets.notSocket(WindowsHandles.value(server));
        try {
            long client = connectClient(name, server);
            sockets.notSocket(client);
            return new long[] {WindowsHandles.value(server), client};
        } catch (IOException e) {
            close(WindowsHandles.value(server));
            throw e;
        }
    }

    /** Opens the client end of {@code name} and completes the server's side of the connection. */
    private long connectClient(String name, WinNT.HANDLE server) throws IOException {
        WinNT.HANDLE client = KERNEL.CreateFile(name, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
                WinNT.OPEN_EXISTING, 0, null);
        if (WindowsHandles.value(client) == WindowsHandles.INVALID_HANDLE) {
            throw WindowsHandles.lastError("CreateFile(" + name + ")");
        }
        // The client is already there, so ConnectNamedPipe "fails" with ERROR_PIPE_CONNECTED.
        if (!KERNEL.ConnectNamedPipe(server, null) && Native.getLastError() != WinError.ERROR_PIPE_CONNECTED) {
            IOException failure = WindowsHandles.lastError("ConnectNamedPipe(" + name + ")");
            close(WindowsHandles.value(client));
            throw failure;
        }
        return WindowsHandles.value(client);
    }

    @Override
    public void write(long handle, byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (sockets.isSocket(handle)) {
            sockets.write(handle, buffer, offset, length);
            return;
        }
        WinNT.HANDLE target = WindowsHandles.handle(handle);
        IntByReference done = new IntByReference();
        int written = 0;
        while (written < length) {
            int start = offset + written;
            byte[] chunk = start == 0 ? buffer : Arrays.copyOfRange(buffer, start, offset + length);
            if (!KERNEL.WriteFile(target, chunk, length - written, done, null)) {
                throw writeError(Native.getLastError());
            }
            written += done.getValue();
        }
    }

    @Override
    public int read(long handle, NativeBuffer buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        Pointer target = new Pointer(buffer.address(offset, length));
        if (sockets.isSocket(handle)) {
            return sockets.read(handle, target, length);
        }
        IntByReference done = new IntByReference();
        if (!KERNEL.ReadFile(WindowsHandles.handle(handle), target, length, done, null)) {
            int error = Native.getLastError();
            if (isEndOfPipe(error)) {
                return -1;
            }
            throw WindowsHandles.ioError("ReadFile", error);
        }
        return done.getValue() == 0 ? -1 : done.getValue();
    }

    @Override
    public void write(long handle, NativeBuffer buffer, int offset, int length) throws IOException {
        long address = buffer.address(offset, length);
        if (sockets.isSocket(handle)) {
            sockets.write(handle, address, length);
            return;
        }
        IntByReference done = new IntByReference();
        int written = 0;
        while (written < length) {
            if (!KERNEL.WriteFile(WindowsHandles.handle(handle), new Pointer(address + written), length - written, done, null)) {
                throw writeError(Native.getLastError());
            }
            written += done.getValue();
        }
    }

    private static boolean isEndOfPipe(int error) {
        return error == WinError.ERROR_BROKEN_PIPE || error == WinError.ERROR_HANDLE_EOF
                || error == WinError.ERROR_PIPE_NOT_CONNECTED;
    }

    private static IOException writeError(int error) {
        if (error == WinError.ERROR_NO_DATA || error == WinError.ERROR_BROKEN_PIPE
                || error == WinError.ERROR_PIPE_NOT_CONNECTED) {
            return new IOException("broken pipe");
        }
        return WindowsHandles.ioError("WriteFile", error);
    }

    @Override
    public long duplicate(long handle) throws IOException {
        return WindowsHandles.duplicate(handle, false);
    }

    @Override
    public void close(long handle) {
        // A failure means the handle was not open; either way it is not open now.
        if (sockets.closed(handle)) {
            sockets.close(handle);
            return;
        }
        KERNEL.CloseHandle(WindowsHandles.handle(handle));
    }

    @Override
    public int[] waitReady(long[] handles, long timeoutMillis) throws IOException {
        WindowsWatch watch = new WindowsWatch(handles, sockets);
        long start = System.nanoTime();
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long pauseMillis = 1;
        boolean interrupted = false;
        try {
            while (true) {
                int[] ready = watch.ready();
                if (ready.length > 0 || timeoutMillis == 0) {
                    return ready;
                }
                long remaining = timeoutMillis < 0 ? -1 : remainingMillis(start, timeoutNanos);
                if (remaining == 0) {
                    return ready;
                }
                if (watch.canBlock()) {
                    watch.block(remaining);
                } else {
                    interrupted |= pause(remaining < 0 ? pauseMillis : Math.min(pauseMillis, remaining));
                    pauseMillis = Math.min(2 * pauseMillis, MAX_PAUSE_MILLIS);
                }
            }
        } finally {
            // Like poll() on POSIX, the wait is not cut short by an interrupt, but keeps it.
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The whole milliseconds left, rounded up so that a wait does not end just before its time. */
    private static long remainingMillis(long start, long timeoutNanos) {
        long left = timeoutNanos - (System.nanoTime() - start);
        return left <= 0 ? 0 : (left + 999_999) / 1_000_000;
    }

    /** Sleeps; returns whether an interrupt arrived, which then ended the sleep early. */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }
}
