package org.multiprocessing4j.managers;

import org.multiprocessing4j.internal.runtime.CurrentProcess;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A manager's authkey as a proxy carries it to another process: encrypted (AES-GCM) under a key
 * derived from this process's authkey, which every process of the program shares (children
 * inherit it). A process of the same program opens it and reaches the manager even when the
 * manager's key is not its own (CPython gh-139801: CPython drops the key, and the receiver
 * fails with "digest sent was rejected"); anyone else — a peer on the other end of a TCP
 * connection — sees only ciphertext, which is why CPython dropped it.
 */
final class AuthkeySeal {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] CONTEXT = "multiprocessing4j manager authkey".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private AuthkeySeal() {
    }

    /** {@code authkey} sealed under this process's key: nonce, then ciphertext and tag. */
    static byte[] seal(byte[] authkey) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce);
            byte[] sealed = cipher.doFinal(authkey);
            byte[] result = Arrays.copyOf(nonce, NONCE + sealed.length);
            System.arraycopy(sealed, 0, result, NONCE, sealed.length);
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a manager's authkey: " + e, e);
        }
    }

    /** The key {@link #seal} sealed, or null if this process's key does not open it (another program's). */
    static byte[] open(byte[] sealed) {
        if (sealed == null || sealed.length <= NONCE) {
            return null;
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(sealed, NONCE));
            return cipher.doFinal(sealed, NONCE, sealed.length - NONCE);
        } catch (GeneralSecurityException wrongKey) {
            return null;
        }
    }

    private static Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(CONTEXT);
        byte[] key = digest.digest(CurrentProcess.authKey());
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(CONTEXT);
        return cipher;
    }
}
