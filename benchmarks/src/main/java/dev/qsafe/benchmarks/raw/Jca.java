package dev.qsafe.benchmarks.raw;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import javax.crypto.Cipher;
import javax.crypto.KEM;
import javax.crypto.KeyAgreement;

/** {@code getInstance} with a provider object, or the JDK's defaults when it is {@code null}. */
final class Jca {
    private Jca() {
    }

    static Cipher cipher(String transformation, Provider p) throws GeneralSecurityException {
        return p == null ? Cipher.getInstance(transformation) : Cipher.getInstance(transformation, p);
    }

    static KeyPairGenerator keyPairGenerator(String algorithm, Provider p) throws GeneralSecurityException {
        return p == null ? KeyPairGenerator.getInstance(algorithm) : KeyPairGenerator.getInstance(algorithm, p);
    }

    static KeyAgreement keyAgreement(String algorithm, Provider p) throws GeneralSecurityException {
        return p == null ? KeyAgreement.getInstance(algorithm) : KeyAgreement.getInstance(algorithm, p);
    }

    static Signature signature(String algorithm, Provider p) throws GeneralSecurityException {
        return p == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, p);
    }

    static KEM kem(String algorithm, Provider p) throws GeneralSecurityException {
        return p == null ? KEM.getInstance(algorithm) : KEM.getInstance(algorithm, p);
    }

    /** A 12-byte nonce from a counter: fresh for every call, as GCM needs (and the JDK enforces). */
    static void counterNonce(byte[] nonce, long n) {
        for (int i = 0; i < 8; i++) {
            nonce[i] = (byte) (n >>> (8 * i));
        }
    }
}
