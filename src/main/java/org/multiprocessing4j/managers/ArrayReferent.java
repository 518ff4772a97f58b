package org.multiprocessing4j.managers;

import org.multiprocessing4j.shared.Typecode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A managed {@code Array}: Python's {@code array.array(typecode, sequence)} with
 * {@code __len__}, {@code __getitem__} and {@code __setitem__}. Every value must be of the
 * typecode's Java type ({@link Typecode#javaType()}: {@code Integer} for {@code 'i'},
 * {@code Double} for {@code 'd'}…), or it is Python's TypeError.
 */
final class ArrayReferent extends BuiltinReferent {
    static final List<String> EXPOSED = List.of("__len__", "__getitem__", "__setitem__");

    private final Typecode typecode;
    private final Object[] values;

    private ArrayReferent(Typecode typecode, Object[] values) {
        super(EXPOSED);
        this.typecode = typecode;
        this.values = values;
    }

    /** {@code Array(typecode, sequence, lock=True)}. */
    static ArrayReferent create(List<Object> args, Map<String, Object> kwds) {
        Object code = Args.get(args, kwds, 0, "typecode", null);
        if (!(code instanceof String)) {
            throw new IllegalArgumentException("array() argument 1 must be a unicode character, not " + Tuples.describe(code));
        }
        Typecode typecode = Typecode.of((String) code);
        List<Object> items = Sequences.toList(Args.get(args, kwds, 1, "sequence", List.of()));
        ArrayReferent array = new ArrayReferent(typecode, new Object[items.size()]);
        for (int i = 0; i < items.size(); i++) {
            array.values[i] = array.checked(items.get(i));
        }
        return array;
    }

    private Object checked(Object value) {
        if (value == null || value.getClass() != typecode.javaType()) {
            throw new IllegalArgumentException("TypeError: array '" + typecode.code() + "' holds "
                    + typecode.javaType().getSimpleName() + " values, not " + Tuples.describe(value));
        }
        return value;
    }

    @Override
    public synchronized Object call(String method, List<Object> args, Map<String, Object> kwds) {
        switch (method) {
            case "__len__":
                return values.length;
            case "__getitem__":
                Args.count(args, method, 1);
                return values[index(args.get(0))];
            case "__setitem__":
                Args.count(args, method, 2);
                values[index(args.get(0))] = checked(args.get(1));
                return null;
            default:
                throw new UnsupportedOperationException("array has no method '" + method + "'");
        }
    }

    private int index(Object index) {
        int at = Sequences.position(index, values.length);
        if (at < 0 || at >= values.length) {
            throw new IndexOutOfBoundsException("array index out of range");
        }
        return at;
    }

    /** The values, as a list (Python sends an {@code array.array}). */
    @Override
    public synchronized Object value() {
        return new ArrayList<>(List.of(values));
    }

    @Override
    public synchronized String repr() {
        return "array('" + typecode.code() + "', " + Sequences.repr(value()) + ")";
    }

}
