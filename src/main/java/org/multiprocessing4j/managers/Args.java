package org.multiprocessing4j.managers;

import java.util.List;
import java.util.Map;

/** Python's argument checks for the methods the server runs: a wrong count or type is a TypeError (IllegalArgumentException). */
final class Args {
    private Args() {
    }

    /**
     * Checks that {@code method} got {@code count} positional arguments.
     *
     * @throws IllegalArgumentException Python's TypeError, with its message
     */
    static void count(List<Object> args, String method, int count) {
        if (args.size() != count) {
            throw new IllegalArgumentException(method + "() takes exactly " + count + " argument"
                    + (count == 1 ? "" : "s") + " (" + args.size() + " given)");
        }
    }

    /** Checks that {@code method} got between {@code min} and {@code max} positional arguments. */
    static void between(List<Object> args, String method, int min, int max) {
        if (args.size() < min || args.size() > max) {
            throw new IllegalArgumentException(method + "() takes from " + min + " to " + max + " arguments ("
                    + args.size() + " given)");
        }
    }

    /** Argument {@code index}, or keyword {@code name}, or {@code fallback}. */
    static Object get(List<Object> args, Map<String, Object> kwds, int index, String name, Object fallback) {
        if (index < args.size()) {
            return args.get(index);
        }
        return kwds.containsKey(name) ? kwds.get(name) : fallback;
    }

    /**
     * Argument {@code index} as a string; {@code count} (unless -1) is the number of arguments
     * {@code method} takes.
     */
    static String string(List<Object> args, int index, String method, int count) {
        if (count >= 0) {
            count(args, method, count);
        } else if (args.size() <= index) {
            throw new IllegalArgumentException(method + "() missing required argument " + (index + 1));
        }
        Object value = args.get(index);
        if (!(value instanceof String)) {
            throw new IllegalArgumentException(method + "() argument " + (index + 1) + " must be str, not "
                    + Tuples.describe(value));
        }
        return (String) value;
    }

    /** An int argument, Python's int from any Java integer type. */
    static int integer(Object value, String what) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long n = ((Number) value).longValue();
            if (n != (int) n) {
                throw new IndexOutOfBoundsException(what + " out of range: " + n);
            }
            return (int) n;
        }
        throw new IllegalArgumentException(what + " must be an integer, not " + Tuples.describe(value));
    }

    /** A timeout in seconds (Python's float or None) as nanoseconds; negative for none. */
    static long timeoutNanos(Object value) {
        if (value == null) {
            return -1;
        }
        if (!(value instanceof Number)) {
            throw new IllegalArgumentException("timeout must be a number or None, not " + Tuples.describe(value));
        }
        double seconds = ((Number) value).doubleValue();
        if (seconds < 0) {
            throw new IllegalArgumentException("'timeout' must be a non-negative number");
        }
        return (long) Math.min(seconds * 1e9, Long.MAX_VALUE / 2.0);
    }

    /** A Python truth value. */
    static boolean truth(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof Number) {
            return ((Number) value).doubleValue() != 0;
        }
        return true;
    }
}
