package org.multiprocessing4j.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import org.multiprocessing4j.ProcessError;
import org.multiprocessing4j.function.Target;
import org.multiprocessing4j.internal.engine.Batch;
import org.multiprocessing4j.internal.engine.Chunk;
import org.multiprocessing4j.internal.engine.Engine;
import org.multiprocessing4j.internal.engine.Work;
import org.multiprocessing4j.internal.runtime.LazyLogger;
import org.multiprocessing4j.internal.runtime.Log;
import org.multiprocessing4j.internal.runtime.Threads;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a pool's chunks on the members of a cluster: each chunk goes to the member with the most
 * free workers (as many chunks in flight on a member as its pools have workers), and runs there
 * in the member's local process pool ({@link Host}). A chunk whose member leaves before it
 * answered is run again on another member: at least once, not exactly once.
 */
final class ClusterEngine implements Engine {
    private static final LazyLogger LOG = Log.of("cluster");

    private final HazelcastInstance instance;
    private final IExecutorService executor;
    private final String driver;
    private final String clusterName;
    private final int processes;
    private final Target initializer;
    private final int maxTasksPerChild;
    private final Object lock = new Object();
    private final ArrayDeque<Chunk> pending = new ArrayDeque<>();
    private final Map<UUID, Set<Chunk>> running = new HashMap<>();
    /** Members whose chunks failed as if they were gone, until Hazelcast says they left (or a while passed). */
    private final Map<UUID, Long> suspects = new HashMap<>();
    private final UUID membershipListener;
    private final Thread dispatcher;
    private boolean closed;
    private boolean terminated;

    ClusterEngine(HazelcastInstance instance, boolean client, String clusterName, int processes,
                  Target initializer, int maxTasksPerChild) {
        this.instance = instance;
        this.initializer = initializer;
        this.maxTasksPerChild = maxTasksPerChild;
        this.clusterName = clusterName;
        this.executor = instance.getExecutorService(Configs.EXECUTOR);
        this.driver = Drivers.newPool(instance, client);
        this.processes = processes;
        this.membershipListener = instance.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                synchronized (lock) {
                    lock.notifyAll();
                }
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                rerun(event.getMember().getUuid(), "it left the cluster");
            }
        });
        this.dispatcher = Threads.daemon("cluster-pool-dispatch", this::dispatch);
        dispatcher.start();
    }

    /** The sum of the workers of the members that run chunks, now. */
    static int workersOf(HazelcastInstance instance) {
        int sum = 0;
        for (Member member : instance.getCluster().getMembers()) {
            sum += slots(member);
        }
        return sum;
    }

    private static int slots(Member member) {
        return Configs.workers(member);
    }

    @Override
    public int size() {
        return processes;
    }

    /** The pids of the workers of this pool on every member (pids of different machines may coincide). */
    @Override
    public List<Long> workerPids() {
        List<Long> pids = new ArrayList<>();
        for (Future<ArrayList<Long>> future : executor.submitToMembers(
                new DriverTask(driver, DriverTask.Action.PIDS), Configs::runsChunks).values()) {
            try {
                pids.addAll(future.get(30, TimeUnit.SECONDS));
            } catch (Exception e) {
                LOG.debug("worker pids of a member", e);
            }
        }
        return pids;
    }

    @Override
    public void submit(Batch batch, List<Work> works) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("Pool not running");
            }
            for (int i = 0; i < works.size(); i++) {
                pending.add(new Chunk(batch, i, works.get(i)));
            }
            lock.notifyAll();
        }
    }

    /** The loop of the dispatching thread: sends each chunk once a member has a free worker. */
    private void dispatch() {
        while (true) {
            Chunk chunk;
            Member member;
            synchronized (lock) {
                while (true) {
                    if (terminated) {
                        return;
                    }
                    pending.removeIf(c -> c.batch.finished());
                    if (pending.isEmpty() && closed && inFlight() == 0) {
                        lock.notifyAll();
                        endOnMembers(DriverTask.Action.CLOSE);
                        return;
                    }
                    member = pending.isEmpty() ? null : freestMember();
                    if (member != null) {
                        break;
                    }
                    try {
                        lock.wait(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                chunk = pending.poll();
                running.computeIfAbsent(member.getUuid(), m -> new LinkedHashSet<>()).add(chunk);
            }
            send(chunk, member);
        }
    }

    /** The member with the most free workers, or null if all are busy; fails the work if none runs chunks. */
    private Member freestMember() {
        Member best = null;
        int bestFree = 0;
        boolean anyHost = false;
        Set<UUID> present = new HashSet<>();
        for (Member member : instance.getCluster().getMembers()) {
            present.add(member.getUuid());
            int slots = slots(member);
            anyHost |= slots > 0;
            Long suspectUntil = suspects.get(member.getUuid());
            if (suspectUntil != null) {
                if (System.nanoTime() - suspectUntil < 0) {
                    continue;
                }
                suspects.remove(member.getUuid());
            }
            Set<Chunk> busy = running.get(member.getUuid());
            int free = slots - (busy == null ? 0 : busy.size());
            if (free > bestFree) {
                best = member;
                bestFree = free;
            }
        }
        suspects.keySet().retainAll(present);
        if (!anyHost) {
            ClusterException error = new ClusterException("no member of cluster '"
                    + clusterName + "' runs chunks: start one with "
                    + "org.multiprocessing4j.cluster.Member");
            for (Chunk chunk : pending) {
                chunk.batch.chunkFailed(chunk.index, error);
            }
            pending.clear();
        }
        return best;
    }

    private int inFlight() {
        int sum = 0;
        for (Set<Chunk> chunks : running.values()) {
            sum += chunks.size();
        }
        return sum;
    }

    private void send(Chunk chunk, Member member) {
        ChunkTask task = new ChunkTask(driver, processes, initializer, maxTasksPerChild, chunk.work.function(), chunk.work.arguments());
        try {
            executor.submitToMember(task, member, new ExecutionCallback<Outcome>() {
                @Override
                public void onResponse(Outcome outcome) {
                    if (taken(chunk, member)) {
                        if (outcome.error != null) {
                            chunk.batch.chunkFailed(chunk.index, outcome.error);
                        } else {
                            chunk.batch.chunkDone(chunk.index, outcome.values);
                        }
                    }
                }

                @Override
                public void onFailure(Throwable t) {
                    failed(chunk, member, t);
                }
            });
        } catch (RuntimeException e) {
            failed(chunk, member, e);
        }
    }

    /** True if {@code chunk} was still in flight on {@code member} (and now is not): its outcome counts. */
    private boolean taken(Chunk chunk, Member member) {
        synchronized (lock) {
            Set<Chunk> chunks = running.get(member.getUuid());
            boolean was = chunks != null && chunks.remove(chunk);
            lock.notifyAll();
            return was;
        }
    }

    private void failed(Chunk chunk, Member member, Throwable t) {
        boolean memberGone = t instanceof MemberLeftException || t instanceof TargetNotMemberException
                || t instanceof TargetDisconnectedException || !instance.getCluster().getMembers().contains(member);
        if (memberGone) {
            synchronized (lock) {
                suspects.put(member.getUuid(), System.nanoTime() + TimeUnit.SECONDS.toNanos(20));
            }
            rerun(member.getUuid(), t.toString());
        } else if (taken(chunk, member)) {
            chunk.batch.chunkFailed(chunk.index, new ClusterException("the chunk failed on "
                    + Drivers.describe(member) + ": " + t, t));
        }
    }

    /** Puts the chunks in flight on {@code member} back at the head of the queue. */
    private void rerun(UUID member, String why) {
        synchronized (lock) {
            Set<Chunk> chunks = running.remove(member);
            if (chunks == null || chunks.isEmpty()) {
                return;
            }
            LOG.warn("running {} chunk(s) again elsewhere: member {} is gone ({})", chunks.size(), member, why);
            List<Chunk> again = new ArrayList<>(chunks);
            for (int i = again.size() - 1; i >= 0; i--) {
                pending.addFirst(again.get(i));
            }
            lock.notifyAll();
        }
    }

    private void endOnMembers(DriverTask.Action action) {
        try {
            executor.submitToMembers(new DriverTask(driver, action), Configs::runsChunks);
        } catch (RuntimeException e) {
            LOG.debug("ending pool {} on the members", driver, e);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }

    @Override
    public void join() throws InterruptedException {
        synchronized (lock) {
            if (!closed) {
                throw new IllegalStateException("Pool is still running");
            }
        }
        dispatcher.join();
    }

    /** Fails what is queued and in flight, and has the members terminate this pool's workers. */
    @Override
    public List<Batch> terminate() {
        List<Chunk> failing = new ArrayList<>();
        List<Batch> neverStarted = new ArrayList<>();
        synchronized (lock) {
            if (terminated) {
                return neverStarted;
            }
            terminated = true;
            closed = true;
            for (Chunk chunk : pending) {
                if (!chunk.batch.finished()) {
                    neverStarted.add(chunk.batch);
                }
            }
            failing.addAll(pending);
            pending.clear();
            for (Set<Chunk> chunks : running.values()) {
                failing.addAll(chunks);
            }
            running.clear();
            lock.notifyAll();
        }
        ProcessError error = new ProcessError("the pool was terminated");
        for (Chunk chunk : failing) {
            chunk.batch.chunkFailed(chunk.index, error);
        }
        if (instance.getLifecycleService().isRunning()) {
            endOnMembers(DriverTask.Action.TERMINATE);
            try {
                instance.getCluster().removeMembershipListener(membershipListener);
            } catch (RuntimeException e) {
                LOG.debug("removing a membership listener", e);
            }
        }
        return neverStarted;
    }

    @Override
    public boolean isShutdown() {
        synchronized (lock) {
            return closed;
        }
    }

    @Override
    public boolean isTerminated() {
        return isShutdown() && !dispatcher.isAlive();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        dispatcher.join(Math.max(1, unit.toMillis(timeout)));
        return isTerminated();
    }
}
