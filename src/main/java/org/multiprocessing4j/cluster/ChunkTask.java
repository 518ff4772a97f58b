package org.multiprocessing4j.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import org.multiprocessing4j.function.SerializableFunction;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** One chunk of a cluster pool's call, as it travels to a member and runs in that member's {@link Host}. */
final class ChunkTask implements Callable<Outcome>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private final String driver;
    private final int workers;
    private final SerializableFunction<Object, Object> function;
    private final ArrayList<?> arguments;
    private transient HazelcastInstance instance;

    /**
     * @param driver    the id of the pool's driver: its pools on the members end when it leaves
     * @param workers   the processes the driver asked for, as a cap on the member's pool for it
     */
    ChunkTask(String driver, int workers, SerializableFunction<Object, Object> function, List<?> arguments) {
        this.driver = driver;
        this.workers = workers;
        this.function = function;
        this.arguments = new ArrayList<>(arguments);
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.instance = hazelcastInstance;
    }

    @Override
    public Outcome call() {
        return Host.of(instance).run(driver, workers, function, arguments);
    }
}
