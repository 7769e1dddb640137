package dev.qsafe.runtime.keys;

import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.PublicKey;
import dev.qsafe.runtime.suite.Suite;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The public half of an {@link Identity}: what a party publishes so others can seal messages to it
 * and verify its signatures.
 *
 * @param name      a label chosen by its owner (covered by the {@linkplain #fingerprint() fingerprint}, but only a
 *                  fingerprint compared out of band says whose identity it is)
 * @param suite     the suite its keys belong to
 * @param kem       the key others seal to (of a keyset: its primary key)
 * @param signature the key its signatures verify with
 * @param keyset    of a keyset identity, the KEM keys a sender may use: the primary (equal to {@code kem}) and the
 *                  active keys, oldest first; empty for a single-key identity
 * @since 0.1.0
 */
public record PublicIdentity(String name, Suite suite, PublicKey kem, PublicKey signature, List<KeyInfo> keyset) {
    /** Checks the keys belong to the suite's algorithms, and a keyset has one primary, {@code kem}, and only active keys besides. */
    public PublicIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(kem, "kem");
        Objects.requireNonNull(signature, "signature");
        keyset = List.copyOf(keyset);
        if (!kem.algorithm().equals(suite.kem())) {
            throw new InvalidKeyException("identity '" + name + "': KEM key is " + kem.algorithm() + " but suite "
                    + suite.name() + " uses " + suite.kem());
        }
        if (!signature.algorithm().equals(suite.signature())) {
            throw new InvalidKeyException("identity '" + name + "': signature key is " + signature.algorithm()
                    + " but suite " + suite.name() + " uses " + suite.signature());
        }
        if (!keyset.isEmpty()) {
            int primaries = 0;
            Set<String> ids = new HashSet<>();
            for (KeyInfo k : keyset) {
                if (!k.publicKey().algorithm().equals(suite.kem())) {
                    throw new InvalidKeyException("identity '" + name + "': KEM key " + k.keyId() + " is "
                            + k.publicKey().algorithm() + " but suite " + suite.name() + " uses " + suite.kem());
                }
                if (!k.status().opens()) {
                    throw new InvalidKeyException("identity '" + name + "': a public identity carries primary and active keys"
                            + " only, key " + k.keyId() + " is " + k.status().label());
                }
                if (!ids.add(k.keyId())) {
                    throw new InvalidKeyException("identity '" + name + "': key " + k.keyId() + " is listed twice");
                }
                if (k.status() == KeyStatus.PRIMARY) {
                    primaries++;
                    if (!k.publicKey().equals(kem)) {
                        throw new InvalidKeyException("identity '" + name + "': the primary key of the keyset is not its KEM key");
                    }
                }
            }
            if (primaries != 1) {
                throw new InvalidKeyException("identity '" + name + "': a keyset has exactly one primary key, not " + primaries);
            }
        }
    }

    /** A single-key public identity. */
    public PublicIdentity(String name, Suite suite, PublicKey kem, PublicKey signature) {
        this(name, suite, kem, signature, List.of());
    }

    /** Whether this is a keyset identity's (written as public identity file version 3). */
    public boolean isKeyset() {
        return !keyset.isEmpty();
    }

    /** The KEM keys a sender may use: the keyset, or for a single-key identity its one key, primary, with no creation time. */
    public List<KeyInfo> keys() {
        return keyset.isEmpty() ? List.of(new KeyInfo(kem, KeyStatus.PRIMARY, Optional.empty())) : keyset;
    }

    /** The recipient key id (of the primary KEM key), as an envelope names it. */
    public String kemKeyId() {
        return kem.keyId();
    }

    /** The sender key id (of the signature key). */
    public String signatureKeyId() {
        return signature.keyId();
    }

    /**
     * The identity's fingerprint, as 64 lower-case hex digits: what to compare when checking, out of band,
     * that a public identity file is the one its owner published (the name alone proves nothing). Of a
     * single-key identity: SHA-256 over its name, its suite (name, mode and the four algorithms) and both
     * public keys with their algorithms. Of a keyset identity: SHA-256 over its name, suite and signature
     * key only, so that it stays the same when the KEM keys rotate (the owner's self-signature binds those);
     * the first rotation of a single-key identity therefore changes its fingerprint once. The encodings are
     * in {@code docs/KEYS.md}; a public identity file carries it and its owner's signature.
     */
    public String fingerprint() {
        return IdentityStatement.fingerprint(this);
    }
}
