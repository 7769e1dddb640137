package dev.qsafe.runtime.keys;

import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.PublicKey;
import dev.qsafe.runtime.suite.Suite;
import java.util.Objects;

/**
 * The public half of an {@link Identity}: what a party publishes so others can seal messages to it
 * and verify its signatures.
 *
 * @param name      a label chosen by its owner (covered by the {@linkplain #fingerprint() fingerprint}, but only a
 *                  fingerprint compared out of band says whose identity it is)
 * @param suite     the suite its keys belong to
 * @param kem       the key others seal to
 * @param signature the key its signatures verify with
 * @since 0.1.0
 */
public record PublicIdentity(String name, Suite suite, PublicKey kem, PublicKey signature) {
    /** Checks the keys belong to the suite's algorithms. */
    public PublicIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(kem, "kem");
        Objects.requireNonNull(signature, "signature");
        if (!kem.algorithm().equals(suite.kem())) {
            throw new InvalidKeyException("identity '" + name + "': KEM key is " + kem.algorithm() + " but suite "
                    + suite.name() + " uses " + suite.kem());
        }
        if (!signature.algorithm().equals(suite.signature())) {
            throw new InvalidKeyException("identity '" + name + "': signature key is " + signature.algorithm()
                    + " but suite " + suite.name() + " uses " + suite.signature());
        }
    }

    /** The recipient key id (of the KEM key), as an envelope names it. */
    public String kemKeyId() {
        return kem.keyId();
    }

    /** The sender key id (of the signature key). */
    public String signatureKeyId() {
        return signature.keyId();
    }

    /**
     * The identity's fingerprint: SHA-256 over its name, its suite (name, mode and the four algorithms)
     * and both public keys with their algorithms, as 64 lower-case hex digits. Two public identities have
     * the same fingerprint only if all of that is the same; it is what to compare when checking, out of
     * band, that a public identity file is the one its owner published (the name alone proves nothing).
     * The encoding is in {@code docs/KEYS.md}; a public identity file carries it and its owner's
     * signature over the same bytes.
     */
    public String fingerprint() {
        return IdentityStatement.fingerprint(this);
    }
}
