package org.multiprocessing4j.internal.platform;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.W32APIOptions;

/**
 * The kernel32 functions jna-platform's {@link Kernel32} lacks: the process-thread attribute
 * list that restricts which handles a child inherits, and a {@code CreateProcessW} that takes
 * the extended startup information carrying that list. Extending {@link Kernel32} lets the
 * Windows platform reach every kernel32 function through one instance.
 */
interface WindowsKernel32 extends Kernel32 {
    WindowsKernel32 INSTANCE = Native.load("kernel32", WindowsKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    /** {@code ProcThreadAttributeHandleList | PROC_THREAD_ATTRIBUTE_INPUT}. */
    long PROC_THREAD_ATTRIBUTE_HANDLE_LIST = 0x00020002L;
    int FILE_FLAG_FIRST_PIPE_INSTANCE = 0x00080000;
    int DUPLICATE_SAME_ACCESS = 0x2;
    /**
     * The low bits that Windows 7 console pseudo-handles have set; CreateProcess rejects such
     * a handle in a handle list, and the child attaches to the console without it anyway.
     */
    long CONSOLE_PSEUDO_HANDLE_BITS = 0x3;

    /**
     * Sizes ({@code list == null}) or initialises an attribute list.
     *
     * @param size in: the bytes available at {@code list}; out: the bytes required
     */
    boolean InitializeProcThreadAttributeList(Pointer list, int attributeCount, int flags,
                                              BaseTSD.ULONG_PTRByReference size);

    /**
     * Sets one attribute. The list keeps a pointer to {@code value}, not a copy, so that memory
     * must outlive every use of the list.
     */
    boolean UpdateProcThreadAttribute(Pointer list, int flags, BaseTSD.ULONG_PTR attribute, Pointer value,
                                      BaseTSD.SIZE_T size, Pointer previousValue, Pointer returnSize);

    /** Releases what {@link #InitializeProcThreadAttributeList} set up inside {@code list}. */
    void DeleteProcThreadAttributeList(Pointer list);

    /**
     * {@code CreateProcessW} with a {@link StartupInfoEx}; {@code commandLine} must end in a NUL
     * and be writable, as CreateProcessW may change it in place while it runs.
     */
    boolean CreateProcessW(String applicationName, char[] commandLine, WinBase.SECURITY_ATTRIBUTES processAttributes,
                           WinBase.SECURITY_ATTRIBUTES threadAttributes, boolean inheritHandles, int creationFlags,
                           Pointer environment, String currentDirectory, StartupInfoEx startupInfo,
                           WinBase.PROCESS_INFORMATION processInformation);

    /** ReadFile into native memory (synchronous: {@code overlapped} null). */
    boolean ReadFile(WinNT.HANDLE file, Pointer buffer, int count, IntByReference done, Pointer overlapped);

    /** WriteFile from native memory (synchronous: {@code overlapped} null). */
    boolean WriteFile(WinNT.HANDLE file, Pointer buffer, int count, IntByReference done, Pointer overlapped);

    /** {@code STARTUPINFOEXW}: the classic startup information followed by an attribute list. */
    @Structure.FieldOrder({"StartupInfo", "lpAttributeList"})
    class StartupInfoEx extends Structure {
        public WinBase.STARTUPINFO StartupInfo = new WinBase.STARTUPINFO();
        public Pointer lpAttributeList;

        /** Sets {@code cb} to this structure's size, which is how Windows tells the two kinds apart. */
        public StartupInfoEx() {
            StartupInfo.cb = new WinDef.DWORD(size());
        }
    }
}
