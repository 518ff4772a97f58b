package org.multiprocessing4j.internal.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The {@link EngineProvider}s on the class or module path, by name, looked up once: a local
 * pool is made often and must not scan the class path each time.
 */
public final class EngineProviders {
    private static volatile Map<String, EngineProvider> byName;

    private EngineProviders() {
    }

    /** The provider of the context {@code name}, or null if there is none. */
    public static EngineProvider find(String name) {
        Map<String, EngineProvider> providers = byName;
        if (providers == null) {
            providers = new HashMap<>();
            for (EngineProvider provider : ServiceLoader.load(EngineProvider.class, EngineProvider.class.getClassLoader())) {
                providers.putIfAbsent(provider.name(), provider);
            }
            byName = providers;
        }
        return providers.get(name);
    }
}
