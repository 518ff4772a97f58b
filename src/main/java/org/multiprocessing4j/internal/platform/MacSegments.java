package org.multiprocessing4j.internal.platform;

import com.sun.jna.Function;
import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

import java.io.IOException;
import java.security.SecureRandom;

/**
 * macOS: segments are shm_open objects. It has no memfd, so an anonymous segment gets a fresh
 * name that is unlinked at once, so that only descriptors keep it alive. Its size is read with
 * fstat; words are waited on by polling ({@link Segments#awaitWord}'s default).
 */
final class MacSegments extends PosixSegments {
    private static final int STAT_SIZE = 144;
    private static final int STAT_SIZE_OFFSET = 96;
    /** fstat with the 64-bit inode struct: its own name on Intel, the plain one on Apple silicon. */
    private static final Function FSTAT = NativeLibrary.getInstance("c")
            .getFunction("aarch64".equals(System.getProperty("os.arch")) ? "fstat" : "fstat$INODE64");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public long createAnonymous(long size) throws IOException {
        while (true) {
            String name = "/mp4j-" + Long.toHexString(RANDOM.nextLong() >>> 16);
            int fd;
            try {
                fd = MacLibC.INSTANCE.shm_open(name, MacLibC.O_RDWR | MacLibC.O_CREAT | MacLibC.O_EXCL, 0600);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == PosixErrors.EEXIST) {
                    continue;
                }
                throw PosixErrors.ioError("shm_open", e);
            }
            MacLibC.INSTANCE.shm_unlink(name);
            MacDescriptors.setCloseOnExec(fd);
            resize(fd, size);
            return fd;
        }
    }

    @Override
    public long open(String name, boolean create, long size) throws IOException {
        String path = "/" + checkName(name);
        int fd;
        try {
            fd = MacLibC.INSTANCE.shm_open(path, MacLibC.O_RDWR | (create ? MacLibC.O_CREAT | MacLibC.O_EXCL : 0), 0600);
        } catch (LastErrorException e) {
            throw openError(name, e);
        }
        MacDescriptors.setCloseOnExec(fd);
        return sizeCreated(name, fd, create, size);
    }

    @Override
    public void unlink(String name) throws IOException {
        try {
            MacLibC.INSTANCE.shm_unlink("/" + checkName(name));
        } catch (LastErrorException e) {
            throw openError(name, e);
        }
    }

    @Override
    public long size(long handle) throws IOException {
        Memory stat = new Memory(STAT_SIZE);
        if (FSTAT.invokeInt(new Object[] {(int) handle, stat}) != 0) {
            throw new IOException("fstat of shared memory failed: errno " + Native.getLastError());
        }
        return stat.getLong(STAT_SIZE_OFFSET);
    }
}
