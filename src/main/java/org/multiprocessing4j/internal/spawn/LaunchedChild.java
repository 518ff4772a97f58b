package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.platform.ChildProcess;

import java.lang.ref.Cleaner;

/**
 * A child JVM that booted. Its sentinel is released by {@link #close()}, or when this object
 * becomes unreachable, so a forgotten process object leaks no descriptor.
 */
public final class LaunchedChild implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final ChildProcess child;
    private final Cleaner.Cleanable cleanable;

    LaunchedChild(ChildProcess child) {
        this.child = child;
        this.cleanable = CLEANER.register(this, child::close);
    }

    /** The native child: pid, sentinel, exit code, signals. */
    public ChildProcess nativeChild() {
        return child;
    }

    /** Releases the sentinel; the child is not stopped. */
    @Override
    public void close() {
        cleanable.clean();
    }
}
