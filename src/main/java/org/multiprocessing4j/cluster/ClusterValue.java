package org.multiprocessing4j.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import org.multiprocessing4j.function.SerializableFunction;

import java.util.Map;
import java.util.Objects;

/**
 * A value every process attached to the cluster shares by name: a manager's {@code Value()}
 * across machines, in a Hazelcast {@code IMap} entry. {@link #update} changes it atomically, on
 * the member that owns the entry (an entry processor: what {@code with v.get_lock(): v.value += 1}
 * does in Python, in one step), so its function must be on the members' class path too.
 *
 * @param <T> the value's type ({@link java.io.Serializable})
 */
public final class ClusterValue<T> {
    private final IMap<String, Object> values;
    private final String name;
    private final ClusterLock lock;

    ClusterValue(IMap<String, Object> values, String name, ClusterLock lock) {
        this.values = values;
        this.name = Objects.requireNonNull(name, "name");
        this.lock = lock;
    }

    /** Python's {@code v.value}. */
    @SuppressWarnings("unchecked")
    public T get() {
        return (T) values.get(name);
    }

    /** Python's {@code v.value = x}. */
    public void set(T value) {
        values.set(name, Objects.requireNonNull(value, "value"));
    }

    /**
     * Sets the value to {@code function} of it, atomically on the member that owns it, and
     * returns the new value: {@code v.update(x -> x + 1)}.
     */
    @SuppressWarnings("unchecked")
    public T update(SerializableFunction<T, T> function) {
        return (T) values.executeOnKey(name, new Update(Objects.requireNonNull(function, "function")));
    }

    /**
     * Python's {@code v.get_lock()}: a cluster lock of this value's own, for steps that
     * {@link #update} cannot make in one.
     */
    public ClusterLock getLock() {
        return lock;
    }

    @Override
    public String toString() {
        return "ClusterValue[" + name + "=" + get() + "]";
    }

    /** The entry processor of {@link #update}. */
    private static final class Update implements EntryProcessor<String, Object, Object> {
        private static final long serialVersionUID = 1L;

        private final SerializableFunction<Object, Object> function;

        @SuppressWarnings("unchecked")
        Update(SerializableFunction<?, ?> function) {
            this.function = (SerializableFunction<Object, Object>) function;
        }

        @Override
        public Object process(Map.Entry<String, Object> entry) {
            Object next;
            try {
                next = Objects.requireNonNull(function.apply(entry.getValue()), "the update's result");
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("the update of cluster value '" + entry.getKey() + "' failed: " + e, e);
            }
            entry.setValue(next);
            return next;
        }
    }
}
