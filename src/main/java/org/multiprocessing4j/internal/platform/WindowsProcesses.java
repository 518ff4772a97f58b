package org.multiprocessing4j.internal.platform;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Wincon;
import com.sun.jna.ptr.IntByReference;

import java.io.IOException;
import java.lang.ref.Reference;
import java.util.List;

/**
 * Windows: children are started by CreateProcessW with a handle list, so that they inherit
 * their standard handles and the handles asked for and nothing else; a child's sentinel is a
 * handle to its process.
 *
 * <p>Handles handed to a child are made inheritable only as duplicates that live for the
 * duration of the CreateProcessW call ({@link WindowsInheritableCopies}). A process that
 * another thread of this JVM starts at that moment with bInheritHandles and no handle list (as
 * {@link ProcessBuilder} does) can inherit them too; CPython's subprocess has the same window.
 */
final class WindowsProcesses implements Processes {
    private static final WindowsKernel32 KERNEL = WindowsKernel32.INSTANCE;
    private static final int PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
    private static final int SYNCHRONIZE = 0x00100000;
    private static final int STILL_ACTIVE = 259;

    @Override
    public ChildProcess spawn(SpawnRequest request) throws IOException {
        WinBase.PROCESS_INFORMATION process = new WinBase.PROCESS_INFORMATION();
        long[] inChild = new long[request.inherited().size()];
        try (WindowsInheritableCopies copies = new WindowsInheritableCopies()) {
            WindowsKernel32.StartupInfoEx startup = new WindowsKernel32.StartupInfoEx();
            WinBase.STARTUPINFO info = startup.StartupInfo;
            info.dwFlags = WinBase.STARTF_USESTDHANDLES;
            info.hStdInput = WindowsHandles.handle(request.stdin() == -1
                    ? copies.standard(Wincon.STD_INPUT_HANDLE)
                    : copies.required(request.stdin()));
            info.hStdOutput = WindowsHandles.handle(copies.standard(Wincon.STD_OUTPUT_HANDLE));
            info.hStdError = WindowsHandles.handle(copies.standard(Wincon.STD_ERROR_HANDLE));
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
        long processHandle = WindowsHandles.value(process.hProcess);
        try {
            return new WindowsChild(pid, processHandle, WindowsHandles.duplicate(processHandle, false), inChild);
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
                throw WindowsHandles.lastError("UpdateProcThreadAttribute");
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
            throw WindowsHandles.lastError("InitializeProcThreadAttributeList");
        }
        Memory list = new Memory(bytes);
        if (!KERNEL.InitializeProcThreadAttributeList(list, 1, 0, size)) {
            throw WindowsHandles.lastError("InitializeProcThreadAttributeList");
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
            throw new IOException("cannot start " + command.get(0) + ": " + WindowsHandles.errorMessage(error) + " (error " + error + ")");
        }
    }

    @Override
    public boolean isRunning(long pid) {
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
    public long exitHandle(long pid) throws IOException {
        // Not inheritable: bInheritHandle is false.
        WinNT.HANDLE process = KERNEL.OpenProcess(SYNCHRONIZE, false, (int) pid);
        if (process == null) {
            throw new IOException("OpenProcess(" + pid + "): error " + KERNEL.GetLastError());
        }
        return WindowsHandles.value(process);
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
    public void exitNow(int code) {
        // Not ExitProcess: it would run the DLLs' detach routines, the JVM's among them.
        KERNEL.TerminateProcess(KERNEL.GetCurrentProcess(), code);
    }

    /** GetSystemTimes' idle time, in 100-nanosecond units, summed over the processors. */
    @Override
    public long idleProcessorNanos() {
        WinBase.FILETIME idle = new WinBase.FILETIME();
        if (!KERNEL.GetSystemTimes(idle, new WinBase.FILETIME(), new WinBase.FILETIME())) {
            return -1;
        }
        return idle.toDWordLong().longValue() * 100;
    }

    @Override
    public String javaLauncherName() {
        return "java.exe";
    }
}
