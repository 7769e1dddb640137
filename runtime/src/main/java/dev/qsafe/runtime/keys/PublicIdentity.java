package dev.qsafe.runtime.keys;

import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.PublicKey;
import dev.qsafe.runtime.suite.Suite;
import java.util.Objects;

/**
 * The public half of an {@link Identity}: what a party publishes so others can seal messages to it
 * and verify its signatures.
 *
 * @param name      a label chosen by its owner (not authenticated)
 * @param suite     the suite its keys belong to
 * @param kem       the key others seal to
 * @param signature the key its signatures verify with
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
}
