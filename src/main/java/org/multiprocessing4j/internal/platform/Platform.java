package org.multiprocessing4j.internal.platform;

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

    /** Starts a child as {@code request} says; see {@link ChildProcess#builder(java.util.List)}. */
    ChildProcess spawn(SpawnRequest request) throws IOException;

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

    /**
     * A shared-memory segment of {@code size} bytes (zero-filled) that no name keeps alive: it
     * lives as long as a descriptor or a mapping of it does, so it vanishes with the last process
     * using it, however that process ends. Linux: {@code memfd_create}; macOS: {@code shm_open}
     * and an immediate {@code shm_unlink}; Windows: a page-file mapping without a name. The
     * descriptor is close-on-exec / non-inheritable like every other.
     */
    long createSharedMemory(long size) throws IOException;

    /**
     * A named shared-memory segment: created (exclusively, zero-filled, {@code size} bytes) when
     * {@code create}, else attached to. The name stays until {@link #unlinkSharedMemory} (on
     * Windows, until the last handle is closed).
     *
     * @throws java.nio.file.FileAlreadyExistsException creating a name that exists
     * @throws java.nio.file.NoSuchFileException       attaching to a name that does not
     */
    long openSharedMemory(String name, boolean create, long size) throws IOException;

    /** The size in bytes of the segment behind {@code handle}. */
    long sharedMemorySize(long handle) throws IOException;

    /** Removes the name of a segment made by {@link #openSharedMemory}; its memory stays while mapped. */
    void unlinkSharedMemory(String name) throws IOException;

    /**
     * Maps {@code size} bytes of a segment read-write and shared with every other process that
     * maps it. The buffer is direct and page-aligned, so {@link java.lang.invoke.VarHandle}
     * atomics work on it; the mapping is released once the buffer (and every slice of it) is
     * unreachable, never while it can still be used.
     */
    java.nio.ByteBuffer mapSharedMemory(long handle, long size) throws IOException;

    /**
     * Sleeps while the 32-bit word at {@code offset} of a buffer from {@link #mapSharedMemory}
     * holds {@code expected}, at most {@code timeoutNanos}, until {@link #wakeWord} on it (in any
     * process); it may also return early for no reason. Linux: a shared (not private) futex;
     * elsewhere short sleeps.
     */
    default void awaitWord(java.nio.ByteBuffer mapped, int offset, int expected, long timeoutNanos) {
        PollingWait.await(mapped, offset, expected, timeoutNanos);
    }

    /** Wakes up to {@code count} of the threads in {@link #awaitWord} on that word. */
    default void wakeWord(java.nio.ByteBuffer mapped, int offset, int count) {
        // Sleepers poll: nothing to wake.
    }

    /**
     * Whether descriptors can be handed to a process that is already running (POSIX: over a Unix
     * socket; not on Windows for now, where a Winsock socket cannot be duplicated with
     * {@code DuplicateHandle}).
     */
    default boolean passesHandles() {
        return false;
    }

    /** A connected pair for {@link #sendHandles}/{@link #receiveHandles}, if {@link #passesHandles}. */
    default long[] handleChannel() throws IOException {
        throw new UnsupportedOperationException("this platform does not pass descriptors to a running process");
    }

    /** A new descriptor, close-on-exec, for what {@code handle} refers to, if {@link #passesHandles}. */
    default long duplicate(long handle) throws IOException {
        throw new UnsupportedOperationException("this platform does not pass descriptors to a running process");
    }

    /** Sends {@code handles} (duplicates; the caller keeps its own) over a {@link #handleChannel}. */
    default void sendHandles(long channel, long[] handles) throws IOException {
        throw new UnsupportedOperationException("this platform does not pass descriptors to a running process");
    }

    /**
     * Receives the {@code count} descriptors the other end of a {@link #handleChannel} sent.
     *
     * @throws java.io.EOFException if the sender closed its end first
     */
    default long[] receiveHandles(long channel, int count) throws IOException {
        throw new UnsupportedOperationException("this platform does not pass descriptors to a running process");
    }

    /**
     * JVM options that let a child launched with {@code userOptions} start this layer fast, with
     * what this JVM has already prepared (kept in {@code cacheDirectory}); empty when there is
     * nothing to give.
     */
    default java.util.List<String> childJvmOptions(java.nio.file.Path cacheDirectory, java.util.List<String> userOptions) {
        return NativeBoot.childOptions(cacheDirectory, userOptions);
    }

    /** The size in bytes of C's {@code long} (8 on 64-bit Linux and macOS, 4 on Windows). */
    int cLongSize();

    /** The size in bytes of C's {@code wchar_t} (4 on Linux and macOS, 2 on Windows). */
    int wcharSize();

    /** Whether process {@code pid} still runs (a zombie counts as ended where the system tells). */
    boolean processRuns(long pid);

    /**
     * When process {@code pid} started, as a number that tells apart two processes that had
     * the same pid one after the other (Linux: clock ticks since boot; elsewhere milliseconds
     * since the epoch, from {@link ProcessHandle.Info#startInstant()}), or 0 if the system does
     * not say or there is no such process. With the pid it names one process for good.
     */
    default long processStartTime(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(java.time.Instant::toEpochMilli).orElse(0L);
    }

    /**
     * Whether the process that had pid {@code pid} and started at {@code startTime} (from
     * {@link #processStartTime}; 0: whichever has that pid) still runs: false once it ended,
     * also when its pid names a later process by now. Where the start time cannot be read, the
     * pid alone answers.
     */
    default boolean processRuns(long pid, long startTime) {
        if (!processRuns(pid)) {
            return false;
        }
        long now = startTime == 0 ? 0 : processStartTime(pid);
        return now == 0 || now == startTime;
    }

    /**
     * A handle for {@link #waitReady} that becomes ready when process {@code pid}, which need not
     * be a child, ends: Linux a pidfd, Windows a process handle opened for waiting. Pids are
     * reused, so the caller must check after this returns that the pid still names the process
     * it means; the handle is close-on-exec / non-inheritable.
     *
     * @throws IOException                   if there is no such process
     * @throws UnsupportedOperationException where the system cannot watch a process that is not
     *                                       its child (macOS, Linux before 5.3)
     */
    default long processExitHandle(long pid) throws IOException {
        throw new UnsupportedOperationException("this system cannot watch a process that is not a child");
    }

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
