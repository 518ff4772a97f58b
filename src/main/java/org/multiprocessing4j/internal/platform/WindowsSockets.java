package org.multiprocessing4j.internal.platform;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * TCP over IPv4 and IPv6 on Windows through Winsock 2: socket, bind, listen, accept, connect,
 * getsockname, recv, send, closesocket and WSAPoll, with {@code sockaddr_in} and
 * {@code sockaddr_in6} laid out by hand (a 16-bit family in host order, then the port and the
 * address in network order, as on Linux).
 *
 * <p>Sockets are created as {@code socket()} creates them, overlapped, and used only with
 * blocking Winsock calls, never with ReadFile or WriteFile. A handle is therefore sorted into
 * socket or not before any I/O: handles this class made are known; any other handle (one a
 * child inherited, say) is asked for its socket type once and the answer kept until
 * {@link #closed(long)}. Sockets, like pipes, report {@code FILE_TYPE_PIPE}, so only such
 * handles are asked.
 *
 * <p>A socket handed to a child goes the way of any handle: an inheritable DuplicateHandle
 * copy named in the child's handle list. Microsoft documents WSADuplicateSocket for this, which
 * needs the child's process id before the child exists and a channel for the protocol
 * information; a plain handle works for sockets of the base provider (no layered service
 * providers), as CPython's inheritable sockets rely on too. The child's Winsock imports the
 * inherited handle when it is first used.
 */
final class WindowsSockets {
    private static final WindowsWs2_32 WS2 = WindowsWs2_32.INSTANCE;
    private static final WindowsKernel32 KERNEL = WindowsKernel32.INSTANCE;
    private static final int SOCKADDR_STORAGE_SIZE = 128;
    private static final int SOCKADDR_IN_SIZE = 16;
    private static final int SOCKADDR_IN6_SIZE = 28;
    private static final long INVALID_SOCKET = -1;
    private static final int HANDLE_FLAG_INHERIT = 1;
    /** MAKEWORD(2, 2). */
    private static final short WINSOCK_2_2 = 0x0202;
    /** A WSAPOLLFD: the SOCKET, then two shorts, padded to the SOCKET's alignment. */
    private static final int POLLFD_SIZE = 2 * Native.POINTER_SIZE;

    /** Whether a handle value is a socket; handles this process made or looked at, until closed. */
    private final ConcurrentMap<Long, Boolean> kinds = new ConcurrentHashMap<>();
    private volatile boolean started;

    /**
     * Calls WSAStartup once for the process. It is never matched by WSACleanup: sockets may
     * be in use until the JVM exits, and Windows releases Winsock with the process.
     */
    private void start() throws IOException {
        if (started) {
            return;
        }
        synchronized (this) {
            if (started) {
                return;
            }
            Memory data = new Memory(WindowsWs2_32.WSADATA_SIZE);
            int error = WS2.WSAStartup(WINSOCK_2_2, data);
            if (error != 0) {
                // WSAStartup returns its error rather than setting the last error.
                throw WindowsHandles.ioError("WSAStartup", error);
            }
            started = true;
        }
    }

    /** Records that {@code handle} (a pipe this process made) is not a socket, sparing the question. */
    void notSocket(long handle) {
        kinds.put(handle, Boolean.FALSE);
    }

    /** Whether {@code handle} is a socket, asking the system the first time. */
    boolean isSocket(long handle) {
        Boolean known = kinds.get(handle);
        if (known != null) {
            return known;
        }
        boolean socket = probe(handle);
        kinds.put(handle, socket);
        return socket;
    }

    /**
     * Forgets {@code handle}, which is being closed, and says whether it was a socket (to be
     * closed with closesocket). Handles of no known kind are asked, but not remembered.
     */
    boolean closed(long handle) {
        Boolean known = kinds.remove(handle);
        return known != null ? known : probe(handle);
    }

    /** A handle is a socket when Winsock can tell its type; that needs Winsock started. */
    private boolean probe(long handle) {
        if (KERNEL.GetFileType(WindowsHandles.handle(handle)) != WinNT.FILE_TYPE_PIPE) {
            return false;
        }
        try {
            start();
        } catch (IOException noWinsock) {
            return false;
        }
        Memory type = new Memory(4);
        IntByReference length = new IntByReference(4);
        return WS2.getsockopt(socket(handle), WindowsWs2_32.SOL_SOCKET, WindowsWs2_32.SO_TYPE, type, length) == 0;
    }

    long listen(Endpoint endpoint, int backlog) throws IOException {
        return withNewSocket(endpoint, "cannot listen on ", (socket, address, length) -> {
            // Not SO_REUSEADDR, which on Windows lets another socket bind the port this one
            // listens on (CPython's SocketListener sets no option on Windows, issue #2550).
            // SO_EXCLUSIVEADDRUSE also keeps others from binding it; its cost is that the port
            // cannot be bound again while accepted connections on it linger in TIME_WAIT.
            Memory on = new Memory(4);
            on.setInt(0, 1);
            if (WS2.setsockopt(socket, WindowsWs2_32.SOL_SOCKET, WindowsWs2_32.SO_EXCLUSIVEADDRUSE, on, 4) != 0) {
                return "setsockopt(SO_EXCLUSIVEADDRUSE)";
            }
            if (WS2.bind(socket, address, length) != 0) {
                return "bind";
            }
            return WS2.listen(socket, backlog) != 0 ? "listen" : null;
        });
    }

    long connect(Endpoint endpoint) throws IOException {
        return withNewSocket(endpoint, "cannot connect to ",
                (socket, address, length) -> WS2.connect(socket, address, length) != 0 ? "connect" : null);
    }

    /** What is done to a new socket before it is handed out; returns the failed call's name or null. */
    @FunctionalInterface
    private interface Setup {
        String apply(Pointer socket, Memory address, int length);
    }

    /** A new non-inheritable socket of the endpoint's family, set up by {@code setup}; a failure closes it. */
    private long withNewSocket(Endpoint endpoint, String failure, Setup setup) throws IOException {
        start();
        Memory address = new Memory(SOCKADDR_STORAGE_SIZE);
        int length = encode(endpoint, address);
        int family = address.getShort(0) & 0xffff;
        Pointer socket = WS2.WSASocketW(family, WindowsWs2_32.SOCK_STREAM, WindowsWs2_32.IPPROTO_TCP, null, 0,
                WindowsWs2_32.WSA_FLAG_OVERLAPPED | WindowsWs2_32.WSA_FLAG_NO_HANDLE_INHERIT);
        long value = Pointer.nativeValue(socket);
        if (isInvalid(value)) {
            throw WindowsHandles.lastError("WSASocketW");
        }
        String failed = setup.apply(socket, address, length);
        if (failed != null) {
            int error = Native.getLastError();
            WS2.closesocket(socket);
            throw WindowsHandles.ioError(failure + describe(endpoint) + ": " + failed, error);
        }
        kinds.put(value, Boolean.TRUE);
        return value;
    }

    /** Waits for a client; one that reset its connection before it was taken is passed over. */
    Accepted accept(long listener) throws IOException {
        start();
        Memory address = new Memory(SOCKADDR_STORAGE_SIZE);
        IntByReference length = new IntByReference();
        while (true) {
            length.setValue(SOCKADDR_STORAGE_SIZE);
            Pointer accepted = WS2.accept(socket(listener), address, length);
            long value = Pointer.nativeValue(accepted);
            if (isInvalid(value)) {
                int error = Native.getLastError();
                if (error == WindowsWs2_32.WSAECONNRESET || error == WindowsWs2_32.WSAECONNABORTED) {
                    continue;
                }
                // WSAEINTR here means another thread closed the listener.
                throw WindowsHandles.ioError("accept", error);
            }
            // The accepted socket takes the listener's properties; make sure it is not inheritable.
            if (!KERNEL.SetHandleInformation(WindowsHandles.handle(value), HANDLE_FLAG_INHERIT, 0)) {
                int error = Native.getLastError();
                WS2.closesocket(accepted);
                throw WindowsHandles.ioError("SetHandleInformation(accepted socket)", error);
            }
            kinds.put(value, Boolean.TRUE);
            try {
                return new Accepted(value, listener, decode(address));
            } catch (IOException | RuntimeException e) {
                close(value);
                throw e;
            }
        }
    }

    Endpoint localEndpoint(long socket) throws IOException {
        start();
        Memory address = new Memory(SOCKADDR_STORAGE_SIZE);
        IntByReference length = new IntByReference(SOCKADDR_STORAGE_SIZE);
        if (WS2.getsockname(socket(socket), address, length) != 0) {
            throw WindowsHandles.lastError("getsockname");
        }
        return decode(address);
    }

    /** recv into native memory: at least one byte, blocking; -1 at the end of the stream. */
    int read(long socket, Pointer buffer, int length) throws IOException {
        int n = WS2.recv(socket(socket), buffer, length, 0);
        if (n == WindowsWs2_32.SOCKET_ERROR) {
            throw readError(Native.getLastError());
        }
        return n == 0 ? -1 : n;
    }

    /** send from native memory, looping over partial sends. */
    void write(long socket, long address, int length) throws IOException {
        Pointer target = socket(socket);
        int written = 0;
        while (written < length) {
            int n = WS2.send(target, new Pointer(address + written), length - written, 0);
            if (n == WindowsWs2_32.SOCKET_ERROR) {
                throw writeError(Native.getLastError());
            }
            written += n;
        }
    }

    void write(long socket, byte[] buffer, int offset, int length) throws IOException {
        Pointer target = socket(socket);
        int written = 0;
        while (written < length) {
            int start = offset + written;
            byte[] chunk = start == 0 ? buffer : Arrays.copyOfRange(buffer, start, offset + length);
            int n = WS2.send(target, chunk, length - written, 0);
            if (n == WindowsWs2_32.SOCKET_ERROR) {
                throw writeError(Native.getLastError());
            }
            written += n;
        }
    }

    /** closesocket, forgetting the handle first: its value may be reused as soon as it is closed. */
    void close(long socket) {
        kinds.remove(socket);
        WS2.closesocket(socket(socket));
    }

    /**
     * Which of {@code sockets} are ready: readable, at their end, failed, or (a listener) with
     * a client waiting. Waits up to {@code timeoutMillis} (negative: no limit, 0: only looks).
     */
    boolean[] ready(long[] sockets, long timeoutMillis) throws IOException {
        boolean[] ready = new boolean[sockets.length];
        if (sockets.length == 0) {
            return ready;
        }
        start();
        Memory fds = new Memory((long) POLLFD_SIZE * sockets.length);
        fds.clear();
        for (int i = 0; i < sockets.length; i++) {
            long at = (long) i * POLLFD_SIZE;
            fds.setPointer(at, socket(sockets[i]));
            fds.setShort(at + Native.POINTER_SIZE, WindowsWs2_32.POLLRDNORM);
        }
        int timeout = timeoutMillis < 0 ? -1 : (int) Math.min(timeoutMillis, Integer.MAX_VALUE);
        int n = WS2.WSAPoll(fds, sockets.length, timeout);
        if (n == WindowsWs2_32.SOCKET_ERROR) {
            int error = Native.getLastError();
            if (error != WindowsWs2_32.WSAENOTSOCK) {
                throw WindowsHandles.ioError("WSAPoll", error);
            }
            // A socket closed meanwhile fails the whole call rather than reporting POLLNVAL:
            // look at each alone, and count one that cannot be looked at as ready, as poll
            // does on POSIX; the read or accept that follows reports the error.
            for (int i = 0; i < sockets.length; i++) {
                ready[i] = sockets.length == 1 || ready(new long[] {sockets[i]}, 0)[0];
            }
            return ready;
        }
        for (int i = 0; n > 0 && i < sockets.length; i++) {
            // POLLRDNORM, or POLLHUP, POLLERR, POLLNVAL: the next read or accept tells which.
            ready[i] = fds.getShort((long) i * POLLFD_SIZE + Native.POINTER_SIZE + 2) != 0;
        }
        return ready;
    }

    private static IOException readError(int error) {
        return WindowsHandles.ioError("recv", error);
    }

    private static IOException writeError(int error) {
        if (error == WindowsWs2_32.WSAECONNRESET || error == WindowsWs2_32.WSAECONNABORTED
                || error == WindowsWs2_32.WSAESHUTDOWN) {
            return new IOException("broken pipe: " + WindowsHandles.errorMessage(error) + " (error " + error + ")");
        }
        return WindowsHandles.ioError("send", error);
    }

    /** INVALID_SOCKET is ~0 as a UINT_PTR: -1 on 64-bit, 0xFFFFFFFF on 32-bit. */
    private static boolean isInvalid(long value) {
        return value == INVALID_SOCKET || value == 0xFFFFFFFFL || value == 0;
    }

    private static Pointer socket(long value) {
        return new Pointer(value);
    }

    private static String describe(Endpoint endpoint) {
        return endpoint.host() + ":" + endpoint.port();
    }

    /** Writes the sockaddr for a TCP endpoint; returns its length. */
    private static int encode(Endpoint endpoint, Memory address) throws IOException {
        Objects.requireNonNull(endpoint.host(), "host");
        address.clear();
        InetAddress host = resolve(endpoint.host());
        byte[] raw = host.getAddress();
        boolean v6 = raw.length == 16;
        int port = endpoint.port();
        address.setShort(0, (short) (v6 ? WindowsWs2_32.AF_INET6 : WindowsWs2_32.AF_INET));
        address.setByte(2, (byte) (port >>> 8));
        address.setByte(3, (byte) port);
        if (v6) {
            // sin6_flowinfo (4) stays 0; sin6_addr at 8; sin6_scope_id at 24, host order.
            address.write(8, raw, 0, 16);
            address.setInt(24, ((Inet6Address) host).getScopeId());
            return SOCKADDR_IN6_SIZE;
        }
        address.write(4, raw, 0, 4);
        return SOCKADDR_IN_SIZE;
    }

    private static InetAddress resolve(String host) throws IOException {
        try {
            return host.isEmpty() ? InetAddress.getByAddress(new byte[4]) : InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IOException("unknown host: " + host, e);
        }
    }

    private static Endpoint decode(Memory address) throws IOException {
        int family = address.getShort(0) & 0xffff;
        int port = (address.getByte(2) & 0xff) << 8 | address.getByte(3) & 0xff;
        byte[] raw;
        if (family == WindowsWs2_32.AF_INET) {
            raw = address.getByteArray(4, 4);
        } else if (family == WindowsWs2_32.AF_INET6) {
            raw = address.getByteArray(8, 16);
        } else {
            throw new IOException("unexpected address family " + family);
        }
        return Endpoint.tcp(InetAddress.getByAddress(raw).getHostAddress(), port);
    }
}
