package org.multiprocessing4j.managers;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One message from a manager to a client: Python's 2-tuple {@code (kind, result)}, where
 * {@code kind} is one of {@link #RETURN}, {@link #ERROR}, {@link #TRACEBACK},
 * {@link #UNSERIALIZABLE} or {@link #PROXY}.
 *
 * <p>{@link #from} accepts a 2-element {@code Object[]} or {@code List} too, for a serializer
 * that rebuilds Python tuples that way.
 */
public final class Reply implements Serializable {
    /** The method returned {@link #getPayload()}. */
    public static final String RETURN = "#RETURN";
    /** The method raised {@link #getPayload()}, an exception. */
    public static final String ERROR = "#ERROR";
    /** The request failed in the server; the payload is the traceback, a string. */
    public static final String TRACEBACK = "#TRACEBACK";
    /** The result could not be serialized; the payload says why, a string. */
    public static final String UNSERIALIZABLE = "#UNSERIALIZABLE";
    /** The result is a new shared object; the payload is {@code (exposed, token)}. */
    public static final String PROXY = "#PROXY";
    private static final long serialVersionUID = 1L;
    private static final Reply NONE = new Reply(RETURN, null);

    private final String kind;
    private final Object payload;

    /**
     * A reply: Python's {@code (kind, result)}.
     *
     * @throws NullPointerException if {@code kind} is null
     */
    public Reply(String kind, Object payload) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.payload = payload;
    }

    /** {@code ('#RETURN', value)}. */
    static Reply returning(Object value) {
        return value == null ? NONE : new Reply(RETURN, value);
    }

    /**
     * The reply in {@code message}: a {@link Reply}, or a 2-element {@code Object[]} or
     * {@code List} whose first element is a string.
     *
     * @throws IllegalArgumentException if it is none of those
     */
    public static Reply from(Object message) {
        if (message instanceof Reply) {
            return (Reply) message;
        }
        List<?> parts = Tuples.parts(message, 2, "a reply (kind, result)");
        if (!(parts.get(0) instanceof String)) {
            throw new IllegalArgumentException("a reply's kind must be a str, not " + Tuples.describe(parts.get(0)));
        }
        return new Reply((String) parts.get(0), parts.get(1));
    }

    /** The kind: {@code "#RETURN"}, {@code "#ERROR"}, {@code "#TRACEBACK"}, {@code "#UNSERIALIZABLE"} or {@code "#PROXY"}. */
    public String getKind() {
        return kind;
    }

    /** The result, the exception, the traceback or {@code (exposed, token)}, by kind. */
    public Object getPayload() {
        return payload;
    }

    @Override
    public String toString() {
        String text = "('" + kind + "', " + payload + ")";
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
