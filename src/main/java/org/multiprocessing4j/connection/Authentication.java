package org.multiprocessing4j.connection;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * The authkey handshake of {@code multiprocessing.connection}: {@code deliver_challenge} and
 * {@code answer_challenge}, byte for byte as CPython speaks them, so that Java and CPython
 * peers authenticate each other.
 *
 * <p>The side that delivers sends {@code #CHALLENGE#} and a message of {@code {sha256}} plus 40
 * random bytes; the answer is {@code {digest}} plus the HMAC of the message under the authkey;
 * the deliverer replies {@code #WELCOME#} or {@code #FAILURE#}. CPython 3.11 and older speak
 * the legacy form: a 20-byte challenge without prefix, answered by the bare 16-byte HMAC-MD5.
 * Both sides here understand both forms, as CPython 3.12 does: a 20-byte challenge gets a
 * legacy answer, and a 16-byte answer is checked as HMAC-MD5 of the whole message.
 *
 * <p>Only byte messages of at most {@value #MAX_MESSAGE} bytes are read, nothing is
 * deserialized, and a peer that does not answer in time fails the handshake instead of hanging
 * it: within 20 s (CPython's {@code CONNECTION_TIMEOUT}) for each of the two functions here, for
 * the whole mutual handshake of a {@link Client}, and for a {@link Listener}'s whole handshake
 * as it is set ({@link Listener.Builder#handshakeTimeout}). A null connection or authkey is
 * refused with a {@link NullPointerException} that names it.
 */
public final class Authentication {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final int MAX_MESSAGE = 256;
    private static final byte[] CHALLENGE = ascii("#CHALLENGE#");
    private static final byte[] WELCOME = ascii("#WELCOME#");
    private static final byte[] FAILURE = ascii("#FAILURE#");
    private static final int MESSAGE_LENGTH = 40;
    private static final int LEGACY_CHALLENGE_LENGTH = 20;
    private static final int MD5_LENGTH = 16;
    private static final String OFFERED_DIGEST = "sha256";
    /** CPython's {@code _ALLOWED_DIGESTS}, with the JCE's names for them. */
    private static final Map<String, String> DIGESTS = Map.of(
            "md5", "HmacMD5", "sha256", "HmacSHA256", "sha384", "HmacSHA384",
            "sha3_256", "HmacSHA3-256", "sha3_384", "HmacSHA3-384");
    private static final int MAX_DIGEST_NAME = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Authentication() {
    }

    /**
     * Challenges the peer to prove it has {@code authkey}: Python's
     * {@code deliver_challenge(connection, authkey)}.
     *
     * @throws AuthenticationException if the answer is wrong ("digest received was wrong"; the
     *         peer is told {@code #FAILURE#}), malformed, too long, or late
     */
    public static void deliverChallenge(Connection connection, byte[] authkey) throws IOException {
        deliverChallenge(connection, authkey, TIMEOUT);
    }

    /**
     * Answers the peer's challenge with {@code authkey}: Python's
     * {@code answer_challenge(connection, authkey)}.
     *
     * @throws AuthenticationException if what arrives is not a challenge, the challenge is too
     *         short, the peer rejects the answer ("digest sent was rejected"), or it is late
     */
    public static void answerChallenge(Connection connection, byte[] authkey) throws IOException {
        answerChallenge(connection, authkey, TIMEOUT);
    }

    /**
     * The mutual handshake of a new connection, CPython's way: a listener challenges first and
     * then answers, a client the other way round. The whole handshake must be done by
     * {@code deadline}. A connection that fails it is closed.
     */
    static Connection mutual(Connection connection, byte[] authkey, boolean challengeFirst, Deadline deadline)
            throws IOException {
        try {
            if (challengeFirst) {
                deliverChallenge(connection, authkey, deadline);
                answerChallenge(connection, authkey, deadline);
            } else {
                answerChallenge(connection, authkey, deadline);
                deliverChallenge(connection, authkey, deadline);
            }
            return connection;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    static void deliverChallenge(Connection connection, byte[] authkey, Duration timeout) throws IOException {
        checkArguments(connection, authkey);
        deliverChallenge(connection, authkey, Deadline.in(timeout));
    }

    static void answerChallenge(Connection connection, byte[] authkey, Duration timeout) throws IOException {
        checkArguments(connection, authkey);
        answerChallenge(connection, authkey, Deadline.in(timeout));
    }

    private static void checkArguments(Connection connection, byte[] authkey) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(authkey, "authkey");
    }

    private static void deliverChallenge(Connection connection, byte[] authkey, Deadline deadline) throws IOException {
        byte[] random = new byte[MESSAGE_LENGTH];
        RANDOM.nextBytes(random);
        byte[] message = concat(ascii("{" + OFFERED_DIGEST + "}"), random);
        handshakeStep(() -> connection.sendBytes(concat(CHALLENGE, message)));
        byte[] response = receive(connection, deadline);
        try {
            verify(authkey, message, response);
        } catch (AuthenticationException e) {
            handshakeStep(() -> connection.sendBytes(FAILURE));
            throw e;
        }
        handshakeStep(() -> connection.sendBytes(WELCOME));
    }

    private static void answerChallenge(Connection connection, byte[] authkey, Deadline deadline) throws IOException {
        byte[] challenge = receive(connection, deadline);
        if (!startsWith(challenge, CHALLENGE)) {
            throw new AuthenticationException("Protocol error, expected challenge: " + show(challenge));
        }
        byte[] message = Arrays.copyOfRange(challenge, CHALLENGE.length, challenge.length);
        if (message.length < LEGACY_CHALLENGE_LENGTH) {
            throw new AuthenticationException("challenge too short: " + message.length + " bytes");
        }
        byte[] answer = respond(authkey, message);
        handshakeStep(() -> connection.sendBytes(answer));
        byte[] verdict = receive(connection, deadline);
        if (!Arrays.equals(verdict, WELCOME)) {
            throw new AuthenticationException("digest sent was rejected");
        }
    }

    /** CPython's {@code _create_response}: the legacy bare HMAC-MD5, or {@code {digest}} and the HMAC. */
    private static byte[] respond(byte[] authkey, byte[] message) throws AuthenticationException {
        String digest = digestName(message);
        if (digest == null) {
            return hmac("md5", authkey, message);
        }
        return concat(ascii("{" + digest + "}"), hmac(digest, authkey, message));
    }

    /** CPython's {@code _verify_challenge}: the peer may pick any allowed digest over our message. */
    private static void verify(byte[] authkey, byte[] message, byte[] response) throws AuthenticationException {
        String digest = digestName(response);
        byte[] mac = digest == null ? response : Arrays.copyOfRange(response, digest.length() + 2, response.length);
        byte[] expected = hmac(digest == null ? "md5" : digest, authkey, message);
        if (expected.length != mac.length) {
            throw new AuthenticationException("expected '" + (digest == null ? "md5" : digest) + "' of length "
                    + expected.length + " got " + mac.length);
        }
        if (!MessageDigest.isEqual(expected, mac)) {
            throw new AuthenticationException("digest received was wrong");
        }
    }

    /**
     * CPython's {@code _get_digest_name_and_payload}: null for the legacy lengths (a 20-byte
     * challenge, a 16-byte answer), else the name in a leading {@code {name}}.
     */
    private static String digestName(byte[] message) throws AuthenticationException {
        if (message.length == LEGACY_CHALLENGE_LENGTH || message.length == MD5_LENGTH) {
            return null;
        }
        if (message.length > 0 && message[0] == '{') {
            for (int i = 1; i < message.length && i <= MAX_DIGEST_NAME + 1; i++) {
                if (message[i] == '}') {
                    String name = new String(message, 1, i - 1, StandardCharsets.US_ASCII);
                    if (DIGESTS.containsKey(name)) {
                        return name;
                    }
                    break;
                }
            }
        }
        throw new AuthenticationException("unsupported message length, missing digest prefix, or unsupported digest: "
                + show(message));
    }

    private static byte[] hmac(String digest, byte[] authkey, byte[] message) throws AuthenticationException {
        String algorithm = DIGESTS.get(digest);
        try {
            Mac mac = Mac.getInstance(algorithm);
            // The JCE refuses an empty key; HMAC pads a key with zeros to its block size, so a
            // single zero byte is the same key as none.
            mac.init(new SecretKeySpec(authkey.length == 0 ? new byte[1] : authkey, algorithm));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new AuthenticationException("digest '" + digest + "' unsupported: " + e.getMessage(), e);
        }
    }

    /** Receives a handshake message: bytes only, bounded in size and in time. */
    private static byte[] receive(Connection connection, Deadline deadline) throws IOException {
        byte[][] received = new byte[1][];
        handshakeStep(() -> received[0] = connection.recvBytes(MAX_MESSAGE, deadline));
        return received[0];
    }

    /** An I/O step of the handshake, whose failure is the handshake's. */
    private static void handshakeStep(IoStep step) throws AuthenticationException {
        try {
            step.run();
        } catch (IOException e) {
            throw new AuthenticationException("authentication handshake failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface IoStep {
        void run() throws IOException;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A message for an error text, as Python's repr of bytes shows it, cut short. */
    private static String show(byte[] message) {
        StringBuilder text = new StringBuilder("b'");
        for (int i = 0; i < Math.min(message.length, 64); i++) {
            int c = message[i] & 0xff;
            text.append(c >= 0x20 && c < 0x7f && c != '\'' && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return text.append(message.length > 64 ? "...'" : "'").toString();
    }
}
