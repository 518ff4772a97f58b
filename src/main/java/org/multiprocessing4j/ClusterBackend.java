package org.multiprocessing4j;

import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.internal.engine.EngineProviders;
import org.multiprocessing4j.queues.JoinableQueue;
import org.multiprocessing4j.queues.Queue;
import org.multiprocessing4j.queues.SimpleQueue;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;
import java.util.List;

/**
 * The backend of {@code Multiprocessing.context("cluster")}: its pools go to the cluster (the
 * pool asks {@link EngineProviders} for the context's name), and everything else is made as by
 * {@link SpawnBackend}, on this machine: a process's queue or lock is shared with its children,
 * which run here, and a pool's tasks cannot be handed one in any context.
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

    @Override
    public <E> Queue<E> queue(int maxSize, Serializer serializer) {
        return SpawnBackend.INSTANCE.queue(maxSize, serializer);
    }

    @Override
    public <E> JoinableQueue<E> joinableQueue(int maxSize, Serializer serializer) {
        return SpawnBackend.INSTANCE.joinableQueue(maxSize, serializer);
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
