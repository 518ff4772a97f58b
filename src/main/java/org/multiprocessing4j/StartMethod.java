package org.multiprocessing4j;

import java.util.List;

/**
 * The start method of this JVM: CPython's {@code DefaultContext} with its {@code _actual_context},
 * which is fixed the first time it is asked for or set.
 */
final class StartMethod {
    static final List<String> ALL = List.of(Context.SPAWN);
    private static Context actual;

    private StartMethod() {
    }

    /** The context in use, fixing the default one if none was chosen. */
    static synchronized Context fix() {
        if (actual == null) {
            actual = Context.DEFAULT;
        }
        return actual;
    }

    /** The start method in use, or null while none is fixed. */
    static synchronized String peek() {
        return actual == null ? null : actual.getStartMethod();
    }

    static synchronized void set(String method, boolean force) {
        if (ThreadBackend.NAME.equals(method)) {
            throw new IllegalArgumentException("'thread' is a context, not a start method: "
                    + "use Multiprocessing.context(\"thread\") and make everything through it");
        }
        if (actual != null && !force) {
            throw new IllegalStateException("context has already been set");
        }
        actual = method == null && force ? null : Context.forMethod(method);
    }
}
