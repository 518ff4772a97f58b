package org.multiprocessing4j.managers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A managed {@code Lock}, {@code RLock}, {@code Semaphore} or {@code BoundedSemaphore}:
 * Python's {@code acquire(blocking=True, timeout=None)} and {@code release()}, CPython's
 * {@code AcquirerProxy._exposed_}. It remembers which client holds it, so that what a client
 * that went away (killed, or its connection cut) still held is released for it, with a
 * warning, instead of blocking everyone for ever.
 */
class AcquirerReferent extends BuiltinReferent implements Holdings {
    static final List<String> EXPOSED = List.of("acquire", "release");

    final Acquirer acquirer;
    private final Map<Peer, Integer> holders = new HashMap<>();

    AcquirerReferent(Acquirer acquirer) {
        this(acquirer, EXPOSED, "acquire");
    }

    /** A referent over {@code acquirer} with more methods (a condition's). */
    AcquirerReferent(Acquirer acquirer, List<String> exposed, String... blocking) {
        super(exposed, blocking);
        this.acquirer = acquirer;
    }

    @Override
    public Object call(String method, List<Object> args, Map<String, Object> kwds) throws Exception {
        switch (method) {
            case "acquire":
                return acquire(args, kwds);
            case "release":
                Args.count(args, method, 0);
                release();
                return null;
            default:
                throw new UnsupportedOperationException(acquirer + " has no method '" + method + "'");
        }
    }

    /** {@code acquire(blocking=True, timeout=None)}; released again if the reply cannot be sent. */
    Object acquire(List<Object> args, Map<String, Object> kwds) throws InterruptedException {
        Args.between(args, "acquire", 0, 2);
        boolean blocking = Args.truth(Args.get(args, kwds, 0, "blocking", Boolean.TRUE));
        long timeout = Args.timeoutNanos(Args.get(args, kwds, 1, "timeout", null));
        if (!blocking && timeout >= 0) {
            throw new IllegalArgumentException("ValueError: can't specify a timeout for a non-blocking call");
        }
        if (!acquirer.acquire(blocking, timeout)) {
            return Boolean.FALSE;
        }
        held(1);
        return Outcome.undoable(Boolean.TRUE, this::release);
    }

    /** {@code release()}; forgets one acquisition of the releasing client (or of another, for a plain lock). */
    void release() {
        acquirer.release();
        released(1);
    }

    /** Records {@code count} acquisitions by the client being served. */
    void held(int count) {
        Peer peer = Peer.serving();
        if (peer != null) {
            synchronized (this) {
                holders.merge(peer, count, Integer::sum);
            }
            peer.holds(this);
        }
    }

    /** Forgets {@code count} acquisitions, the releasing client's first. */
    synchronized void released(int count) {
        Peer peer = Peer.serving();
        Peer from = peer != null && holders.containsKey(peer) ? peer : holders.keySet().stream().findFirst().orElse(null);
        if (from != null) {
            holders.merge(from, -count, Integer::sum);
            holders.remove(from, 0);
        }
    }

    @Override
    public void releaseAllOf(Peer peer) {
        int count;
        synchronized (this) {
            Integer held = holders.remove(peer);
            count = held == null ? 0 : held;
        }
        if (count > 0) {
            org.multiprocessing4j.internal.runtime.Log.of("managers").warn(
                    "manager: {} went away holding {} {} time(s): released for it", peer.name(), acquirer, count);
            for (int i = 0; i < count; i++) {
                try {
                    acquirer.release();
                } catch (RuntimeException notHeldAnyMore) {
                    break;
                }
            }
        }
    }

    @Override
    public Object value() {
        return acquirer.toString();
    }

    @Override
    public String repr() {
        return acquirer.toString();
    }

}
