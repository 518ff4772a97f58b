package org.multiprocessing4j.internal.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LocationAwareLogger;

/**
 * One of the library's loggers, made by SLF4J only when a line is first logged through it.
 * Every library class that may log holds one in a static field, and SLF4J's first logger starts
 * its provider: with logback, a service look-up and a search of every jar of the class path for
 * a configuration, 100-250 ms of a fresh JVM's CPU measured here. A child, a spare or a pool
 * worker loads such classes and mostly never logs; with this, it never pays for it.
 *
 * <p>Lines reach a provider that knows where they come from ({@link LocationAwareLogger}, as
 * logback's loggers are) with this class named as the wrapper, so a pattern's caller data shows
 * the library's class, not this one.
 */
public final class LazyLogger {
    private static final String WRAPPER = LazyLogger.class.getName();
    private final String name;
    private volatile Logger logger;

    LazyLogger(String name) {
        this.name = name;
    }

    /** SLF4J's {@code debug(format, arguments...)}; a last {@link Throwable} argument is the exception. */
    public void debug(String format, Object... arguments) {
        log(Level.DEBUG, format, arguments);
    }

    /** SLF4J's {@code info(format, arguments...)}; a last {@link Throwable} argument is the exception. */
    public void info(String format, Object... arguments) {
        log(Level.INFO, format, arguments);
    }

    /** SLF4J's {@code warn(format, arguments...)}; a last {@link Throwable} argument is the exception. */
    public void warn(String format, Object... arguments) {
        log(Level.WARN, format, arguments);
    }

    /** SLF4J's {@code error(format, arguments...)}; a last {@link Throwable} argument is the exception. */
    public void error(String format, Object... arguments) {
        log(Level.ERROR, format, arguments);
    }

    /** The SLF4J logger behind this one, made now if it was not yet. */
    private Logger slf4j() {
        Logger made = logger;
        if (made == null) {
            made = LoggerFactory.getLogger(name);
            logger = made;
        }
        return made;
    }

    private void log(Level level, String format, Object[] arguments) {
        Logger target = slf4j();
        if (!target.isEnabledForLevel(level)) {
            return;
        }
        if (target instanceof LocationAwareLogger located) {
            Throwable thrown = MessageFormatter.getThrowableCandidate(arguments);
            Object[] rest = thrown == null ? arguments : MessageFormatter.trimmedCopy(arguments);
            located.log(null, WRAPPER, level.toInt(), format, rest, thrown);
        } else {
            target.atLevel(level).log(format, arguments);
        }
    }
}
