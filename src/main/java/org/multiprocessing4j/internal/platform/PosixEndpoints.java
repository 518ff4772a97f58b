package org.multiprocessing4j.internal.platform;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Endpoints on Linux and macOS are TCP and Unix domain stream sockets: socket, bind, listen,
 * accept, connect and getsockname, with {@code struct sockaddr_in}, {@code sockaddr_in6} and
 * {@code sockaddr_un} laid out by hand. Subclasses give what differs: the constants, whether a
 * sockaddr starts with a length byte (macOS) or a 16-bit family (Linux), and how a socket is
 * made close-on-exec.
 */
abstract class PosixEndpoints implements Endpoints {
    static final int AF_INET = 2;
    private static final int SOCKADDR_STORAGE_SIZE = 128;
    private static final int SUN_PATH_OFFSET = 2;
    private static final int SOCKADDR_IN_SIZE = 16;
    private static final int SOCKADDR_IN6_SIZE = 28;

    private final int afInet6;
    private final int solSocket;
    private final int soReuseAddr;
    private final int econnaborted;
    private final int sunPathSize;
    private final boolean lengthByte;

    /**
     * @param econnaborted what accept reports for a client that left before it was taken
     * @param lengthByte   whether a sockaddr starts with its length (BSD), not a 16-bit family
     */
    PosixEndpoints(int afInet6, int solSocket, int soReuseAddr, int econnaborted, int sunPathSize, boolean lengthByte) {
        this.afInet6 = afInet6;
        this.solSocket = solSocket;
        this.soReuseAddr = soReuseAddr;
        this.econnaborted = econnaborted;
        this.sunPathSize = sunPathSize;
        this.lengthByte = lengthByte;
    }

    /** A new stream socket of {@code family}, close-on-exec. */
    abstract int newSocket(int family) throws LastErrorException, IOException;

    /** accept(2), the new descriptor close-on-exec. */
    abstract int acceptSocket(int fd, Memory address, int[] length) throws LastErrorException, IOException;

    @Override
    public long listen(Endpoint endpoint, int backlog) throws IOException {
        return withNewSocket(endpoint, "cannot listen on ", (fd, address, length) -> {
            if (endpoint.family() == Endpoint.Family.TCP) {
                // As CPython's SocketListener: a restarted server can bind its port again at once.
                PosixLibC.setsockopt(fd, solSocket, soReuseAddr, new int[] {1}, 4);
            }
            PosixLibC.bind(fd, address, length);
            PosixLibC.listen(fd, backlog);
        });
    }

    @Override
    public long connect(Endpoint endpoint) throws IOException {
        return withNewSocket(endpoint, "cannot connect to ", PosixLibC::connect);
    }

    @Override
    public Endpoint.Family defaultFamily() {
        return Endpoint.Family.UNIX;
    }

    /** What is done to a new socket before it is handed out; a failure closes it. */
    @FunctionalInterface
    private interface Setup {
        void apply(int fd, Memory address, int length) throws LastErrorException;
    }

    /** A new socket of the endpoint's family, set up for its address by {@code setup}. */
    private long withNewSocket(Endpoint endpoint, String failure, Setup setup) throws IOException {
        Memory address = new Memory(SOCKADDR_STORAGE_SIZE);
        int length = encode(endpoint, address);
        int fd;
        try {
            fd = newSocket(family(address));
        } catch (LastErrorException e) {
            throw PosixErrors.ioError("socket", e);
        }
        try {
            setup.apply(fd, address, length);
            return fd;
        } catch (LastErrorException e) {
            PosixLibC.close(fd);
            throw PosixErrors.ioError(failure + describe(endpoint), e);
        }
    }

    @Override
    public Accepted accept(long listener, Endpoint endpoint) throws IOException {
        Memory address = new Memory(SOCKADDR_STORAGE_SIZE);
        int[] length = new int[1];
        while (true) {
            length[0] = SOCKADDR_STORAGE_SIZE;
            try {
                int fd = acceptSocket((int) listener, address, length);
                return new Accepted(fd, listener, decode(address, length[0]));
            } catch (LastErrorException e) {
                // A signal, or a client that gave up before we took it: wait for the next one.
                if (e.getErrorCode() != PosixErrors.EINTR && e.getErrorCode() != econnaborted) {
                    throw PosixErrors.ioError("accept", e);
                }
            }
        }
    }

    @Override
    public Endpoint localEndpoint(long socket, Endpoint requested) throws IOException {
        Memory address = new Memory(SOCKADDR_STORAGE_SIZE);
        int[] length = {SOCKADDR_STORAGE_SIZE};
        try {
            PosixLibC.getsockname((int) socket, address, length);
        } catch (LastErrorException e) {
            throw PosixErrors.ioError("getsockname", e);
        }
        return decode(address, length[0]);
    }

    private static String describe(Endpoint endpoint) {
        return endpoint.family() == Endpoint.Family.TCP
                ? endpoint.host() + ":" + endpoint.port() : endpoint.path().replace("\0", "\\0");
    }

    /** Writes the sockaddr for {@code endpoint}; returns its length. */
    int encode(Endpoint endpoint, Memory address) throws IOException {
        address.clear();
        switch (endpoint.family()) {
            case TCP:
                return encodeInet(resolve(endpoint.host()), endpoint.port(), address);
            case UNIX:
                return encodeUnix(endpoint.path(), address);
            default:
                throw new UnsupportedOperationException("named pipes exist only on Windows: " + endpoint.path());
        }
    }

    private static InetAddress resolve(String host) throws IOException {
        try {
            return host.isEmpty() ? InetAddress.getByAddress(new byte[4]) : InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IOException("unknown host: " + host, e);
        }
    }

    private int encodeInet(InetAddress host, int port, Memory address) {
        byte[] raw = host.getAddress();
        boolean v6 = raw.length == 16;
        int size = v6 ? SOCKADDR_IN6_SIZE : SOCKADDR_IN_SIZE;
        header(address, v6 ? afInet6 : AF_INET, size);
        address.setByte(2, (byte) (port >>> 8));
        address.setByte(3, (byte) port);
        if (v6) {
            address.write(8, raw, 0, 16);
            address.setInt(24, ((Inet6Address) host).getScopeId());
        } else {
            address.write(4, raw, 0, 4);
        }
        return size;
    }

    private int encodeUnix(String path, Memory address) throws IOException {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = name.length > 0 && name[0] == 0;
        // A path is NUL-terminated; an abstract name is exactly its bytes, leading NUL included.
        int used = abstractName ? name.length : name.length + 1;
        if (name.length == 0 || used > sunPathSize) {
            throw new IOException("AF_UNIX path must be 1 to " + (sunPathSize - 1) + " bytes long: " + describe(Endpoint.unix(path)));
        }
        header(address, PosixLibC.AF_UNIX, SUN_PATH_OFFSET + used);
        address.write(SUN_PATH_OFFSET, name, 0, name.length);
        return SUN_PATH_OFFSET + used;
    }

    private void header(Memory address, int family, int size) {
        if (lengthByte) {
            address.setByte(0, (byte) size);
            address.setByte(1, (byte) family);
        } else {
            address.setShort(0, (short) family);
        }
    }

    private int family(Memory address) {
        return lengthByte ? address.getByte(1) & 0xff : address.getShort(0) & 0xffff;
    }

    Endpoint decode(Memory address, int length) throws IOException {
        int family = family(address);
        if (family == PosixLibC.AF_UNIX) {
            byte[] name = address.getByteArray(SUN_PATH_OFFSET, Math.max(0, length - SUN_PATH_OFFSET));
            int end = name.length;
            boolean unnamed = true;
            for (byte b : name) {
                unnamed &= b == 0;
            }
            if (unnamed) {
                // Linux gives an unnamed socket no path bytes, macOS a path of NULs.
                end = 0;
            } else if (name[0] != 0) {
                // A path ends at its NUL; an abstract name (leading NUL) is all of its bytes.
                end = 0;
                while (end < name.length && name[end] != 0) {
                    end++;
                }
            }
            return Endpoint.unix(new String(Arrays.copyOf(name, end), StandardCharsets.UTF_8));
        }
        int port = (address.getByte(2) & 0xff) << 8 | address.getByte(3) & 0xff;
        byte[] raw;
        if (family == AF_INET) {
            raw = address.getByteArray(4, 4);
        } else if (family == afInet6) {
            raw = address.getByteArray(8, 16);
        } else {
            throw new IOException("unexpected address family " + family);
        }
        return Endpoint.tcp(InetAddress.getByAddress(raw).getHostAddress(), port);
    }
}
