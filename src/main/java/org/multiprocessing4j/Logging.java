package org.multiprocessing4j;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The library's logger and Python's {@code log_to_stderr}: lines such as
 * {@code [INFO/Process-1] child process calling self.run()}. The level chosen in a parent is
 * passed on to its children.
 */
final class Logging {
    static final String LOGGER_NAME = "multiprocessing4j";
    private static volatile Level level;

    private Logging() {
    }

    static Logger logger() {
        return LoggerFactory.getLogger(LOGGER_NAME);
    }

    /**
     * Logs a life-cycle line (start, run, exit) only once {@code logToStderr} was called, as
     * Python's handler-less logger does; this also keeps SLF4J from initializing in every child.
     */
    static void info(String format, Object... arguments) {
        if (level != null) {
            logger().info(format, arguments);
        }
    }

    static String levelName() {
        Level l = level;
        return l == null ? null : l.name();
    }

    static void toStderr(String levelName) {
        toStderr(Level.valueOf(levelName));
    }

    static Logger toStderr(Level newLevel) {
        level = newLevel;
        if (!LogbackStderr.configure(newLevel)) {
            System.err.println("[WARNING/" + ProcessTable.current().getName() + "] logToStderr needs "
                    + "ch.qos.logback:logback-classic as the SLF4J provider; logging is left as it is");
        }
        return logger();
    }

    /** Kept apart so that logback, an optional dependency, is loaded only when it is there. */
    static final class LogbackStderr {
        private LogbackStderr() {
        }

        static boolean configure(Level newLevel) {
            try {
                Class.forName("ch.qos.logback.classic.LoggerContext");
            } catch (ClassNotFoundException absent) {
                return false;
            }
            return LogbackSetup.configure(newLevel);
        }
    }
}
