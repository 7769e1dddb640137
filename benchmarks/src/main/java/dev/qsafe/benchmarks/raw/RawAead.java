package dev.qsafe.benchmarks.raw;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AEAD of one JCA engine, used the way a JCA caller does it: a {@code Cipher} per message (they are
 * stateful and refuse a repeated key and nonce), a fresh nonce per seal, empty associated data.
 */
final class RawAead {
    private final String transformation;
    private final String keyAlgorithm;
    private final boolean gcm;
    private final Provider provider;
    private final SecretKeySpec key;
    private final byte[] nonce = new byte[12];
    private final byte[] openNonce = new byte[12];
    private final byte[] empty = new byte[0];
    private long counter;

    private RawAead(String transformation, String keyAlgorithm, boolean gcm, String engine) {
        this.transformation = transformation;
        this.keyAlgorithm = keyAlgorithm;
        this.gcm = gcm;
        this.provider = RawEngines.provider(engine);
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.key = new SecretKeySpec(k, keyAlgorithm);
        new SecureRandom().nextBytes(openNonce);
    }

    static RawAead aes256Gcm(String engine) {
        return new RawAead("AES/GCM/NoPadding", "AES", true, engine);
    }

    static RawAead chaCha20Poly1305(String engine) {
        // Conscrypt names it ChaCha20/Poly1305/NoPadding; the JDK and Bouncy Castle ChaCha20-Poly1305.
        return new RawAead(RawEngines.CONSCRYPT.equals(engine) ? "ChaCha20/Poly1305/NoPadding" : "ChaCha20-Poly1305",
                "ChaCha20", false, engine);
    }

    private AlgorithmParameterSpec spec(byte[] n) {
        return gcm ? new GCMParameterSpec(128, n) : new IvParameterSpec(n);
    }

    /** Seals with the next counter nonce. */
    byte[] seal(byte[] plaintext) throws GeneralSecurityException {
        Jca.counterNonce(nonce, ++counter);
        Cipher c = Jca.cipher(transformation, provider);
        c.init(Cipher.ENCRYPT_MODE, key, spec(nonce));
        c.updateAAD(empty);
        return c.doFinal(plaintext);
    }

    /** Seals once under the fixed nonce that {@link #open} uses. */
    byte[] sealForOpen(byte[] plaintext) throws GeneralSecurityException {
        Cipher c = Jca.cipher(transformation, provider);
        c.init(Cipher.ENCRYPT_MODE, key, spec(openNonce));
        c.updateAAD(empty);
        return c.doFinal(plaintext);
    }

    /** Checks and decrypts what {@link #sealForOpen} produced. */
    byte[] open(byte[] ciphertext) throws GeneralSecurityException {
        Cipher c = Jca.cipher(transformation, provider);
        c.init(Cipher.DECRYPT_MODE, key, spec(openNonce));
        c.updateAAD(empty);
        return c.doFinal(ciphertext);
    }

    String keyAlgorithm() {
        return keyAlgorithm;
    }
}
