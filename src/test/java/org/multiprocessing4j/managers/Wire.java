package org.multiprocessing4j.managers;

import org.multiprocessing4j.connection.Address;
import org.multiprocessing4j.connection.Client;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.internal.platform.Platform;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client of a manager that speaks the protocol message by message, as a CPython client (or a
 * hostile one) would: an authenticated connection, requests and raw frames in, replies out.
 */
final class Wire implements AutoCloseable {
    private static final Duration REPLY = Duration.ofSeconds(20);

    final Connection connection;

    private Wire(Connection connection) {
        this.connection = connection;
    }

    static Wire connect(Address address, byte[] authkey) throws IOException {
        return new Wire(Client.connect(address, authkey));
    }

    /** A one-shot call, as CPython's {@code dispatch}: connect, one request, one reply, close. */
    static Reply oneShot(BaseManager manager, String method, Object... args) throws Exception {
        try (Wire wire = connect(manager.getAddress(), key(manager))) {
            return wire.request(null, method, Arrays.asList(args), Map.of());
        }
    }

    /** A one-shot call to the server at {@code address} whose key is {@code key}. */
    static Reply oneShotWithKey(Address address, String key, String method, Object... args) throws Exception {
        try (Wire wire = connect(address, key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            return wire.request(null, method, Arrays.asList(args), Map.of());
        }
    }

    /** A persistent connection, as a client thread's: {@code accept_connection} answered. */
    static Wire persistent(BaseManager manager) throws Exception {
        Wire wire = connect(manager.getAddress(), key(manager));
        Reply accepted = wire.request(null, "accept_connection", List.of("MainProcess|wire"), Map.of());
        assertTrue(Reply.RETURN.equals(accepted.getKind()), accepted.toString());
        return wire;
    }

    static byte[] key(BaseManager manager) {
        return org.multiprocessing4j.Multiprocessing.currentProcess().getAuthKey();
    }

    Reply request(String ident, String method, List<?> args, Map<String, ?> kwds) throws Exception {
        sendBytes(MessageSerializer.standard().dumps(new Request(ident, method, args, kwds)));
        return reply();
    }

    void sendBytes(byte[] payload) throws IOException {
        connection.sendBytes(payload);
    }

    /** Bytes written as they are, frame header included or not. */
    void sendRaw(byte[] bytes) throws IOException {
        Platform.descriptors().write(connection.fileno(), bytes, 0, bytes.length);
    }

    Reply reply() throws Exception {
        assertTrue(connection.poll(REPLY), "no reply within " + REPLY);
        byte[] bytes = connection.recvBytes();
        return Reply.from(MessageSerializer.standard().loads(bytes, 0, bytes.length));
    }

    /** Whether the server closed this connection within the time (whatever it sent first). */
    boolean closedByServer() throws Exception {
        long deadline = System.nanoTime() + REPLY.toNanos();
        while (connection.poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
            try {
                connection.recvBytes();
            } catch (IOException eofOrReset) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        connection.close();
    }
}
