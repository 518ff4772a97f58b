package org.multiprocessing4j.internal.platform;

import com.sun.jna.Function;
import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.io.File;

/**
 * Linux keeps descriptors out of a child with {@code posix_spawn_file_actions_addclosefrom_np}
 * (glibc 2.34 and later), else with a close action for every inheritable descriptor
 * /proc/self/fd lists.
 */
final class LinuxSpawn extends PosixSpawn {
    private final Function closeFrom = lookUpCloseFrom();

    private static Function lookUpCloseFrom() {
        try {
            return NativeLibrary.getInstance(com.sun.jna.Platform.C_LIBRARY_NAME)
                    .getFunction("posix_spawn_file_actions_addclosefrom_np");
        } catch (UnsatisfiedLinkError olderGlibc) {
            return null;
        }
    }

    @Override
    short extraFlags() {
        return 0;
    }

    @Override
    void keepStandard(Pointer fileActions, int fd) {
        // Standard descriptors are not close-on-exec: the child keeps them without an action.
    }

    @Override
    void closeOthers(Pointer fileActions, int firstUnused, int[] temporaries) {
        if (closeFrom != null) {
            int error = closeFrom.invokeInt(new Object[] {fileActions, firstUnused});
            if (error == 0) {
                return;
            }
        }
        // No closefrom: close the temporaries and every inheritable descriptor we can see.
        // Descriptors opened by other threads meanwhile are the accepted gap of this fallback.
        closeTemporaries(fileActions, temporaries);
        String[] open = new File("/proc/self/fd").list();
        if (open == null) {
            return;
        }
        for (String name : open) {
            int fd = Integer.parseInt(name);
            if (fd >= firstUnused && !isTemporary(fd, temporaries) && !isCloseOnExec(fd)) {
                PosixLibC.posix_spawn_file_actions_addclose(fileActions, fd);
            }
        }
    }

    private static boolean isTemporary(int fd, int[] temporaries) {
        for (int t : temporaries) {
            if (t == fd) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCloseOnExec(int fd) {
        try {
            return (LinuxLibC.fcntl(fd, LinuxLibC.F_GETFD, 0) & LinuxLibC.FD_CLOEXEC) != 0;
        } catch (LastErrorException closedMeanwhile) {
            return true;
        }
    }
}
