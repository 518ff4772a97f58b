package org.multiprocessing4j.internal.platform;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Wincon;
import com.sun.jna.ptr.IntByReference;

import java.io.IOException;
import java.lang.ref.Reference;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Windows: children are started by CreateProcessW with a handle list, so that they inherit
 * their standard handles and the handles asked for and nothing else; a child's sentinel is a
 * handle to its process; pipes are anonymous pipes and duplex pairs are named pipes, all with
 * synchronous I/O. TCP listeners and connections are Winsock sockets ({@link WindowsSockets}),
 * read and written with recv and send, never ReadFile and WriteFile.
 *
 * <p>Handles handed to a child are made inheritable only as duplicates that live for the
 * duration of the CreateProcessW call. A process that another thread of this JVM starts at
 * that moment with bInheritHandles and no handle list (as {@link ProcessBuilder} does) can
 * inherit them too; CPython's subprocess has the same window.
 *
 * <p>Synchronous I/O is serialised per handle by Windows: while one thread is blocked reading
 * a handle, another thread's write, read or PeekNamedPipe on the same handle waits for it.
 * One end of a pair must therefore not be read and written by two threads at once.
 */
final class WindowsPlatform implements Platform {
    private static final WindowsKernel32 KERNEL = WindowsKernel32.INSTANCE;
    /** What CreatePipe and CreateNamedPipe are asked to buffer, so a writer rarely waits. */
    private static final int PIPE_BUFFER_SIZE = 64 * 1024;
    /**
     * WaitForMultipleObjects takes at most MAXIMUM_WAIT_OBJECTS (64) handles; batches keep one
     * slot spare, as CPython's multiprocessing does.
     */
    private static final int WAIT_BATCH = 63;
    private static final int MAXIMUM_WAIT_OBJECTS = 64;
    private static final long MAX_PAUSE_MILLIS = 10;
    private static final long INVALID_HANDLE = -1;
    private static final AtomicLong PIPE_COUNTER = new AtomicLong();
    private static final SecureRandom PIPE_NAME_RANDOM = new SecureRandom();
    /** TCP sockets, and which handles are sockets; Winsock is loaded and started on first use. */
    private static final WindowsSockets SOCKETS = new WindowsSockets();

    @Override
    public ChildProcess spawn(SpawnRequest request) throws IOException {
        WinBase.PROCESS_INFORMATION process = new WinBase.PROCESS_INFORMATION();
        long[] inChild = new long[request.inherited().size()];
        try (InheritableCopies copies = new InheritableCopies()) {
            WindowsKernel32.StartupInfoEx startup = new WindowsKernel32.StartupInfoEx();
            WinBase.STARTUPINFO info = startup.StartupInfo;
            info.dwFlags = WinBase.STARTF_USESTDHANDLES;
            info.hStdInput = handle(request.stdin() == -1
                    ? copies.standard(Wincon.STD_INPUT_HANDLE)
                    : copies.required(request.stdin()));
            info.hStdOutput = handle(copies.standard(Wincon.STD_OUTPUT_HANDLE));
            info.hStdError = handle(copies.standard(Wincon.STD_ERROR_HANDLE));
            for (int i = 0; i < inChild.length; i++) {
                inChild[i] = copies.required(request.inherited().get(i));
            }
            createProcess(request.command(), startup, copies.handleList(), process);
        }
        KERNEL.CloseHandle(process.hThread);
        return new ChildProcess(adopt(process, inChild));
    }

    /**
     * Wraps a started process, giving it the second handle {@link WindowsChild} needs. A child
     * that cannot have one is stopped: nobody could watch or reap it.
     */
    private static WindowsChild adopt(WinBase.PROCESS_INFORMATION process, long[] inChild) throws IOException {
        long pid = process.dwProcessId.longValue();
        long processHandle = value(process.hProcess);
        try {
            return new WindowsChild(pid, processHandle, duplicate(processHandle, false), inChild);
        } catch (IOException e) {
            KERNEL.TerminateProcess(process.hProcess, WindowsChild.KILL_CODE);
            KERNEL.CloseHandle(process.hProcess);
            throw new IOException(e.getMessage() + "; the child (pid " + pid + ") was stopped", e);
        }
    }

    /**
     * Calls CreateProcessW with {@code inheritable} as the handle list. An empty list is not
     * allowed by Windows, and bInheritHandles without a list would hand down every inheritable
     * handle of this process, so a child without handles to inherit inherits none at all.
     */
    private static void createProcess(List<String> command, WindowsKernel32.StartupInfoEx startup,
                                      long[] inheritable, WinBase.PROCESS_INFORMATION process) throws IOException {
        if (inheritable.length == 0) {
            callCreateProcess(command, startup, false, process);
            return;
        }
        Memory values = new Memory((long) Native.POINTER_SIZE * inheritable.length);
        for (int i = 0; i < inheritable.length; i++) {
            values.setPointer((long) i * Native.POINTER_SIZE, new Pointer(inheritable[i]));
        }
        Memory list = newAttributeList();
        try {
            if (!KERNEL.UpdateProcThreadAttribute(list, 0,
                    new BaseTSD.ULONG_PTR(WindowsKernel32.PROC_THREAD_ATTRIBUTE_HANDLE_LIST),
                    values, new BaseTSD.SIZE_T(values.size()), null, null)) {
                throw lastError("UpdateProcThreadAttribute");
            }
            startup.lpAttributeList = list;
            callCreateProcess(command, startup, true, process);
        } finally {
            KERNEL.DeleteProcThreadAttributeList(list);
            // The list points into values without owning it: the GC must not free it earlier.
            Reference.reachabilityFence(values);
        }
    }

    /** An initialised attribute list with room for one attribute (the handle list). */
    private static Memory newAttributeList() throws IOException {
        BaseTSD.ULONG_PTRByReference size = new BaseTSD.ULONG_PTRByReference();
        // Asking with no list fails by design (ERROR_INSUFFICIENT_BUFFER) and reports the size.
        KERNEL.InitializeProcThreadAttributeList(null, 1, 0, size);
        long bytes = size.getValue().longValue();
        if (bytes <= 0) {
            throw lastError("InitializeProcThreadAttributeList");
        }
        Memory list = new Memory(bytes);
        if (!KERNEL.InitializeProcThreadAttributeList(list, 1, 0, size)) {
            throw lastError("InitializeProcThreadAttributeList");
        }
        return list;
    }

    /**
     * CreateProcessW with no application name, so that the program is looked up as
     * CreateProcess does (the launcher's directory, the current directory, the system
     * directories, then PATH, adding ".exe"), and with this process's environment.
     */
    private static void callCreateProcess(List<String> command, WindowsKernel32.StartupInfoEx startup,
                                          boolean inheritHandles, WinBase.PROCESS_INFORMATION process)
            throws IOException {
        char[] commandLine = (WindowsCommandLine.of(command) + '\0').toCharArray();
        int flags = WinBase.CREATE_UNICODE_ENVIRONMENT | WinBase.EXTENDED_STARTUPINFO_PRESENT;
        if (!KERNEL.CreateProcessW(null, commandLine, null, null, inheritHandles, flags, null, null, startup, process)) {
            int error = Native.getLastError();
            throw new IOException("cannot start " + command.get(0) + ": " + errorMessage(error) + " (error " + error + ")");
        }
    }

    /** A duplicate of {@code source} in this process, inheritable or not, with the same access. */
    static long duplicate(long source, boolean inheritable) throws IOException {
        WinNT.HANDLEByReference target = new WinNT.HANDLEByReference();
        WinNT.HANDLE self = KERNEL.GetCurrentProcess();
        if (!KERNEL.DuplicateHandle(self, handle(source), self, target, 0, inheritable,
                WindowsKernel32.DUPLICATE_SAME_ACCESS)) {
            throw lastError("DuplicateHandle(" + source + ")");
        }
        return value(target.getValue());
    }

    @Override
    public long[] pipe() throws IOException {
        WinNT.HANDLEByReference read = new WinNT.HANDLEByReference();
        WinNT.HANDLEByReference write = new WinNT.HANDLEByReference();
        // No security attributes: neither end is inheritable.
        if (!KERNEL.CreatePipe(read, write, null, PIPE_BUFFER_SIZE)) {
            throw lastError("CreatePipe");
        }
        long[] ends = {value(read.getValue()), value(write.getValue())};
        SOCKETS.notSocket(ends[0]);
        SOCKETS.notSocket(ends[1]);
        return ends;
    }

    /**
     * A named pipe's server end and a client end connected to it. The name is unpredictable and
     * the pipe has one instance created with FILE_FLAG_FIRST_PIPE_INSTANCE, so no other process
     * can own the name first or connect in place of the client: it would take the only
     * instance, and CreateFileW here would fail.
     */
    @Override
    public long[] duplexPair() throws IOException {
        String name = "\\\\.\\pipe\\mp4j-" + ProcessHandle.current().pid() + "-" + PIPE_COUNTER.incrementAndGet()
                + "-" + Long.toHexString(PIPE_NAME_RANDOM.nextLong());
        WinNT.HANDLE server = KERNEL.CreateNamedPipe(name,
                WinBase.PIPE_ACCESS_DUPLEX | WindowsKernel32.FILE_FLAG_FIRST_PIPE_INSTANCE,
                WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_WAIT
                        | WinBase.PIPE_REJECT_REMOTE_CLIENTS,
                1, PIPE_BUFFER_SIZE, PIPE_BUFFER_SIZE, 0, null);
        if (value(server) == INVALID_HANDLE) {
            throw lastError("CreateNamedPipe(" + name + ")");
        }
        SOCKETS.notSocket(value(server));
        try {
            long client = connectClient(name, server);
            SOCKETS.notSocket(client);
            return new long[] {value(server), client};
        } catch (IOException e) {
            close(value(server));
            throw e;
        }
    }

    /** Opens the client end of {@code name} and completes the server's side of the connection. */
    private long connectClient(String name, WinNT.HANDLE server) throws IOException {
        WinNT.HANDLE client = KERNEL.CreateFile(name, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
                WinNT.OPEN_EXISTING, 0, null);
        if (value(client) == INVALID_HANDLE) {
            throw lastError("CreateFile(" + name + ")");
        }
        // The client is already there, so ConnectNamedPipe "fails" with ERROR_PIPE_CONNECTED.
        if (!KERNEL.ConnectNamedPipe(server, null) && Native.getLastError() != WinError.ERROR_PIPE_CONNECTED) {
            IOException failure = lastError("ConnectNamedPipe(" + name + ")");
            close(value(client));
            throw failure;
        }
        return value(client);
    }

    @Override
    public void write(long handle, byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (SOCKETS.isSocket(handle)) {
            SOCKETS.write(handle, buffer, offset, length);
            return;
        }
        WinNT.HANDLE target = handle(handle);
        IntByReference done = new IntByReference();
        int written = 0;
        while (written < length) {
            int start = offset + written;
            byte[] chunk = start == 0 ? buffer : Arrays.copyOfRange(buffer, start, offset + length);
            if (!KERNEL.WriteFile(target, chunk, length - written, done, null)) {
                throw writeError(Native.getLastError());
            }
            written += done.getValue();
        }
    }

    @Override
    public int read(long handle, NativeBuffer buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        Pointer target = new Pointer(buffer.address(offset, length));
        if (SOCKETS.isSocket(handle)) {
            return SOCKETS.read(handle, target, length);
        }
        IntByReference done = new IntByReference();
        if (!KERNEL.ReadFile(handle(handle), target, length, done, null)) {
            int error = Native.getLastError();
            if (isEndOfPipe(error)) {
                return -1;
            }
            throw ioError("ReadFile", error);
        }
        return done.getValue() == 0 ? -1 : done.getValue();
    }

    @Override
    public void write(long handle, NativeBuffer buffer, int offset, int length) throws IOException {
        long address = buffer.address(offset, length);
        if (SOCKETS.isSocket(handle)) {
            SOCKETS.write(handle, address, length);
            return;
        }
        IntByReference done = new IntByReference();
        int written = 0;
        while (written < length) {
            if (!KERNEL.WriteFile(handle(handle), new Pointer(address + written), length - written, done, null)) {
                throw writeError(Native.getLastError());
            }
            written += done.getValue();
        }
    }

    private static boolean isEndOfPipe(int error) {
        return error == WinError.ERROR_BROKEN_PIPE || error == WinError.ERROR_HANDLE_EOF
                || error == WinError.ERROR_PIPE_NOT_CONNECTED;
    }

    private static IOException writeError(int error) {
        if (error == WinError.ERROR_NO_DATA || error == WinError.ERROR_BROKEN_PIPE
                || error == WinError.ERROR_PIPE_NOT_CONNECTED) {
            return new IOException("broken pipe");
        }
        return ioError("WriteFile", error);
    }

    /** How long {@link #connect} waits for a busy pipe, as CPython's CONNECTION_TIMEOUT. */
    private static final long PIPE_CONNECT_TIMEOUT_MILLIS = 20_000;
    private static final int PIPE_WAIT_SLICE_MILLIS = 1_000;

    /** A named pipe instance in byte mode, the first of its name or a further one. */
    private static long newPipeInstance(String name, boolean first) throws IOException {
        int openMode = WinBase.PIPE_ACCESS_DUPLEX | (first ? WindowsKernel32.FILE_FLAG_FIRST_PIPE_INSTANCE : 0);
        WinNT.HANDLE pipe = KERNEL.CreateNamedPipe(name, openMode,
                WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_WAIT,
                WinBase.PIPE_UNLIMITED_INSTANCES, PIPE_BUFFER_SIZE, PIPE_BUFFER_SIZE, 0, null);
        if (value(pipe) == INVALID_HANDLE) {
            throw lastError("CreateNamedPipe(" + name + ")");
        }
        SOCKETS.notSocket(value(pipe));
        return value(pipe);
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
            return SOCKETS.listen(endpoint, backlog);
        }
        return newPipeInstance(endpoint.path(), true);
    }

    @Override
    public Endpoint localEndpoint(long listener, Endpoint requested) throws IOException {
        return isTcp(requested) ? SOCKETS.localEndpoint(listener) : requested;
    }

    /**
     * Connects the waiting instance to a client. As CPython's PipeListener, the next instance
     * is created first, so that a client never finds no instance of the name to open.
     */
    @Override
    public Accepted accept(long listener, Endpoint endpoint) throws IOException {
        if (isTcp(endpoint)) {
            return SOCKETS.accept(listener);
        }
        long next = newPipeInstance(endpoint.path(), false);
        if (!KERNEL.ConnectNamedPipe(handle(listener), null)) {
            int error = Native.getLastError();
            // Connected already, or connected, wrote and left (its data is still readable).
            if (error != WinError.ERROR_PIPE_CONNECTED && error != WinError.ERROR_NO_DATA) {
                close(next);
                throw ioError("ConnectNamedPipe(" + endpoint.path() + ")", error);
            }
        }
        return new Accepted(listener, next, Endpoint.pipe(""));
    }

    @Override
    public long connect(Endpoint endpoint) throws IOException {
        if (isTcp(endpoint)) {
            return SOCKETS.connect(endpoint);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PIPE_CONNECT_TIMEOUT_MILLIS);
        while (true) {
            KERNEL.WaitNamedPipe(endpoint.path(), PIPE_WAIT_SLICE_MILLIS);
            WinNT.HANDLE client = KERNEL.CreateFile(endpoint.path(), WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0,
                    null, WinNT.OPEN_EXISTING, 0, null);
            if (value(client) != INVALID_HANDLE) {
                SOCKETS.notSocket(value(client));
                return value(client);
            }
            int error = Native.getLastError();
            boolean busy = error == WinError.ERROR_PIPE_BUSY || error == WinError.ERROR_SEM_TIMEOUT;
            if (!busy || System.nanoTime() > deadline) {
                throw ioError("cannot connect to " + endpoint.path() + ": CreateFile", error);
            }
        }
    }

    @Override
    public Endpoint.Family defaultFamily() {
        return Endpoint.Family.PIPE;
    }

    @Override
    public void close(long handle) {
        // A failure means the handle was not open; either way it is not open now.
        if (SOCKETS.closed(handle)) {
            SOCKETS.close(handle);
            return;
        }
        KERNEL.CloseHandle(handle(handle));
    }

    @Override
    public int[] waitReady(long[] handles, long timeoutMillis) throws IOException {
        Watch watch = new Watch(handles);
        long start = System.nanoTime();
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long pauseMillis = 1;
        boolean interrupted = false;
        try {
            while (true) {
                int[] ready = watch.ready();
                if (ready.length > 0 || timeoutMillis == 0) {
                    return ready;
                }
                long remaining = timeoutMillis < 0 ? -1 : remainingMillis(start, timeoutNanos);
                if (remaining == 0) {
                    return ready;
                }
                if (watch.canBlock()) {
                    watch.block(remaining);
                } else {
                    interrupted |= pause(remaining < 0 ? pauseMillis : Math.min(pauseMillis, remaining));
                    pauseMillis = Math.min(2 * pauseMillis, MAX_PAUSE_MILLIS);
                }
            }
        } finally {
            // Like poll() on POSIX, the wait is not cut short by an interrupt, but keeps it.
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The whole milliseconds left, rounded up so that a wait does not end just before its time. */
    private static long remainingMillis(long start, long timeoutNanos) {
        long left = timeoutNanos - (System.nanoTime() - start);
        return left <= 0 ? 0 : (left + 999_999) / 1_000_000;
    }

    /** Sleeps; returns whether an interrupt arrived, which then ended the sleep early. */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    /** The names in the C runtime's numbering, which differs from POSIX beyond 2, 4, 8, 11, 15. */
    @Override
    public String signalName(int signal) {
        switch (signal) {
            case 2:
                return "SIGINT";
            case 4:
                return "SIGILL";
            case 8:
                return "SIGFPE";
            case 9:
                // Windows has no SIGKILL, but kill() makes the exit code read -9.
                return "SIGKILL";
            case 11:
                return "SIGSEGV";
            case 15:
                return "SIGTERM";
            case 21:
                return "SIGBREAK";
            case 22:
                return "SIGABRT";
            default:
                return null;
        }
    }

    @Override
    public String javaLauncherName() {
        return "java.exe";
    }

    private static final int PAGE_READWRITE = 0x04;
    private static final int FILE_MAP_ALL_ACCESS = 0xF001F;
    private static final int PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
    private static final int SYNCHRONIZE = 0x00100000;
    private static final int STILL_ACTIVE = 259;
    private static final java.lang.ref.Cleaner UNMAPPER = java.lang.ref.Cleaner.create();

    @Override
    public long createSharedMemory(long size) throws IOException {
        return createMapping(null, size);
    }

    private static long createMapping(String name, long size) throws IOException {
        WinNT.HANDLE mapping = KERNEL.CreateFileMapping(WinBase.INVALID_HANDLE_VALUE, null, PAGE_READWRITE,
                (int) (size >>> 32), (int) size, name);
        if (mapping == null) {
            throw lastError("CreateFileMapping");
        }
        if (name != null && Native.getLastError() == WinError.ERROR_ALREADY_EXISTS) {
            KERNEL.CloseHandle(mapping);
            throw new java.nio.file.FileAlreadyExistsException(name, null, "a shared memory segment of that name exists");
        }
        return Pointer.nativeValue(mapping.getPointer());
    }

    @Override
    public long openSharedMemory(String name, boolean create, long size) throws IOException {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a shared memory name must be non-empty");
        }
        if (create) {
            return createMapping(name, size);
        }
        WinNT.HANDLE mapping = KERNEL.OpenFileMapping(FILE_MAP_ALL_ACCESS, false, name);
        if (mapping == null) {
            throw new java.nio.file.NoSuchFileException(name, null, "no shared memory segment of that name");
        }
        return Pointer.nativeValue(mapping.getPointer());
    }

    /** The size of a view of the whole mapping, rounded up to pages as Windows keeps it (CPython: the same). */
    @Override
    public long sharedMemorySize(long handle) throws IOException {
        Pointer view = KERNEL.MapViewOfFile(new WinNT.HANDLE(new Pointer(handle)), FILE_MAP_ALL_ACCESS, 0, 0, 0);
        if (view == null) {
            throw lastError("MapViewOfFile");
        }
        try {
            WinNT.MEMORY_BASIC_INFORMATION info = new WinNT.MEMORY_BASIC_INFORMATION();
            KERNEL.VirtualQueryEx(KERNEL.GetCurrentProcess(), view, info, new BaseTSD.SIZE_T(info.size()));
            return info.regionSize.longValue();
        } finally {
            KERNEL.UnmapViewOfFile(view);
        }
    }

    /** Windows names go with the last handle; there is nothing to remove. */
    @Override
    public void unlinkSharedMemory(String name) {
    }

    @Override
    public java.nio.ByteBuffer mapSharedMemory(long handle, long size) throws IOException {
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a mapping holds 1 to " + Integer.MAX_VALUE + " bytes, not " + size);
        }
        Pointer view = KERNEL.MapViewOfFile(new WinNT.HANDLE(new Pointer(handle)), FILE_MAP_ALL_ACCESS, 0, 0, (int) size);
        if (view == null) {
            throw lastError("MapViewOfFile");
        }
        java.nio.ByteBuffer buffer = view.getByteBuffer(0, size);
        UNMAPPER.register(buffer, () -> KERNEL.UnmapViewOfFile(view));
        return buffer;
    }

    @Override
    public int cLongSize() {
        return 4;
    }

    @Override
    public int wcharSize() {
        return 2;
    }

    @Override
    public boolean processRuns(long pid) {
        WinNT.HANDLE process = KERNEL.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, false, (int) pid);
        if (process == null) {
            return false;
        }
        try {
            IntByReference code = new IntByReference();
            return KERNEL.GetExitCodeProcess(process, code) && code.getValue() == STILL_ACTIVE;
        } finally {
            KERNEL.CloseHandle(process);
        }
    }

    @Override
    public long processExitHandle(long pid) throws IOException {
        // Not inheritable: bInheritHandle is false.
        WinNT.HANDLE process = KERNEL.OpenProcess(SYNCHRONIZE, false, (int) pid);
        if (process == null) {
            throw new IOException("OpenProcess(" + pid + "): error " + KERNEL.GetLastError());
        }
        return value(process);
    }

    /** A handle object for a value; 0 becomes NULL. */
    static WinNT.HANDLE handle(long value) {
        return new WinNT.HANDLE(value == 0 ? null : new Pointer(value));
    }

    /** The value of a handle; NULL is 0. */
    static long value(WinNT.HANDLE handle) {
        return handle == null ? 0 : Pointer.nativeValue(handle.getPointer());
    }

    /** The system's text for a Win32 error code, or the bare number when it has none. */
    static String errorMessage(int error) {
        try {
            return Kernel32Util.formatMessage(error);
        } catch (RuntimeException noMessage) {
            return "Windows error " + error;
        }
    }

    /** An IOException for the calling thread's last Win32 error; call it right after the failure. */
    static IOException lastError(String what) {
        return ioError(what, Native.getLastError());
    }

    /** An IOException naming the failed call, the system's text and the error code. */
    static IOException ioError(String what, int error) {
        return new IOException(what + " failed: " + errorMessage(error) + " (error " + error + ")");
    }

    /**
     * The inheritable duplicates made for one CreateProcessW call and the handle list built
     * from them. The child receives them with the same values; closing this closes the
     * parent's copies, which no longer matter once the call returned.
     */
    private static final class InheritableCopies implements AutoCloseable {
        private final Map<Long, Long> standardCopies = new HashMap<>();
        private final Set<Long> listed = new LinkedHashSet<>();
        private final List<Long> owned = new ArrayList<>();

        /** A copy of a handle the caller named; a handle that cannot be copied fails the spawn. */
        long required(long source) throws IOException {
            if (source == 0 || source == INVALID_HANDLE) {
                throw new IOException("cannot hand handle " + source + " to a child");
            }
            long copy = duplicate(source, true);
            owned.add(copy);
            if (!isConsolePseudoHandle(copy)) {
                listed.add(copy);
            }
            return copy;
        }

        /**
         * A copy of this process's standard handle {@code which}, or 0. A parent without a
         * console, or with a standard handle that is no longer open, starts children without
         * that handle rather than not at all. Output and error are often one handle; they share
         * one copy, as a handle list must not name a handle twice.
         */
        long standard(int which) {
            long source = value(KERNEL.GetStdHandle(which));
            if (source == 0 || source == INVALID_HANDLE) {
                return 0;
            }
            Long known = standardCopies.get(source);
            if (known != null) {
                return known;
            }
            long copy;
            try {
                copy = required(source);
            } catch (IOException unusable) {
                copy = 0;
            }
            standardCopies.put(source, copy);
            return copy;
        }

        /** The handles to name in PROC_THREAD_ATTRIBUTE_HANDLE_LIST, each once. */
        long[] handleList() {
            return listed.stream().mapToLong(Long::longValue).toArray();
        }

        @Override
        public void close() {
            for (long copy : owned) {
                KERNEL.CloseHandle(handle(copy));
            }
        }

        /** Windows 7 console pseudo-handles: CreateProcess rejects them in a handle list. */
        private static boolean isConsolePseudoHandle(long handle) {
            return (handle & WindowsKernel32.CONSOLE_PSEUDO_HANDLE_BITS) == WindowsKernel32.CONSOLE_PSEUDO_HANDLE_BITS
                    && KERNEL.GetFileType(handle(handle)) == WinNT.FILE_TYPE_CHAR;
        }
    }

    /**
     * The handles of one waitReady call, sorted once into pipes, which have no waitable state
     * for data and are polled with PeekNamedPipe, sockets, which are polled with WSAPoll, and
     * objects such as processes, which are waited for. A handle given twice is looked at once,
     * as WaitForMultipleObjects refuses an array that names a handle twice; its later indices
     * follow the first.
     */
    private static final class Watch {
        private final long[] handles;
        private final int[] firstWithSameHandle;
        private final int[] pipes;
        private final int[] sockets;
        private final long[] socketHandles;
        private final int[] waitables;
        private final WinNT.HANDLE[] waitableHandles;

        Watch(long[] handles) {
            this.handles = handles;
            this.firstWithSameHandle = new int[handles.length];
            Map<Long, Integer> firstIndex = new HashMap<>();
            List<Integer> pipeIndices = new ArrayList<>();
            List<Integer> socketIndices = new ArrayList<>();
            List<Integer> waitableIndices = new ArrayList<>();
            for (int i = 0; i < handles.length; i++) {
                Integer earlier = firstIndex.putIfAbsent(handles[i], i);
                firstWithSameHandle[i] = earlier == null ? i : earlier;
                if (earlier != null) {
                    continue;
                }
                // A socket reports FILE_TYPE_PIPE too.
                boolean pipe = KERNEL.GetFileType(handle(handles[i])) == WinNT.FILE_TYPE_PIPE;
                if (!pipe) {
                    waitableIndices.add(i);
                } else if (SOCKETS.isSocket(handles[i])) {
                    socketIndices.add(i);
                } else {
                    pipeIndices.add(i);
                }
            }
            pipes = pipeIndices.stream().mapToInt(Integer::intValue).toArray();
            sockets = socketIndices.stream().mapToInt(Integer::intValue).toArray();
            socketHandles = new long[sockets.length];
            for (int i = 0; i < sockets.length; i++) {
                socketHandles[i] = handles[sockets[i]];
            }
            waitables = waitableIndices.stream().mapToInt(Integer::intValue).toArray();
            waitableHandles = new WinNT.HANDLE[waitables.length];
            for (int i = 0; i < waitables.length; i++) {
                waitableHandles[i] = handle(handles[waitables[i]]);
            }
        }

        /** The indices of the handles ready now, in ascending order; never blocks. */
        int[] ready() throws IOException {
            boolean[] ready = new boolean[handles.length];
            for (int index : pipes) {
                ready[index] = pipeReady(handles[index]);
            }
            boolean[] socketReady = SOCKETS.ready(socketHandles, 0);
            for (int i = 0; i < sockets.length; i++) {
                ready[sockets[i]] = socketReady[i];
            }
            markSignaled(ready);
            int count = 0;
            int[] indices = new int[handles.length];
            for (int i = 0; i < ready.length; i++) {
                ready[i] = ready[firstWithSameHandle[i]];
                if (ready[i]) {
                    indices[count++] = i;
                }
            }
            return Arrays.copyOf(indices, count);
        }

        /**
         * Whether a pipe has bytes to read or is at its end. Any failure counts as ready, as
         * poll reports POLLERR and POLLNVAL: the read that follows reports the end (broken
         * pipe) or the error.
         */
        private static boolean pipeReady(long pipe) {
            IntByReference available = new IntByReference();
            if (!KERNEL.PeekNamedPipe(handle(pipe), null, 0, null, available, null)) {
                return true;
            }
            return available.getValue() != 0;
        }

        /**
         * Marks every signaled waitable. WaitForMultipleObjects names only the first signaled
         * handle of a batch, so the search goes on after it until every handle was looked at.
         */
        private void markSignaled(boolean[] ready) throws IOException {
            int start = 0;
            while (start < waitables.length) {
                int count = Math.min(WAIT_BATCH, waitables.length - start);
                WinNT.HANDLE[] batch = start == 0 && count == waitables.length
                        ? waitableHandles : Arrays.copyOfRange(waitableHandles, start, start + count);
                int hit = signaledIndex(KERNEL.WaitForMultipleObjects(count, batch, false, 0), count);
                if (hit < 0) {
                    start += count;
                } else {
                    ready[waitables[start + hit]] = true;
                    start += hit + 1;
                }
            }
        }

        /**
         * Whether waiting can be left to the system instead of polling: to WaitForMultipleObjects
         * when there are only waitables, to WSAPoll when there are only sockets.
         */
        boolean canBlock() {
            if (pipes.length != 0) {
                return false;
            }
            if (sockets.length == 0) {
                return waitables.length > 0 && waitables.length < MAXIMUM_WAIT_OBJECTS;
            }
            return waitables.length == 0;
        }

        /**
         * Waits until a waitable is signaled, or a socket is ready, or {@code millis} passed
         * (negative: no limit); only when {@link #canBlock()}.
         */
        void block(long millis) throws IOException {
            if (sockets.length > 0) {
                SOCKETS.ready(socketHandles, millis);
                return;
            }
            int timeout = millis < 0 ? WinBase.INFINITE : (int) Math.min(millis, Integer.MAX_VALUE);
            signaledIndex(KERNEL.WaitForMultipleObjects(waitables.length, waitableHandles, false, timeout),
                    waitables.length);
        }

        /**
         * The batch index a WaitForMultipleObjects result names, or -1 on time-out. An abandoned
         * mutex counts as signaled: it is owned now, as after a normal wait.
         */
        private static int signaledIndex(int result, int count) throws IOException {
            if (result >= WinBase.WAIT_OBJECT_0 && result < WinBase.WAIT_OBJECT_0 + count) {
                return result - WinBase.WAIT_OBJECT_0;
            }
            if (result >= WinBase.WAIT_ABANDONED_0 && result < WinBase.WAIT_ABANDONED_0 + count) {
                return result - WinBase.WAIT_ABANDONED_0;
            }
            if (result == WinError.WAIT_TIMEOUT) {
                return -1;
            }
            throw lastError("WaitForMultipleObjects");
        }
    }
}
