package org.multiprocessing4j.internal.engine;

import java.util.function.Function;

/**
 * Makes a {@code Pool} over an {@link Engine} for the packages above {@code pool} (the cluster),
 * without a public constructor that would put this internal type into the API: {@code Pool}
 * installs its constructor here when its class is initialized (the JDK's "shared secrets").
 */
public final class Pools {
    private static volatile Function<Engine, ?> factory;

    private Pools() {
    }

    /** Called once, by {@code Pool}'s static initializer. */
    public static void install(Function<Engine, ?> poolFactory) {
        factory = poolFactory;
    }

    /**
     * A new pool of class {@code type} (that is, {@code Pool}) whose chunks {@code engine} runs.
     *
     * @throws IllegalStateException if {@code type} installed no factory when initialized
     */
    public static <P> P over(Engine engine, Class<P> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        Function<Engine, ?> made = factory;
        if (made == null) {
            throw new IllegalStateException(type.getName() + " installed no engine factory");
        }
        return type.cast(made.apply(engine));
    }
}
