package org.multiprocessing4j.internal.runtime;

import java.lang.reflect.Field;

/**
 * {@code sun.misc.Unsafe}, where this JVM lets the library use its memory access without a
 * warning on standard error: before JDK 24, or with {@code --sun-misc-unsafe-memory-access=allow},
 * which the library gives the children it launches on such JDKs. Elsewhere (a user's JDK 24+
 * JVM without that option, a JDK that denies or removed it) there is none, and callers take
 * their slower, supported way.
 */
public final class SilentUnsafe {
    private static final int FIRST_WARNING_FEATURE = 24;
    private static final sun.misc.Unsafe INSTANCE = find();

    private SilentUnsafe() {
    }

    /** The instance, or null where using it would warn or fail. */
    public static sun.misc.Unsafe orNull() {
        return INSTANCE;
    }

    private static sun.misc.Unsafe find() {
        if (Runtime.version().feature() >= FIRST_WARNING_FEATURE
                && !"allow".equals(System.getProperty("sun.misc.unsafe.memory.access"))) {
            return null;
        }
        try {
            Field theUnsafe = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            return (sun.misc.Unsafe) theUnsafe.get(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
            return null;
        }
    }
}
