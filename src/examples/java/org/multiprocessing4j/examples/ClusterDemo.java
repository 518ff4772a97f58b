package org.multiprocessing4j.examples;

import org.multiprocessing4j.cluster.Cluster;
import org.multiprocessing4j.pool.Pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The README's cluster example: the demo's prime counting, spread over a cluster. With
 * {@code MULTIPROCESSING4J_CLUSTER} unset it starts an embedded member in this JVM; set to
 * {@code host:port} it joins the members running there
 * ({@code org.multiprocessing4j.cluster.Member}). It prints how many tasks each member ran.
 */
public final class ClusterDemo {
    private ClusterDemo() {
    }

    /** Runs the example. */
    public static void main(String[] args) throws Exception {
        try (Cluster cluster = Cluster.fromEnvironment(); Pool pool = cluster.context().pool()) {
            System.out.println(cluster + ": " + cluster.members().size() + " member(s), " + cluster.workers() + " workers");
            List<Integer> limits = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                limits.add(400_000);
            }
            List<String> results = pool.map(n -> Demo.countPrimes(n) + " " + System.getProperty(Cluster.MEMBER_PROPERTY), limits, 1);
            Map<String, Integer> perMember = new TreeMap<>();
            for (String result : results) {
                perMember.merge(result.substring(result.indexOf(' ') + 1), 1, Integer::sum);
            }
            System.out.println("16 x countPrimes(400000) = " + results.get(0).substring(0, results.get(0).indexOf(' '))
                    + "; tasks per member: " + perMember);
        }
    }
}
