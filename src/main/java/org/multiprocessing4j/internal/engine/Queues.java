package org.multiprocessing4j.internal.engine;

import org.multiprocessing4j.serialization.Serializer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Makes a {@code Queue} or a {@code JoinableQueue} over a {@link QueueEngine} for the packages
 * above {@code queues} (the facade, for the cluster's context), without a public constructor that
 * would put this internal type into the API: each class installs its constructor here when it is
 * initialized, as {@link Pools} does for the pools.
 */
public final class Queues {
    private static final Map<Class<?>, BiFunction<QueueEngine, Serializer, ?>> FACTORIES = new ConcurrentHashMap<>();

    private Queues() {
    }

    /** Called once, by the static initializer of {@code type}. */
    public static void install(Class<?> type, BiFunction<QueueEngine, Serializer, ?> factory) {
        FACTORIES.put(type, factory);
    }

    /**
     * A new object of class {@code type} ({@code Queue} or {@code JoinableQueue}) over
     * {@code engine}, whose elements go through {@code serializer}.
     *
     * @throws IllegalStateException if {@code type} installed no factory when initialized
     */
    public static <Q> Q over(QueueEngine engine, Serializer serializer, Class<Q> type) {
        return type.cast(Pools.installed(FACTORIES, type).apply(engine, serializer));
    }
}
