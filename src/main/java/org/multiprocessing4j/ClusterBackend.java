package org.multiprocessing4j;

import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.internal.engine.EngineProviders;
import org.multiprocessing4j.internal.engine.Queues;
import org.multiprocessing4j.queues.JoinableQueue;
import org.multiprocessing4j.queues.Queue;
import org.multiprocessing4j.queues.SimpleQueue;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;
import java.util.List;

/**
 * The backend of {@code Multiprocessing.context("cluster")}: its pools go to the cluster (the
 * pool asks {@link EngineProviders} for the context's name), and so do its queues and joinable
 * queues (the provider's {@link org.multiprocessing4j.internal.engine.QueueEngine}, behind the
 * usual {@code Queue}), which travel to any process attached to the cluster. Everything else is
 * made as by {@link SpawnBackend}, on this machine: processes, pipes, simple queues, locks and
 * shared memory are shared with its children, which run here.
 */
final class ClusterBackend implements Backend {
    static final String NAME = "cluster";
    static final ClusterBackend INSTANCE = new ClusterBackend();

    private ClusterBackend() {
    }

    /**
     * @throws IllegalArgumentException if no cluster provider is on the class or module path (a
     *                                  build of the library without its cluster package)
     */
    static void requireProvider() {
        if (EngineProviders.find(NAME) == null) {
            throw new IllegalArgumentException("cannot find context for '" + NAME
                    + "': the cluster package (org.multiprocessing4j.cluster) and Hazelcast are not on the class path");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(Process process, Context context) {
        SpawnBackend.INSTANCE.start(process, context);
    }

    /** A queue on the cluster's members (a Hazelcast {@code IQueue}), which goes to any process of the cluster. */
    @Override
    @SuppressWarnings("unchecked")
    public <E> Queue<E> queue(int maxSize, Serializer serializer) {
        return Queues.over(EngineProviders.find(NAME).queue(maxSize, false), serializer, Queue.class);
    }

    /** A joinable queue on the cluster's members, its tasks counted there. */
    @Override
    @SuppressWarnings("unchecked")
    public <E> JoinableQueue<E> joinableQueue(int maxSize, Serializer serializer) {
        return Queues.over(EngineProviders.find(NAME).queue(maxSize, true), serializer, JoinableQueue.class);
    }

    @Override
    public <E> SimpleQueue<E> simpleQueue(Serializer serializer) {
        return SpawnBackend.INSTANCE.simpleQueue(serializer);
    }

    @Override
    public Connection[] pipe(boolean duplex, Serializer serializer) throws IOException {
        return SpawnBackend.INSTANCE.pipe(duplex, serializer);
    }

    @Override
    public Process currentProcess() {
        return SpawnBackend.INSTANCE.currentProcess();
    }

    @Override
    public List<Process> activeChildren() {
        return SpawnBackend.INSTANCE.activeChildren();
    }
}
