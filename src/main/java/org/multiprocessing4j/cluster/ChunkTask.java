package org.multiprocessing4j.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import org.multiprocessing4j.function.SerializableFunction;
import org.multiprocessing4j.function.Target;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** One chunk of a cluster pool's call, as it travels to a member and runs in that member's {@link Host}. */
final class ChunkTask implements Callable<Outcome>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private final String driver;
    private final int workers;
    private final Target initializer;
    private final int maxTasksPerChild;
    private final SerializableFunction<Object, Object> function;
    private final ArrayList<?> arguments;
    private transient HazelcastInstance instance;

    /**
     * @param driver    the id of the pool's driver: its pools on the members end when it leaves
     * @param workers   the processes the driver asked for, as a cap on the member's pool for it
     * @param initializer      what each worker of the member's pool runs first, or null
     * @param maxTasksPerChild the chunks a worker there runs before it is replaced; 0: no limit
     */
    ChunkTask(String driver, int workers, Target initializer, int maxTasksPerChild,
              SerializableFunction<Object, Object> function, List<?> arguments) {
        this.driver = driver;
        this.workers = workers;
        this.initializer = initializer;
        this.maxTasksPerChild = maxTasksPerChild;
        this.function = function;
        this.arguments = new ArrayList<>(arguments);
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.instance = hazelcastInstance;
    }

    @Override
    public Outcome call() {
        return Host.of(instance).run(driver, new Host.PoolSpec(workers, initializer, maxTasksPerChild), function, arguments);
    }
}
