package org.multiprocessing4j.managers;

import org.multiprocessing4j.internal.engine.SharedMap;
import org.multiprocessing4j.internal.runtime.Awaiting;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * A {@code Condition} of a manager of {@code Multiprocessing.context("cluster")}: Python's
 * {@code threading.Condition} over a lock of the cluster (a new RLock, or the cluster's
 * {@code Lock} or {@code RLock} it was made with), called in the calling process, with
 * {@code ConditionProxy._exposed_}. Its waiters are a list in an entry of a map the cluster
 * keeps, which only the lock's holder changes, as in Python; a waiter looks every 20 ms whether
 * a notify took it off the list, and holds a key lock of its own meanwhile, which the members
 * release if its process leaves the cluster (killed included). A notify passes over a waiter
 * found so, as {@link ConditionReferent} forgets a waiter whose client went away: no wake-up goes
 * to a dead waiter once the members have seen it gone.
 */
final class SharedConditionReferent extends ConditionCalls {
    private static final String WAITERS = "waiters";
    /** The map whose key lock the condition's lock is (the condition's own, for a new RLock). */
    private static final String LOCK_MAP = "lock's map";
    private static final String LOCK_PLAIN = "lock is plain";

    private final SharedMap map;

    private SharedConditionReferent(SharedMap map, Acquirer.KeyLock lock) {
        super(lock);
        this.map = map;
    }

    /**
     * Writes a new condition into {@code map}, a new map of the cluster, over {@code lock}, a
     * cluster's lock, or a new RLock in {@code map} if null.
     */
    static void start(SharedMap map, Acquirer.KeyLock lock) {
        map.put(LOCK_MAP, lock == null ? map : lock.map());
        map.put(LOCK_PLAIN, lock != null && lock.plain());
        map.put(WAITERS, new ArrayList<String>());
    }

    /** The condition kept in {@code map}. */
    static SharedConditionReferent over(SharedMap map) {
        return new SharedConditionReferent(map, new Acquirer.KeyLock((SharedMap) ClusterEntries.get(map, LOCK_MAP),
                (Boolean) ClusterEntries.get(map, LOCK_PLAIN)));
    }

    /** The cluster's lock behind {@code lock}, a proxy; null if it is not a cluster's {@code Lock} or {@code RLock}. */
    static Acquirer.KeyLock clusterLockOf(AcquirerProxy lock) {
        Referent referent = lock.core().localReferent();
        if (referent instanceof AcquirerReferent && !(referent instanceof SharedConditionReferent)
                && ((AcquirerReferent) referent).acquirer instanceof Acquirer.KeyLock) {
            return (Acquirer.KeyLock) ((AcquirerReferent) referent).acquirer;
        }
        return null;
    }

    @Override
    boolean await(long timeoutNanos) throws InterruptedException {
        if (!acquirer.isOwned()) {
            throw new IllegalStateException("RuntimeError: cannot wait on un-acquired lock");
        }
        String me = "waiter-" + UUID.randomUUID();
        // Locked before this waiter is listed and until it is off the list: a listed waiter whose key is free is dead.
        map.tryLock(me, -1);
        try {
            List<String> waiters = waiters();
            waiters.add(me);
            ClusterEntries.set(map, WAITERS, waiters);
            int saved = acquirer.saveAndRelease();
            InterruptedException interrupt = null;
            try {
                Awaiting.polling(() -> !waiters().contains(me), timeoutNanos, ClusterEntries.POLL_NANOS);
            } catch (InterruptedException e) {
                interrupt = e;
            } finally {
                acquirer.restore(saved);
            }
            List<String> now = waiters();
            boolean notified = !now.remove(me);
            if (!notified) {
                ClusterEntries.set(map, WAITERS, now);
            }
            if (interrupt != null) {
                if (notified) {
                    notify(1); // taken as the wait ended: passed on rather than lost
                }
                throw interrupt;
            }
            return notified;
        } finally {
            map.unlock(me);
        }
    }

    /** Takes the {@code n} oldest living waiters off the list, which wakes them. */
    @Override
    void notify(int n) {
        if (!acquirer.isOwned()) {
            throw new IllegalStateException("RuntimeError: cannot notify on un-acquired lock");
        }
        List<String> waiters = waiters();
        int woken = 0;
        for (Iterator<String> it = waiters.iterator(); woken < n && it.hasNext(); ) {
            String waiter = it.next();
            it.remove();
            if (map.isLocked(waiter)) {
                woken++;
            }
        }
        ClusterEntries.set(map, WAITERS, waiters);
    }

    @SuppressWarnings("unchecked")
    private List<String> waiters() {
        return new ArrayList<>((List<String>) ClusterEntries.get(map, WAITERS));
    }

    @Override
    public Object value() {
        return repr();
    }

    /** Python's {@code <Condition(lock, waiters)>}, counting the waiters that a notify would wake (not the dead). */
    @Override
    public String repr() {
        return "<Condition(" + acquirer + ", " + waiters().stream().filter(map::isLocked).count() + ")>";
    }
}
