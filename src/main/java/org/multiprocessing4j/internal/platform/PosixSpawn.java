package org.multiprocessing4j.internal.platform;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * posix_spawnp with the file actions that give a child exactly the descriptors it is meant to
 * have, and the attributes that give it an empty signal mask and SIGPIPE and SIGXFSZ at their
 * default action, whatever this process does with them. Subclasses say how a system keeps the
 * other descriptors out.
 */
abstract class PosixSpawn {
    private static final short SPAWN_SETSIGDEF = 0x04;
    private static final short SPAWN_SETSIGMASK = 0x08;
    private static final int SIGPIPE = 13;
    private static final int SIGXFSZ = 25;
    // posix_spawn_file_actions_t is 80 bytes and posix_spawnattr_t 336 bytes in glibc, one
    // pointer on macOS; a generous fixed block fits all without asking.
    private static final int SPAWN_STRUCT_SIZE = 1024;
    private static final int SIGSET_SIZE = 256;

    /** Flags added to the spawn attributes (macOS: close-on-exec by default). */
    abstract short extraFlags();

    /** Keeps a parent descriptor (0, 1, 2) open in the child. */
    abstract void keepStandard(Pointer fileActions, int fd);

    /**
     * Adds the file actions that leave no descriptor open in the child at or above
     * {@code firstUnused}, other than those the actions dup2'd there.
     */
    abstract void closeOthers(Pointer fileActions, int firstUnused, int[] temporaries);

    /**
     * Starts {@code command} with this process's environment, {@code sources[0]} as its
     * standard input (-1: this process's) and the other sources as 3, 4, …; returns its pid.
     */
    int spawn(List<String> command, int[] sources) throws IOException {
        Memory actions = new Memory(SPAWN_STRUCT_SIZE);
        Memory attributes = new Memory(SPAWN_STRUCT_SIZE);
        PosixErrors.check(PosixLibC.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        try {
            PosixErrors.check(PosixLibC.posix_spawnattr_init(attributes), "posix_spawnattr_init");
            try {
                mapDescriptors(actions, sources);
                configureSignals(attributes);
                StringArray argv = new StringArray(command.toArray(new String[0]));
                StringArray envp = new StringArray(environment());
                int[] pid = new int[1];
                int error = PosixLibC.posix_spawnp(pid, command.get(0), actions, attributes, argv, envp);
                if (error != 0) {
                    throw new IOException("cannot start " + command.get(0) + ": " + PosixLibC.strerror(error)
                            + " (errno " + error + ")");
                }
                return pid[0];
            } finally {
                PosixLibC.posix_spawnattr_destroy(attributes);
            }
        } finally {
            PosixLibC.posix_spawn_file_actions_destroy(actions);
        }
    }

    /**
     * Maps {@code sources[0]} to 0 and the rest to 3, 4, … . They are first copied above every
     * descriptor involved, so that no move can overwrite a source still to be moved.
     */
    private void mapDescriptors(Pointer actions, int[] sources) throws IOException {
        int firstUnused = 3 + sources.length - 1;
        int highest = firstUnused;
        for (int source : sources) {
            highest = Math.max(highest, source);
        }
        int[] temporaries = new int[sources.length];
        for (int i = 0; i < sources.length; i++) {
            temporaries[i] = sources[i] < 0 ? -1 : highest + 1 + i;
            if (sources[i] >= 0) {
                PosixErrors.check(PosixLibC.posix_spawn_file_actions_adddup2(actions, sources[i], temporaries[i]), "adddup2");
            }
        }
        for (int i = 0; i < sources.length; i++) {
            int target = i == 0 ? 0 : 2 + i;
            if (temporaries[i] >= 0) {
                PosixErrors.check(PosixLibC.posix_spawn_file_actions_adddup2(actions, temporaries[i], target), "adddup2");
            } else {
                keepStandard(actions, target);
            }
        }
        keepStandard(actions, 1);
        keepStandard(actions, 2);
        closeOthers(actions, firstUnused, temporaries);
    }

    private void configureSignals(Pointer attributes) throws IOException {
        Memory empty = new Memory(SIGSET_SIZE);
        PosixLibC.sigemptyset(empty);
        Memory defaults = new Memory(SIGSET_SIZE);
        PosixLibC.sigemptyset(defaults);
        PosixLibC.sigaddset(defaults, SIGPIPE);
        PosixLibC.sigaddset(defaults, SIGXFSZ);
        PosixErrors.check(PosixLibC.posix_spawnattr_setsigmask(attributes, empty), "posix_spawnattr_setsigmask");
        PosixErrors.check(PosixLibC.posix_spawnattr_setsigdefault(attributes, defaults), "posix_spawnattr_setsigdefault");
        short flags = (short) (SPAWN_SETSIGMASK | SPAWN_SETSIGDEF | extraFlags());
        PosixErrors.check(PosixLibC.posix_spawnattr_setflags(attributes, flags), "posix_spawnattr_setflags");
    }

    private static String[] environment() {
        Map<String, String> env = System.getenv();
        List<String> entries = new ArrayList<>(env.size());
        env.forEach((k, v) -> entries.add(k + "=" + v));
        return entries.toArray(new String[0]);
    }

    /** Adds a close action for each temporary copy (those that are not -1). */
    static void closeTemporaries(Pointer fileActions, int[] temporaries) {
        for (int t : temporaries) {
            if (t >= 0) {
                PosixLibC.posix_spawn_file_actions_addclose(fileActions, t);
            }
        }
    }
}
