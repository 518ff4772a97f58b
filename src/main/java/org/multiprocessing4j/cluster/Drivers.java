package org.multiprocessing4j.cluster;

import com.hazelcast.client.Client;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;

import java.util.UUID;

/**
 * Names a cluster pool by who drives it: {@code client:<uuid>/<pool>} or
 * {@code member:<uuid>/<pool>}, so that a member can tell when the driver is gone.
 */
final class Drivers {
    private Drivers() {
    }

    /** A new name for a pool driven from {@code instance}. */
    static String newPool(HazelcastInstance instance, boolean client) {
        UUID self = self(instance, client);
        return (client ? clientPrefix(self) : memberPrefix(self)) + UUID.randomUUID();
    }

    /** The uuid of {@code instance} in the cluster: its client's or its member's. */
    static UUID self(HazelcastInstance instance, boolean client) {
        return client ? instance.getLocalEndpoint().getUuid() : instance.getCluster().getLocalMember().getUuid();
    }

    static String clientPrefix(UUID client) {
        return "client:" + client + "/";
    }

    static String memberPrefix(UUID member) {
        return "member:" + member + "/";
    }

    /** True while the driver of {@code pool} is connected to this member (a client) or in the cluster (a member). */
    static boolean present(HazelcastInstance member, String pool) {
        if (pool.startsWith("client:")) {
            for (Client client : member.getClientService().getConnectedClients()) {
                if (pool.startsWith(clientPrefix(client.getUuid()))) {
                    return true;
                }
            }
            return false;
        }
        for (Member m : member.getCluster().getMembers()) {
            if (pool.startsWith(memberPrefix(m.getUuid()))) {
                return true;
            }
        }
        return false;
    }

    /** "member <uuid> at <host:port>". */
    static String describe(Member member) {
        return "member " + member.getUuid() + " at " + member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }
}
