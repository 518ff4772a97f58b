package org.multiprocessing4j.internal.platform;

import java.util.Objects;

/**
 * Where a listener listens and a client connects, as the platform layer takes it: a TCP host
 * and port, a Unix domain socket path (a name in Linux's abstract namespace when it starts
 * with a NUL character), or a Windows named pipe ({@code \\.\pipe\name}). Values only: a host
 * name is resolved when a socket is bound or connected.
 */
public final class Endpoint implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** The address families: Python's {@code 'AF_INET'} (and AF_INET6), {@code 'AF_UNIX'}, {@code 'AF_PIPE'}. */
    public enum Family {
        /** TCP over IPv4 or IPv6. */
        TCP,
        /** A Unix domain stream socket. */
        UNIX,
        /** A Windows named pipe. */
        PIPE
    }

    private final Family family;
    private final String host;
    private final int port;
    private final String path;

    private Endpoint(Family family, String host, int port, String path) {
        this.family = family;
        this.host = host;
        this.port = port;
        this.path = path;
    }

    /** A TCP endpoint; port 0 lets the system choose when binding. */
    public static Endpoint tcp(String host, int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return new Endpoint(Family.TCP, Objects.requireNonNull(host, "host"), port, null);
    }

    /** A Unix domain socket path; a leading NUL character names Linux's abstract namespace. */
    public static Endpoint unix(String path) {
        return new Endpoint(Family.UNIX, null, 0, Objects.requireNonNull(path, "path"));
    }

    /** A Windows named pipe, {@code \\.\pipe\name}. */
    public static Endpoint pipe(String name) {
        return new Endpoint(Family.PIPE, null, 0, Objects.requireNonNull(name, "name"));
    }

    /** The family. */
    public Family family() {
        return family;
    }

    /** The TCP host (a name or a literal address); null for other families. */
    public String host() {
        return host;
    }

    /** The TCP port; 0 for other families. */
    public int port() {
        return port;
    }

    /** The socket path or pipe name; null for TCP. */
    public String path() {
        return path;
    }

    /** Whether this is a socket in Linux's abstract namespace (no file behind it). */
    public boolean isAbstract() {
        return family == Family.UNIX && path.startsWith("\0");
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Endpoint)) {
            return false;
        }
        Endpoint that = (Endpoint) other;
        return family == that.family && port == that.port && Objects.equals(host, that.host)
                && Objects.equals(path, that.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(family, host, port, path);
    }

    @Override
    public String toString() {
        return family == Family.TCP ? family + "[" + host + "]:" + port : family + ":" + path;
    }
}
