package org.multiprocessing4j.internal.platform;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;

/**
 * A child on Windows, held through two handles to the same process: the sentinel, which
 * belongs to the caller and is closed by {@link #release()}, and the reaper's handle, which
 * the reaper waits on and closes once it has read the exit code.
 *
 * <p>Two handles because {@link ChildProcess#close()} may release the sentinel while the reaper
 * still waits: closing a handle another thread waits on is undefined on Windows, and the exit
 * code could no longer be read through it. Signals use the reaper's handle, which stays open
 * for exactly as long as {@link ChildProcess} allows them (until the reap).
 *
 * <p>Windows has no signals: terminate and kill both call TerminateProcess, with exit codes
 * no program normally uses, which {@link #reap()} reads back as -15 and -9 as on POSIX.
 */
final class WindowsChild extends StartedChild {
    /** The exit code {@link #terminate()} gives; reads back as -SIGTERM. */
    static final int TERMINATE_CODE = 0x10000 + SIGTERM;
    /** The exit code {@link #kill()} gives; reads back as -SIGKILL. */
    static final int KILL_CODE = 0x10000 + SIGKILL;

    private static final WindowsKernel32 KERNEL = WindowsKernel32.INSTANCE;

    private final long processHandle;

    /**
     * @param processHandle the reaper's handle, closed by {@link #reap()}
     * @param sentinel      a second handle to the process, closed by {@link #release()}
     */
    WindowsChild(long pid, long processHandle, long sentinel, long[] inheritedInChild) {
        super(pid, sentinel, inheritedInChild);
        this.processHandle = processHandle;
    }

    @Override
    public void awaitExit() {
        // A failed wait (WAIT_FAILED) cannot be retried usefully; reap() reports the failure.
        KERNEL.WaitForSingleObject(WindowsHandles.handle(processHandle), WinBase.INFINITE);
    }

    /** Reads the exit code, then closes the reaper's handle: nothing uses it after the reap. */
    @Override
    public int reap() {
        IntByReference code = new IntByReference();
        boolean read = KERNEL.GetExitCodeProcess(WindowsHandles.handle(processHandle), code);
        int error = Native.getLastError();
        KERNEL.CloseHandle(WindowsHandles.handle(processHandle));
        if (!read) {
            throw new IllegalStateException("GetExitCodeProcess(" + pid() + ") failed: "
                    + WindowsHandles.errorMessage(error) + " (error " + error + ")");
        }
        return decodeExitCode(code.getValue());
    }

    /** Turns the marker codes of terminate and kill back into -15 and -9; others stay as they are. */
    static int decodeExitCode(int code) {
        switch (code) {
            case TERMINATE_CODE:
                return -SIGTERM;
            case KILL_CODE:
                return -SIGKILL;
            default:
                return code;
        }
    }

    /** Reads the exit code once the process is signaled; the handle stays for {@link #reap()}. */
    @Override
    public Integer pollExit() {
        if (KERNEL.WaitForSingleObject(WindowsHandles.handle(processHandle), 0) != WinBase.WAIT_OBJECT_0) {
            return null;
        }
        IntByReference code = new IntByReference();
        return KERNEL.GetExitCodeProcess(WindowsHandles.handle(processHandle), code) ? decodeExitCode(code.getValue()) : null;
    }

    /** Only SIGTERM and SIGKILL have a Windows meaning; any other number cannot be delivered. */
    @Override
    public void signal(int signal) {
        if (signal == SIGTERM) {
            terminate();
        } else if (signal == SIGKILL) {
            kill();
        } else {
            throw new UnsupportedOperationException("Windows has no signal " + signal);
        }
    }

    @Override
    public void terminate() {
        terminateWith(TERMINATE_CODE);
    }

    @Override
    public void kill() {
        terminateWith(KILL_CODE);
    }

    /**
     * Ends the process with {@code exitCode}. A process that has ended but is not reaped yet
     * makes TerminateProcess fail with ERROR_ACCESS_DENIED; that is the race ChildProcess cannot
     * close (the end comes before the reap), so it is no failure, as in CPython.
     */
    private void terminateWith(int exitCode) {
        WinNT.HANDLE process = WindowsHandles.handle(processHandle);
        if (KERNEL.TerminateProcess(process, exitCode)) {
            return;
        }
        int error = Native.getLastError();
        if (error == WinError.ERROR_ACCESS_DENIED && KERNEL.WaitForSingleObject(process, 0) == WinBase.WAIT_OBJECT_0) {
            return;
        }
        throw new IllegalStateException("TerminateProcess(" + pid() + ") failed: "
                + WindowsHandles.errorMessage(error) + " (error " + error + ")");
    }

    @Override
    public void release() {
        KERNEL.CloseHandle(WindowsHandles.handle(sentinel()));
    }
}
