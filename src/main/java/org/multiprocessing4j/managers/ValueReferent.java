package org.multiprocessing4j.managers;

import org.multiprocessing4j.shared.Typecode;

import java.util.List;
import java.util.Map;

/**
 * A managed {@code Value}: Python's {@code managers.Value(typecode, value)}, a typecode and a
 * value with {@code get} and {@code set}. As in CPython the typecode is a label: the value is
 * whatever was set (CPython checks nothing either).
 */
final class ValueReferent extends BuiltinReferent {
    static final List<String> EXPOSED = List.of("get", "set");

    private final String typecode;
    private Object value;

    ValueReferent(String typecode, Object value) {
        super(EXPOSED);
        this.typecode = typecode;
        this.value = value;
        Nested.keep(value);
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
            return value;
        }
        if ("set".equals(method)) {
            Args.count(args, method, 1);
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
        return value;
    }

    /** A {@code managers.Value} for a CPython client, as CPython's server sends it. */
    @Override
    public synchronized Object copy() {
        return PythonObject.value(typecode, value);
    }

    @Override
    public synchronized String repr() {
        return "Value(" + Sequences.repr(typecode) + ", " + Sequences.repr(value) + ")";
    }
}
