package org.multiprocessing4j.managers;

import java.util.List;
import java.util.Map;

/**
 * {@link Proxy} for the proxies that extend a collection class ({@link ListProxy},
 * {@link DictProxy}) and so cannot extend {@link BaseProxy}: every method goes to the
 * {@link AutoProxy} they are built around.
 */
interface CoreProxy extends Proxy {

    /** The proxy that talks to the manager. */
    AutoProxy core();

    @Override
    default Token getToken() {
        return core().getToken();
    }

    @Override
    default Object callMethod(String method, Object... args) {
        return core().callMethod(method, args);
    }

    @Override
    default Object callMethod(String method, List<?> args, Map<String, ?> kwds) {
        return core().callMethod(method, args, kwds);
    }

    @Override
    default void close() {
        core().close();
    }

}
