package org.multiprocessing4j.managers;

import org.multiprocessing4j.internal.engine.SharedMap;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;

/**
 * A {@code Barrier} of a manager of {@code Multiprocessing.context("cluster")}
 * ({@link BarrierCalls}), over a map the cluster keeps, called in the calling process. The round's
 * state (its number, the parties waiting, whether it is broken) is one entry, changed under the
 * map's key lock; a waiting party looks at it every 20 ms, and holds a key lock of its own while
 * it waits, which the members release if its process leaves the cluster (killed included). A
 * party that finds a waiting party's key unlocked knows it died, and breaks the round, as
 * {@link BarrierReferent} does for a client that goes away: the others get
 * {@link BrokenBarrierException} instead of waiting for ever.
 */
final class SharedBarrierReferent extends BarrierCalls {
    private static final String PARTIES = "parties";
    /** The default time-out of {@code wait}, in nanoseconds; negative: none. */
    private static final String TIMEOUT = "timeout";
    private static final String STATE = "state";
    /** How often a waiting party looks whether the others still live: a call to a member each. */
    private static final int POLLS_PER_LIVENESS_LOOK = 25;

    private final SharedMap map;
    private final int parties;
    private final long defaultTimeout;

    private SharedBarrierReferent(SharedMap map) {
        this.map = map;
        this.parties = ((Number) ClusterEntries.get(map, PARTIES)).intValue();
        this.defaultTimeout = ((Number) ClusterEntries.get(map, TIMEOUT)).longValue();
    }

    /** Python's check of a barrier's parties. */
    static void requireParties(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("ValueError: parties must be > 0");
        }
    }

    /**
     * Writes a new barrier of {@code parties} ({@link #requireParties checked}) into {@code map},
     * a new map of the cluster.
     */
    static void start(SharedMap map, int parties, long timeoutNanos) {
        map.put(PARTIES, (long) parties);
        map.put(TIMEOUT, timeoutNanos);
        map.put(STATE, new Round(0, false, -1, new ArrayList<>()).toList());
    }

    /** The barrier kept in {@code map}. */
    static SharedBarrierReferent over(SharedMap map) {
        return new SharedBarrierReferent(map);
    }

    /**
     * A round's state: its number, whether it is broken, the last round a reset broke for the
     * parties waiting in it, and the keys of the parties waiting (each locked by its party).
     */
    private static final class Round {
        long generation;
        boolean broken;
        long resetRound;
        final List<String> waiters;

        Round(long generation, boolean broken, long resetRound, List<String> waiters) {
            this.generation = generation;
            this.broken = broken;
            this.resetRound = resetRound;
            this.waiters = waiters;
        }

        static Round of(List<?> entry) {
            List<String> waiters = new ArrayList<>();
            for (Object key : entry.subList(3, entry.size())) {
                waiters.add((String) key);
            }
            return new Round(((Number) entry.get(0)).longValue(), (Boolean) entry.get(1),
                    ((Number) entry.get(2)).longValue(), waiters);
        }

        List<Object> toList() {
            List<Object> entry = new ArrayList<>(List.of(generation, broken, resetRound));
            entry.addAll(waiters);
            return entry;
        }
    }

    @Override
    long defaultTimeout() {
        return defaultTimeout;
    }

    @Override
    void abort() throws InterruptedException {
        change(round -> round.broken = true);
    }

    @Override
    void reset() throws InterruptedException {
        change(round -> {
            if (!round.waiters.isEmpty()) {
                round.resetRound = round.generation;
            }
            round.generation++;
            round.waiters.clear();
            round.broken = false;
        });
    }

    @Override
    int parties() {
        return parties;
    }

    @Override
    int waiting() {
        return round().waiters.size();
    }

    @Override
    boolean broken() {
        return round().broken;
    }

    @Override
    int await(long timeoutNanos) throws InterruptedException, BrokenBarrierException {
        String me = "party-" + UUID.randomUUID();
        long generation;
        int index;
        ClusterEntries.lock(map);
        try {
            Round round = round();
            if (round.broken) {
                throw new BrokenBarrierException();
            }
            index = round.waiters.size();
            generation = round.generation;
            if (index + 1 == parties) {
                round.generation++;
                round.waiters.clear();
                write(round);
                return index;
            }
            // Held while this party waits: the members release it if this process dies.
            map.tryLock(me, -1);
            round.waiters.add(me);
            write(round);
        } finally {
            ClusterEntries.unlock(map);
        }
        try {
            awaitRound(me, generation, timeoutNanos);
            return index;
        } finally {
            map.unlock(me);
        }
    }

    /** Waits until round {@code generation} ends: normally, or broken (by a time-out, an abort, a reset, a dead party). */
    private void awaitRound(String me, long generation, long timeoutNanos)
            throws InterruptedException, BrokenBarrierException {
        long deadline = System.nanoTime() + timeoutNanos;
        for (int polls = 1; ; polls++) {
            Round round = round();
            if (round.generation != generation) {
                if (round.resetRound == generation) {
                    throw new BrokenBarrierException();
                }
                return;
            }
            if (round.broken) {
                leave(me, generation, false);
                throw new BrokenBarrierException();
            }
            long left = deadline - System.nanoTime();
            if (timeoutNanos >= 0 && left <= 0) {
                leave(me, generation, true);
                throw new BrokenBarrierException();
            }
            if (polls % POLLS_PER_LIVENESS_LOOK == 0) {
                breakIfAPartyDied(me, generation, round);
            }
            try {
                long period = timeoutNanos < 0 ? ClusterEntries.POLL_NANOS : Math.min(left, ClusterEntries.POLL_NANOS);
                Thread.sleep(Math.max(1, period / 1_000_000L));
            } catch (InterruptedException e) {
                leave(me, generation, true);
                throw e;
            }
        }
    }

    /**
     * Breaks round {@code generation} if a party waiting in it has died: its key is unlocked while
     * it is still listed. Looked at again under the lock, where the round cannot end meanwhile
     * (a party unlocks its key only once it has seen its round end).
     */
    private void breakIfAPartyDied(String me, long generation, Round seen) throws InterruptedException {
        for (String party : seen.waiters) {
            if (!party.equals(me) && !map.isLocked(party)) {
                change(round -> {
                    if (round.generation == generation && round.waiters.contains(party) && !map.isLocked(party)) {
                        round.broken = true;
                    }
                });
                return;
            }
        }
    }

    /** This party leaves round {@code generation}, breaking it first if {@code breaking} (a time-out, an interrupt). */
    private void leave(String me, long generation, boolean breaking) throws InterruptedException {
        change(round -> {
            if (round.generation == generation) {
                round.broken |= breaking;
                round.waiters.remove(me);
            }
        });
    }

    /** A change of the round, under the lock. */
    private interface RoundChange {
        void apply(Round round);
    }

    private void change(RoundChange change) throws InterruptedException {
        ClusterEntries.lock(map);
        try {
            Round round = round();
            change.apply(round);
            write(round);
        } finally {
            ClusterEntries.unlock(map);
        }
    }

    private Round round() {
        return Round.of((List<?>) ClusterEntries.get(map, STATE));
    }

    private void write(Round round) {
        ClusterEntries.set(map, STATE, round.toList());
    }

    @Override
    public Object value() {
        return repr();
    }

    @Override
    public String repr() {
        Round round = round();
        return "<threading.Barrier of the cluster " + map + ": "
                + (round.broken ? "broken" : "waiters=" + round.waiters.size() + "/" + parties) + ">";
    }
}
