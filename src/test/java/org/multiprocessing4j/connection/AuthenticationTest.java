package org.multiprocessing4j.connection;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.serialization.Serializer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handshake against hand-made peers on a pipe: the legacy and modern forms of CPython,
 * digests a peer may choose, and peers that send garbage, too little, too much or nothing.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AuthenticationTest {
    private static final byte[] KEY = "authkey".getBytes();
    private Connection[] pipe;
    private Connection java;
    private Connection peer;

    @BeforeEach
    void open() throws IOException {
        pipe = Pipe.open();
        java = pipe[0];
        peer = pipe[1];
    }

    @AfterEach
    void close() {
        java.close();
        peer.close();
    }

    @FunctionalInterface
    interface Side {
        void run() throws IOException;
    }

    /** Runs the Java side of the handshake in another thread. */
    private static CompletableFuture<Void> async(Side side) {
        return CompletableFuture.runAsync(() -> {
            try {
                side.run();
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
    }

    private static Throwable failure(CompletableFuture<Void> side) {
        CompletionException e = assertThrows(CompletionException.class, side::join);
        return e.getCause();
    }

    static byte[] hmac(String algorithm, byte[] message) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(KEY, algorithm));
        return mac.doFinal(message);
    }

    static byte[] concat(String prefix, byte[] bytes) {
        byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
        byte[] joined = Arrays.copyOf(head, head.length + bytes.length);
        System.arraycopy(bytes, 0, joined, head.length, bytes.length);
        return joined;
    }

    @Test
    void modernChallengeOffersSha256() throws Exception {
        CompletableFuture<Void> deliver = async(() -> Authentication.deliverChallenge(java, KEY));
        byte[] challenge = peer.recvBytes();
        String text = new String(challenge, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("#CHALLENGE#{sha256}"), text);
        assertEquals(11 + 8 + 40, challenge.length);
        byte[] message = Arrays.copyOfRange(challenge, 11, challenge.length);
        peer.sendBytes(concat("{sha256}", hmac("HmacSHA256", message)));
        assertEquals("#WELCOME#", new String(peer.recvBytes()));
        deliver.join();
    }

    @Test
    void peerMayAnswerWithAnotherAllowedDigest() throws Exception {
        for (String[] digest : new String[][] {{"sha384", "HmacSHA384"}, {"md5", "HmacMD5"}, {"sha3_256", "HmacSHA3-256"}}) {
            CompletableFuture<Void> deliver = async(() -> Authentication.deliverChallenge(java, KEY));
            byte[] challenge = peer.recvBytes();
            byte[] message = Arrays.copyOfRange(challenge, 11, challenge.length);
            peer.sendBytes(concat("{" + digest[0] + "}", hmac(digest[1], message)));
            assertEquals("#WELCOME#", new String(peer.recvBytes()), digest[0]);
            deliver.join();
        }
    }

    @Test
    void legacyClientAnswersWithBareMd5() throws Exception {
        // CPython 3.11's answer_challenge: HMAC-MD5 of everything after #CHALLENGE#, no prefix.
        CompletableFuture<Void> deliver = async(() -> Authentication.deliverChallenge(java, KEY));
        byte[] challenge = peer.recvBytes();
        peer.sendBytes(hmac("HmacMD5", Arrays.copyOfRange(challenge, 11, challenge.length)));
        assertEquals("#WELCOME#", new String(peer.recvBytes()));
        deliver.join();
    }

    @Test
    void legacyServerGetsABareMd5Answer() throws Exception {
        // CPython 3.11's deliver_challenge: 20 random bytes, expects the bare 16-byte HMAC-MD5.
        CompletableFuture<Void> answer = async(() -> Authentication.answerChallenge(java, KEY));
        byte[] message = new byte[20];
        Arrays.fill(message, (byte) 7);
        peer.sendBytes(concat("#CHALLENGE#", message));
        assertArrayEquals(hmac("HmacMD5", message), peer.recvBytes());
        peer.sendBytes("#WELCOME#".getBytes());
        answer.join();
    }

    @Test
    void modernServerGetsAPrefixedAnswer() throws Exception {
        CompletableFuture<Void> answer = async(() -> Authentication.answerChallenge(java, KEY));
        byte[] message = concat("{sha384}", new byte[40]);
        peer.sendBytes(concat("#CHALLENGE#", message));
        assertArrayEquals(concat("{sha384}", hmac("HmacSHA384", message)), peer.recvBytes());
        peer.sendBytes("#FAILURE#".getBytes());
        assertEquals("digest sent was rejected", failure(answer).getMessage());
    }

    @Test
    void wrongDigestGetsFailure() throws Exception {
        CompletableFuture<Void> deliver = async(() -> Authentication.deliverChallenge(java, KEY));
        peer.recvBytes();
        peer.sendBytes(concat("{sha256}", new byte[32]));
        assertEquals("#FAILURE#", new String(peer.recvBytes()));
        assertEquals("digest received was wrong", failure(deliver).getMessage());
    }

    @Test
    void unknownDigestOrShapeGetsFailure() throws Exception {
        for (String answer : new String[] {"{sha1}0123456789012345678901234567890", "0123456789012345678901234567890",
                                           "{sha256}short"}) {
            CompletableFuture<Void> deliver = async(() -> Authentication.deliverChallenge(java, KEY));
            peer.recvBytes();
            peer.sendBytes(answer.getBytes());
            assertEquals("#FAILURE#", new String(peer.recvBytes()), answer);
            Throwable e = failure(deliver);
            assertTrue(e instanceof AuthenticationException, e.toString());
        }
    }

    /** Records whether it was ever deserialized. */
    static final class Trap implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean sprung;

        private void readObject(ObjectInputStream in) {
            sprung = true;
        }
    }

    @Test
    void nothingIsDeserializedBeforeTheHandshake() throws Exception {
        CompletableFuture<Void> deliver = async(() -> Authentication.deliverChallenge(java, KEY));
        peer.recvBytes();
        byte[] object = Serializer.standard().dumps(new Trap());
        assertTrue(object.length <= 256);
        peer.sendBytes(object);
        assertEquals("#FAILURE#", new String(peer.recvBytes()));
        assertTrue(failure(deliver) instanceof AuthenticationException);
        assertFalse(Trap.sprung);
    }

    @Test
    void answerLongerThan256BytesFails() throws Exception {
        CompletableFuture<Void> deliver = async(() -> Authentication.deliverChallenge(java, KEY));
        peer.recvBytes();
        peer.sendBytes(new byte[257]);
        Throwable e = failure(deliver);
        assertTrue(e instanceof AuthenticationException);
        assertTrue(e.getMessage().contains("bad message length: 257 bytes is more than the maximum of 256"), e.getMessage());
    }

    @Test
    void garbageInsteadOfAChallenge() throws Exception {
        CompletableFuture<Void> answer = async(() -> Authentication.answerChallenge(java, KEY));
        byte[] garbage = "HELLO WORLD\n".getBytes();
        Platform.descriptors().write(peer.fileno(), garbage, 0, garbage.length);
        Throwable e = failure(answer);
        assertTrue(e instanceof AuthenticationException);
        assertTrue(e.getMessage().contains("bad message length: 1212501068 bytes"), e.getMessage());
    }

    @Test
    void framedMessageThatIsNotAChallenge() throws Exception {
        CompletableFuture<Void> answer = async(() -> Authentication.answerChallenge(java, KEY));
        peer.sendBytes("#WELCOME#".getBytes());
        assertEquals("Protocol error, expected challenge: b'#WELCOME#'", failure(answer).getMessage());
    }

    @Test
    void challengeTooShort() throws Exception {
        CompletableFuture<Void> answer = async(() -> Authentication.answerChallenge(java, KEY));
        peer.sendBytes("#CHALLENGE#12345".getBytes());
        assertEquals("challenge too short: 5 bytes", failure(answer).getMessage());
    }

    @Test
    void silentPeerTimesOut() {
        AuthenticationException answer = assertThrows(AuthenticationException.class,
                () -> Authentication.answerChallenge(java, KEY, Duration.ofMillis(200)));
        assertTrue(answer.getMessage().contains("no data from the peer within 200 ms"), answer.getMessage());
        assertThrows(AuthenticationException.class,
                () -> Authentication.deliverChallenge(java, KEY, Duration.ofMillis(200)));
    }

    @Test
    void peerClosingMidHandshake() throws Exception {
        CompletableFuture<Void> deliver = async(() -> Authentication.deliverChallenge(java, KEY));
        peer.recvBytes();
        peer.close();
        Throwable e = failure(deliver);
        assertTrue(e instanceof AuthenticationException);
        assertTrue(e.getMessage().contains("the peer closed the connection"), e.getMessage());
    }
}
