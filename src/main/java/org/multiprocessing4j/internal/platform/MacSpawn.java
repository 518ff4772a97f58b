package org.multiprocessing4j.internal.platform;

import com.sun.jna.Pointer;

/**
 * macOS keeps descriptors out of a child with {@code POSIX_SPAWN_CLOEXEC_DEFAULT}: every
 * descriptor but the mapped ones and those named by an inherit action is closed.
 */
final class MacSpawn extends PosixSpawn {
    private static final short POSIX_SPAWN_CLOEXEC_DEFAULT = 0x4000;

    @Override
    short extraFlags() {
        return POSIX_SPAWN_CLOEXEC_DEFAULT;
    }

    @Override
    void keepStandard(Pointer fileActions, int fd) {
        MacLibC.INSTANCE.posix_spawn_file_actions_addinherit_np(fileActions, fd);
    }

    @Override
    void closeOthers(Pointer fileActions, int firstUnused, int[] temporaries) {
        // CLOEXEC_DEFAULT closes what no action touched; the temporaries were touched.
        closeTemporaries(fileActions, temporaries);
    }
}
