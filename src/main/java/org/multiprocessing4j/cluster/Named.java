package org.multiprocessing4j.cluster;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How a queue's engine or a dict's map of {@code Multiprocessing.context("cluster")} travels:
 * by name, with where the cluster is (its name, its members' addresses when it was written).
 * Where it is read it attaches to the cluster through {@link Cluster#attached}: a handle this
 * JVM has (a member's own instance, a client), or else one client for the whole JVM, made then.
 */
final class Named implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What is named. */
    enum Kind { QUEUE, JOINABLE_QUEUE, MAP }

    private final Kind kind;
    private final String clusterName;
    private final ArrayList<String> addresses;
    private final String name;
    private final int maxSize;

    /** {@code name} of {@code cluster}; {@code maxSize} is a queue's bound ({@link Integer#MAX_VALUE}: none). */
    Named(Kind kind, Cluster cluster, String name, int maxSize) {
        this.kind = kind;
        this.clusterName = cluster.getClusterName();
        this.addresses = cluster.addresses();
        this.name = name;
        this.maxSize = maxSize;
    }

    /**
     * @throws ClusterException if the cluster cannot be reached within {@link Cluster#ATTACH_TIMEOUT}
     */
    private Object readResolve() {
        Cluster cluster = Cluster.attached(clusterName, List.copyOf(addresses), Cluster.ATTACH_TIMEOUT);
        return kind == Kind.MAP ? new ClusterMap(cluster, name)
                : new ClusterQueueEngine(cluster, name, maxSize, kind == Kind.JOINABLE_QUEUE);
    }
}
