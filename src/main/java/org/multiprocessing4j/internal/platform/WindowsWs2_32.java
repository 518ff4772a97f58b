package org.multiprocessing4j.internal.platform;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * The Winsock 2 functions the Windows platform uses for TCP; jna-platform's
 * {@code Winsock2} has only {@code gethostname}. A {@code SOCKET} is a {@code UINT_PTR}, so it
 * is mapped as a {@link Pointer} (pointer-sized on 32- and 64-bit Windows alike) and
 * {@code INVALID_SOCKET} reads as the pointer value -1 (all bits set).
 *
 * <p>Winsock sets the thread's last error ({@code WSAGetLastError} is {@code GetLastError}),
 * which JNA keeps for {@link Native#getLastError()} after every call.
 */
interface WindowsWs2_32 extends StdCallLibrary {
    WindowsWs2_32 INSTANCE = Native.load("Ws2_32", WindowsWs2_32.class);

    int AF_INET = 2;
    int AF_INET6 = 23;
    int SOCK_STREAM = 1;
    int IPPROTO_TCP = 6;
    /** Blocking calls still work on an overlapped socket; it is what {@code socket()} creates. */
    int WSA_FLAG_OVERLAPPED = 0x01;
    /** Windows 7 SP1 and later: the socket is created non-inheritable. */
    int WSA_FLAG_NO_HANDLE_INHERIT = 0x80;
    int SOL_SOCKET = 0xffff;
    int SO_TYPE = 0x1008;
    /** {@code ~SO_REUSEADDR}: no other socket may bind the address, as CPython's listeners on Windows. */
    int SO_EXCLUSIVEADDRUSE = ~0x0004;
    int SOCKET_ERROR = -1;
    short POLLRDNORM = 0x0100;
    /** WSADATA is 400 bytes on 32-bit and 408 on 64-bit Windows; room to spare. */
    int WSADATA_SIZE = 512;

    int WSAENOTSOCK = 10038;
    int WSAECONNABORTED = 10053;
    int WSAECONNRESET = 10054;
    int WSAESHUTDOWN = 10058;

    int WSAStartup(short versionRequested, Pointer wsaData);

    Pointer WSASocketW(int af, int type, int protocol, Pointer protocolInfo, int group, int flags);

    int bind(Pointer socket, Pointer address, int length);

    int listen(Pointer socket, int backlog);

    Pointer accept(Pointer socket, Pointer address, IntByReference length);

    int connect(Pointer socket, Pointer address, int length);

    int getsockname(Pointer socket, Pointer address, IntByReference length);

    int getsockopt(Pointer socket, int level, int option, Pointer value, IntByReference length);

    int setsockopt(Pointer socket, int level, int option, Pointer value, int length);

    int recv(Pointer socket, Pointer buffer, int length, int flags);

    int send(Pointer socket, Pointer buffer, int length, int flags);

    int send(Pointer socket, byte[] buffer, int length, int flags);

    int closesocket(Pointer socket);

    /** {@code fds} is an array of WSAPOLLFD: a SOCKET, then short events and short revents. */
    int WSAPoll(Pointer fds, int count, int timeoutMillis);
}
