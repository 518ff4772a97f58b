package org.multiprocessing4j.managers;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The text of a {@code #TRACEBACK} or {@code #UNSERIALIZABLE} reply: Python's {@code format_exc()}, a Java stack trace. */
final class Tracebacks {
    private Tracebacks() {
    }

    static String of(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
