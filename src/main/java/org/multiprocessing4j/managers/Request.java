package org.multiprocessing4j.managers;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One message from a client to a manager: Python's 4-tuple {@code (ident, methodname, args,
 * kwds)}. {@code ident} is null (Python's {@code None}) for the server's own methods
 * ({@code create}, {@code incref}…) and an object's id otherwise; {@code args} is the tuple of
 * positional arguments and {@code kwds} the dict of keyword arguments.
 *
 * <p>A serializer that rebuilds Python tuples as lists or arrays (as a pickle serializer may)
 * is welcome: {@link #from} accepts a 4-element {@code Object[]} or {@code List} as well.
 */
public final class Request implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String ident;
    private final String method;
    private final List<Object> args;
    private final Map<String, Object> kwds;

    /**
     * A request: Python's {@code (ident, methodname, args, kwds)}.
     *
     * @param ident  the object's id, or null for a method of the server itself
     * @param method the method's name
     * @param args   the positional arguments (null: none)
     * @param kwds   the keyword arguments (null: none)
     */
    public Request(String ident, String method, List<?> args, Map<String, ?> kwds) {
        this.ident = ident;
        this.method = Objects.requireNonNull(method, "method");
        this.args = args == null || args.isEmpty() ? List.of() : Collections.unmodifiableList(new java.util.ArrayList<>(args));
        this.kwds = kwds == null || kwds.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(kwds));
    }

    /** A request that takes {@code args} and {@code kwds} as they are: lists and maps this library just made. */
    static Request owning(String ident, String method, List<Object> args, Map<String, Object> kwds) {
        return new Request(ident, method, args, kwds, true);
    }

    private Request(String ident, String method, List<Object> args, Map<String, Object> kwds, boolean owning) {
        this.ident = ident;
        this.method = method;
        this.args = Collections.unmodifiableList(args);
        this.kwds = kwds.isEmpty() ? Map.of() : Collections.unmodifiableMap(kwds);
    }

    /**
     * The request in {@code message}: a {@link Request}, or a 4-element {@code Object[]} or
     * {@code List} laid out as Python's tuple.
     *
     * @throws IllegalArgumentException if it is neither, or a part has the wrong type; the
     *                                  message says what came instead
     */
    @SuppressWarnings("unchecked")
    public static Request from(Object message) {
        if (message instanceof Request) {
            return (Request) message;
        }
        List<?> parts = Tuples.parts(message, 4, "a request (ident, methodname, args, kwds)");
        Object ident = parts.get(0);
        Object method = parts.get(1);
        if (ident != null && !(ident instanceof String)) {
            throw new IllegalArgumentException("a request's ident must be a str or None, not " + Tuples.describe(ident));
        }
        if (!(method instanceof String)) {
            throw new IllegalArgumentException("a request's methodname must be a str, not " + Tuples.describe(method));
        }
        List<?> args = Tuples.parts(parts.get(2), -1, "a request's args");
        Object kwds = parts.get(3);
        if (kwds != null && !(kwds instanceof Map)) {
            throw new IllegalArgumentException("a request's kwds must be a dict, not " + Tuples.describe(kwds));
        }
        if (kwds != null) {
            for (Object key : ((Map<?, ?>) kwds).keySet()) {
                if (!(key instanceof String)) {
                    throw new IllegalArgumentException("a keyword argument's name must be a str, not " + Tuples.describe(key));
                }
            }
        }
        return new Request((String) ident, (String) method, args, (Map<String, ?>) kwds);
    }

    /** The object's id, or null for the server's own methods: Python's {@code ident}. */
    public String getIdent() {
        return ident;
    }

    /** The method's name: Python's {@code methodname}. */
    public String getMethod() {
        return method;
    }

    /** The positional arguments, unmodifiable: Python's {@code args}. */
    public List<Object> getArgs() {
        return args;
    }

    /** The keyword arguments, unmodifiable: Python's {@code kwds}. */
    public Map<String, Object> getKwds() {
        return kwds;
    }

    /** Python's {@code repr} of the tuple, cut short: for log lines and errors. */
    @Override
    public String toString() {
        String text = "(" + (ident == null ? "None" : "'" + ident + "'") + ", '" + method + "', " + args + ", " + kwds + ")";
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
