package org.multiprocessing4j.bench;

import org.multiprocessing4j.Process;
import org.multiprocessing4j.cluster.Cluster;
import org.multiprocessing4j.cluster.Member;
import org.multiprocessing4j.pool.Pool;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Java only: the pool rows on a 2-member loopback cluster, to set beside the local pool's rows
 * of the same run (the cost of going through the cluster). The members are two {@link Member}
 * JVMs this harness starts with the library's own {@link Process}, one worker each (two in all,
 * as the local pool has); this JVM is their client, the pool's driver. Started at the first
 * cluster row, stopped by {@link #stop()}.
 */
final class ClusterRows {
    private static final int MEMBERS = 2;
    private static final List<Process> members = new ArrayList<>();
    private static Cluster cluster;

    private ClusterRows() {
    }

    /** {@code pool_cpu_bound_320k} with the pool on the cluster. */
    static Bench.Result cpuBound320k() throws Exception {
        return Bench.cpuBound(320000, false, ClusterRows::pool);
    }

    /** {@code pool_apply_latency} with the pool on the cluster. */
    static Bench.Result applyLatency() throws Exception {
        return Bench.applyLatency(ClusterRows::pool);
    }

    /** A pool of 2 on the cluster, started if it is not yet. */
    private static Pool pool() throws Exception {
        if (cluster == null) {
            start();
        }
        return cluster.context().pool(2);
    }

    private static void start() throws Exception {
        String name = "mp4j-bench-" + UUID.randomUUID();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            addresses.add("127.0.0.1:" + freePort());
        }
        String join = String.join(",", addresses);
        for (String address : addresses) {
            String port = address.substring(address.indexOf(':') + 1);
            Process member = new Process(() -> {
                // The harness's stdout is its JSON: the member's line and logs go to stderr.
                System.setOut(System.err);
                Member.main(new String[] {"--cluster-name", name, "--bind", "127.0.0.1",
                        "--port", port, "--workers", "1", "--join", join});
            }, "bench-member-" + port);
            member.start();
            members.add(member);
        }
        cluster = Cluster.builder().clusterName(name).addresses(addresses.toArray(new String[0]))
                .connectTimeout(Duration.ofSeconds(90)).join();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (cluster.members().size() < MEMBERS || cluster.workers() < MEMBERS) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the bench members did not form one cluster: " + cluster.members());
            }
            Thread.sleep(100);
        }
    }

    /** Leaves the cluster and stops its members, if they were started. */
    static void stop() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
        for (Process member : members) {
            member.terminate();
        }
        for (Process member : members) {
            member.join(Duration.ofSeconds(30));
        }
        members.clear();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
