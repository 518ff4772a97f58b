package org.multiprocessing4j.managers;

import org.multiprocessing4j.internal.engine.SharedMap;
import org.multiprocessing4j.shared.Typecode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@code list()} or {@code Array()} of a manager of {@code Multiprocessing.context("cluster")},
 * kept whole in one entry of a map the cluster keeps and called in the calling process. A call
 * that changes it takes the map's key lock, reads the entry, runs the object's own referent
 * ({@link ListReferent}, {@link ArrayReferent}) on it, writes it back and lets the lock go; a
 * call that only reads it reads the entry, which the map gives whole. So every process attached
 * to the cluster sees one object with Python's methods and errors, and the members release the
 * key lock of a process that leaves the cluster (killed included). Each call moves the whole
 * object: it suits the small lists a manager shares, as each of Python's calls is a round trip to
 * its manager.
 */
final class EntryReferent implements Referent {
    /** The entry holding the object's values (a list). */
    private static final String VALUES = "values";
    /** An {@code Array}'s typecode. */
    private static final String TYPECODE = "typecode";
    /** {@link ListReferent}'s methods that do not change the list. */
    private static final Set<String> LIST_READS = Set.of("__add__", "__contains__", "__getitem__", "__len__",
            "__mul__", "__reversed__", "__rmul__", "count", "index");
    private static final Set<String> ARRAY_READS = Set.of("__len__", "__getitem__");

    private final SharedMap map;
    private final List<String> exposed;
    private final Set<String> reads;
    /** The object's referent over values read from the map. */
    private final Function<List<Object>, BuiltinReferent> over;

    private EntryReferent(SharedMap map, List<String> exposed, Set<String> reads,
                          Function<List<Object>, BuiltinReferent> over) {
        this.map = map;
        this.exposed = exposed;
        this.reads = reads;
        this.over = over;
    }

    /** Writes a new list, {@code items}, into {@code map}, a new map of the cluster. */
    static void startList(SharedMap map, List<?> items) {
        map.put(VALUES, new ArrayList<>(items));
    }

    /**
     * The values of a new {@code Array(typecode, values)}, each of the typecode's Java type, as
     * {@link ArrayReferent} converts them.
     *
     * @throws IllegalArgumentException Python's TypeError, ValueError or OverflowError
     */
    @SuppressWarnings("unchecked")
    static List<Object> arrayValues(String typecode, List<?> values) {
        return (List<Object>) ArrayReferent.create(List.of(typecode, new ArrayList<>(values)), Map.of()).value();
    }

    /**
     * Writes a new {@code Array(typecode, values)} into {@code map}, a new map of the cluster;
     * {@code values} from {@link #arrayValues}.
     */
    static void startArray(SharedMap map, String typecode, List<Object> values) {
        map.put(TYPECODE, typecode);
        map.put(VALUES, values);
    }

    /** The list kept in {@code map}. */
    static EntryReferent list(SharedMap map) {
        return new EntryReferent(map, ListReferent.EXPOSED, LIST_READS, ListReferent::new);
    }

    /** The {@code Array} kept in {@code map} (its typecode, which never changes, read now). */
    static EntryReferent array(SharedMap map) {
        Typecode typecode = Typecode.of((String) ClusterEntries.get(map, TYPECODE));
        return new EntryReferent(map, ArrayReferent.EXPOSED, ARRAY_READS, values -> ArrayReferent.over(typecode, values));
    }

    @Override
    public Object call(String method, List<Object> args, Map<String, Object> kwds) throws Exception {
        if (reads.contains(method)) {
            return referent().call(method, args, kwds);
        }
        ClusterEntries.lock(map);
        try {
            BuiltinReferent referent = referent();
            Object result = referent.call(method, args, kwds);
            ClusterEntries.set(map, VALUES, referent.value());
            return result;
        } finally {
            ClusterEntries.unlock(map);
        }
    }

    @SuppressWarnings("unchecked")
    private BuiltinReferent referent() {
        return over.apply(new ArrayList<>((List<Object>) ClusterEntries.get(map, VALUES)));
    }

    @Override
    public List<String> publicMethods() {
        return exposed;
    }

    @Override
    public Object value() {
        return referent().value();
    }

    @Override
    public String repr() {
        return referent().repr();
    }
}
