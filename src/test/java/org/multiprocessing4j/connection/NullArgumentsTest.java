package org.multiprocessing4j.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Null where the connection API has no meaning for it is refused at once with a
 * NullPointerException that names the parameter; where null means something (no authkey, an
 * arbitrary address, no time limit, None as a message), it works.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NullArgumentsTest {
    private static final byte[] KEY = "key".getBytes();

    private static void refused(String parameter, Executable call) {
        assertEquals(parameter, assertThrows(NullPointerException.class, call).getMessage());
    }

    @Test
    void clientAndListener() {
        refused("address", () -> Client.connect((String) null));
        refused("address", () -> Client.connect((String) null, KEY));
        refused("address", () -> Client.connect((Address) null, KEY));
        refused("address", () -> new Listener((String) null));
        refused("address", () -> new Listener((String) null, 1, KEY));
        refused("address", () -> Listener.builder().address((String) null));
        refused("timeout", () -> Listener.builder().handshakeTimeout(null));
    }

    @Test
    void nullMeansNoKeyOrAnArbitraryAddress() throws Exception {
        try (Listener listener = new Listener((Address) null, 1, null);
             Connection client = Client.connect(listener.getAddress(), null);
             Connection server = listener.accept()) {
            client.send(null);
            assertTrue(server.poll(Duration.ofSeconds(10)));
            assertNull(server.recv(), "null is a message like any other: Python's None");
        }
    }

    @Test
    void connectionAndHandshake() throws Exception {
        Connection[] p = Pipe.open();
        try {
            refused("buffer", () -> p[0].sendBytes(null));
            refused("buffer", () -> p[0].sendBytes(null, 0, 0));
            refused("buffer", () -> p[0].recvBytesInto(null));
            refused("buffer", () -> p[0].recvBytesInto(null, 0));
            refused("connection", () -> Authentication.deliverChallenge(null, KEY));
            refused("authkey", () -> Authentication.deliverChallenge(p[0], null));
            refused("connection", () -> Authentication.answerChallenge(null, KEY));
            refused("authkey", () -> Authentication.answerChallenge(p[0], null));
            refused("message", () -> new BufferTooShortException(null, 0));
            assertTrue(!p[0].poll(Duration.ZERO) && !p[1].poll(), "a refused call sent nothing");
        } finally {
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void waitRefusesNullObjectsButNotANullTimeout() throws Exception {
        Connection[] p = Pipe.open();
        try {
            refused("objects", () -> Wait.wait(null));
            refused("objects", () -> Wait.wait(null, Duration.ZERO));
            refused("objects contains null", () -> Wait.wait(Arrays.asList(p[0], null), Duration.ZERO));
            p[1].sendBytes(new byte[1]);
            assertEquals(List.of(p[0]), Wait.wait(List.of(p[0]), null), "null waits without a time limit");
        } finally {
            p[0].close();
            p[1].close();
        }
    }
}
