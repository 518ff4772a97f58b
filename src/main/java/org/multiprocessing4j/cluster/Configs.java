package org.multiprocessing4j.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.GlobalSerializerConfig;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SerializationConfig;
import org.multiprocessing4j.internal.runtime.Log;

import java.time.Duration;
import java.util.List;

/**
 * Every Hazelcast configuration the library makes, in one place, so that none of them calls out:
 * TCP/IP join to the addresses named (never multicast or a cloud discovery), bound to one
 * interface (loopback unless the user names another), phone-home off, logging through SLF4J; and
 * none of them deserializes a class the library's class policy refuses.
 */
final class Configs {
    /** The executor that carries chunks to members. */
    static final String EXECUTOR = "multiprocessing4j";
    /** The member attribute saying how many workers a member's pools have: a member without it runs no chunks. */
    static final String WORKERS_ATTRIBUTE = "multiprocessing4j.workers";
    /** The default first port of a member, Hazelcast's own. */
    static final int DEFAULT_PORT = 5701;

    private Configs() {
    }

    /** The number of workers of {@code member}'s pools: 0 for a member that runs no chunks. */
    static int workers(com.hazelcast.cluster.Member member) {
        String workers = member.getAttribute(WORKERS_ATTRIBUTE);
        return workers == null ? 0 : Integer.parseInt(workers);
    }

    /** Selects the members that run chunks. */
    static boolean runsChunks(com.hazelcast.cluster.Member member) {
        return workers(member) > 0;
    }

    /**
     * A member's configuration.
     *
     * @param clusterName  the cluster's name (not a secret: it only keeps clusters apart)
     * @param bind         the interface to bind and announce, such as 127.0.0.1
     * @param port         the port; the next ones are tried when it is taken
     * @param members      the addresses of members to join ({@code host:port}); none to start a cluster
     * @param workers      the number of worker processes of this member's pools, or 0 for a member
     *                     that runs no chunks
     */
    static Config member(String clusterName, String bind, int port, List<String> members, int workers) {
        quietLogging();
        Config config = new Config();
        config.setClusterName(clusterName);
        common(config::setProperty);
        serialization(config.getSerializationConfig());
        // Bind only to the interface named, not to every one (Hazelcast's default).
        config.setProperty("hazelcast.socket.bind.any", "false");
        // A member that cannot join the addresses it was given gives up instead of waiting on.
        config.setProperty("hazelcast.max.join.seconds", "20");
        // A member that stops answering (SIGKILL, a machine gone) is removed after 15 s, not 60:
        // its chunks are run again elsewhere only then.
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "15");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(true).setPortCount(100);
        network.getInterfaces().setEnabled(true).addInterface(bind);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(members);
        // The chunks wait in this executor for the member's pool: one thread each, so enough of them.
        config.addExecutorConfig(new ExecutorConfig(EXECUTOR).setPoolSize(64).setStatisticsEnabled(false));
        if (workers > 0) {
            config.getMemberAttributeConfig().setAttribute(WORKERS_ATTRIBUTE, Integer.toString(workers));
        }
        return config;
    }

    /** A client's configuration: it connects to {@code addresses} and gives up after {@code connectTimeout}. */
    static ClientConfig client(String clusterName, List<String> addresses, Duration connectTimeout) {
        quietLogging();
        ClientConfig config = new ClientConfig();
        config.setClusterName(clusterName);
        common(config::setProperty);
        serialization(config.getSerializationConfig());
        config.getNetworkConfig().addAddress(addresses.toArray(new String[0]));
        // A chunk goes straight to the member that runs it, and the member sees its driver connected.
        config.getNetworkConfig().setSmartRouting(true);
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(connectTimeout.toMillis())
                .setInitialBackoffMillis(200).setMaxBackoffMillis(1000);
        return config;
    }

    /** What every configuration has: no phone-home, SLF4J logging. */
    private static void common(java.util.function.BiConsumer<String, String> property) {
        property.accept("hazelcast.phone.home.enabled", "false");
        property.accept("hazelcast.logging.type", "slf4j");
    }

    /**
     * The serialization of every configuration: the library's serializer and class policy for
     * every serializable object ({@link PolicySerializer}), and Hazelcast's own filter (its
     * default lists: the JDK and Hazelcast allowed, known gadget classes refused) on whatever
     * might still reach Hazelcast's Java serialization.
     */
    static void serialization(SerializationConfig config) {
        config.setGlobalSerializerConfig(new GlobalSerializerConfig()
                .setImplementation(new PolicySerializer()).setOverrideJavaSerialization(true));
        config.setJavaSerializationFilterConfig(new JavaSerializationFilterConfig().setDefaultsDisabled(false)
                .setWhitelist(new ClassFilter().addPrefixes("org.multiprocessing4j.")));
    }

    /**
     * Hazelcast reads its logging type before it reads any configuration, and phone-home is also
     * read from the system property; both are set unless the application set them.
     */
    private static void quietLogging() {
        if (System.getProperty("hazelcast.logging.type") == null) {
            System.setProperty("hazelcast.logging.type", "slf4j");
        }
        if (System.getProperty("hazelcast.phone.home.enabled") == null) {
            System.setProperty("hazelcast.phone.home.enabled", "false");
        }
        Log.quietUnlessConfigured("com.hazelcast");
    }
}
