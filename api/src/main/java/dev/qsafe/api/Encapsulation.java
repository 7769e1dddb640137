package dev.qsafe.api;

import java.util.Objects;

/**
 * The result of {@link Kem#encapsulate}: the encapsulation (KEM ciphertext, HPKE "enc") to send to the
 * recipient and the shared secret to keep.
 *
 * @param ciphertext   the encapsulation, public
 * @param sharedSecret the shared secret; destroy it when done
 * @since 0.1.0
 */
public record Encapsulation(byte[] ciphertext, SecretBytes sharedSecret) {
    /** Copies the ciphertext. */
    public Encapsulation {
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(sharedSecret, "sharedSecret");
        ciphertext = ciphertext.clone();
    }

    /** A copy of the encapsulation. */
    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /** Never prints the shared secret. */
    @Override
    public String toString() {
        return "Encapsulation[" + ciphertext.length + " bytes, " + sharedSecret + "]";
    }
}
