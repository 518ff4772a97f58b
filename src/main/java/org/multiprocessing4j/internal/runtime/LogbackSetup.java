package org.multiprocessing4j.internal.runtime;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Points the library's logger at standard error through logback, with the format of Python's
 * {@code log_to_stderr}: {@code [%(levelname)s/%(processName)s] %(message)s}.
 */
final class LogbackSetup {
    private static final String APPENDER = "mp4j-stderr";

    private LogbackSetup() {
    }

    static boolean configure(Level level) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext)) {
            return false;
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger logger = context.getLogger(Log.ROOT);
        synchronized (LogbackSetup.class) {
            if (logger.getAppender(APPENDER) == null) {
                PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.putIfAbsent("processName", ProcessNameConverter::new);
                PatternLayoutEncoder encoder = new PatternLayoutEncoder();
                encoder.setContext(context);
                encoder.setPattern("[%level/%processName] %msg%n");
                encoder.start();
                ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
                appender.setContext(context);
                appender.setName(APPENDER);
                appender.setTarget("System.err");
                appender.setEncoder(encoder);
                appender.start();
                logger.addAppender(appender);
                logger.setAdditive(false);
            }
            logger.setLevel(ch.qos.logback.classic.Level.toLevel(level.name()));
        }
        return true;
    }

    /** {@code %processName}: the name of the current process, as Python's logging offers. */
    public static final class ProcessNameConverter extends ClassicConverter {
        @Override
        public String convert(ILoggingEvent event) {
            return CurrentProcess.name();
        }
    }
}
