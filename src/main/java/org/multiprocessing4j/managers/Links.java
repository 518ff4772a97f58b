package org.multiprocessing4j.managers;

import org.multiprocessing4j.connection.Address;
import org.multiprocessing4j.serialization.Serializer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * This process's links to managers, one per manager address: CPython's
 * {@code BaseProxy._address_to_local}. A manager object makes its own; a proxy that arrives
 * from elsewhere finds the link of its manager (by the address it was reached at, or the
 * address the manager is bound to) or makes one.
 */
final class Links {
    private static final Map<Address, ManagerLink> LINKS = new ConcurrentHashMap<>();

    private Links() {
    }

    /**
     * The link a manager object of this process uses: its own, and the one proxies arriving
     * from elsewhere use too unless another manager object of this process reached the same
     * address first.
     */
    static ManagerLink open(Address address, byte[] authkey, Serializer serializer, Map<String, ProxyType<?>> types) {
        ManagerLink link = new ManagerLink(address, authkey, serializer, types, true);
        LINKS.compute(address, (at, existing) -> existing != null && !existing.isClosed() ? existing : link);
        return link;
    }

    /** The link to the manager at {@code address}, made with the key {@code authkey} gives if there is none. */
    static ManagerLink find(Address address, Supplier<byte[]> authkey) {
        ManagerLink known = LINKS.get(address);
        if (known != null && !known.isClosed()) {
            return known;
        }
        for (ManagerLink link : LINKS.values()) {
            if (address.equals(link.serverAddress()) && !link.isClosed()) {
                return link;
            }
        }
        return LINKS.compute(address, (at, existing) -> existing != null && !existing.isClosed() ? existing
                : new ManagerLink(at, authkey.get(), MessageSerializer.standard(), Map.of(), false));
    }

    /** Forgets {@code link}, which closed. */
    static void remove(ManagerLink link) {
        LINKS.remove(link.address, link);
    }
}
