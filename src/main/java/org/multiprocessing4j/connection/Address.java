package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.platform.Endpoint;
import org.multiprocessing4j.internal.platform.Platform;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address of a {@link Listener}: Python's connection addresses, one type for the three
 * families. As strings, in {@link #parse} and {@link #toString()}:
 * <ul>
 * <li>{@code host:port} or {@code [v6-address]:port}: TCP, Python's {@code (host, port)} tuple
 *     ({@code 'AF_INET'}); port 0 lets the system choose, and the listener's
 *     {@link Listener#getAddress()} tells which;</li>
 * <li>{@code \\.\pipe\name}: a Windows named pipe ({@code 'AF_PIPE'});</li>
 * <li>a string that starts with a NUL character: a name in Linux's abstract socket namespace;</li>
 * <li>anything else: a Unix domain socket path ({@code 'AF_UNIX'}).</li>
 * </ul>
 * The factories {@link #tcp}, {@link #unix}, {@link #abstractUnix} and {@link #pipe} say the
 * family outright, for a path that looks like {@code host:port}.
 */
public final class Address implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern TCP = Pattern.compile("(?:\\[([^\\]]*)\\]|([^:/\\\\\\[\\]]*)):(\\d{1,5})");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static Path temporaryDirectory;

    private final Endpoint endpoint;

    Address(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** A TCP address; an empty host means every local address, port 0 a free port. */
    public static Address tcp(String host, int port) {
        return new Address(Endpoint.tcp(host, port));
    }

    /** A Unix domain socket path. */
    public static Address unix(String path) {
        return new Address(Endpoint.unix(path));
    }

    /** A name in Linux's abstract socket namespace: no file, gone with its last socket. */
    public static Address abstractUnix(String name) {
        return new Address(Endpoint.unix("\0" + name));
    }

    /** A Windows named pipe, {@code \\.\pipe\name}. */
    public static Address pipe(String name) {
        return new Address(Endpoint.pipe(name));
    }

    /** Reads an address written as the class comment describes. */
    public static Address parse(String address) {
        Objects.requireNonNull(address, "address");
        if (address.startsWith("\\\\")) {
            return pipe(address);
        }
        Matcher tcp = TCP.matcher(address);
        if (!address.startsWith("\0") && tcp.matches()) {
            String host = tcp.group(1) != null ? tcp.group(1) : tcp.group(2);
            return tcp(host, Integer.parseInt(tcp.group(3)));
        }
        return unix(address);
    }

    /**
     * A fresh address of this system's default family, as CPython's {@code arbitrary_address}:
     * a socket path in a private temporary directory on Linux and macOS, an unguessable pipe
     * name on Windows.
     */
    public static Address arbitrary() {
        String name = "listener-" + HexFormat.of().formatHex(randomBytes(8));
        if (Platform.endpoints().defaultFamily() == Endpoint.Family.PIPE) {
            return pipe("\\\\.\\pipe\\mp4j-" + ProcessHandle.current().pid() + "-" + name);
        }
        return unix(temporaryDirectory().resolve(name).toString());
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** This JVM's directory for socket files, made on first use and removed at exit once empty. */
    private static synchronized Path temporaryDirectory() {
        if (temporaryDirectory == null) {
            try {
                temporaryDirectory = Files.createTempDirectory("mp4j-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a directory for socket files", e);
            }
            temporaryDirectory.toFile().deleteOnExit();
        }
        return temporaryDirectory;
    }

    /** Whether this is a TCP address. */
    public boolean isTcp() {
        return endpoint.family() == Endpoint.Family.TCP;
    }

    /** Whether this is a Unix domain socket (a path or an abstract name). */
    public boolean isUnix() {
        return endpoint.family() == Endpoint.Family.UNIX;
    }

    /** Whether this is a Windows named pipe. */
    public boolean isPipe() {
        return endpoint.family() == Endpoint.Family.PIPE;
    }

    /** The TCP host, or null. */
    public String host() {
        return endpoint.host();
    }

    /** The TCP port, or 0. */
    public int port() {
        return endpoint.port();
    }

    /** The socket path (abstract names with their leading NUL) or pipe name, or null for TCP. */
    public String path() {
        return endpoint.path();
    }

    Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Address && ((Address) other).endpoint.equals(endpoint);
    }

    @Override
    public int hashCode() {
        return endpoint.hashCode();
    }

    /** The form {@link #parse} reads back. */
    @Override
    public String toString() {
        if (!isTcp()) {
            return path();
        }
        String host = host().indexOf(':') >= 0 ? "[" + host() + "]" : host();
        return host + ":" + port();
    }
}
