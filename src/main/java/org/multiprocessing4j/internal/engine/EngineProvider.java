package org.multiprocessing4j.internal.engine;

import org.multiprocessing4j.function.Target;

/**
 * An engine for the pools of a context named after it, found with {@link java.util.ServiceLoader} ({@link EngineProviders}): how
 * {@code Multiprocessing.context("cluster")} reaches the cluster package, which is above the facade
 * and the pools and must not be named by them (docs/ARCHITECTURE.md: the cluster is the top layer,
 * used by nobody). Internal: public only so that the cluster can provide one.
 */
public interface EngineProvider {
    /** The context's name, as its {@code getStartMethod()} gives it: {@code "cluster"}. */
    String name();

    /**
     * The engine of a new pool of that context.
     *
     * @param processes        the pool's width; 0 for the provider's default
     * @param initializer      run once by each worker when it starts, or null
     * @param maxTasksPerChild a worker is replaced after this many chunks; 0: never
     */
    Engine engine(int processes, Target initializer, int maxTasksPerChild);

    /**
     * The engine of a new queue of that context: a {@code Queue}'s, or a {@code JoinableQueue}'s
     * when {@code joinable}.
     *
     * @param maxSize at most this many elements at once; 0 or less: unbounded
     * @throws UnsupportedOperationException if the context keeps its queues on this machine
     */
    default QueueEngine queue(int maxSize, boolean joinable) {
        throw new UnsupportedOperationException("the context '" + name() + "' makes no queues of its own");
    }

    /**
     * A new map of that context for a manager's {@code dict()}, {@code Namespace()},
     * {@code Value()}, {@code Event()}, {@code Lock()} or {@code RLock()}: shared by every process
     * that holds it, and serializable, travelling by name to any of them.
     *
     * @throws UnsupportedOperationException if the context keeps its dicts in the manager's process
     */
    default SharedMap map() {
        throw new UnsupportedOperationException("the context '" + name() + "' makes no maps of its own");
    }
}
