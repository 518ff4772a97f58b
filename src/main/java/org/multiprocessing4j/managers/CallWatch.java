package org.multiprocessing4j.managers;

import org.multiprocessing4j.internal.runtime.Threads;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ends the calls that wait for clients that went away. A client waiting for its reply sends
 * nothing, so its connection becomes readable only when it closes (or dies): the watcher polls
 * the connections of the calls that have waited a while, every {@value #PERIOD_MILLIS} ms, and
 * interrupts the serving thread of a call whose client is gone. Short calls cost one map
 * update; the watcher's thread starts with the first call that may wait.
 */
final class CallWatch {
    static final long PERIOD_MILLIS = 100;
    private final Map<Peer, Long> calls = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private String name = "manager-watch";
    private Thread thread;

    void start(int serverNumber) {
        name = "manager-" + serverNumber + "-watch";
    }

    void begin(Peer peer) {
        calls.put(peer, System.nanoTime());
        synchronized (this) {
            if (thread == null && !stopped) {
                thread = Threads.start(name, this::watch);
            }
        }
    }

    void end(Peer peer) {
        calls.remove(peer);
    }

    void stop() {
        stopped = true;
        synchronized (this) {
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    private void watch() {
        try {
            while (!stopped) {
                Thread.sleep(PERIOD_MILLIS);
                long now = System.nanoTime();
                for (Map.Entry<Peer, Long> call : calls.entrySet()) {
                    if (now - call.getValue() >= PERIOD_MILLIS * 1_000_000L && clientGone(call.getKey())) {
                        Peer peer = call.getKey();
                        peer.gone = true;
                        calls.remove(peer);
                        peer.thread.interrupt();
                    }
                }
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean clientGone(Peer peer) {
        try {
            return peer.connection.poll();
        } catch (IOException closed) {
            return true;
        }
    }
}
