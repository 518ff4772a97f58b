package org.multiprocessing4j.internal.platform;

/**
 * Windows hands no handle to a running process for now, since a Winsock socket cannot be
 * duplicated with {@code DuplicateHandle}. Children get their handles by inheritance at their
 * start instead, so spare JVMs serve only children without handles.
 */
final class WindowsHandlePassing implements HandlePassing {
    private static final String UNSUPPORTED = "this platform does not pass descriptors to a running process";

    @Override
    public boolean isSupported() {
        return false;
    }

    @Override
    public long[] channel() {
        throw new UnsupportedOperationException(UNSUPPORTED);
    }

    @Override
    public long duplicate(long handle) {
        throw new UnsupportedOperationException(UNSUPPORTED);
    }

    @Override
    public void send(long channel, long[] handles) {
        throw new UnsupportedOperationException(UNSUPPORTED);
    }

    @Override
    public long[] receive(long channel, int count) {
        throw new UnsupportedOperationException(UNSUPPORTED);
    }
}
