package org.multiprocessing4j.internal.platform;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/**
 * Shared memory on Windows: file mappings backed by the page file, named or not, mapped with
 * MapViewOfFile. A name lives as long as a handle to its mapping does. Words are waited on by
 * polling ({@link Segments#awaitWord}'s default).
 */
final class WindowsSegments implements Segments {
    private static final WindowsKernel32 KERNEL = WindowsKernel32.INSTANCE;
    private static final int PAGE_READWRITE = 0x04;
    private static final int FILE_MAP_ALL_ACCESS = 0xF001F;
    private static final Cleaner UNMAPPER = Cleaner.create();

    @Override
    public long createAnonymous(long size) throws IOException {
        return createMapping(null, size);
    }

    private static long createMapping(String name, long size) throws IOException {
        WinNT.HANDLE mapping = KERNEL.CreateFileMapping(WinBase.INVALID_HANDLE_VALUE, null, PAGE_READWRITE,
                (int) (size >>> 32), (int) size, name);
        if (mapping == null) {
            throw WindowsHandles.lastError("CreateFileMapping");
        }
        if (name != null && Native.getLastError() == WinError.ERROR_ALREADY_EXISTS) {
            KERNEL.CloseHandle(mapping);
            throw new FileAlreadyExistsException(name, null, "a shared memory segment of that name exists");
        }
        return Pointer.nativeValue(mapping.getPointer());
    }

    @Override
    public long open(String name, boolean create, long size) throws IOException {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a shared memory name must be non-empty");
        }
        if (create) {
            return createMapping(name, size);
        }
        WinNT.HANDLE mapping = KERNEL.OpenFileMapping(FILE_MAP_ALL_ACCESS, false, name);
        if (mapping == null) {
            throw new NoSuchFileException(name, null, "no shared memory segment of that name");
        }
        return Pointer.nativeValue(mapping.getPointer());
    }

    /** The size of a view of the whole mapping, rounded up to pages as Windows keeps it (CPython: the same). */
    @Override
    public long size(long handle) throws IOException {
        Pointer view = KERNEL.MapViewOfFile(new WinNT.HANDLE(new Pointer(handle)), FILE_MAP_ALL_ACCESS, 0, 0, 0);
        if (view == null) {
            throw WindowsHandles.lastError("MapViewOfFile");
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
    public void unlink(String name) {
    }

    @Override
    public ByteBuffer map(long handle, long size) throws IOException {
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a mapping holds 1 to " + Integer.MAX_VALUE + " bytes, not " + size);
        }
        Pointer view = KERNEL.MapViewOfFile(new WinNT.HANDLE(new Pointer(handle)), FILE_MAP_ALL_ACCESS, 0, 0, (int) size);
        if (view == null) {
            throw WindowsHandles.lastError("MapViewOfFile");
        }
        ByteBuffer buffer = view.getByteBuffer(0, size);
        UNMAPPER.register(buffer, () -> KERNEL.UnmapViewOfFile(view));
        return buffer;
    }
}
