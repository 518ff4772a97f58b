package org.multiprocessing4j.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.internal.runtime.Finalizers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A Hazelcast cluster as this library uses it: the same {@link org.multiprocessing4j.pool.Pool},
 * and queues, dicts, namespaces, values, events and locks shared by name, spread over machines
 * ({@link #context()}); {@code Multiprocessing.context("cluster")} runs its pools on
 * {@link #shared()}. The cluster is Hazelcast
 * Community; this library makes every configuration and none of them calls out: TCP/IP join to
 * the addresses given (no multicast), bound to loopback unless an interface is named, Hazelcast's
 * phone-home off, logging through SLF4J.
 *
 * <pre>{@code
 * try (Cluster cluster = Cluster.embedded();          // or Cluster.join("10.0.0.5:5701")
 *      Pool pool = cluster.context().pool()) {
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 *
 * <p>{@link #embedded()} starts a member in this JVM (its chunks run in child JVMs of this one):
 * nothing to install. {@link #join(String...)} connects as a client to members started with
 * {@link Member}; the chunks then run in the members' child JVMs.
 *
 * <p>Security: Hazelcast Community has no TLS and no member or client authentication. Anyone who
 * reaches a member's port can join, read the data and run code there. The cluster name is not a
 * secret. Keep members on loopback (the default) or on a network only trusted machines reach
 * (a private network, a VPN, an SSH tunnel).
 */
public final class Cluster implements AutoCloseable {
    /** The environment variable {@link #fromEnvironment()} reads: member addresses, comma-separated. */
    public static final String ENVIRONMENT_VARIABLE = "MULTIPROCESSING4J_CLUSTER";
    /** The system property {@link #fromEnvironment()} reads before the environment variable. */
    public static final String PROPERTY = "multiprocessing4j.cluster";
    /** The environment variable {@link #fromEnvironment()} reads for the cluster's name. */
    public static final String NAME_ENVIRONMENT_VARIABLE = "MULTIPROCESSING4J_CLUSTER_NAME";
    /** The system property {@link #fromEnvironment()} reads for the cluster's name, before the environment variable. */
    public static final String NAME_PROPERTY = "multiprocessing4j.cluster.name";
    /** The system property that tells a task, in a member's worker, the id of its member. */
    public static final String MEMBER_PROPERTY = "multiprocessing4j.cluster.member";
    /** The cluster name of {@link #join(String...)} and of {@link Member}, unless another is given. */
    public static final String DEFAULT_CLUSTER_NAME = "multiprocessing4j";

    /** How long a queue or dict that arrives in a JVM not attached to its cluster tries to reach it. */
    static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(10);

    /** The cluster of {@code Multiprocessing.context("cluster")}, once made and until closed. */
    private static Cluster shared;
    /** The open handles of this JVM: where a queue or dict that arrives finds its cluster. */
    private static final List<Cluster> OPEN = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final HazelcastInstance instance;
    private final boolean client;
    private final String clusterName;
    private final Host host;
    private volatile boolean closed;
    private volatile Finalizers.Registration atExit;

    private Cluster(HazelcastInstance instance, boolean client, String clusterName, Host host) {
        this.instance = instance;
        this.client = client;
        this.clusterName = clusterName;
        this.host = host;
        OPEN.add(this);
    }

    /** The handle of a member started by {@link Member#main}, for what arrives there to attach to. */
    static Cluster ofMember(String clusterName, Member.Started started) {
        return new Cluster(started.instance, false, clusterName, started.host);
    }

    /**
     * A cluster of one member, in this JVM, on 127.0.0.1 with a cluster name of its own; its pools
     * have {@link Multiprocessing#cpuCount()} workers.
     */
    public static Cluster embedded() {
        return builder().embedded();
    }

    /**
     * Connects as a client to the cluster {@value #DEFAULT_CLUSTER_NAME} that the members at
     * {@code addresses} ({@code host:port}) belong to.
     *
     * @throws ClusterException if no member can be reached within 10 seconds
     */
    public static Cluster join(String... addresses) {
        return builder().addresses(addresses).join();
    }

    /**
     * The cluster the system property {@value #PROPERTY}, or else the environment variable
     * {@value #ENVIRONMENT_VARIABLE}, names by member addresses (comma-separated); an embedded
     * one when neither is set. Its name is {@value #NAME_PROPERTY} or
     * {@value #NAME_ENVIRONMENT_VARIABLE} when set (else as {@link #join(String...)} and
     * {@link #embedded()} name it).
     */
    public static Cluster fromEnvironment() {
        return environmentBuilder().build();
    }

    /**
     * The cluster of {@code Multiprocessing.context("cluster")}: {@link #fromEnvironment()}, made
     * at the first call (the context's first pool) and shared by every later one in this JVM. It
     * is closed at this JVM's exit, after the pools made since, and once no thread but
     * Hazelcast's keeps the JVM running (its threads are not daemons: the program's end would
     * otherwise wait for them for ever); {@link #close()} ends it sooner, and the next call
     * makes a new one.
     *
     * @throws ClusterException if the cluster the environment names cannot be reached
     */
    public static synchronized Cluster shared() {
        if (shared == null || shared.closed) {
            shared = closedAtExit(fromEnvironment());
        }
        return shared;
    }

    /** {@code cluster}, closed at this JVM's exit or once only Hazelcast's threads keep it running. */
    private static Cluster closedAtExit(Cluster cluster) {
        cluster.atExit = Finalizers.atExit(cluster::close);
        ExitWatch.start(cluster);
        return cluster;
    }

    /**
     * This JVM's handle of the cluster {@code clusterName}, for a queue or dict of the cluster
     * that arrived here (a child's target, a pool's task): an open one this JVM has (a member's
     * own, {@link #shared()}, any client), or else a client of the members at
     * {@code addresses}, made now and kept for every later one, closed at exit as
     * {@link #shared()} is.
     *
     * @throws ClusterException if no member can be reached within {@code timeout}
     */
    static Cluster attached(String clusterName, List<String> addresses, Duration timeout) {
        Cluster found = openNamed(clusterName);
        if (found != null) {
            return found;
        }
        synchronized (OPEN) {
            found = openNamed(clusterName);
            return found != null ? found : closedAtExit(builder().clusterName(clusterName)
                    .addresses(addresses.toArray(new String[0])).connectTimeout(timeout).join());
        }
    }

    private static Cluster openNamed(String clusterName) {
        for (Cluster cluster : OPEN) {
            if (!cluster.closed && cluster.clusterName.equals(clusterName)
                    && cluster.instance.getLifecycleService().isRunning()) {
                return cluster;
            }
        }
        return null;
    }

    /** The members' addresses now, as {@code host:port}: where another JVM reaches this cluster. */
    ArrayList<String> addresses() {
        ArrayList<String> addresses = new ArrayList<>();
        for (com.hazelcast.cluster.Member member : instance.getCluster().getMembers()) {
            addresses.add(member.getAddress().getHost() + ":" + member.getAddress().getPort());
        }
        return addresses;
    }

    /** The builder {@link #fromEnvironment()} builds: with the addresses and the name it names, if any. */
    static Builder environmentBuilder() {
        String addresses = setting(PROPERTY, ENVIRONMENT_VARIABLE);
        String name = setting(NAME_PROPERTY, NAME_ENVIRONMENT_VARIABLE);
        Builder builder = builder();
        if (name != null) {
            builder.clusterName(name.trim());
        }
        return addresses == null ? builder : builder.addresses(addresses.split(","));
    }

    /** The system property {@code property}, or else the environment variable {@code variable}; null if neither is set. */
    private static String setting(String property, String variable) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? null : value;
    }

    /** A builder, for a cluster name, an interface, a port or a connect timeout of one's own. */
    public static Builder builder() {
        return new Builder();
    }

    /** The pool, queue and dict of this cluster. */
    public ClusterContext context() {
        return new ClusterContext(this);
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** The cluster's name. */
    public String getClusterName() {
        return clusterName;
    }

    /** True if this JVM is a client of the cluster; false if it is a member (embedded). */
    public boolean isClient() {
        return client;
    }

    /** The members, each as {@code member <uuid> at <host>:<port>}. */
    public List<String> members() {
        List<String> members = new ArrayList<>();
        for (com.hazelcast.cluster.Member member : instance.getCluster().getMembers()) {
            members.add(Drivers.describe(member));
        }
        return members;
    }

    /** The workers the members' pools have in all: what {@link ClusterContext#pool()} uses. */
    public int workers() {
        return ClusterEngine.workersOf(instance);
    }

    HazelcastInstance instance() {
        return instance;
    }

    /** Leaves the cluster: a client disconnects, an embedded member shuts down with its pools. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        OPEN.remove(this);
        Finalizers.Registration registration = atExit;
        if (registration != null) {
            registration.cancel();
        }
        if (host != null) {
            host.close();
        }
        instance.shutdown();
    }

    @Override
    public String toString() {
        return "Cluster[" + clusterName + (client ? ", client" : ", embedded member") + "]";
    }

    /** Settings of a cluster handle. */
    public static final class Builder {
        private String clusterName;
        private final List<String> addresses = new ArrayList<>();
        private String bind = "127.0.0.1";
        private int port = Configs.DEFAULT_PORT;
        private int workers;
        private Duration connectTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** The cluster's name (default: {@value #DEFAULT_CLUSTER_NAME}; an embedded cluster: one of its own). */
        public Builder clusterName(String name) {
            this.clusterName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Member addresses ({@code host:port}) to connect to; they add up over calls. */
        public Builder addresses(String... hostPorts) {
            for (String address : hostPorts) {
                if (!address.isBlank()) {
                    addresses.add(address.trim());
                }
            }
            return this;
        }

        /** The interface (an IP address) an embedded member binds to and announces: 127.0.0.1 by default. */
        public Builder bind(String address) {
            this.bind = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The first port an embedded member tries (the next ones when it is taken): 5701 by default. */
        public Builder port(int firstPort) {
            this.port = firstPort;
            return this;
        }

        /** The workers of an embedded member's pools: {@link Multiprocessing#cpuCount()} by default. */
        public Builder workers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("workers must be at least 1");
            }
            this.workers = count;
            return this;
        }

        /** How long {@link #join()} tries to reach a member before it fails: 10 seconds by default. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** {@link #join()} if addresses were given, else {@link #embedded()}. */
        public Cluster build() {
            return addresses.isEmpty() ? embedded() : join();
        }

        /**
         * Starts a member in this JVM that runs chunks in child JVMs; it joins the members at the
         * addresses given, if any.
         */
        public Cluster embedded() {
            String name = clusterName != null ? clusterName
                    : addresses.isEmpty() ? "multiprocessing4j-" + UUID.randomUUID() : DEFAULT_CLUSTER_NAME;
            int count = workers > 0 ? workers : Multiprocessing.cpuCount();
            Member.Started started = Member.start(name, bind, port, addresses, count);
            return new Cluster(started.instance, false, name, started.host);
        }

        /**
         * Connects as a client to the members at the addresses given.
         *
         * @throws IllegalStateException if no address was given
         * @throws ClusterException if no member can be reached within the connect timeout
         */
        public Cluster join() {
            if (addresses.isEmpty()) {
                throw new IllegalStateException("no member address to join: give one, as host:port");
            }
            String name = clusterName != null ? clusterName : DEFAULT_CLUSTER_NAME;
            try {
                HazelcastInstance instance = HazelcastClient.newHazelcastClient(Configs.client(name, addresses, connectTimeout));
                return new Cluster(instance, true, name, null);
            } catch (IllegalStateException e) {
                throw new ClusterException("cannot reach cluster '" + name + "' at " + addresses + " within "
                        + connectTimeout.toMillis() + " ms (is a member running there, with that cluster name?)", e);
            }
        }

        @Override
        public String toString() {
            return "Cluster.Builder[" + clusterName + ", " + Arrays.toString(addresses.toArray()) + "]";
        }
    }
}
