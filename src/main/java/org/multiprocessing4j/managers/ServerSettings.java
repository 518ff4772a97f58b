package org.multiprocessing4j.managers;

import org.multiprocessing4j.connection.Address;
import org.multiprocessing4j.serialization.Serializer;

import java.util.Map;

/** What a manager's process needs to make its server: the registry, the address asked for, the key, the serializer. */
final class ServerSettings {
    final Map<String, Registration> registry;
    final Address address;
    final byte[] authkey;
    final Serializer serializer;

    ServerSettings(Map<String, Registration> registry, Address address, byte[] authkey, Serializer serializer) {
        this.registry = registry;
        this.address = address;
        this.authkey = authkey;
        this.serializer = serializer;
    }
}
