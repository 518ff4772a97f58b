package org.multiprocessing4j.cluster;

import com.hazelcast.map.IMap;
import org.multiprocessing4j.internal.runtime.Awaiting;

import java.time.Duration;
import java.util.Objects;

/**
 * An event every process attached to the cluster shares by name: a manager's {@code Event()}
 * across machines, as a flag in a Hazelcast {@code IMap} (the members keep it, with a backup).
 * {@link #await(Duration)} looks at the flag every 20 ms.
 */
public final class ClusterEvent {
    private static final long POLL_NANOS = 20_000_000L;

    private final IMap<String, Boolean> flags;
    private final String name;

    ClusterEvent(IMap<String, Boolean> flags, String name) {
        this.flags = flags;
        this.name = Objects.requireNonNull(name, "name");
    }

    /** Python's {@code event.is_set()}. */
    public boolean isSet() {
        return flags.containsKey(name);
    }

    /** Python's {@code event.set()}: wakes every waiter, on every machine. */
    public void set() {
        flags.set(name, Boolean.TRUE);
    }

    /** Python's {@code event.clear()}. */
    public void clear() {
        flags.delete(name);
    }

    /** Python's {@code event.wait()}: until it is set. */
    public void await() throws InterruptedException {
        await(null);
    }

    /**
     * Python's {@code event.wait(timeout)}.
     *
     * @param timeout how long to wait; null: as long as it takes
     * @return whether it is set
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return Awaiting.polling(this::isSet, timeout == null ? -1 : Math.max(0, timeout.toNanos()), POLL_NANOS);
    }

    @Override
    public String toString() {
        return "ClusterEvent[" + name + (isSet() ? ", set]" : ", unset]");
    }
}
