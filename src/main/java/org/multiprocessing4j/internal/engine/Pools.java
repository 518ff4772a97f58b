package org.multiprocessing4j.internal.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Makes a {@code Pool} or a {@code ProcessPoolExecutor} over an {@link Engine} for the packages
 * above {@code pool} (the cluster), without a public constructor that would put this internal type
 * into the API: each class installs its constructor here when it is initialized (the JDK's
 * "shared secrets").
 */
public final class Pools {
    private static final Map<Class<?>, Function<Engine, ?>> FACTORIES = new ConcurrentHashMap<>();

    private Pools() {
    }

    /** Called once, by the static initializer of {@code type}. */
    public static void install(Class<?> type, Function<Engine, ?> factory) {
        FACTORIES.put(type, factory);
    }

    /**
     * A new object of class {@code type} ({@code Pool} or {@code ProcessPoolExecutor}) whose
     * chunks {@code engine} runs.
     *
     * @throws IllegalStateException if {@code type} installed no factory when initialized
     */
    public static <P> P over(Engine engine, Class<P> type) {
        return type.cast(installed(FACTORIES, type).apply(engine));
    }

    /**
     * The factory {@code type} installed in {@code factories} when initialized, which this
     * initializes first.
     *
     * @throws IllegalStateException if it installed none
     */
    static <F> F installed(Map<Class<?>, F> factories, Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        F factory = factories.get(type);
        if (factory == null) {
            throw new IllegalStateException(type.getName() + " installed no engine factory");
        }
        return factory;
    }
}
