package org.multiprocessing4j.managers;

import java.lang.reflect.UndeclaredThrowableException;

/** A remote method's exception that a proxy method does not declare: unchecked as it is, else wrapped. */
final class Unchecked {
    private Unchecked() {
    }

    /** {@code core}'s call of {@code method}, its checked exceptions unchecked. */
    static Object call(AutoProxy core, String method, Object... args) {
        try {
            return core.invoke(method, args);
        } catch (Exception e) {
            throw of(e);
        }
    }

    static RuntimeException of(Exception e) {
        if (e instanceof RuntimeException) {
            return (RuntimeException) e;
        }
        return new UndeclaredThrowableException(e, e.getMessage());
    }
}
