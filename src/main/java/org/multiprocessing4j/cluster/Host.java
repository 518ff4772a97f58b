package org.multiprocessing4j.cluster;

import com.hazelcast.client.Client;
import com.hazelcast.client.ClientListener;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.ProcessError;
import org.multiprocessing4j.function.SerializableFunction;
import org.multiprocessing4j.function.Target;
import org.multiprocessing4j.internal.runtime.LazyLogger;
import org.multiprocessing4j.internal.runtime.Log;
import org.multiprocessing4j.internal.runtime.Threads;
import org.multiprocessing4j.pool.Pool;
import org.multiprocessing4j.pool.WorkerDiedException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A member's side of the cluster pools: one local process {@link Pool} per driver's pool, made at
 * its first chunk, so a task that crashes kills a child JVM of the member, never the member. A
 * driver's pools end when it asks, or when it leaves the cluster (a client that disconnects, a
 * member that leaves): its work does not outlive it.
 */
final class Host {
    private static final LazyLogger LOG = Log.of("cluster");
    private static final String KEY = "multiprocessing4j.host";
    private static final long ATTACH_WAIT_SECONDS = 60;

    private final int workers;
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    /** The drivers' pools that ended here: a chunk of one that arrives late is refused. */
    private final Set<String> ended = ConcurrentHashMap.newKeySet();
    /** The drivers seen leaving ({@code client:<uuid>/}, {@code member:<uuid>/}): their chunks are refused. */
    private final Set<String> gone = ConcurrentHashMap.newKeySet();
    private volatile HazelcastInstance instance;
    private volatile Context context;
    /**
     * Open once {@link #attach} has run: a driver's chunk can reach this member as soon as it
     * joined, before the member's own start returned and attached it.
     */
    private final CountDownLatch attached = new CountDownLatch(1);

    private Host(int workers) {
        this.workers = workers;
    }

    /** A host of {@code workers} processes per pool, found later by the instance made from {@code config}. */
    static Host install(Config config, int workers) {
        Host host = new Host(workers);
        config.getUserContext().put(KEY, host);
        return host;
    }

    /** The host of this member, or null on a member that runs no chunks. */
    static Host find(HazelcastInstance instance) {
        return (Host) instance.getUserContext().get(KEY);
    }

    /** The host of this member. */
    static Host of(HazelcastInstance instance) {
        Host host = find(instance);
        if (host == null) {
            throw new ClusterException("member " + instance.getCluster().getLocalMember() + " runs no chunks");
        }
        return host;
    }

    /** Starts watching the drivers, once the member runs. */
    void attach(HazelcastInstance member) {
        this.instance = member;
        this.context = Multiprocessing.context()
                .withSystemProperty(Cluster.MEMBER_PROPERTY, member.getCluster().getLocalMember().getUuid().toString());
        attached.countDown();
        member.getClientService().addClientListener(new ClientListener() {
            @Override
            public void clientConnected(Client client) {
            }

            @Override
            public void clientDisconnected(Client client) {
                gone.add(Drivers.clientPrefix(client.getUuid()));
                endAll(Drivers.clientPrefix(client.getUuid()), "its driver disconnected");
            }
        });
        member.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                gone.add(Drivers.memberPrefix(event.getMember().getUuid()));
                endAll(Drivers.memberPrefix(event.getMember().getUuid()), "its driver left the cluster");
            }
        });
    }

    /** What a driver's pool asks of the member's pool for it: at most its width, its initializer and task limit. */
    static final class PoolSpec {
        final int cap;
        final Target initializer;
        final int maxTasksPerChild;

        PoolSpec(int cap, Target initializer, int maxTasksPerChild) {
            this.cap = cap;
            this.initializer = initializer;
            this.maxTasksPerChild = maxTasksPerChild;
        }
    }

    /** Runs one chunk of {@code driver}'s pool in this member's pool for it, made as {@code spec} says at its first chunk. */
    Outcome run(String driver, PoolSpec spec, SerializableFunction<Object, Object> function, List<?> arguments) {
        try {
            if (!attached.await(ATTACH_WAIT_SECONDS, TimeUnit.SECONDS)) {
                return Outcome.failed(new ClusterException("member " + instance + " did not finish starting within "
                        + ATTACH_WAIT_SECONDS + " s"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed(new ClusterException("interrupted while member was starting", e));
        }
        if (!driverHere(driver)) {
            return Outcome.failed(new ClusterException("the pool's driver is gone: " + driver));
        }
        try {
            Pool pool = pools.computeIfAbsent(driver, d -> new Pool(Math.min(workers, spec.cap),
                    spec.initializer, spec.maxTasksPerChild, context));
            if (ended.contains(driver)) {
                // ended while the pool was made: end it too
                end(driver, true);
                return Outcome.failed(new ClusterException("the pool's driver is gone: " + driver));
            }
            return Outcome.done(pool.map(function, arguments, arguments.size()));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WorkerDiedException) {
                WorkerDiedException died = (WorkerDiedException) cause;
                return Outcome.failed(new WorkerDiedException("of " + describe(), died.getPid(), died.getExitCode()));
            }
            return Outcome.failed(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed(new ClusterException("interrupted on " + describe()));
        } catch (RuntimeException e) {
            return Outcome.failed(e);
        }
    }

    /**
     * True if {@code driver} is connected to this member (a client) or in the cluster (a member),
     * waiting up to 10 s for a client's connection to be registered here: a chunk can arrive
     * first. False for a driver seen leaving, or a pool ended here.
     */
    private boolean driverHere(String driver) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            if (ended.contains(driver) || gone.contains(driver.substring(0, driver.indexOf('/') + 1))) {
                return false;
            }
            if (Drivers.present(instance, driver)) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** The pids of the workers of {@code driver}'s pool here. */
    List<Long> workerPids(String driver) {
        Pool pool = pools.get(driver);
        return pool == null ? new ArrayList<>() : pool.getWorkerPids();
    }

    /** Ends {@code driver}'s pool here: lets its work finish ({@code close}) or stops it. */
    void end(String driver, boolean terminate) {
        ended.add(driver);
        Pool pool = pools.remove(driver);
        if (pool != null) {
            // Not on Hazelcast's thread: closing waits for the work, terminating for the workers.
            Threads.daemon("cluster-end-pool", terminate ? pool::terminate : pool::close).start();
        }
    }

    private void endAll(String prefix, String why) {
        for (String driver : new ArrayList<>(pools.keySet())) {
            if (driver.startsWith(prefix)) {
                LOG.info("ending pool {} on {}: {}", driver, describe(), why);
                end(driver, true);
            }
        }
    }

    /** Ends every pool here, at once (the member shuts down). */
    void close() {
        for (String driver : new ArrayList<>(pools.keySet())) {
            Pool pool = pools.remove(driver);
            if (pool != null) {
                try {
                    pool.terminate();
                } catch (ProcessError e) {
                    LOG.debug("terminating pool {}", driver, e);
                }
            }
        }
    }

    /** "member <uuid> at <address>". */
    String describe() {
        HazelcastInstance member = instance;
        return member == null ? "a member" : Drivers.describe(member.getCluster().getLocalMember());
    }
}
