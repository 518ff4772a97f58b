package org.multiprocessing4j.internal.platform;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Linux and macOS share: posix_spawn with file actions, waitid/waitpid, kill, pipes,
 * socketpairs, read/write and poll. Subclasses supply the constants that differ and the way a
 * child's sentinel is made.
 */
abstract class PosixPlatform implements Platform {
    static final int EINTR = 4;
    static final int ESRCH = 3;
    static final int ECHILD = 10;

    static final short SPAWN_SETSIGDEF = 0x04;
    static final short SPAWN_SETSIGMASK = 0x08;
    static final int SIGPIPE = 13;
    static final int SIGXFSZ = 25;
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;
    static final int AF_UNIX = 1;
    static final int SOCK_STREAM = 1;
    static final int P_PID = 1;
    static final int WNOHANG = 1;
    private static final short POLLIN = 0x1;
    private static final short POLLERR = 0x8;
    private static final short POLLHUP = 0x10;
    private static final short POLLNVAL = 0x20;
    private static final int POLLFD_SIZE = 8;
    // posix_spawn_file_actions_t is 80 bytes and posix_spawnattr_t 336 bytes in glibc, one
    // pointer on macOS; a generous fixed block fits all without asking.
    private static final int SPAWN_STRUCT_SIZE = 1024;
    private static final int SIGSET_SIZE = 256;
    private static final int SIGINFO_SIZE = 256;

    private final String[] signalNames;

    PosixPlatform(String[] signalNames) {
        this.signalNames = signalNames;
    }

    /** Flags added to the spawn attributes (macOS: close-on-exec by default). */
    abstract short extraSpawnFlags();

    /**
     * Adds the file actions that leave no descriptor open in the child at or above
     * {@code firstUnused}, other than those the actions dup2'd there.
     */
    abstract void closeOthers(Pointer fileActions, int firstUnused, int[] temporaries);

    /** Keeps a parent descriptor (0, 1, 2) open in the child. */
    abstract void keepStandard(Pointer fileActions, int fd);

    /** Makes the sentinel for a started child; {@code sentinelPipe} is set if one was requested. */
    abstract long sentinelFor(int pid, int[] sentinelPipe);

    /** Whether a pipe sentinel must be handed to the child (no pidfd on this system). */
    abstract boolean needsSentinelPipe();

    /** Sends a signal to an unreaped child, through its pidfd where it has one. */
    abstract void sendSignal(int pid, long sentinel, boolean sentinelIsPidfd, int signal);

    /** waitid's WEXITED | WNOWAIT on this system. */
    abstract int waitExitedNoWait();

    @Override
    public ChildProcess spawn(SpawnRequest request) throws IOException {
        int[] sentinelPipe = needsSentinelPipe() ? pipeFds() : null;
        try {
            int[] sources = sources(request, sentinelPipe);
            int pid = spawnWithActions(request, sources);
            long sentinel = sentinelFor(pid, sentinelPipe);
            long[] inChild = new long[request.inherited().size()];
            for (int i = 0; i < inChild.length; i++) {
                inChild[i] = 3 + i;
            }
            return new ChildProcess(new PosixChild(this, pid, sentinel, sentinelPipe == null, inChild));
        } catch (IOException | RuntimeException e) {
            if (sentinelPipe != null) {
                close(sentinelPipe[0]);
            }
            throw e;
        } finally {
            if (sentinelPipe != null) {
                close(sentinelPipe[1]);
            }
        }
    }

    /** The descriptors to map, in child order: stdin (or -1), inherited ones, the sentinel pipe. */
    private static int[] sources(SpawnRequest request, int[] sentinelPipe) {
        List<Long> inherited = request.inherited();
        int[] sources = new int[1 + inherited.size() + (sentinelPipe == null ? 0 : 1)];
        sources[0] = (int) request.stdin();
        for (int i = 0; i < inherited.size(); i++) {
            sources[1 + i] = Math.toIntExact(inherited.get(i));
        }
        if (sentinelPipe != null) {
            sources[sources.length - 1] = sentinelPipe[1];
        }
        return sources;
    }

    private int spawnWithActions(SpawnRequest request, int[] sources) throws IOException {
        Memory actions = new Memory(SPAWN_STRUCT_SIZE);
        Memory attributes = new Memory(SPAWN_STRUCT_SIZE);
        check(PosixLibC.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        try {
            check(PosixLibC.posix_spawnattr_init(attributes), "posix_spawnattr_init");
            try {
                mapDescriptors(actions, sources);
                configureSignals(attributes);
                List<String> command = request.command();
                StringArray argv = new StringArray(command.toArray(new String[0]));
                StringArray envp = new StringArray(environment());
                int[] pid = new int[1];
                int error = PosixLibC.posix_spawnp(pid, command.get(0), actions, attributes, argv, envp);
                if (error != 0) {
                    throw new IOException("cannot start " + command.get(0) + ": " + PosixLibC.strerror(error)
                            + " (errno " + error + ")");
                }
                return pid[0];
            } finally {
                PosixLibC.posix_spawnattr_destroy(attributes);
            }
        } finally {
            PosixLibC.posix_spawn_file_actions_destroy(actions);
        }
    }

    /**
     * Maps {@code sources[0]} to 0 and the rest to 3, 4, … . They are first copied above every
     * descriptor involved, so that no move can overwrite a source still to be moved.
     */
    private void mapDescriptors(Pointer actions, int[] sources) throws IOException {
        int firstUnused = 3 + sources.length - 1;
        int highest = firstUnused;
        for (int source : sources) {
            highest = Math.max(highest, source);
        }
        int[] temporaries = new int[sources.length];
        for (int i = 0; i < sources.length; i++) {
            temporaries[i] = sources[i] < 0 ? -1 : highest + 1 + i;
            if (sources[i] >= 0) {
                check(PosixLibC.posix_spawn_file_actions_adddup2(actions, sources[i], temporaries[i]), "adddup2");
            }
        }
        for (int i = 0; i < sources.length; i++) {
            int target = i == 0 ? 0 : 2 + i;
            if (temporaries[i] >= 0) {
                check(PosixLibC.posix_spawn_file_actions_adddup2(actions, temporaries[i], target), "adddup2");
            } else {
                keepStandard(actions, target);
            }
        }
        keepStandard(actions, 1);
        keepStandard(actions, 2);
        closeOthers(actions, firstUnused, temporaries);
    }

    private void configureSignals(Pointer attributes) throws IOException {
        Memory empty = new Memory(SIGSET_SIZE);
        PosixLibC.sigemptyset(empty);
        Memory defaults = new Memory(SIGSET_SIZE);
        PosixLibC.sigemptyset(defaults);
        PosixLibC.sigaddset(defaults, SIGPIPE);
        PosixLibC.sigaddset(defaults, SIGXFSZ);
        check(PosixLibC.posix_spawnattr_setsigmask(attributes, empty), "posix_spawnattr_setsigmask");
        check(PosixLibC.posix_spawnattr_setsigdefault(attributes, defaults), "posix_spawnattr_setsigdefault");
        short flags = (short) (SPAWN_SETSIGMASK | SPAWN_SETSIGDEF | extraSpawnFlags());
        check(PosixLibC.posix_spawnattr_setflags(attributes, flags), "posix_spawnattr_setflags");
    }

    private static String[] environment() {
        Map<String, String> env = System.getenv();
        List<String> entries = new ArrayList<>(env.size());
        env.forEach((k, v) -> entries.add(k + "=" + v));
        return entries.toArray(new String[0]);
    }

    static void check(int error, String what) throws IOException {
        if (error != 0) {
            throw new IOException(what + " failed: " + PosixLibC.strerror(error));
        }
    }

    /** The TCP and Unix domain sockets of this system. */
    abstract PosixSockets sockets();

    /** How {@code SCM_RIGHTS} messages are laid out here. */
    abstract HandlePassing handlePassing();

    @Override
    public boolean passesHandles() {
        return true;
    }

    @Override
    public long[] handleChannel() throws IOException {
        return duplexPair();
    }

    @Override
    public void sendHandles(long channel, long[] handles) throws IOException {
        handlePassing().send((int) channel, handles);
    }

    @Override
    public long[] receiveHandles(long channel, int count) throws IOException {
        return handlePassing().receive((int) channel, count);
    }

    /** A plain pipe with both ends close-on-exec. */
    abstract int[] pipeFds() throws IOException;

    @Override
    public long[] pipe() throws IOException {
        int[] fds = pipeFds();
        return new long[] {fds[0], fds[1]};
    }

    @Override
    public void write(long handle, byte[] buffer, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            byte[] chunk = offset + done == 0 ? buffer : java.util.Arrays.copyOfRange(buffer, offset + done, offset + length);
            try {
                done += (int) PosixLibC.write((int) handle, chunk, length - done);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw ioError("write", e);
                }
            }
        }
    }

    @Override
    public int read(long handle, NativeBuffer buffer, int offset, int length) throws IOException {
        long address = buffer.address(offset, length);
        long n = retryingOnEintr("read", () -> PosixLibC.read((int) handle, address, length));
        return n == 0 && length > 0 ? -1 : (int) n;
    }

    @Override
    public void write(long handle, NativeBuffer buffer, int offset, int length) throws IOException {
        long address = buffer.address(offset, length);
        long done = 0;
        while (done < length) {
            long from = done;
            done += retryingOnEintr("write", () -> PosixLibC.write((int) handle, address + from, length - from));
        }
    }

    /** A system call that returns a count or fails with an errno. */
    @FunctionalInterface
    interface CountingCall {
        long call() throws LastErrorException;
    }

    /** Makes {@code call}, again while a signal interrupts it. */
    static long retryingOnEintr(String what, CountingCall call) throws IOException {
        while (true) {
            try {
                return call.call();
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw ioError(what, e);
                }
            }
        }
    }

    @Override
    public long listen(Endpoint endpoint, int backlog) throws IOException {
        return sockets().listen(endpoint, backlog);
    }

    @Override
    public Endpoint localEndpoint(long listener, Endpoint requested) throws IOException {
        return sockets().localEndpoint(listener);
    }

    @Override
    public Accepted accept(long listener, Endpoint endpoint) throws IOException {
        return sockets().accept(listener);
    }

    @Override
    public long connect(Endpoint endpoint) throws IOException {
        return sockets().connect(endpoint);
    }

    @Override
    public Endpoint.Family defaultFamily() {
        return Endpoint.Family.UNIX;
    }

    @Override
    public void close(long handle) {
        try {
            PosixLibC.close((int) handle);
        } catch (LastErrorException ignored) {
            // EBADF or EINTR: on Linux and macOS the descriptor is released either way.
        }
    }

    @Override
    public int[] waitReady(long[] handles, long timeoutMillis) throws IOException {
        Memory fds = new Memory((long) POLLFD_SIZE * Math.max(1, handles.length));
        for (int i = 0; i < handles.length; i++) {
            fds.setInt((long) i * POLLFD_SIZE, (int) handles[i]);
            fds.setShort((long) i * POLLFD_SIZE + 4, POLLIN);
            fds.setShort((long) i * POLLFD_SIZE + 6, (short) 0);
        }
        long deadline = timeoutMillis < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMillis * 1_000_000L;
        int timeout = (int) Math.min(Integer.MAX_VALUE, Math.max(-1, timeoutMillis));
        while (true) {
            try {
                int ready = PosixLibC.poll(fds, handles.length, timeout);
                int[] result = new int[ready];
                int found = 0;
                for (int i = 0; i < handles.length && found < ready; i++) {
                    short revents = fds.getShort((long) i * POLLFD_SIZE + 6);
                    if ((revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) != 0) {
                        result[found++] = i;
                    }
                }
                return found == ready ? result : java.util.Arrays.copyOf(result, found);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw ioError("poll", e);
                }
                if (timeoutMillis >= 0) {
                    timeout = (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
                }
            }
        }
    }

    @Override
    public String signalName(int signal) {
        return signal > 0 && signal < signalNames.length ? signalNames[signal] : null;
    }

    @Override
    public String javaLauncherName() {
        return "java";
    }

    private static final int PROT_READ_WRITE = 0x3;
    private static final int MAP_SHARED = 0x1;
    private static final int SEEK_END = 2;
    static final int ENOENT = 2;
    static final int EEXIST = 17;
    private static final java.lang.ref.Cleaner UNMAPPER = java.lang.ref.Cleaner.create();

    @Override
    public java.nio.ByteBuffer mapSharedMemory(long handle, long size) throws IOException {
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a mapping holds 1 to " + Integer.MAX_VALUE + " bytes, not " + size);
        }
        Pointer address;
        try {
            address = PosixLibC.mmap(null, size, PROT_READ_WRITE, MAP_SHARED, (int) handle, 0);
        } catch (LastErrorException e) {
            throw ioError("mmap", e);
        }
        java.nio.ByteBuffer buffer = address.getByteBuffer(0, size);
        // A slice or duplicate keeps its root buffer reachable, so none of them outlives this.
        UNMAPPER.register(buffer, () -> PosixLibC.munmap(address, size));
        return buffer;
    }

    @Override
    public long sharedMemorySize(long handle) throws IOException {
        try {
            return PosixLibC.lseek((int) handle, 0, SEEK_END);
        } catch (LastErrorException e) {
            throw ioError("lseek", e);
        }
    }

    /** Sets the size of a new segment, closing it if that fails. */
    static void resize(int fd, long size) throws IOException {
        try {
            PosixLibC.ftruncate(fd, size);
        } catch (LastErrorException e) {
            PosixLibC.close(fd);
            throw ioError("ftruncate", e);
        }
    }

    /** Sizes a segment {@code name} just created (removing it again if that fails) and returns {@code fd}. */
    long sizeCreated(String name, int fd, boolean create, long size) throws IOException {
        if (create) {
            try {
                resize(fd, size);
            } catch (IOException e) {
                unlinkSharedMemory(name);
                throw e;
            }
        }
        return fd;
    }

    /** The exception for a failed open of the segment {@code name}. */
    static IOException openError(String name, LastErrorException e) {
        if (e.getErrorCode() == EEXIST) {
            return new java.nio.file.FileAlreadyExistsException(name, null, "a shared memory segment of that name exists");
        }
        if (e.getErrorCode() == ENOENT) {
            return new java.nio.file.NoSuchFileException(name, null, "no shared memory segment of that name");
        }
        return ioError("opening shared memory " + name, e);
    }

    /** The segment name as {@code shm_open} takes it: one leading slash, no other. */
    static String checkSegmentName(String name) {
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shared memory name must be non-empty, without '/': " + name);
        }
        return name;
    }

    @Override
    public int cLongSize() {
        return 8;
    }

    @Override
    public int wcharSize() {
        return 4;
    }

    @Override
    public boolean processRuns(long pid) {
        try {
            PosixLibC.kill((int) pid, 0);
            return true;
        } catch (LastErrorException e) {
            return e.getErrorCode() != ESRCH;
        }
    }

    static IOException ioError(String what, LastErrorException e) {
        return new IOException(what + " failed: " + PosixLibC.strerror(e.getErrorCode())
                + " (errno " + e.getErrorCode() + ")", e);
    }

    /** Blocks until {@code pid} has ended, leaving it unreaped. */
    void awaitExit(int pid) {
        Memory info = new Memory(SIGINFO_SIZE);
        while (true) {
            try {
                PosixLibC.waitid(P_PID, pid, info, waitExitedNoWait());
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    // ECHILD: someone else reaped it; reap() reports what it can.
                    return;
                }
            }
        }
    }

    /** Reaps an ended child: its exit code, or -N when signal N ended it. */
    int reap(int pid) {
        int[] status = new int[1];
        while (true) {
            try {
                PosixLibC.waitpid(pid, status, 0);
                return decodeStatus(status[0]);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == ECHILD) {
                    throw new IllegalStateException("pid " + pid + " was reaped outside multiprocessing4j");
                }
                if (e.getErrorCode() != EINTR) {
                    throw new IllegalStateException("waitpid(" + pid + ") failed: " + PosixLibC.strerror(e.getErrorCode()));
                }
            }
        }
    }

    /** Reaps {@code pid} if it has ended: its exit code, else null. Never blocks. */
    Integer reapIfEnded(int pid) {
        int[] status = new int[1];
        while (true) {
            try {
                int reaped = PosixLibC.waitpid(pid, status, WNOHANG);
                return reaped == pid ? decodeStatus(status[0]) : null;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw new IllegalStateException("waitpid(" + pid + ", WNOHANG) failed: " + PosixLibC.strerror(e.getErrorCode()));
                }
            }
        }
    }

    /** Decodes a wait status the way CPython's {@code os.waitstatus_to_exitcode} does. */
    static int decodeStatus(int status) {
        int termSignal = status & 0x7f;
        if (termSignal == 0) {
            return (status >> 8) & 0xff;
        }
        return -termSignal;
    }

    void killPid(int pid, int signal) {
        try {
            PosixLibC.kill(pid, signal);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != ESRCH) {
                throw new IllegalStateException("kill(" + pid + ", " + signal + ") failed: "
                        + PosixLibC.strerror(e.getErrorCode()));
            }
        }
    }
}
