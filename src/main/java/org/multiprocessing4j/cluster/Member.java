package org.multiprocessing4j.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.internal.platform.ProcessIds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The member launcher: a cluster member that runs pool chunks in its own child JVMs, started from
 * the application's jar on any machine.
 *
 * <pre>
 * java -cp app.jar:lib/* org.multiprocessing4j.cluster.Member                          # the first member
 * java -cp app.jar:lib/* org.multiprocessing4j.cluster.Member --join 127.0.0.1:5701    # more
 * </pre>
 *
 * <p>Options: {@code --join host:port[,host:port…]} (members to join; none starts a cluster),
 * {@code --bind ip} (the interface to bind and announce; 127.0.0.1 by default: name the machine's
 * address on a trusted network to reach other machines), {@code --port n} (the first port tried;
 * 5701), {@code --cluster-name name} ({@value Cluster#DEFAULT_CLUSTER_NAME}), {@code --workers n}
 * (the workers of each pool here; {@link Multiprocessing#cpuCount()}). It prints one line once it
 * runs, {@code multiprocessing4j member <uuid> at <host>:<port> …}, and runs until it is stopped
 * (SIGTERM or SIGINT shut it down; its workers end with it).
 *
 * <p>A task that crashes kills one worker, a child JVM; the member replaces it and goes on.
 *
 * <p>A member deserializes only what the library's class policy allows
 * ({@link org.multiprocessing4j.serialization.ClassPolicy}): give it the application's classes
 * that cross the cluster with {@code -Dmultiprocessing4j.serialization.allow=com.acme.model.**}.
 */
public final class Member {
    private Member() {
    }

    /** A member that started, and its host of pools. */
    static final class Started {
        final HazelcastInstance instance;
        final Host host;

        Started(HazelcastInstance instance, Host host) {
            this.instance = instance;
            this.host = host;
        }
    }

    /**
     * Runs a member until it is stopped.
     *
     * @param args the options above
     */
    public static void main(String[] args) throws InterruptedException {
        String clusterName = Cluster.DEFAULT_CLUSTER_NAME;
        String bind = "127.0.0.1";
        int port = Configs.DEFAULT_PORT;
        int workers = Multiprocessing.cpuCount();
        List<String> join = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--join":
                        join.addAll(Arrays.asList(required(args[i], value).split(",")));
                        i++;
                        break;
                    case "--bind":
                        bind = required(args[i], value);
                        i++;
                        break;
                    case "--port":
                        port = Integer.parseInt(required(args[i], value));
                        i++;
                        break;
                    case "--cluster-name":
                        clusterName = required(args[i], value);
                        i++;
                        break;
                    case "--workers":
                        workers = Integer.parseInt(required(args[i], value));
                        i++;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (workers < 1) {
                throw new IllegalArgumentException("--workers must be at least 1");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("multiprocessing4j member: " + e.getMessage());
            System.err.println("usage: Member [--join host:port[,host:port...]] [--bind ip] [--port n] "
                    + "[--cluster-name name] [--workers n]");
            System.exit(2);
            return;
        }
        Started started = start(clusterName, bind, port, join, workers);
        // What arrives here (a pool task's queue or dict) attaches to this member.
        Cluster.ofMember(clusterName, started);
        CountDownLatch down = new CountDownLatch(1);
        started.instance.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                down.countDown();
            }
        });
        System.out.println("multiprocessing4j " + Drivers.describe(started.instance.getCluster().getLocalMember())
                + " (pid " + ProcessIds.current() + "), cluster '" + clusterName + "', "
                + started.instance.getCluster().getMembers().size() + " member(s), " + workers + " workers per pool");
        System.out.flush();
        if (started.instance.getLifecycleService().isRunning()) {
            down.await();
        }
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    /** Starts a member in this JVM that hosts pools of {@code workers} processes. */
    static Started start(String clusterName, String bind, int port, List<String> join, int workers) {
        Config config = Configs.member(clusterName, bind, port, join, workers);
        Host host = Host.install(config, workers);
        HazelcastInstance instance = Hazelcast.newHazelcastInstance(config);
        host.attach(instance);
        instance.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
                host.close();
            }
        });
        return new Started(instance, host);
    }
}
