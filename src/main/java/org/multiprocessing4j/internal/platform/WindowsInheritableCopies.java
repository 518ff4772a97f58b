package org.multiprocessing4j.internal.platform;

import com.sun.jna.platform.win32.WinNT;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inheritable duplicates made for one CreateProcessW call and the handle list built
 * from them. The child receives them with the same values; closing this closes the
 * parent's copies, which no longer matter once the call returned.
 */
final class WindowsInheritableCopies implements AutoCloseable {
    private static final WindowsKernel32 KERNEL = WindowsKernel32.INSTANCE;

    private final Map<Long, Long> standardCopies = new HashMap<>();
    private final Set<Long> listed = new LinkedHashSet<>();
    private final List<Long> owned = new ArrayList<>();

    /** A copy of a handle the caller named; a handle that cannot be copied fails the spawn. */
    long required(long source) throws IOException {
        if (source == 0 || source == WindowsHandles.INVALID_HANDLE) {
            throw new IOException("cannot hand handle " + source + " to a child");
        }
        long copy = WindowsHandles.duplicate(source, true);
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
        long source = WindowsHandles.value(KERNEL.GetStdHandle(which));
        if (source == 0 || source == WindowsHandles.INVALID_HANDLE) {
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
            KERNEL.CloseHandle(WindowsHandles.handle(copy));
        }
    }

    /** Windows 7 console pseudo-handles: CreateProcess rejects them in a handle list. */
    private static boolean isConsolePseudoHandle(long handle) {
        return (handle & WindowsKernel32.CONSOLE_PSEUDO_HANDLE_BITS) == WindowsKernel32.CONSOLE_PSEUDO_HANDLE_BITS
                && KERNEL.GetFileType(WindowsHandles.handle(handle)) == WinNT.FILE_TYPE_CHAR;
    }
}
