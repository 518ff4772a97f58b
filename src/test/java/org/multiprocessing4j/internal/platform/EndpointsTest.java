package org.multiprocessing4j.internal.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Listening, connecting and accepting on the running system, with the bytes that then flow. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EndpointsTest {
    private final Endpoints endpoints = Platform.endpoints();
    private final Descriptors descriptors = Platform.descriptors();

    @Test
    void aTcpClientIsAcceptedAndTalksBothWays() throws IOException {
        Endpoint requested = Endpoint.tcp("127.0.0.1", 0);
        long listener = endpoints.listen(requested, 4);
        long client = -1;
        long served = -1;
        try {
            Endpoint bound = endpoints.localEndpoint(listener, requested);
            assertEquals(Endpoint.Family.TCP, bound.family());
            assertNotEquals(0, bound.port(), "the system chooses a port for port 0");
            client = endpoints.connect(bound);
            // A waiting client makes a listener ready, as for Connection.poll on a Listener.
            assertArrayEquals(new int[] {0}, descriptors.waitReady(new long[] {listener}, 5_000));
            Accepted accepted = endpoints.accept(listener, requested);
            served = accepted.connection();
            assertEquals(listener, accepted.listener());
            assertEquals("127.0.0.1", accepted.peer().host());
            DescriptorIo.write(client, "request");
            assertEquals("request", DescriptorIo.readText(served, "request"));
            DescriptorIo.write(served, "reply");
            assertEquals("reply", DescriptorIo.readText(client, "reply"));
        } finally {
            DescriptorIo.closeAll(client, served, listener);
        }
    }

    @Test
    void aTcpPortInUseCannotBeListenedOnAgain() throws IOException {
        Endpoint requested = Endpoint.tcp("127.0.0.1", 0);
        long listener = endpoints.listen(requested, 1);
        try {
            Endpoint bound = endpoints.localEndpoint(listener, requested);
            IOException e = assertThrows(IOException.class, () -> DescriptorIo.closeAll(endpoints.listen(bound, 1)));
            assertTrue(e.getMessage().contains("127.0.0.1:" + bound.port()), e.getMessage());
        } finally {
            descriptors.close(listener);
        }
    }

    @Test
    void aUnixSocketClientIsAcceptedAndTalks(@TempDir Path dir) throws IOException {
        assumeTrue(endpoints.defaultFamily() == Endpoint.Family.UNIX, "Unix sockets are for POSIX");
        Endpoint requested = Endpoint.unix(dir.resolve("s").toString());
        long listener = endpoints.listen(requested, 4);
        long client = -1;
        long served = -1;
        try {
            assertEquals(requested, endpoints.localEndpoint(listener, requested));
            client = endpoints.connect(requested);
            Accepted accepted = endpoints.accept(listener, requested);
            served = accepted.connection();
            assertEquals(Endpoint.unix(""), accepted.peer(), "an unnamed client socket has the empty path");
            DescriptorIo.write(client, "over a socket file");
            assertEquals("over a socket file", DescriptorIo.readText(served, "over a socket file"));
        } finally {
            DescriptorIo.closeAll(client, served, listener);
        }
    }

    @Test
    void connectingToNoListenerFails(@TempDir Path dir) {
        Endpoint nobody = endpoints.defaultFamily() == Endpoint.Family.UNIX
                ? Endpoint.unix(dir.resolve("nobody").toString())
                : Endpoint.pipe("\\\\.\\pipe\\mp4j-test-nobody-" + ProcessHandle.current().pid());
        IOException e = assertThrows(IOException.class, () -> DescriptorIo.closeAll(endpoints.connect(nobody)));
        assertTrue(e.getMessage().contains("nobody"), e.getMessage());
    }
}
