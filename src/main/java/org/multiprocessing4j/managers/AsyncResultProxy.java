package org.multiprocessing4j.managers;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The proxy of a managed pool's {@code AsyncResult}: Python's {@code get(timeout)},
 * {@code wait(timeout)}, {@code ready()}, {@code successful()}, with the names of
 * {@link org.multiprocessing4j.pool.AsyncResult}.
 */
public final class AsyncResultProxy<T> extends BaseProxy {
    private static final long serialVersionUID = 1L;

    AsyncResultProxy(AutoProxy core) {
        super(core);
    }

    /** Python's {@code get()}: the result; the task's failure as the cause of an {@link ExecutionException}. */
    public T get() throws ExecutionException {
        try {
            return get(null);
        } catch (TimeoutException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Python's {@code get(timeout)}; null waits for ever. */
    @SuppressWarnings("unchecked")
    public T get(Duration timeout) throws ExecutionException, TimeoutException {
        try {
            return (T) invoke("get", timeout == null ? null : timeout.toNanos() / 1e9);
        } catch (ExecutionException | TimeoutException e) {
            throw e;
        } catch (Exception e) {
            throw Unchecked.of(e);
        }
    }

    /** Python's {@code wait(timeout)}: whether it is ready. */
    public boolean waitFor(Duration timeout) {
        call("wait", timeout == null ? null : timeout.toNanos() / 1e9);
        return ready();
    }

    /** Python's {@code ready()}. */
    public boolean ready() {
        return (Boolean) call("ready");
    }

    /**
     * Python's {@code successful()}.
     *
     * @throws IllegalStateException (Python's ValueError) if not ready
     */
    public boolean successful() {
        return (Boolean) call("successful");
    }
}
