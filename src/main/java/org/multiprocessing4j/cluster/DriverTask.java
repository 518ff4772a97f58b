package org.multiprocessing4j.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** What a driver asks of every member about its pools: their workers' pids, or to end them. */
final class DriverTask implements Callable<ArrayList<Long>>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    enum Action { PIDS, CLOSE, TERMINATE }

    private final String driver;
    private final Action action;
    private transient HazelcastInstance instance;

    DriverTask(String driver, Action action) {
        this.driver = driver;
        this.action = action;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.instance = hazelcastInstance;
    }

    @Override
    public ArrayList<Long> call() {
        Host host = Host.find(instance);
        if (host == null) {
            return new ArrayList<>();
        }
        List<Long> pids = host.workerPids(driver);
        if (action == Action.CLOSE) {
            host.end(driver, false);
        } else if (action == Action.TERMINATE) {
            host.end(driver, true);
        }
        return new ArrayList<>(pids);
    }
}
