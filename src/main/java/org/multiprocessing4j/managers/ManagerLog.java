package org.multiprocessing4j.managers;

import org.multiprocessing4j.internal.runtime.Log;

/**
 * The lines of managers below WARNING, as the reference's session prints them
 * ({@code [INFO/SyncManager-1] manager bound to ...}): only once {@code logToStderr} was
 * called, like the lines of a process's start and exit, so that a manager's process does not
 * print its bookkeeping where the application did not configure logging (logback's default
 * prints DEBUG).
 */
final class ManagerLog {
    private ManagerLog() {
    }

    static void info(String format, Object... arguments) {
        if (Log.levelName() != null) {
            Log.of("managers").info(format, arguments);
        }
    }

    static void debug(String format, Object... arguments) {
        if (Log.levelName() != null) {
            Log.of("managers").debug(format, arguments);
        }
    }
}
