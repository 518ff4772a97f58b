package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.platform.Platform;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The descriptor (or handle) of a connection or listener, closed once: by {@code close()}, or,
 * for an object dropped unclosed, once the garbage collector found it unreachable (CPython's
 * {@code __del__}). A listener's Unix socket file is removed with it.
 */
final class OsHandle {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Closer closer;
    private final Cleaner.Cleanable cleanable;

    /**
     * @param owner  the object whose unreachability closes the handle
     * @param value  the descriptor or handle
     * @param unlink a socket file to remove on close, or null
     */
    OsHandle(Object owner, long value, Path unlink) {
        this.closer = new Closer(value, unlink);
        this.cleanable = whenUnreachable(owner, closer);
    }

    /**
     * Runs {@code action} once {@code owner} is unreachable, unless its {@code clean()} ran it
     * first: the same cleaning for objects that hold more than one handle. The action must not
     * refer to the owner.
     */
    static Cleaner.Cleanable whenUnreachable(Object owner, Runnable action) {
        return CLEANER.register(owner, action);
    }

    /** The value, for a system call. */
    long value() throws IOException {
        if (closer.closed.get()) {
            throw new IOException("handle is closed");
        }
        return closer.value;
    }

    /** The value even when closed, for messages and {@code toString}. */
    long rawValue() {
        return closer.value;
    }

    /** Puts a new handle in place of the current one (a Windows pipe listener's next instance). */
    void replace(long value) {
        closer.value = value;
    }

    boolean isClosed() {
        return closer.closed.get();
    }

    void close() {
        cleanable.clean();
    }

    /** The action, which must not refer to the owner or it would keep it reachable. */
    private static final class Closer implements Runnable {
        private final AtomicBoolean closed = new AtomicBoolean();
        private final Path unlink;
        private volatile long value;

        Closer(long value, Path unlink) {
            this.value = value;
            this.unlink = unlink;
        }

        @Override
        public void run() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            Platform.descriptors().close(value);
            if (unlink != null) {
                try {
                    Files.deleteIfExists(unlink);
                } catch (IOException ignored) {
                    // Removed or replaced by someone else: not ours to report.
                }
            }
        }
    }
}
