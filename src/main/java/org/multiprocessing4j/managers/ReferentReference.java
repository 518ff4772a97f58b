package org.multiprocessing4j.managers;

import org.multiprocessing4j.internal.engine.SharedMap;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A proxy whose referent lives in every process that holds it, over a map the cluster keeps: the
 * {@code dict()}, {@code Namespace()}, {@code Value()}, {@code Event()}, {@code Lock()},
 * {@code RLock()}, {@code Semaphore()}, {@code BoundedSemaphore()}, {@code list()},
 * {@code Array()}, {@code Barrier()} and {@code Condition()} of a manager of
 * {@code Multiprocessing.context("cluster")}.
 * It is also how such a proxy travels (to a child, inside a pool's task on a member, through a
 * connection or a queue): its type, token and shared map, which travels by name and attaches to
 * the cluster where it is read. No manager is asked anything, so none needs to be reachable
 * from there.
 */
final class ReferentReference implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ProxyType<?> type;
    private final Token token;
    private final ArrayList<String> exposed;
    private final Map<Object, Object> shared;

    private ReferentReference(ProxyType<?> type, Token token, List<String> exposed, Map<Object, Object> shared) {
        this.type = type;
        this.token = token;
        this.exposed = new ArrayList<>(exposed);
        this.shared = shared;
    }

    /**
     * The proxy of type {@code type} of a new {@code typeid} ({@code "dict"}, {@code "Namespace"},
     * {@code "Value"}, {@code "Event"}, {@code "Lock"}, {@code "RLock"}, {@code "Semaphore"},
     * {@code "BoundedSemaphore"}, {@code "list"}, {@code "Array"}, {@code "Barrier"} or
     * {@code "Condition"}) over {@code shared}, a
     * serializable map of the cluster ({@link org.multiprocessing4j.internal.engine.SharedMap}
     * for a lock).
     */
    static <P> P proxy(ProxyType<P> type, Token token, List<String> exposed, Map<Object, Object> shared) {
        return type.wrap(new ReferentReference(type, token, exposed, shared).core());
    }

    private AutoProxy core() {
        return AutoProxy.over(referent(), this, token, exposed, type);
    }

    /** The referent of the token's type over the shared map. */
    @SuppressWarnings("unchecked")
    private Referent referent() {
        switch (token.getTypeid()) {
            case "Namespace":
                return NamespaceReferent.over((Map<String, Object>) (Map<?, ?>) shared);
            case "Value":
                return ValueReferent.over(shared);
            case "Event":
                return EventReferent.over(shared);
            case "Lock":
            case "RLock":
                return new AcquirerReferent(new Acquirer.KeyLock((SharedMap) shared, "Lock".equals(token.getTypeid())));
            case "list":
                return EntryReferent.list((SharedMap) shared);
            case "Array":
                return EntryReferent.array((SharedMap) shared);
            case "Barrier":
                return SharedBarrierReferent.over((SharedMap) shared);
            case "Condition":
                return SharedConditionReferent.over((SharedMap) shared);
            case "Semaphore":
            case "BoundedSemaphore":
                return new AcquirerReferent(new Acquirer.SharedCounting(shared, "BoundedSemaphore".equals(token.getTypeid())));
            default:
                return new DictReferent(shared);
        }
    }

    private Object readResolve() {
        return type.wrap(core());
    }
}
