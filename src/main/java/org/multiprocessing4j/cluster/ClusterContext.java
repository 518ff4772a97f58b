package org.multiprocessing4j.cluster;

import com.hazelcast.config.QueueConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import org.multiprocessing4j.function.Target;
import org.multiprocessing4j.internal.engine.Pools;
import org.multiprocessing4j.pool.Pool;
import org.multiprocessing4j.pool.ProcessPoolExecutor;

import java.util.Objects;
import java.util.concurrent.ConcurrentMap;

/**
 * What a {@link Cluster} makes, as {@link org.multiprocessing4j.Context} and a manager do on one
 * machine: a {@link Pool} whose chunks run on the members; queues, joinable queues, dicts,
 * namespaces, values, events and locks that every process attached to the cluster shares by name.
 * They live on the members (Hazelcast {@code IQueue} and {@code IMap}, each with a backup on
 * another member), not on the CP Subsystem, which Hazelcast Community 5.5 and later no longer has.
 *
 * <p>What crosses the cluster (functions, arguments, results, queue elements, dict keys and
 * values) must be {@link java.io.Serializable}, and its classes on the class path of every
 * member: Hazelcast carries it with Java serialization.
 */
public final class ClusterContext {
    private static final String LOCKS = "multiprocessing4j.locks";
    private static final String EVENTS = "multiprocessing4j.events";
    private static final String VALUES = "multiprocessing4j.values";
    private static final String NAMESPACE_PREFIX = "multiprocessing4j.namespace.";
    private static final String JOINABLE_PREFIX = "multiprocessing4j.joinable.";
    private static final String QUEUE_PREFIX = "multiprocessing4j.queue.";
    private static final String DICT_PREFIX = "multiprocessing4j.dict.";

    private final Cluster cluster;

    ClusterContext(Cluster cluster) {
        this.cluster = cluster;
    }

    /** The cluster. */
    public Cluster cluster() {
        return cluster;
    }

    /** A pool as wide as the members' workers now ({@link Cluster#workers()}). */
    public Pool pool() {
        return pool(Math.max(1, cluster.workers()));
    }

    /**
     * A pool whose chunks run on the members' workers, at most as many at once on a member as
     * it has workers. Failures: a task's exception fails its call as on one machine; a worker
     * that dies on a member fails the task it ran with a
     * {@link org.multiprocessing4j.pool.WorkerDiedException} naming member and pid; a chunk whose
     * member leaves the cluster before it answers runs again on another member (at least once).
     * Closing or terminating the pool, or this JVM's end, ends its workers on the members.
     *
     * @param processes the pool's width: how the work is cut into chunks (CPython's rule: four
     *                  chunks per process) and the most workers it gets on one member
     * @throws IllegalArgumentException if {@code processes} is less than 1
     */
    public Pool pool(int processes) {
        return pool(processes, null, 0);
    }

    /**
     * Python's {@code Pool(processes, initializer, maxtasksperchild=...)} on the cluster: as
     * {@link #pool(int)}, and each member's workers for this pool run {@code initializer} once
     * when they start, and are replaced after {@code maxTasksPerChild} chunks (a chunk of the
     * cluster pool is one chunk of the member's pool).
     *
     * @param initializer      run once by each worker when it starts, on whichever member, or null
     * @param maxTasksPerChild a worker is replaced after this many chunks; 0: never
     * @throws IllegalArgumentException if {@code processes} is less than 1 or {@code maxTasksPerChild} negative
     */
    public Pool pool(int processes, Target initializer, int maxTasksPerChild) {
        return Pools.over(engine(processes, initializer, maxTasksPerChild), Pool.class);
    }

    /**
     * A {@link ProcessPoolExecutor} whose tasks run on the members' workers, with the failure
     * handling of {@link #pool(int)}: Python's {@code ProcessPoolExecutor} across machines.
     *
     * @throws IllegalArgumentException if {@code maxWorkers} is less than 1
     */
    public ProcessPoolExecutor executor(int maxWorkers) {
        return executor(maxWorkers, null, 0);
    }

    /**
     * Python's {@code ProcessPoolExecutor(max_workers, initializer=..., max_tasks_per_child=...)}
     * on the cluster, as {@link #pool(int, Target, int)}.
     */
    public ProcessPoolExecutor executor(int maxWorkers, Target initializer, int maxTasksPerChild) {
        return Pools.over(engine(maxWorkers, initializer, maxTasksPerChild), ProcessPoolExecutor.class);
    }

    ClusterEngine engine(int processes, Target initializer, int maxTasksPerChild) {
        if (processes < 1) {
            throw new IllegalArgumentException("Number of processes must be at least 1");
        }
        if (maxTasksPerChild < 0) {
            throw new IllegalArgumentException("maxTasksPerChild must be a positive int or 0 (no limit)");
        }
        return new ClusterEngine(cluster.instance(), cluster.isClient(), cluster.getClusterName(), processes,
                initializer, maxTasksPerChild);
    }

    /** The cluster's unbounded queue {@code name} (a Hazelcast {@code IQueue}), made at first use. */
    public <E> ClusterQueue<E> queue(String name) {
        return new ClusterQueue<>(cluster.instance().getQueue(name));
    }

    /**
     * The cluster's queue {@code name}, holding at most {@code maxSize} elements. The bound is
     * set for the whole cluster at the queue's first use; a bound that differs from the one it
     * has is refused.
     *
     * @throws IllegalArgumentException if {@code maxSize} is less than 1
     */
    public <E> ClusterQueue<E> queue(String name, int maxSize) {
        bound(name, maxSize);
        return queue(name);
    }

    private void bound(String name, int maxSize) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be at least 1");
        }
        cluster.instance().getConfig().addQueueConfig(new QueueConfig(name).setMaxSize(maxSize));
    }

    /**
     * The cluster's unbounded joinable queue {@code name}: Python's {@code JoinableQueue()},
     * whose {@link ClusterJoinableQueue#join()} a dead consumer does not leave waiting for ever.
     * A name is a plain queue or a joinable one, not both.
     */
    public <E> ClusterJoinableQueue<E> joinableQueue(String name) {
        HazelcastInstance instance = cluster.instance();
        return new ClusterJoinableQueue<>(instance.getQueue(name), instance.getMap(JOINABLE_PREFIX + name), liveness());
    }

    /** The cluster's joinable queue {@code name}, holding at most {@code maxSize} elements; see {@link #queue(String, int)}. */
    public <E> ClusterJoinableQueue<E> joinableQueue(String name, int maxSize) {
        bound(name, maxSize);
        return joinableQueue(name);
    }

    /**
     * The cluster's lock {@code name}: a manager's {@code RLock()} across machines, released by
     * the members when its holder leaves the cluster (see {@link ClusterLock}).
     */
    public ClusterLock lock(String name) {
        return new ClusterLock(cluster.instance().getMap(LOCKS), name);
    }

    /** The cluster's event {@code name}: a manager's {@code Event()} across machines. */
    public ClusterEvent event(String name) {
        return new ClusterEvent(cluster.instance().getMap(EVENTS), name);
    }

    /**
     * The cluster's value {@code name}: a manager's {@code Value()} across machines; it is set to
     * {@code initial} if it has no value yet.
     */
    public <T> ClusterValue<T> value(String name, T initial) {
        IMap<String, Object> values = cluster.instance().getMap(VALUES);
        values.putIfAbsent(name, Objects.requireNonNull(initial, "initial"));
        return new ClusterValue<>(values, name, lock(VALUES + ":" + name));
    }

    /** The cluster's namespace {@code name}: a manager's {@code Namespace()} across machines. */
    public ClusterNamespace namespace(String name) {
        return new ClusterNamespace(cluster.instance().getMap(NAMESPACE_PREFIX + Objects.requireNonNull(name, "name")));
    }

    /**
     * The engine of a new queue of {@code Multiprocessing.context("cluster")}: a queue of this
     * cluster with a name of its own, bounded at {@code maxSize} if positive.
     */
    ClusterQueueEngine queueEngine(int maxSize, boolean joinable) {
        String name = QUEUE_PREFIX + java.util.UUID.randomUUID();
        if (maxSize > 0) {
            bound(name, maxSize);
        }
        return new ClusterQueueEngine(cluster, name, maxSize > 0 ? maxSize : Integer.MAX_VALUE, joinable);
    }

    /** The map of a new dict or namespace of a manager of {@code Multiprocessing.context("cluster")}: an {@code IMap} of its own. */
    ClusterMap sharedMap() {
        return new ClusterMap(cluster, DICT_PREFIX + java.util.UUID.randomUUID());
    }

    private Liveness liveness() {
        return new Liveness(cluster.instance().getMap(Liveness.MAP),
                Drivers.self(cluster.instance(), cluster.isClient()).toString());
    }

    /**
     * The cluster's dict {@code name} (a Hazelcast {@code IMap}), made at first use: a manager's
     * {@code dict()} across machines. Keys compare by their serialized form, not by {@code equals}.
     */
    public <K, V> ConcurrentMap<K, V> dict(String name) {
        return cluster.instance().getMap(name);
    }
}
