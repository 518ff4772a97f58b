package org.multiprocessing4j.platform;

import java.io.IOException;
import java.util.Locale;

/**
 * The operating system as the rest of the library sees it: spawning children, descriptors
 * (file descriptors on POSIX, handles on Windows, both carried as {@code long}), and waiting
 * on several of them at once.
 *
 * <p>This is the only layer that touches JNA or asks which operating system it runs on. Its
 * counterparts in CPython are {@code _posixsubprocess}, {@code _winapi} and the
 * {@code popen_*} modules.
 */
public interface Platform {

    /** The platform of the running JVM; JNA is loaded on the first call, not before. */
    static Platform current() {
        return Holder.INSTANCE;
    }

    /** Starts a child as {@code request} says; see {@link NativeChild#builder(java.util.List)}. */
    NativeChild spawn(SpawnRequest request) throws IOException;

    /**
     * A connected pair of descriptors that both read and write (a socketpair on POSIX, a duplex
     * named pipe on Windows), close-on-exec / non-inheritable.
     */
    long[] duplexPair() throws IOException;

    /** A one-way pipe {@code [readEnd, writeEnd]}, close-on-exec / non-inheritable. */
    long[] pipe() throws IOException;

    /** Reads up to {@code length} bytes; returns -1 at end of stream. Retries on EINTR. */
    int read(long handle, byte[] buffer, int offset, int length) throws IOException;

    /** Writes all {@code length} bytes, looping over partial writes. */
    void write(long handle, byte[] buffer, int offset, int length) throws IOException;

    /**
     * Reads up to {@code length} bytes into {@code buffer} at {@code offset}: what is there, at
     * least one byte, blocking until then. Returns -1 at end of stream (0 only when
     * {@code length} is 0). Retries on EINTR. The connections' read path.
     */
    int read(long handle, NativeBuffer buffer, int offset, int length) throws IOException;

    /** Writes all {@code length} bytes of {@code buffer} from {@code offset}, looping over partial writes. */
    void write(long handle, NativeBuffer buffer, int offset, int length) throws IOException;

    /**
     * A listening endpoint, close-on-exec / non-inheritable: a socket bound to a TCP or Unix
     * address ({@code SO_REUSEADDR} for TCP, as CPython), or, on Windows, the first instance of
     * a named pipe.
     *
     * @throws IOException if the address is in use or cannot be bound; the message names it
     * @throws UnsupportedOperationException for a family this system has no support for
     */
    long listen(Endpoint endpoint, int backlog) throws IOException;

    /** The address {@code listener} is bound to, with the port the system chose for port 0. */
    Endpoint localEndpoint(long listener, Endpoint requested) throws IOException;

    /**
     * Waits for a client on {@code listener} (made by {@link #listen} for {@code endpoint}) and
     * returns its connection and what to listen on next.
     */
    Accepted accept(long listener, Endpoint endpoint) throws IOException;

    /**
     * A connection to a listening endpoint, close-on-exec / non-inheritable. A Windows named
     * pipe whose instances are all busy is waited for up to 20 s, as CPython's PipeClient does.
     */
    long connect(Endpoint endpoint) throws IOException;

    /** The family of an arbitrary listener address: Unix sockets on POSIX, named pipes on Windows. */
    Endpoint.Family defaultFamily();

    /** Closes a descriptor; errors are ignored because there is nothing a caller could do. */
    void close(long handle);

    /**
     * Waits until at least one of {@code handles} is ready (readable, at end of stream, or, for
     * a process sentinel, its process has ended) and returns the indices of the ready ones.
     *
     * @param timeoutMillis how long to wait; negative waits for ever, 0 only looks
     * @return the indices into {@code handles} that are ready, empty on time-out
     */
    int[] waitReady(long[] handles, long timeoutMillis) throws IOException;

    /** The name of a signal ("SIGTERM"), or null where the number is not a known signal. */
    String signalName(int signal);

    /** The file name of the {@code java} launcher inside {@code java.home/bin}. */
    String javaLauncherName();

    /** Chooses the implementation for {@code os.name}; a nested class so JNA loads lazily. */
    final class Holder {
        static final Platform INSTANCE = create(System.getProperty("os.name", ""));

        private Holder() {
        }

        private static Platform create(String osName) {
            String os = osName.toLowerCase(Locale.ROOT);
            if (os.startsWith("windows")) {
                return new WindowsPlatform();
            }
            if (os.startsWith("mac") || os.startsWith("darwin")) {
                return new MacPlatform();
            }
            if (os.startsWith("linux")) {
                return new LinuxPlatform();
            }
            throw new UnsupportedOperationException("multiprocessing4j does not support " + osName);
        }
    }
}
