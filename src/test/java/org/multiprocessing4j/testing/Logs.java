package org.multiprocessing4j.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.multiprocessing4j.Multiprocessing;

import java.util.ArrayList;
import java.util.List;

/** What the library logs while a piece of a test runs. */
public final class Logs {
    private Logs() {
    }

    /** A piece of a test. */
    public interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} and returns the library's log lines meanwhile, as "LEVEL message". */
    public static List<String> during(Body body) throws Exception {
        Logger logger = (Logger) Multiprocessing.getLogger();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            body.run();
        } finally {
            logger.detachAppender(appender);
        }
        List<String> messages = new ArrayList<>();
        for (ILoggingEvent event : appender.list) {
            messages.add(event.getLevel() + " " + event.getFormattedMessage());
        }
        return messages;
    }

    /** {@link #during} with the library's loggers at DEBUG meanwhile, whatever an earlier test set. */
    public static List<String> atDebug(Body body) throws Exception {
        Logger logger = (Logger) Multiprocessing.getLogger();
        Level before = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        try {
            return during(body);
        } finally {
            logger.setLevel(before);
        }
    }
}
