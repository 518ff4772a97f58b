package org.multiprocessing4j.internal.runtime;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A format of Python's {@code logging} ({@code '[%(levelname)s/%(processName)s] %(message)s'},
 * the one {@code log_to_stderr} uses) as a logback pattern, so that a porter writes the format
 * they know and children print in the same one.
 */
final class PythonLogFormat {
    /** CPython's {@code multiprocessing.util.DEFAULT_LOGGING_FORMAT}. */
    static final String DEFAULT = "[%(levelname)s/%(processName)s] %(message)s";
    private static final Pattern PLACEHOLDER = Pattern.compile("%\\((\\w+)\\)[-#0 +]?\\d*(?:\\.\\d+)?[sdf]");
    private static final Map<String, String> LOGBACK = Map.of(
            "levelname", "%pyLevel",
            "processName", "%processName",
            "message", "%msg",
            "name", "%logger",
            "asctime", "%d{yyyy-MM-dd HH:mm:ss,SSS}",
            "threadName", "%thread",
            "process", "%pid",
            "levelno", "%pyLevelNo");

    private PythonLogFormat() {
    }

    /**
     * The logback pattern for {@code format}, with a line end.
     *
     * @throws IllegalArgumentException for a placeholder this library cannot fill, named
     */
    static String toLogbackPattern(String format) {
        StringBuilder pattern = new StringBuilder();
        Matcher matcher = PLACEHOLDER.matcher(format);
        int literalStart = 0;
        while (matcher.find()) {
            pattern.append(escape(format.substring(literalStart, matcher.start())));
            String conversion = LOGBACK.get(matcher.group(1));
            if (conversion == null) {
                throw new IllegalArgumentException("log format placeholder %(" + matcher.group(1)
                        + ") is not supported; supported: " + LOGBACK.keySet());
            }
            pattern.append(conversion);
            literalStart = matcher.end();
        }
        return pattern.append(escape(format.substring(literalStart))).append("%n").toString();
    }

    /** Literal text: logback gives '%', '(', ')' and '\' a meaning, Python's '%%' is one '%'. */
    private static String escape(String literal) {
        return literal.replace("%%", "%").replace("\\", "\\\\").replace("%", "\\%")
                .replace("(", "\\(").replace(")", "\\)");
    }
}
