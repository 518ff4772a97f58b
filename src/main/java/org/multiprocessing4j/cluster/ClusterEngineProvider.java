package org.multiprocessing4j.cluster;

import org.multiprocessing4j.function.Target;
import org.multiprocessing4j.internal.engine.Engine;
import org.multiprocessing4j.internal.engine.EngineProvider;
import org.multiprocessing4j.internal.engine.QueueEngine;
import org.multiprocessing4j.internal.engine.SharedMap;

/**
 * How {@code Multiprocessing.context("cluster")} finds the cluster, a layer it must not name: the
 * service ({@link java.util.ServiceLoader}) that gives its pools, its queues and its managers' dicts an engine on
 * {@link Cluster#shared()}. Not for applications: public only because a service provider must be.
 */
public final class ClusterEngineProvider implements EngineProvider {
    /** Made by {@link java.util.ServiceLoader}. */
    public ClusterEngineProvider() {
    }

    /** {@code "cluster"}: the context's name. */
    @Override
    public String name() {
        return "cluster";
    }

    /** An engine on {@link Cluster#shared()}; 0 processes is as many as the members have workers. */
    @Override
    public Engine engine(int processes, Target initializer, int maxTasksPerChild) {
        Cluster cluster = Cluster.shared();
        int width = processes == 0 ? Math.max(1, cluster.workers()) : processes;
        return cluster.context().engine(width, initializer, maxTasksPerChild);
    }

    /** A queue of {@link Cluster#shared()} with a name of its own (an {@code IQueue}, its tasks in an {@code IMap}). */
    @Override
    public QueueEngine queue(int maxSize, boolean joinable) {
        return Cluster.shared().context().queueEngine(maxSize, joinable);
    }

    /** A map of {@link Cluster#shared()} with a name of its own, for a manager's dict, namespace, value, event or lock. */
    @Override
    public SharedMap map() {
        return Cluster.shared().context().sharedMap();
    }
}
