package org.multiprocessing4j.managers;

import org.multiprocessing4j.function.SerializableBiFunction;
import org.multiprocessing4j.function.SerializableCallable;
import org.multiprocessing4j.function.SerializableFunction;
import org.multiprocessing4j.function.Target;
import org.multiprocessing4j.pool.Pool;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A managed {@code Pool}: a real {@link Pool} whose workers are children of the manager's
 * process, with CPython's {@code PoolProxy._exposed_}. Functions come from Java clients as
 * {@link SerializableFunction}s ({@link SerializableCallable}s for {@code apply} without
 * argument, {@link SerializableBiFunction}s for {@code starmap}); the {@code _async} methods
 * return an {@code AsyncResult} and {@code imap} an {@code Iterator}, shared as new objects
 * (CPython's {@code method_to_typeid}). A pool that is freed is terminated.
 */
final class PoolReferent extends BuiltinReferent {
    static final List<String> EXPOSED = List.of("apply", "apply_async", "close", "imap", "imap_unordered", "join",
            "map", "map_async", "starmap", "starmap_async", "terminate");
    static final Map<String, String> METHOD_TO_TYPEID = orderedTypeids();

    private final Pool pool;

    private PoolReferent(Pool pool) {
        super(EXPOSED, EXPOSED.toArray(new String[0]));
        this.pool = pool;
    }

    private static Map<String, String> orderedTypeids() {
        Map<String, String> types = new java.util.LinkedHashMap<>();
        types.put("apply_async", "AsyncResult");
        types.put("map_async", "AsyncResult");
        types.put("starmap_async", "AsyncResult");
        types.put("imap", "Iterator");
        types.put("imap_unordered", "Iterator");
        return java.util.Collections.unmodifiableMap(types);
    }

    /** {@code Pool(processes=None, initializer=None, initargs=(), maxtasksperchild=None)}. */
    static PoolReferent create(List<Object> args, Map<String, Object> kwds) {
        Object processes = Args.get(args, kwds, 0, "processes", null);
        Object initializer = Args.get(args, kwds, 1, "initializer", null);
        Object maxTasks = Args.get(args, kwds, 3, "maxtasksperchild", null);
        if (initializer != null && !(initializer instanceof Target)) {
            throw new IllegalArgumentException("initializer must be a Target, not " + Tuples.describe(initializer));
        }
        return new PoolReferent(new Pool(processes == null ? 0 : Args.integer(processes, "processes"),
                (Target) initializer, maxTasks == null ? 0 : Args.integer(maxTasks, "maxtasksperchild")));
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object call(String method, List<Object> args, Map<String, Object> kwds) throws Exception {
        switch (method) {
            case "apply":
                return apply(args, false);
            case "apply_async":
                return apply(args, true);
            case "map":
                return pool.map(function(args), Sequences.toList(args.get(1)), chunksize(args, kwds));
            case "map_async":
                return pool.mapAsync(function(args), Sequences.toList(args.get(1)), chunksize(args, kwds), null, null, null);
            case "starmap":
                return pool.starmap(biFunction(args), pairs(args.get(1)), chunksize(args, kwds));
            case "starmap_async":
                return pool.starmapAsync(biFunction(args), pairs(args.get(1)), chunksize(args, kwds), null, null);
            case "imap":
                return pool.imap(function(args), Sequences.toList(args.get(1)), Math.max(1, chunksize(args, kwds)), null);
            case "imap_unordered":
                return pool.imapUnordered(function(args), Sequences.toList(args.get(1)), Math.max(1, chunksize(args, kwds)), null);
            case "close":
                pool.close();
                return null;
            case "terminate":
                pool.terminate();
                return null;
            case "join":
                pool.join();
                return null;
            default:
                throw new UnsupportedOperationException("Pool has no method '" + method + "'");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object apply(List<Object> args, boolean async) throws Exception {
        Args.between(args, async ? "apply_async" : "apply", 1, 2);
        Object task = args.get(0);
        if (args.size() == 1 && task instanceof SerializableCallable) {
            return async ? pool.applyAsync((SerializableCallable) task) : pool.apply((SerializableCallable) task);
        }
        Object argument = args.size() > 1 ? args.get(1) : null;
        SerializableFunction function = function(args);
        return async ? pool.applyAsync(function, argument) : pool.apply(function, argument);
    }

    @SuppressWarnings("rawtypes")
    private static SerializableFunction function(List<Object> args) {
        if (args.isEmpty() || !(args.get(0) instanceof SerializableFunction)) {
            throw new IllegalArgumentException("the function must be a SerializableFunction, not "
                    + Tuples.describe(args.isEmpty() ? null : args.get(0)));
        }
        return (SerializableFunction) args.get(0);
    }

    @SuppressWarnings("rawtypes")
    private static SerializableBiFunction biFunction(List<Object> args) {
        if (args.size() < 2 || !(args.get(0) instanceof SerializableBiFunction)) {
            throw new IllegalArgumentException("starmap takes a SerializableBiFunction and pairs");
        }
        return (SerializableBiFunction) args.get(0);
    }

    private static List<Map.Entry<Object, Object>> pairs(Object items) {
        List<Map.Entry<Object, Object>> pairs = new ArrayList<>();
        for (Object item : Sequences.toList(items)) {
            List<Object> pair = Sequences.toList(item);
            if (pair.size() != 2) {
                throw new IllegalArgumentException("starmap takes pairs, not " + pair.size() + " items");
            }
            pairs.add(new AbstractMap.SimpleImmutableEntry<>(pair.get(0), pair.get(1)));
        }
        return pairs;
    }

    private static int chunksize(List<Object> args, Map<String, Object> kwds) {
        Object chunksize = Args.get(args, kwds, 2, "chunksize", null);
        return chunksize == null ? 0 : Args.integer(chunksize, "chunksize");
    }

    @Override
    public Object value() {
        return toString();
    }

    @Override
    public String repr() {
        return "<multiprocessing.pool.Pool processes=" + pool.getProcesses() + ">";
    }

    @Override
    public void dispose() {
        pool.terminate();
    }
}
