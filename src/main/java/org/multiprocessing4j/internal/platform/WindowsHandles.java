package org.multiprocessing4j.internal.platform;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.platform.win32.WinNT;

import java.io.IOException;

/**
 * Handles as the Windows classes pass them around ({@code long} values, turned into JNA's
 * {@link WinNT.HANDLE} at the call), their duplication, and the {@link IOException}s for
 * failed Win32 calls.
 */
final class WindowsHandles {
    static final long INVALID_HANDLE = -1;

    private static final WindowsKernel32 KERNEL = WindowsKernel32.INSTANCE;

    private WindowsHandles() {
    }

    /** A handle object for a value; 0 becomes NULL. */
    static WinNT.HANDLE handle(long value) {
        return new WinNT.HANDLE(value == 0 ? null : new Pointer(value));
    }

    /** The value of a handle; NULL is 0. */
    static long value(WinNT.HANDLE handle) {
        return handle == null ? 0 : Pointer.nativeValue(handle.getPointer());
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
}
