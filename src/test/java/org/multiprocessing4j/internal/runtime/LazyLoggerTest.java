package org.multiprocessing4j.internal.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LazyLoggerTest {
    @Test
    void linesKeepTheirArgumentsTheirExceptionAndTheLibrarysClassAsTheirCaller() {
        List<ILoggingEvent> events = during("lazy-test", Level.DEBUG, () -> {
            LazyLogger log = Log.of("lazy-test");
            log.warn("process {} died holding {}", 42, "the lock", new IllegalStateException("boom"));
            log.debug("no exception: {}", "plain");
        });
        assertEquals(2, events.size());
        ILoggingEvent warning = events.get(0);
        assertEquals(Level.WARN, warning.getLevel());
        assertEquals("multiprocessing4j.lazy-test", warning.getLoggerName());
        assertEquals("process 42 died holding the lock", warning.getFormattedMessage());
        assertEquals("boom", warning.getThrowableProxy().getMessage());
        assertEquals(LazyLoggerTest.class.getName(), warning.getCallerData()[0].getClassName());
        assertEquals("no exception: plain", events.get(1).getFormattedMessage());
        assertNull(events.get(1).getThrowableProxy());
    }

    @Test
    void aLineBelowTheLevelIsNotLogged() {
        List<ILoggingEvent> events = during("lazy-quiet", Level.WARN, () -> {
            LazyLogger log = Log.of("lazy-quiet");
            log.debug("not shown {}", 1);
            log.info("not shown either");
            log.error("shown");
        });
        assertEquals(1, events.size());
        assertEquals("shown", events.get(0).getFormattedMessage());
    }

    private static List<ILoggingEvent> during(String part, Level level, Runnable body) {
        Logger logger = (Logger) LoggerFactory.getLogger(Log.ROOT + "." + part);
        Level before = logger.getLevel();
        logger.setLevel(level);
        List<ILoggingEvent> events = new ArrayList<>();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                // The caller is found from the stack, so only while the line is being logged.
                event.getCallerData();
                events.add(event);
            }
        };
        appender.start();
        logger.addAppender(appender);
        logger.setAdditive(false);
        try {
            body.run();
        } finally {
            logger.detachAppender(appender);
            logger.setAdditive(true);
            logger.setLevel(before);
        }
        return events;
    }
}
