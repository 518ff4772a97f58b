package org.multiprocessing4j.managers;

import org.multiprocessing4j.pool.AsyncResult;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * A managed pool's {@code AsyncResult}: Python's {@code get(timeout)}, {@code wait(timeout)},
 * {@code ready()}, {@code successful()}. A task's failure comes back as the
 * {@link java.util.concurrent.ExecutionException} of {@link AsyncResult#get()}, a time-out as
 * {@link TimeoutException} (Python's {@code multiprocessing.TimeoutError}).
 */
final class AsyncResultReferent extends BuiltinReferent {
    static final List<String> EXPOSED = List.of("get", "ready", "successful", "wait");

    private final AsyncResult<?> result;

    AsyncResultReferent(AsyncResult<?> result) {
        super(EXPOSED, "get", "wait");
        this.result = result;
    }

    @Override
    public Object call(String method, List<Object> args, Map<String, Object> kwds) throws Exception {
        switch (method) {
            case "get":
                long timeout = Args.timeoutNanos(Args.get(args, kwds, 0, "timeout", null));
                return timeout < 0 ? result.get() : result.get(Duration.ofNanos(timeout));
            case "wait":
                long wait = Args.timeoutNanos(Args.get(args, kwds, 0, "timeout", null));
                result.waitFor(wait < 0 ? null : Duration.ofNanos(wait));
                return null;
            case "ready":
                return result.ready();
            case "successful":
                return result.successful();
            default:
                throw new UnsupportedOperationException("AsyncResult has no method '" + method + "'");
        }
    }

    @Override
    public Object value() {
        return null;
    }

    @Override
    public String repr() {
        return "<multiprocessing.pool.ApplyResult ready=" + result.ready() + ">";
    }

    @Override
    public Object identity() {
        return result;
    }

}
