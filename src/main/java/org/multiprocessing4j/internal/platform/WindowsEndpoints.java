package org.multiprocessing4j.internal.platform;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Endpoints on Windows: TCP through Winsock ({@link WindowsSockets}) and named pipes, as
 * CPython's {@code PipeListener} and {@code PipeClient} make them. Unix sockets are refused.
 */
final class WindowsEndpoints implements Endpoints {
    private static final WindowsKernel32 KERNEL = WindowsKernel32.INSTANCE;
    /** How long {@link #connect} waits for a busy pipe, as CPython's CONNECTION_TIMEOUT. */
    private static final long PIPE_CONNECT_TIMEOUT_MILLIS = 20_000;
    private static final int PIPE_WAIT_SLICE_MILLIS = 1_000;

    private final WindowsSockets sockets;
    private final WindowsDescriptors descriptors;

    /**
     * @param sockets     the TCP sockets, and which handles are sockets
     * @param descriptors what closes a pipe instance that is not handed out
     */
    WindowsEndpoints(WindowsSockets sockets, WindowsDescriptors descriptors) {
        this.sockets = sockets;
        this.descriptors = descriptors;
    }

    /** A named pipe instance in byte mode, the first of its name or a further one. */
    private long newPipeInstance(String name, boolean first) throws IOException {
        int openMode = WinBase.PIPE_ACCESS_DUPLEX | (first ? WindowsKernel32.FILE_FLAG_FIRST_PIPE_INSTANCE : 0);
        WinNT.HANDLE pipe = KERNEL.CreateNamedPipe(name, openMode,
                WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_WAIT,
                WinBase.PIPE_UNLIMITED_INSTANCES, WindowsDescriptors.PIPE_BUFFER_SIZE, WindowsDescriptors.PIPE_BUFFER_SIZE, 0, null);
        if (WindowsHandles.value(pipe) == WindowsHandles.INVALID_HANDLE) {
            throw WindowsHandles.lastError("CreateNamedPipe(" + name + ")");
        }
        sockets.notSocket(WindowsHandles.value(pipe));
        return WindowsHandles.value(pipe);
    }

    /** Whether {@code endpoint} is TCP; a Unix socket address is refused, named pipes are the rest. */
    private static boolean isTcp(Endpoint endpoint) {
        if (endpoint.family() == Endpoint.Family.UNIX) {
            throw new UnsupportedOperationException("Unix sockets are not supported on Windows by "
                    + "multiprocessing4j; use a TCP address or a named pipe such as \\\\.\\pipe\\name");
        }
        return endpoint.family() == Endpoint.Family.TCP;
    }

    /**
     * A TCP listener (SO_EXCLUSIVEADDRUSE rather than the SO_REUSEADDR of POSIX, whose meaning
     * differs on Windows), or the first instance of a named pipe.
     */
    @Override
    public long listen(Endpoint endpoint, int backlog) throws IOException {
        if (isTcp(endpoint)) {
            return sockets.listen(endpoint, backlog);
        }
        return newPipeInstance(endpoint.path(), true);
    }

    @Override
    public Endpoint localEndpoint(long listener, Endpoint requested) throws IOException {
        return isTcp(requested) ? sockets.localEndpoint(listener) : requested;
    }

    /**
     * Connects the waiting instance to a client. As CPython's PipeListener, the next instance
     * is created first, so that a client never finds no instance of the name to open.
     */
    @Override
    public Accepted accept(long listener, Endpoint endpoint) throws IOException {
        if (isTcp(endpoint)) {
            return sockets.accept(listener);
        }
        long next = newPipeInstance(endpoint.path(), false);
        if (!KERNEL.ConnectNamedPipe(WindowsHandles.handle(listener), null)) {
            int error = Native.getLastError();
            // Connected already, or connected, wrote and left (its data is still readable).
            if (error != WinError.ERROR_PIPE_CONNECTED && error != WinError.ERROR_NO_DATA) {
                descriptors.close(next);
                throw WindowsHandles.ioError("ConnectNamedPipe(" + endpoint.path() + ")", error);
            }
        }
        return new Accepted(listener, next, Endpoint.pipe(""));
    }

    @Override
    public long connect(Endpoint endpoint) throws IOException {
        if (isTcp(endpoint)) {
            return sockets.connect(endpoint);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PIPE_CONNECT_TIMEOUT_MILLIS);
        while (true) {
            KERNEL.WaitNamedPipe(endpoint.path(), PIPE_WAIT_SLICE_MILLIS);
            WinNT.HANDLE client = KERNEL.CreateFile(endpoint.path(), WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0,
                    null, WinNT.OPEN_EXISTING, 0, null);
            if (WindowsHandles.value(client) != WindowsHandles.INVALID_HANDLE) {
                sockets.notSocket(WindowsHandles.value(client));
                return WindowsHandles.value(client);
            }
            int error = Native.getLastError();
            boolean busy = error == WinError.ERROR_PIPE_BUSY || error == WinError.ERROR_SEM_TIMEOUT;
            if (!busy || System.nanoTime() > deadline) {
                throw WindowsHandles.ioError("cannot connect to " + endpoint.path() + ": CreateFile", error);
            }
        }
    }

    @Override
    public Endpoint.Family defaultFamily() {
        return Endpoint.Family.PIPE;
    }
}
