package dev.qsafe.api;

import java.util.Objects;

/**
 * A public key and the private key that belongs to it.
 *
 * @param publicKey  the public half
 * @param privateKey the private half
 * @since 0.1.0
 */
public record KeyPair(PublicKey publicKey, PrivateKey privateKey) {
    /** Checks both halves are present and of one algorithm. */
    public KeyPair {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(privateKey, "privateKey");
        if (!publicKey.algorithm().equals(privateKey.algorithm())) {
            throw new InvalidKeyException("key pair halves belong to different algorithms: "
                    + publicKey.algorithm() + " and " + privateKey.algorithm());
        }
    }

    /** The algorithm of both halves. */
    public Algorithm algorithm() {
        return publicKey.algorithm();
    }

    /** Never prints the private key. */
    @Override
    public String toString() {
        return "KeyPair[" + publicKey + ", " + privateKey + "]";
    }
}
