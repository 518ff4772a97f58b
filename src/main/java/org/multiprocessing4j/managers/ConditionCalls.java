package org.multiprocessing4j.managers;

import java.util.List;
import java.util.Map;

/**
 * What a managed {@code Condition} answers, wherever its waiters are kept (the manager's process:
 * {@link ConditionReferent}; a map of the cluster: {@link SharedConditionReferent}): its lock's
 * {@code acquire} and {@code release}, and Python's {@code wait}, {@code notify} and
 * {@code notify_all}, CPython's {@code ConditionProxy._exposed_}.
 */
abstract class ConditionCalls extends AcquirerReferent {
    static final List<String> EXPOSED = List.of("acquire", "release", "wait", "notify", "notify_all");

    ConditionCalls(Acquirer lock) {
        super(lock, EXPOSED, "acquire", "wait");
    }

    /** Python's {@code Condition.wait(timeout)}: true unless the time ran out. */
    abstract boolean await(long timeoutNanos) throws InterruptedException;

    /** Python's {@code notify(n)}: wakes the {@code n} oldest waiters. */
    abstract void notify(int n);

    @Override
    public final Object call(String method, List<Object> args, Map<String, Object> kwds) throws Exception {
        switch (method) {
            case "wait":
                Args.between(args, method, 0, 1);
                return await(Args.timeoutNanos(Args.get(args, kwds, 0, "timeout", null)));
            case "notify":
                Args.between(args, method, 0, 1);
                notify(Args.integer(Args.get(args, kwds, 0, "n", 1), "n"));
                return null;
            case "notify_all":
                Args.count(args, method, 0);
                notify(Integer.MAX_VALUE);
                return null;
            default:
                return super.call(method, args, kwds);
        }
    }
}
