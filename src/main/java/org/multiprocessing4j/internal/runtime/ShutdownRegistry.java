package org.multiprocessing4j.internal.runtime;

import java.lang.reflect.Field;

/**
 * The JDK's table of system shutdown hooks ({@code java.lang.Shutdown.hooks}), whose slots the
 * shutdown runs one after the other in the exiting thread: the console's, then the
 * application's shutdown hooks (all of them, joined), then {@code File.deleteOnExit}'s. A
 * runnable put into the last slot, which the JDK leaves free, runs after all of those. A child
 * that ends with {@code _exit} there (see {@code QuickExit}) has then done everything the JDK's
 * shutdown would have done for it, and skips only the teardown of the virtual machine.
 *
 * <p>The table is private to {@code java.base}. Opening it on a child's command line
 * ({@code --add-opens}) would cost every child the archived module graph (tens of milliseconds
 * of boot), so it is written through {@code sun.misc.Unsafe}, which {@code jdk.unsupported}
 * exports, only where that is allowed without a warning ({@link SilentUnsafe}). Anything
 * unexpected (a JDK that renamed a field, a slot already taken, an access denied) makes
 * {@link #runLast} answer false, and the caller takes the JDK's own way out.
 */
public final class ShutdownRegistry {
    private ShutdownRegistry() {
    }

    /**
     * Puts {@code last} into the JDK's last system-hook slot, to run after every shutdown hook
     * and the deletion of the {@code deleteOnExit} files, in the thread that ends the JVM.
     *
     * @return whether it is there; false if the slot is taken or the table cannot be written
     */
    @SuppressWarnings("removal")
    public static boolean runLast(Runnable last) {
        sun.misc.Unsafe unsafe = SilentUnsafe.orNull();
        if (unsafe == null) {
            return false;
        }
        try {
            Class<?> shutdown = Class.forName("java.lang.Shutdown", false, null);
            Object slots = readStatic(unsafe, shutdown.getDeclaredField("hooks"));
            Object lock = readStatic(unsafe, shutdown.getDeclaredField("lock"));
            if (!(slots instanceof Runnable[]) || lock == null) {
                return false;
            }
            Runnable[] hooks = (Runnable[]) slots;
            int slot = hooks.length - 1;
            long offset = unsafe.arrayBaseOffset(Runnable[].class) + (long) slot * unsafe.arrayIndexScale(Runnable[].class);
            // The JDK's Shutdown.add and runHooks hold this lock around the table.
            synchronized (lock) {
                if (hooks[slot] != null) {
                    return false;
                }
                unsafe.putObjectVolatile(hooks, offset, last);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
            return false;
        }
    }

    @SuppressWarnings("removal")
    private static Object readStatic(sun.misc.Unsafe unsafe, Field field) {
        return unsafe.getObject(unsafe.staticFieldBase(field), unsafe.staticFieldOffset(field));
    }
}
