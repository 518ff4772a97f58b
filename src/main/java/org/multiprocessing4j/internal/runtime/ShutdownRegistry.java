package org.multiprocessing4j.internal.runtime;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the JDK's shutdown sequence will run, read from its private registries: the
 * application's shutdown hooks ({@code java.lang.ApplicationShutdownHooks.hooks}) and the files
 * of {@code File.deleteOnExit} ({@code java.io.DeleteOnExitHook.files}). A child that ends with
 * {@code _exit} once those have run (see {@code ChildMain}) needs both; nothing else reads them.
 *
 * <p>They are private to {@code java.base}. Opening it on a child's command line
 * ({@code --add-opens}) would cost every child the archived module graph (tens of milliseconds
 * of boot), so they are read through {@code sun.misc.Unsafe}, which {@code jdk.unsupported}
 * exports. Only where that is allowed without a warning on standard error: before JDK 24, or
 * with {@code --sun-misc-unsafe-memory-access=allow}, which the library gives the children it
 * launches on such JDKs. Anything unexpected (a JDK that renamed a field, or denies the access)
 * makes {@link #open()} answer null, and the caller takes the JDK's own way out.
 */
public final class ShutdownRegistry {
    private static final int FIRST_WARNING_FEATURE = 24;

    private final Object unsafe;
    private final Map<?, ?> hooks;
    private final Field deleteOnExitFiles;

    private ShutdownRegistry(Object unsafe, Map<?, ?> hooks, Field deleteOnExitFiles) {
        this.unsafe = unsafe;
        this.hooks = hooks;
        this.deleteOnExitFiles = deleteOnExitFiles;
    }

    /**
     * The registries of this JVM, or null where they cannot be read. Call before the shutdown
     * begins: it then stops publishing its table of hooks, but the table itself stays as it
     * was, with the hooks the shutdown starts.
     */
    public static ShutdownRegistry open() {
        if (Runtime.version().feature() >= FIRST_WARNING_FEATURE
                && !"allow".equals(System.getProperty("sun.misc.unsafe.memory.access"))) {
            return null;
        }
        try {
            Field theUnsafe = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            sun.misc.Unsafe unsafe = (sun.misc.Unsafe) theUnsafe.get(null);
            Object hooks = readStatic(unsafe, Class.forName("java.lang.ApplicationShutdownHooks", false, null)
                    .getDeclaredField("hooks"));
            // Not initialized here: its initializer registers the hook that deletes the files.
            Field files = Class.forName("java.io.DeleteOnExitHook", false, null).getDeclaredField("files");
            return hooks instanceof Map ? new ShutdownRegistry(unsafe, (Map<?, ?>) hooks, files) : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
            return null;
        }
    }

    /**
     * The shutdown hooks, those of the library and the user's alike. Once the shutdown has
     * begun nothing changes the table any more; read before, it is a snapshot.
     */
    public Collection<Thread> hooks() {
        List<Thread> threads = new ArrayList<>();
        synchronized (hooksLock()) {
            for (Object hook : hooks.keySet()) {
                threads.add((Thread) hook);
            }
        }
        return threads;
    }

    /** The files registered with {@code File.deleteOnExit}, in the order they were registered. */
    public List<String> deleteOnExitFiles() {
        try {
            Object files = readStatic((sun.misc.Unsafe) unsafe, deleteOnExitFiles);
            List<String> names = new ArrayList<>();
            if (files instanceof Collection) {
                synchronized (deleteOnExitFiles.getDeclaringClass()) {
                    for (Object name : (Collection<?>) files) {
                        names.add((String) name);
                    }
                }
            }
            return names;
        } catch (RuntimeException unreadable) {
            return List.of();
        }
    }

    /** The lock the JDK takes around the table of hooks: the class's own. */
    private Object hooksLock() {
        try {
            return Class.forName("java.lang.ApplicationShutdownHooks", false, null);
        } catch (ClassNotFoundException gone) {
            return this;
        }
    }

    @SuppressWarnings("removal")
    private static Object readStatic(sun.misc.Unsafe unsafe, Field field) {
        return unsafe.getObject(unsafe.staticFieldBase(field), unsafe.staticFieldOffset(field));
    }
}
