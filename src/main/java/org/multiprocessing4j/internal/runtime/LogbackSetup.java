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
 * Points the library's logger at standard error through logback, in a format of Python's
 * {@code logging} ({@link PythonLogFormat}); by default {@code log_to_stderr}'s
 * {@code [%(levelname)s/%(processName)s] %(message)s}, with Python's level names.
 */
final class LogbackSetup {
    private static final String APPENDER = "mp4j-stderr";

    private LogbackSetup() {
    }

    static void quietUnlessConfigured(String loggerName) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext) {
            ch.qos.logback.classic.Logger logger = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(loggerName);
            if (logger.getLevel() == null) {
                logger.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }

    static boolean configure(Level level, String logbackPattern) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext)) {
            return false;
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger logger = context.getLogger(Log.ROOT);
        synchronized (LogbackSetup.class) {
            PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.putIfAbsent("processName", ProcessNameConverter::new);
            PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.putIfAbsent("pyLevel", PythonLevelConverter::new);
            PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.putIfAbsent("pyLevelNo", PythonLevelNumberConverter::new);
            PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.putIfAbsent("pid", PidConverter::new);
            ch.qos.logback.core.Appender<ILoggingEvent> old = logger.getAppender(APPENDER);
            if (old != null) {
                logger.detachAppender(old);
                old.stop();
            }
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern(logbackPattern);
            encoder.start();
            ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
            appender.setContext(context);
            appender.setName(APPENDER);
            appender.setTarget("System.err");
            appender.setEncoder(encoder);
            appender.start();
            logger.addAppender(appender);
            logger.setAdditive(false);
            logger.setLevel(ch.qos.logback.classic.Level.toLevel(level.name()));
        }
        return true;
    }

    /**
     * Python's level name of an event: {@code WARNING} for SLF4J's WARN, {@code CRITICAL} for an
     * ERROR marked {@link Log#CRITICAL}, {@code SUBDEBUG} (multiprocessing's level 5) for TRACE.
     */
    static String pythonLevel(ILoggingEvent event) {
        switch (event.getLevel().toInt()) {
            case ch.qos.logback.classic.Level.TRACE_INT:
                return "SUBDEBUG";
            case ch.qos.logback.classic.Level.WARN_INT:
                return "WARNING";
            case ch.qos.logback.classic.Level.ERROR_INT:
                return isCritical(event) ? "CRITICAL" : "ERROR";
            default:
                return event.getLevel().toString();
        }
    }

    private static boolean isCritical(ILoggingEvent event) {
        return event.getMarkerList() != null && event.getMarkerList().stream().anyMatch(m -> m.contains(Log.CRITICAL));
    }

    /** {@code %pyLevel}: Python's {@code %(levelname)s}. */
    public static final class PythonLevelConverter extends ClassicConverter {
        @Override
        public String convert(ILoggingEvent event) {
            return pythonLevel(event);
        }
    }

    /** {@code %pyLevelNo}: Python's {@code %(levelno)s} (5, 10, 20, 30, 40, 50). */
    public static final class PythonLevelNumberConverter extends ClassicConverter {
        @Override
        public String convert(ILoggingEvent event) {
            switch (pythonLevel(event)) {
                case "SUBDEBUG": return "5";
                case "DEBUG": return "10";
                case "INFO": return "20";
                case "WARNING": return "30";
                case "ERROR": return "40";
                default: return "50";
            }
        }
    }

    /** {@code %processName}: the name of the current process, as Python's logging offers. */
    public static final class ProcessNameConverter extends ClassicConverter {
        @Override
        public String convert(ILoggingEvent event) {
            return CurrentProcess.name();
        }
    }

    /** {@code %pid}: this process's id, Python's {@code %(process)d}. */
    public static final class PidConverter extends ClassicConverter {
        private static final String PID = Long.toString(ProcessHandle.current().pid());

        @Override
        public String convert(ILoggingEvent event) {
            return PID;
        }
    }
}
