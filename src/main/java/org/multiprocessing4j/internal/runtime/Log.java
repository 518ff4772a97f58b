package org.multiprocessing4j.internal.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;

import java.util.Collections;
import java.util.Iterator;

/**
 * The library's loggers and Python's {@code log_to_stderr}. Every logger is {@code multiprocessing4j}
 * or a child of it ({@code multiprocessing4j.pool}, {@code multiprocessing4j.sync}…), so that
 * configuring that one name — as {@code logToStderr} does — covers every line the library logs.
 * Lines look like {@code [INFO/Process-1] child process calling self.run()}; the level chosen in
 * a parent is passed on to its children.
 */
public final class Log {
    /** The name of the library's root logger: Python's {@code multiprocessing} logger. */
    public static final String ROOT = "multiprocessing4j";
    /**
     * Marks an ERROR line as Python's CRITICAL, which SLF4J has no level for. Not made by
     * {@code MarkerFactory}: that initializes SLF4J and its provider (logback: a service
     * look-up, a configuration search, some hundred milliseconds under load) in every JVM that
     * merely loads this class, which every child does.
     */
    public static final Marker CRITICAL = new LeafMarker("CRITICAL");
    private static volatile Level level;
    private static volatile String format = PythonLogFormat.DEFAULT;

    private Log() {
    }

    /** The root logger, {@code multiprocessing4j}: Python's {@code get_logger()}. */
    public static Logger root() {
        return LoggerFactory.getLogger(ROOT);
    }

    /**
     * The logger of one part of the library, {@code multiprocessing4j.<part>}, which starts
     * SLF4J only when it first logs a line.
     */
    public static LazyLogger of(String part) {
        return new LazyLogger(ROOT + "." + part);
    }

    /**
     * Logs a life-cycle line (start, run, exit) only once {@code logToStderr} was called, as
     * Python's handler-less logger does; this also keeps SLF4J from initializing in every child.
     */
    public static void lifecycle(String format, Object... arguments) {
        if (level != null) {
            root().info(format, arguments);
        }
    }

    /** The level given to {@link #toStderr(Level)}, by name, or null if it was not called. */
    public static String levelName() {
        Level l = level;
        return l == null ? null : l.name();
    }

    /** The Python format given to {@link #toStderr(Level, String)}, for children to print alike. */
    public static String format() {
        return format;
    }

    /** {@link #toStderr(Level, String)} by level name, as a parent passes it to its children. */
    public static void toStderr(String levelName, String pythonFormat) {
        toStderr(Level.valueOf(levelName), pythonFormat);
    }

    /** Sends the library's log lines at {@code newLevel} and above to standard error, in CPython's format. */
    public static Logger toStderr(Level newLevel) {
        return toStderr(newLevel, PythonLogFormat.DEFAULT);
    }

    /**
     * Sends the library's log lines at {@code newLevel} and above to standard error, formatted
     * by {@code pythonFormat}, a format of Python's logging.
     *
     * @throws IllegalArgumentException for a placeholder that cannot be filled, named
     */
    public static Logger toStderr(Level newLevel, String pythonFormat) {
        String pattern = PythonLogFormat.toLogbackPattern(pythonFormat);
        level = newLevel;
        format = pythonFormat;
        if (!LogbackStderr.configure(newLevel, pattern)) {
            System.err.println("[WARNING/" + CurrentProcess.name() + "] logToStderr needs "
                    + "ch.qos.logback:logback-classic as the SLF4J provider; logging is left as it is");
        }
        return root();
    }

    /**
     * Keeps a library this one embeds (Hazelcast) from filling the log at INFO: when logback is
     * the SLF4J provider and nobody gave {@code loggerName} a level, it gets WARN. A level the
     * application configured is left alone.
     */
    public static void quietUnlessConfigured(String loggerName) {
        if (LogbackStderr.present()) {
            LogbackSetup.quietUnlessConfigured(loggerName);
        }
    }

    /** Kept apart so that logback, an optional dependency, is loaded only when it is there. */
    static final class LogbackStderr {
        private LogbackStderr() {
        }

        static boolean configure(Level newLevel, String pattern) {
            return present() && LogbackSetup.configure(newLevel, pattern);
        }

        static boolean present() {
            try {
                Class.forName("ch.qos.logback.classic.LoggerContext");
                return true;
            } catch (ClassNotFoundException absent) {
                return false;
            }
        }
    }

    /** A marker with a name and no references: what {@link #CRITICAL} needs, without SLF4J's set-up. */
    static final class LeafMarker implements Marker {
        private static final long serialVersionUID = 1L;
        private final String name;

        LeafMarker(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public void add(Marker reference) {
            throw new UnsupportedOperationException("the marker " + name + " takes no references");
        }

        @Override
        public boolean remove(Marker reference) {
            return false;
        }

        @Override
        @Deprecated
        public boolean hasChildren() {
            return false;
        }

        @Override
        public boolean hasReferences() {
            return false;
        }

        @Override
        public Iterator<Marker> iterator() {
            return Collections.emptyIterator();
        }

        @Override
        public boolean contains(Marker other) {
            return equals(other);
        }

        @Override
        public boolean contains(String otherName) {
            return name.equals(otherName);
        }

        // As SLF4J's markers: equal by name, so a marker of the same name from MarkerFactory matches.
        @Override
        public boolean equals(Object other) {
            return other instanceof Marker && name.equals(((Marker) other).getName());
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
