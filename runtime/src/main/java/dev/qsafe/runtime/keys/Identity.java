package dev.qsafe.runtime.keys;

import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.suite.Suite;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A party's own keys for one suite: a KEM key pair to receive sealed messages and a signature key
 * pair to sign what it sends. Never prints private keys; {@link #destroy()} wipes them.
 *
 * @since 0.1.0
 */
public final class Identity implements Destroyable {
    private final String name;
    private final Suite suite;
    private final KeyPair kem;
    private final KeyPair signature;

    /**
     * An identity from existing key pairs.
     *
     * @throws InvalidKeyException if a key pair does not belong to the suite's algorithms
     */
    public Identity(String name, Suite suite, KeyPair kem, KeyPair signature) {
        this.name = Objects.requireNonNull(name, "name");
        this.suite = Objects.requireNonNull(suite, "suite");
        this.kem = Objects.requireNonNull(kem, "kem");
        this.signature = Objects.requireNonNull(signature, "signature");
        new PublicIdentity(name, suite, kem.publicKey(), signature.publicKey()); // validates the algorithms
    }

    /** Generates fresh keys for {@code suite} with the engines {@code registry} selects. */
    public static Identity generate(String name, Suite suite, CryptoRegistry registry) {
        return new Identity(name, suite, registry.kem(suite.kem()).generateKeyPair(),
                registry.signature(suite.signature()).generateKeyPair());
    }

    /** The owner's label. */
    public String name() {
        return name;
    }

    /** The suite the keys belong to. */
    public Suite suite() {
        return suite;
    }

    /** The KEM key pair (to open messages sealed to this identity). */
    public KeyPair kem() {
        return kem;
    }

    /** The signature key pair (to sign what this identity sends). */
    public KeyPair signature() {
        return signature;
    }

    /** What to publish. */
    public PublicIdentity publicIdentity() {
        return new PublicIdentity(name, suite, kem.publicKey(), signature.publicKey());
    }

    /** Wipes both private keys; later use fails with {@link InvalidKeyException}. */
    @Override
    public void destroy() {
        kem.privateKey().destroy();
        signature.privateKey().destroy();
    }

    @Override
    public boolean isDestroyed() {
        return kem.privateKey().isDestroyed() && signature.privateKey().isDestroyed();
    }

    @Override
    public String toString() {
        return "Identity[" + name + ", " + suite.name() + ", kem " + kem.publicKey().keyId()
                + ", signature " + signature.publicKey().keyId() + "]";
    }
}
