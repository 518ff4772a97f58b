package org.multiprocessing4j.managers;

import org.multiprocessing4j.connection.Address;
import org.multiprocessing4j.internal.engine.EngineProviders;
import org.multiprocessing4j.internal.engine.SharedMap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A manager with the shared types of {@code threading} and the built-in containers: Python's
 * {@code multiprocessing.managers.SyncManager}, which {@code Manager()}
 * ({@link org.multiprocessing4j.Multiprocessing#manager()}) returns started.
 *
 * <pre>{@code
 * try (SyncManager manager = Multiprocessing.manager()) {
 *     DictProxy<String, Integer> d = manager.dict();
 *     ListProxy<Integer> l = manager.list();
 *     Process p = new Process(() -> { d.put("one", 1); l.add(42); });
 *     p.start();
 *     p.join();
 *     d.get("one");   // 1
 * }
 * }</pre>
 *
 * <p>Its registry is CPython's: {@code Queue}, {@code JoinableQueue}, {@code Event},
 * {@code Lock}, {@code RLock}, {@code Semaphore}, {@code BoundedSemaphore}, {@code Condition},
 * {@code Barrier}, {@code Pool}, {@code list}, {@code dict}, {@code Value}, {@code Array},
 * {@code Namespace}, and {@code Iterator} and {@code AsyncResult} for what methods return;
 * each has a typed factory here, and {@link #create} reaches them by typeid too.
 *
 * <p>A manager of {@code Multiprocessing.context("cluster")} ({@code ctx.manager()}) keeps what
 * {@link #dict()}, {@link #namespace()}, {@link #value}, {@link #event()}, {@link #lock()},
 * {@link #rLock()}, {@link #semaphore}, {@link #boundedSemaphore}, {@link #list(List)},
 * {@link #array}, {@link #barrier(int)} and {@link #condition()} make on the cluster, an
 * {@code IMap} each, behind the same proxies, whose calls run in the calling process against it;
 * everything else (queues, pools, {@code create("dict")}…) lives in its process as on any other
 * context.
 */
public class SyncManager extends BaseManager {
    /** The context whose managers keep their dicts, lists, values, events, locks… on the cluster. */
    private static final String CLUSTER = "cluster";

    /** Python's {@code SyncManager()}: a private address, this process's authkey. */
    public SyncManager() {
        this(builder());
    }

    /** Python's {@code SyncManager(address, authkey)}. */
    public SyncManager(Address address, byte[] authkey) {
        this(builder().address(address).authkey(authkey));
    }

    /** A manager with every setting of {@code settings}. */
    protected SyncManager(Builder<?> settings) {
        super(settings);
        registerSyncTypes();
    }

    /** The settings of a {@link SyncManager}, by name: {@code SyncManager.builder().address(...).build()}. */
    public static Builder<SyncManager> builder() {
        return new Builder<>(SyncManager::new);
    }

    /** CPython's {@code SyncManager.register(...)} lines, in their order. */
    private void registerSyncTypes() {
        register("Queue", QueueReferent::create, SyncProxyTypes.QUEUE);
        register("JoinableQueue", QueueReferent::create, SyncProxyTypes.QUEUE);
        register("Event", (args, kwds) -> new EventReferent(), SyncProxyTypes.EVENT);
        register("Lock", (args, kwds) -> new AcquirerReferent(new Acquirer.PlainLock()), SyncProxyTypes.ACQUIRER);
        register("RLock", (args, kwds) -> new AcquirerReferent(new Acquirer.Reentrant()), SyncProxyTypes.ACQUIRER);
        register("Semaphore", (args, kwds) -> new AcquirerReferent(new Acquirer.Counting(value(args, kwds), false)),
                SyncProxyTypes.ACQUIRER);
        register("BoundedSemaphore", (args, kwds) -> new AcquirerReferent(new Acquirer.Counting(value(args, kwds), true)),
                SyncProxyTypes.ACQUIRER);
        register("Condition", ConditionReferent::create, SyncProxyTypes.CONDITION);
        register("Barrier", BarrierReferent::create, SyncProxyTypes.BARRIER);
        register("Pool", (TakesJavaFunctions) PoolReferent::create, SyncProxyTypes.POOL);
        register("list", (args, kwds) -> new ListReferent(new ArrayList<>(args.isEmpty() ? List.of()
                : Sequences.toList(args.get(0)))), SyncProxyTypes.LIST);
        register("dict", SyncManager::dict, SyncProxyTypes.DICT);
        register("Value", ValueReferent::create, SyncProxyTypes.VALUE);
        register("Array", ArrayReferent::create, SyncProxyTypes.ARRAY);
        register("Namespace", (args, kwds) -> new NamespaceReferent(kwds), SyncProxyTypes.NAMESPACE);
        register("Iterator", null, SyncProxyTypes.ITERATOR, null, null, false);
        register("AsyncResult", null, SyncProxyTypes.ASYNC_RESULT, null, null, false);
    }

    /**
     * The proxy types of SyncManager's typeids. Their factories are lambdas, which travel with
     * every proxy (a pool task's argument, a queue's item); a lambda names the class that holds
     * it, and an interface is one that any serializer accepts to name (it has no instances).
     */
    interface SyncProxyTypes {
        ProxyType<QueueProxy<Object>> QUEUE = ProxyType.of(QueueProxy::new, QueueReferent.EXPOSED.toArray(new String[0]));
        ProxyType<EventProxy> EVENT = ProxyType.of(EventProxy::new, "is_set", "set", "clear", "wait");
        ProxyType<AcquirerProxy> ACQUIRER = ProxyType.of(AcquirerProxy::new, "acquire", "release");
        ProxyType<ConditionProxy> CONDITION = ProxyType.of(ConditionProxy::new,
                ConditionCalls.EXPOSED.toArray(new String[0]));
        ProxyType<BarrierProxy> BARRIER = ProxyType.of(BarrierProxy::new, BarrierCalls.EXPOSED.toArray(new String[0]));
        ProxyType<PoolProxy> POOL = ProxyType.of(PoolProxy::new, PoolReferent.EXPOSED, PoolReferent.METHOD_TO_TYPEID);
        ProxyType<ListProxy<Object>> LIST = ProxyType.of(ListProxy::new, ListReferent.EXPOSED.toArray(new String[0]));
        ProxyType<DictProxy<Object, Object>> DICT = ProxyType.of(DictProxy::new, DictReferent.EXPOSED,
                Map.of("__iter__", "Iterator"));
        ProxyType<ValueProxy<Object>> VALUE = ProxyType.of(ValueProxy::new, "get", "set");
        ProxyType<ArrayProxy<Object>> ARRAY = ProxyType.of(ArrayProxy::new, ArrayReferent.EXPOSED.toArray(new String[0]));
        ProxyType<NamespaceProxy> NAMESPACE = ProxyType.of(NamespaceProxy::new, NamespaceReferent.EXPOSED.toArray(new String[0]));
        ProxyType<IteratorProxy> ITERATOR = ProxyType.of(IteratorProxy::new, IteratorReferent.EXPOSED.toArray(new String[0]));
        ProxyType<AsyncResultProxy> ASYNC_RESULT = ProxyType.of(AsyncResultProxy::new,
                AsyncResultReferent.EXPOSED.toArray(new String[0]));
    }

    private static int value(List<Object> args, Map<String, Object> kwds) {
        return Args.integer(Args.get(args, kwds, 0, "value", 1), "value");
    }

    /** Python's {@code dict(mapping_or_pairs, **kwds)}. */
    private static Referent dict(List<Object> args, Map<String, Object> kwds) {
        DictReferent dict = new DictReferent(new LinkedHashMap<>());
        dict.call("update", args, kwds);
        return dict;
    }

    /** Python's {@code manager.list()}; on the cluster's context, as {@link #list(List)}. */
    public <E> ListProxy<E> list() {
        return list(List.of());
    }

    /**
     * Python's {@code manager.list(sequence)}. On a manager of
     * {@code Multiprocessing.context("cluster")} the list is an entry of a map the cluster keeps,
     * as {@link #dict()}'s: a call that changes it takes the map's key lock, reads it, changes it
     * and writes it back in the calling process, so each call moves the whole list (meant for the
     * small lists a manager shares), and the proxy goes to any process attached to the cluster.
     */
    @SuppressWarnings("unchecked")
    public <E> ListProxy<E> list(List<? extends E> initial) {
        SharedMap shared = clusterMap();
        if (shared == null) {
            return create("list", new ArrayList<>(initial));
        }
        EntryReferent.startList(shared, initial);
        return (ListProxy<E>) onCluster(SyncProxyTypes.LIST, "list", ListReferent.EXPOSED, shared);
    }

    /**
     * Python's {@code manager.dict()}. On a manager of {@code Multiprocessing.context("cluster")}
     * the dict is a map the cluster keeps (a Hazelcast {@code IMap} of its own), not an object of
     * the manager's process: the same {@link DictProxy}, which goes to any process attached to
     * the cluster (a pool's task on a member included) and works there.
     */
    public <K, V> DictProxy<K, V> dict() {
        return dict(Map.of());
    }

    /** Python's {@code manager.dict(mapping)}; on the cluster's context, as {@link #dict()}. */
    @SuppressWarnings("unchecked")
    public <K, V> DictProxy<K, V> dict(Map<? extends K, ? extends V> initial) {
        SharedMap shared = clusterMap();
        if (shared == null) {
            return initial.isEmpty() ? create("dict") : create("dict", new LinkedHashMap<>(initial));
        }
        shared.putAll(initial);
        return (DictProxy<K, V>) onCluster(SyncProxyTypes.DICT, "dict", DictReferent.EXPOSED, shared);
    }

    /** Python's {@code manager.Namespace()}; on the cluster's context, over a map the cluster keeps, as {@link #dict()}. */
    public NamespaceProxy namespace() {
        return namespace(Map.of());
    }

    /** Python's {@code manager.Namespace(**attributes)}; on the cluster's context, as {@link #namespace()}. */
    public NamespaceProxy namespace(Map<String, ?> attributes) {
        SharedMap shared = clusterMap();
        if (shared == null) {
            return attributes.isEmpty() ? create("Namespace") : create("Namespace", List.of(), attributes);
        }
        shared.putAll(attributes);
        return onCluster(SyncProxyTypes.NAMESPACE, "Namespace", NamespaceReferent.EXPOSED, shared);
    }

    /**
     * A new map of the cluster for a dict, namespace, value, event, lock, semaphore, list, array,
     * barrier or condition, when this manager's context is {@code "cluster"} (its provider, through
     * {@code internal.engine}: managers do not name the cluster); null on any other context.
     */
    private SharedMap clusterMap() {
        return onTheCluster() ? EngineProviders.find(CLUSTER).map() : null;
    }

    /**
     * Whether this manager's objects are the cluster's: what a factory checks its arguments
     * against first, since each map of the cluster it makes is an object of the cluster's.
     */
    private boolean onTheCluster() {
        return CLUSTER.equals(context().getStartMethod()) && EngineProviders.find(CLUSTER) != null;
    }

    /**
     * The proxy of type {@code type} of a {@code typeid} of the cluster over {@code shared}: its
     * token is this manager's address and the map's name.
     */
    private <P> P onCluster(ProxyType<P> type, String typeid, List<String> exposed, SharedMap shared) {
        return ReferentReference.proxy(type, new Token(typeid, getAddress(), shared.toString()), exposed, shared);
    }

    /**
     * Python's {@code manager.Value(typecode, value)}. On a manager of
     * {@code Multiprocessing.context("cluster")} the value is an entry of a map the cluster keeps,
     * as {@link #dict()}'s: {@code get} and {@code set} run in the calling process, and the proxy
     * goes to any process attached to the cluster. As in Python, {@code v.set(v.get() + 1)} is two
     * steps: take a {@link #lock()} around them.
     */
    @SuppressWarnings("unchecked")
    public <T> ValueProxy<T> value(String typecode, T initial) {
        SharedMap shared = clusterMap();
        if (shared == null) {
            return create("Value", typecode, initial);
        }
        ValueReferent.start(shared, typecode, initial);
        return (ValueProxy<T>) onCluster(SyncProxyTypes.VALUE, "Value", ValueReferent.EXPOSED, shared);
    }

    /**
     * Python's {@code manager.Array(typecode, sequence)}: values of the typecode's Java type. On a
     * manager of {@code Multiprocessing.context("cluster")} it is kept on the cluster as
     * {@link #list(List)} is.
     */
    @SuppressWarnings("unchecked")
    public <T> ArrayProxy<T> array(String typecode, List<? extends T> values) {
        if (!onTheCluster()) {
            return create("Array", typecode, new ArrayList<>(values));
        }
        List<Object> converted = EntryReferent.arrayValues(typecode, values);
        SharedMap shared = clusterMap();
        EntryReferent.startArray(shared, typecode, converted);
        return (ArrayProxy<T>) onCluster(SyncProxyTypes.ARRAY, "Array", ArrayReferent.EXPOSED, shared);
    }

    /**
     * Python's {@code manager.Lock()}. On a manager of {@code Multiprocessing.context("cluster")}
     * it is the lock of a key of a map the cluster keeps (an {@code IMap} key lock, which
     * Hazelcast's Community edition has): the proxy goes to any process attached to the cluster,
     * and the members release it for a holder whose process leaves the cluster (after a SIGKILL,
     * once the members' client cleanup delay has passed). Any thread of any process may release
     * it, as Python's; unlike Python's, a thread that acquires it again while holding it is not
     * blocked: it gets it again, and one release by any thread opens it.
     */
    public AcquirerProxy lock() {
        return clusterLock("Lock");
    }

    /**
     * Python's {@code manager.RLock()}. On a manager of {@code Multiprocessing.context("cluster")}
     * it is a key lock of the cluster as {@link #lock()}'s, which only the thread that holds it
     * may release, once for each acquire.
     */
    public AcquirerProxy rLock() {
        return clusterLock("RLock");
    }

    /** A {@code typeid} ({@code "Lock"} or {@code "RLock"}) of the cluster, or of the manager's process on any other context. */
    private AcquirerProxy clusterLock(String typeid) {
        SharedMap shared = clusterMap();
        if (shared == null) {
            return create(typeid);
        }
        return onCluster(SyncProxyTypes.ACQUIRER, typeid, AcquirerReferent.EXPOSED, shared);
    }

    /**
     * Python's {@code manager.Semaphore(value)}. On a manager of
     * {@code Multiprocessing.context("cluster")} its count is an entry of a map the cluster keeps,
     * as {@link #dict()}'s: {@code acquire} and {@code release} change it by compare-and-set in
     * the calling process, a blocked {@code acquire} looks again every 20 ms, and the proxy goes
     * to any process attached to the cluster. As Python's, it has no owner: what a process that
     * dies had taken stays taken.
     *
     * @throws IllegalArgumentException if {@code value} is negative (Python's ValueError)
     */
    public AcquirerProxy semaphore(int value) {
        return clusterSemaphore("Semaphore", value);
    }

    /**
     * Python's {@code manager.BoundedSemaphore(value)}: a {@link #semaphore} that refuses to be
     * released above {@code value} (Python's ValueError, an {@link IllegalArgumentException}),
     * on the cluster too.
     */
    public AcquirerProxy boundedSemaphore(int value) {
        return clusterSemaphore("BoundedSemaphore", value);
    }

    /**
     * A {@code typeid} ({@code "Semaphore"} or {@code "BoundedSemaphore"}) of the cluster, or of
     * the manager's process on any other context.
     */
    private AcquirerProxy clusterSemaphore(String typeid, int value) {
        if (!onTheCluster()) {
            return create(typeid, value);
        }
        Acquirer.requireInitialValue(value);
        SharedMap shared = clusterMap();
        Acquirer.SharedCounting.start(shared, value);
        return onCluster(SyncProxyTypes.ACQUIRER, typeid, AcquirerReferent.EXPOSED, shared);
    }

    /**
     * Python's {@code manager.Condition()}: over a new RLock. On a manager of
     * {@code Multiprocessing.context("cluster")} the RLock is a cluster's ({@link #rLock()}) and
     * the waiters a list in a map the cluster keeps, as {@link #dict()}'s: a waiter looks every
     * 20 ms whether a notify woke it, and a notify passes over a waiter whose process left the
     * cluster (killed included).
     */
    public ConditionProxy condition() {
        SharedMap shared = clusterMap();
        if (shared == null) {
            return create("Condition");
        }
        return clusterCondition(shared, null);
    }

    /**
     * Python's {@code manager.Condition(lock)}: over a {@code Lock} or {@code RLock} of this
     * manager; on the cluster's context, over a {@link #lock()} or {@link #rLock()} of the cluster,
     * kept as {@link #condition()} is.
     */
    public ConditionProxy condition(AcquirerProxy lock) {
        if (lock == null) {
            return condition();
        }
        Acquirer.KeyLock clusterLock = SharedConditionReferent.clusterLockOf(lock);
        // A map of the cluster only once it is known to be wanted: each is an object of the cluster's.
        SharedMap shared = clusterLock == null ? null : clusterMap();
        if (shared == null) {
            return create("Condition", lock);
        }
        return clusterCondition(shared, clusterLock);
    }

    private ConditionProxy clusterCondition(SharedMap shared, Acquirer.KeyLock lock) {
        SharedConditionReferent.start(shared, lock);
        return onCluster(SyncProxyTypes.CONDITION, "Condition", ConditionCalls.EXPOSED, shared);
    }

    /**
     * Python's {@code manager.Event()}. On a manager of {@code Multiprocessing.context("cluster")}
     * the flag is an entry of a map the cluster keeps, as {@link #dict()}'s, and {@code wait}
     * looks at it every 20 ms in the calling process.
     */
    public EventProxy event() {
        SharedMap shared = clusterMap();
        if (shared == null) {
            return create("Event");
        }
        return onCluster(SyncProxyTypes.EVENT, "Event", EventReferent.EXPOSED, shared);
    }

    /** Python's {@code manager.Queue()}: unbounded. */
    public <E> QueueProxy<E> queue() {
        return create("Queue");
    }

    /** Python's {@code manager.Queue(maxsize)}. */
    public <E> QueueProxy<E> queue(int maxSize) {
        return create("Queue", maxSize);
    }

    /** Python's {@code manager.JoinableQueue()}. */
    public <E> QueueProxy<E> joinableQueue() {
        return create("JoinableQueue");
    }

    /**
     * Python's {@code manager.Barrier(parties)}. On a manager of
     * {@code Multiprocessing.context("cluster")} its round is an entry of a map the cluster keeps,
     * as {@link #dict()}'s: a waiting party looks at it every 20 ms in its own process, and a party
     * whose process dies while it waits (killed included) breaks the round for the others once the
     * members see it gone, as a client that goes away does here.
     *
     * @throws IllegalArgumentException if {@code parties} is below 1 (Python's ValueError)
     */
    public BarrierProxy barrier(int parties) {
        return clusterBarrier(parties, null);
    }

    /** Python's {@code manager.Barrier(parties, timeout=t)}; on the cluster's context, as {@link #barrier(int)}. */
    public BarrierProxy barrier(int parties, java.time.Duration timeout) {
        return clusterBarrier(parties, timeout);
    }

    /** A {@code Barrier} of the cluster, or of the manager's process on any other context; {@code timeout} null for none. */
    private BarrierProxy clusterBarrier(int parties, java.time.Duration timeout) {
        if (!onTheCluster()) {
            return timeout == null ? create("Barrier", parties)
                    : create("Barrier", List.of(parties), Map.of("timeout", timeout.toNanos() / 1e9));
        }
        SharedBarrierReferent.requireParties(parties);
        SharedMap shared = clusterMap();
        SharedBarrierReferent.start(shared, parties, timeout == null ? -1 : timeout.toNanos());
        return onCluster(SyncProxyTypes.BARRIER, "Barrier", BarrierCalls.EXPOSED, shared);
    }

    /** Python's {@code manager.Pool(processes)}: 0 for the manager machine's CPU count. */
    public PoolProxy pool(int processes) {
        return create("Pool", processes);
    }

}
