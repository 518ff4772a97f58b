package org.multiprocessing4j.internal.runtime;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * What the lower layers need to know about the process they run in: its name (for log lines)
 * and its authentication key (for the handshakes of its own servers, such as the resource
 * sharer). The {@code Process} facade keeps them up to date; a main process gets a random key
 * on first use, a child the one its parent sent.
 */
public final class CurrentProcess {
    private static final int AUTHKEY_BYTES = 32;
    private static volatile String name = "MainProcess";
    private static volatile byte[] authKey;

    private CurrentProcess() {
    }

    /** The name of this process: {@code MainProcess}, or {@code Process-1}, {@code Process-1:2}… */
    public static String name() {
        return name;
    }

    /** Renames this process. */
    public static void setName(String newName) {
        name = Objects.requireNonNull(newName, "name");
    }

    /** A copy of this process's authentication key, made on first use in a main process. */
    public static byte[] authKey() {
        byte[] key = authKey;
        if (key == null) {
            synchronized (CurrentProcess.class) {
                if (authKey == null) {
                    authKey = newAuthKey();
                }
                key = authKey;
            }
        }
        return key.clone();
    }

    /** A new random key of the size CPython's main process gets ({@code os.urandom(32)}). */
    public static byte[] newAuthKey() {
        byte[] random = new byte[AUTHKEY_BYTES];
        new SecureRandom().nextBytes(random);
        return random;
    }

    /** Replaces this process's authentication key. */
    public static void setAuthKey(byte[] key) {
        authKey = Objects.requireNonNull(key, "key").clone();
    }
}
