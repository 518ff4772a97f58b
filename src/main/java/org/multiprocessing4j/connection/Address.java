package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.platform.Endpoint;
import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.internal.platform.ProcessIds;

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
 *     ({@code 'AF_INET'}); the port is 0 to 65535 in decimal digits, 0 letting the system
 *     choose (the listener's {@link Listener#getAddress()} tells which); an empty host means
 *     every local address;</li>
 * <li>{@code \\.\pipe\name} (or {@code \\server\pipe\name}): a Windows named pipe
 *     ({@code 'AF_PIPE'});</li>
 * <li>a string that starts with a NUL character: a name in Linux's abstract socket namespace;</li>
 * <li>a path that starts with {@code /}, {@code ./} or {@code ../}: a Unix domain socket
 *     ({@code 'AF_UNIX'}).</li>
 * </ul>
 * Anything else is refused, where CPython would take it for a socket file: a typo such as
 * {@code "localhost:"} or {@code "localhost:8080 "} would otherwise listen on a file of that
 * name in the working directory. The factories {@link #tcp}, {@link #unix},
 * {@link #abstractUnix} and {@link #pipe} say the family outright: {@code unix("sock")} for a
 * relative path without {@code ./}, or a path that looks like {@code host:port}.
 */
public final class Address implements Serializable {
    private static final long serialVersionUID = 1L;
    /** A bracketed IPv6 address or a host without spaces, colons, slashes or brackets; a port of decimal digits. */
    private static final Pattern TCP = Pattern.compile("(?:\\[([^\\]\\s]+)\\]|([^:/\\\\\\[\\]\\s]*)):([0-9]{1,5})");
    /** {@code \\server\pipe\name}, the server {@code .} for this machine. */
    private static final Pattern PIPE = Pattern.compile("\\\\\\\\[^\\\\]+\\\\pipe\\\\.+", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final int MAX_SHOWN = 120;
    private static final int MAX_PORT = 0xffff;
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

    /** A Unix domain socket path, relative to the working directory unless it starts with {@code /}. */
    public static Address unix(String path) {
        return new Address(Endpoint.unix(path));
    }

    /** A name in Linux's abstract socket namespace: no file, gone with its last socket. */
    public static Address abstractUnix(String name) {
        return new Address(Endpoint.unix("\0" + Objects.requireNonNull(name, "name")));
    }

    /** A Windows named pipe, {@code \\.\pipe\name}. */
    public static Address pipe(String name) {
        return new Address(Endpoint.pipe(name));
    }

    /**
     * Reads an address written as the class comment describes.
     *
     * @throws NullPointerException     if {@code address} is null
     * @throws IllegalArgumentException if it is none of those forms, or its port is beyond
     *                                  65535; the message shows the text
     */
    public static Address parse(String address) {
        Objects.requireNonNull(address, "address");
        if (address.startsWith("\\\\")) {
            if (!PIPE.matcher(address).matches()) {
                throw notAnAddress(address, "a named pipe is \\\\.\\pipe\\name");
            }
            return pipe(address);
        }
        if (address.startsWith("\0") || address.startsWith("/") || address.startsWith("./")
                || address.startsWith("../")) {
            return unix(address);
        }
        Matcher tcp = TCP.matcher(address);
        if (!tcp.matches()) {
            throw notAnAddress(address, "expected host:port, [v6 address]:port, a socket path starting with / or ./, "
                    + "\\0 and an abstract name, or \\\\.\\pipe\\name");
        }
        int port = Integer.parseInt(tcp.group(3));
        if (port > MAX_PORT) {
            throw notAnAddress(address, "a port is 0 to " + MAX_PORT);
        }
        return tcp(tcp.group(1) != null ? tcp.group(1) : tcp.group(2), port);
    }

    /** The refusal of {@code text}, shown as a Java string literal and cut short if long. */
    private static IllegalArgumentException notAnAddress(String text, String why) {
        StringBuilder shown = new StringBuilder("not an address: \"");
        for (int i = 0; i < Math.min(text.length(), MAX_SHOWN); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                shown.append("\\n");
            } else if (c < 0x20 || c == 0x7f) {
                shown.append(String.format("\\u%04x", (int) c));
            } else {
                shown.append(c);
            }
        }
        shown.append(text.length() > MAX_SHOWN ? "...\" (" + text.length() + " characters)" : "\"");
        return new IllegalArgumentException(shown.append(": ").append(why).toString());
    }

    /**
     * A fresh address of this system's default family, as CPython's {@code arbitrary_address}:
     * a socket path in a private temporary directory on Linux and macOS, an unguessable pipe
     * name on Windows.
     */
    public static Address arbitrary() {
        String name = "listener-" + HexFormat.of().formatHex(randomBytes(8));
        if (Platform.endpoints().defaultFamily() == Endpoint.Family.PIPE) {
            return pipe("\\\\.\\pipe\\mp4j-" + ProcessIds.current() + "-" + name);
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
