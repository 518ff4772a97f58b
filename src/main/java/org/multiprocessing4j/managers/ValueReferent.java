package org.multiprocessing4j.managers;

import org.multiprocessing4j.shared.Typecode;

import java.util.List;
import java.util.Map;

/**
 * A managed {@code Value}: Python's {@code managers.Value(typecode, value)}, a typecode and a
 * value with {@code get} and {@code set}. As in CPython the typecode is a label: the value is
 * whatever was set (CPython checks nothing either). On a manager of
 * {@code Multiprocessing.context("cluster")} the value is an entry of a map the cluster keeps
 * ({@link #over}), read and set in the calling process.
 */
final class ValueReferent extends BuiltinReferent {
    static final List<String> EXPOSED = List.of("get", "set");

    /** The entry of the value in a map of the cluster's, and of its typecode. */
    private static final String VALUE = "value";
    private static final String TYPECODE = "typecode";

    private final String typecode;
    private Object value;
    /** The cluster's map that holds the value, or null for a value of this process. */
    private final Map<Object, Object> shared;

    ValueReferent(String typecode, Object value) {
        super(EXPOSED);
        this.typecode = typecode;
        this.value = value;
        this.shared = null;
        Nested.keep(value);
    }

    private ValueReferent(Map<Object, Object> shared) {
        super(EXPOSED);
        this.typecode = (String) shared.get(TYPECODE);
        this.shared = shared;
    }

    /** A value whose value is the entry of {@code shared}, which others share (a cluster's map). */
    static ValueReferent over(Map<Object, Object> shared) {
        return new ValueReferent(shared);
    }

    /** Sets {@code shared} up as the map of a value {@code typecode}, {@code initial}: what {@link #over} reads. */
    static void start(Map<Object, Object> shared, String typecode, Object initial) {
        if (typecode != null) {
            Typecode.of(typecode);
            shared.put(TYPECODE, typecode);
        }
        if (initial != null) {
            shared.put(VALUE, initial);
        }
    }

    /** {@code Value(typecode, value, lock=True)}: the typecode must be one of the array module's. */
    static ValueReferent create(List<Object> args, Map<String, Object> kwds) {
        Object code = Args.get(args, kwds, 0, "typecode", null);
        if (code instanceof String) {
            Typecode.of((String) code);
        }
        return new ValueReferent(code == null ? null : code.toString(), Args.get(args, kwds, 1, "value", null));
    }

    @Override
    public synchronized Object call(String method, List<Object> args, Map<String, Object> kwds) {
        if ("get".equals(method)) {
            Args.count(args, method, 0);
            return value();
        }
        if ("set".equals(method)) {
            Args.count(args, method, 1);
            if (shared != null) {
                if (args.get(0) == null) {
                    shared.remove(VALUE);
                } else {
                    shared.put(VALUE, args.get(0));
                }
                return null;
            }
            Nested.keep(args.get(0));
            Object previous = value;
            value = args.get(0);
            Nested.release(previous);
            return null;
        }
        throw new UnsupportedOperationException("Value has no method '" + method + "'");
    }

    @Override
    public synchronized Object value() {
        return shared != null ? shared.get(VALUE) : value;
    }

    /** A {@code managers.Value} for a CPython client, as CPython's server sends it. */
    @Override
    public synchronized Object copy() {
        return PythonObject.value(typecode, value());
    }

    @Override
    public synchronized String repr() {
        return "Value(" + Sequences.repr(typecode) + ", " + Sequences.repr(value()) + ")";
    }
}
