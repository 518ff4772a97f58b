package org.multiprocessing4j.spawn;

import org.multiprocessing4j.platform.NativeChild;
import org.multiprocessing4j.platform.Platform;

import java.lang.ref.Cleaner;

/**
 * A child JVM that booted: its {@link NativeChild} and the parent's end of its boot pipe, which
 * stays open for the child's life because its end of stream tells the child the parent died.
 * Both descriptors are released by {@link #close()}, or when this object becomes unreachable.
 */
public final class LaunchedChild implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final NativeChild child;
    private final Cleaner.Cleanable cleanable;

    LaunchedChild(NativeChild child, long bootHandle) {
        this.child = child;
        this.cleanable = CLEANER.register(this, new Release(child, bootHandle));
    }

    /** The native child: pid, sentinel, exit code, signals. */
    public NativeChild nativeChild() {
        return child;
    }

    /** Releases the sentinel and the boot pipe; the child is not stopped. */
    @Override
    public void close() {
        cleanable.clean();
    }

    /** Holds no reference to the {@link LaunchedChild}, as a cleaning action must not. */
    private static final class Release implements Runnable {
        private final NativeChild child;
        private final long bootHandle;

        Release(NativeChild child, long bootHandle) {
            this.child = child;
            this.bootHandle = bootHandle;
        }

        @Override
        public void run() {
            child.close();
            Platform.current().close(bootHandle);
        }
    }
}
