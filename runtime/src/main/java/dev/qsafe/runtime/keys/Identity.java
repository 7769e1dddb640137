package dev.qsafe.runtime.keys;

import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyId;
import dev.qsafe.api.KeyPair;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.suite.Suite;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Destroyable;

/**
 * A party's own keys for one suite: KEM keys to receive sealed messages and a signature key pair to sign
 * what it sends. Never prints private keys; {@link #destroy()} wipes them.
 *
 * <p>An identity starts with one KEM key pair ({@link #Identity(String, Suite, KeyPair, KeyPair)},
 * {@link #generate}). {@link #rotate} makes it a <em>keyset</em>: several KEM keys, each with a
 * {@link KeyStatus} and a creation time, of which the {@linkplain KeyStatus#PRIMARY primary} is the one
 * {@link #kem()} returns and senders seal to, while {@link #kemFor(KeyId)} finds the key an envelope names.
 * The signature key is the identity's own key and does not rotate. Life-cycle changes return a new
 * identity that shares this one's private keys (destroy one of them, not both).
 *
 * @since 0.1.0
 */
public final class Identity implements Destroyable {
    /** Most KEM keys a keyset holds (rotate, then destroy old keys, to stay under it). */
    public static final int MAX_KEYS = 64;

    private final String name;
    private final Suite suite;
    private final KeyPair kem;
    private final KeyPair signature;
    /** Empty for a single-key identity; otherwise every KEM key, oldest first, exactly one primary. */
    private final List<Key> keyset;
    /** {@link #publicIdentity()}'s fingerprint, computed on first use (the identity does not change). */
    private volatile String fingerprint;

    /** One KEM key of a keyset; {@code pair} is null once the key is destroyed. */
    record Key(KeyInfo info, KeyPair pair) {
        Key {
            Objects.requireNonNull(info, "info");
            if ((pair == null) != (info.status() == KeyStatus.DESTROYED)) {
                throw new IllegalArgumentException("a destroyed key has no private key, any other key has one");
            }
            if (pair != null && !pair.publicKey().equals(info.publicKey())) {
                throw new IllegalArgumentException("key pair and key info differ");
            }
        }
    }

    /**
     * An identity from existing key pairs.
     *
     * @throws InvalidKeyException if a key pair does not belong to the suite's algorithms
     */
    public Identity(String name, Suite suite, KeyPair kem, KeyPair signature) {
        this(name, suite, kem, signature, List.of());
    }

    /** A keyset identity ({@code keyset} not empty) from its parts; checks one primary and distinct ids of the suite's KEM. */
    Identity(String name, Suite suite, KeyPair signature, List<Key> keyset) {
        this(name, suite, primary(keyset), signature, keyset);
    }

    private Identity(String name, Suite suite, KeyPair kem, KeyPair signature, List<Key> keyset) {
        this.name = Objects.requireNonNull(name, "name");
        this.suite = Objects.requireNonNull(suite, "suite");
        this.kem = Objects.requireNonNull(kem, "kem");
        this.signature = Objects.requireNonNull(signature, "signature");
        this.keyset = List.copyOf(keyset);
        if (this.keyset.size() > MAX_KEYS) {
            throw new InvalidInputException("a keyset holds at most " + MAX_KEYS + " keys; destroy old keys first");
        }
        Set<String> ids = new HashSet<>();
        for (Key k : this.keyset) {
            if (!k.info().publicKey().algorithm().equals(suite.kem())) {
                throw new InvalidKeyException("identity '" + name + "': KEM key " + k.info().keyId() + " is "
                        + k.info().publicKey().algorithm() + " but suite " + suite.name() + " uses " + suite.kem());
            }
            if (!ids.add(k.info().keyId())) {
                throw new InvalidKeyException("identity '" + name + "': key " + k.info().keyId() + " is in the keyset twice");
            }
        }
        new PublicIdentity(name, suite, kem.publicKey(), signature.publicKey()); // validates the algorithms
    }

    private static KeyPair primary(List<Key> keyset) {
        if (keyset.isEmpty()) {
            throw new IllegalArgumentException("a keyset identity has at least one key");
        }
        KeyPair primary = null;
        for (Key k : keyset) {
            if (k.info().status() == KeyStatus.PRIMARY) {
                if (primary != null) {
                    throw new InvalidKeyException("a keyset has exactly one primary key, this one has several");
                }
                primary = k.pair();
            }
        }
        if (primary == null) {
            throw new InvalidKeyException("a keyset has exactly one primary key, this one has none");
        }
        return primary;
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

    /** The primary KEM key pair: what senders seal to (and what opens envelopes sealed to it). */
    public KeyPair kem() {
        return kem;
    }

    /** The signature key pair (to sign what this identity sends). */
    public KeyPair signature() {
        return signature;
    }

    /** Whether this identity is a keyset (it was rotated), written as identity file version 2. */
    public boolean isKeyset() {
        return !keyset.isEmpty();
    }

    /**
     * Every KEM key, oldest first: for a single-key identity its one key, primary, with no creation time.
     */
    public List<KeyInfo> keys() {
        if (keyset.isEmpty()) {
            return List.of(new KeyInfo(kem.publicKey(), KeyStatus.PRIMARY, Optional.empty()));
        }
        return keyset.stream().map(Key::info).toList();
    }

    /** The keyset entries (package-private: private keys included), empty for a single-key identity. */
    List<Key> keyset() {
        return keyset;
    }

    /**
     * The KEM key pair that opens an envelope sealed to the key {@code id}: the primary or an active key of
     * that id. When no key has that id, the primary, so that the caller's check reports the envelope as
     * sealed to another key.
     *
     * @throws KeyStatusException if the key of that id is retired or destroyed
     */
    public KeyPair kemFor(KeyId id) {
        if (id == null || keyset.isEmpty()) {
            return kem;
        }
        for (Key k : keyset) {
            if (k.info().publicKey().id().equals(id)) {
                KeyStatus s = k.info().status();
                if (s.opens()) {
                    return k.pair();
                }
                throw new KeyStatusException(k.info().keyId(), s, "the envelope was sealed to key " + k.info().keyId()
                        + " of identity '" + name + "', which is " + s.label() + (s == KeyStatus.RETIRED
                        ? ": its owner no longer opens with it ('qsafe key reactivate' makes it active again)"
                        : ": its private key no longer exists, and nothing sealed to it can be opened"));
            }
        }
        return kem;
    }

    /**
     * The fingerprint of {@link #publicIdentity()} (64 lower-case hex digits), computed once: an identity
     * does not change (life-cycle changes return a new one), and the statement it hashes holds every
     * public key, a few kilobytes for post-quantum keys.
     *
     * @since 0.1.0
     */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            f = publicIdentity().fingerprint();
            fingerprint = f;
        }
        return f;
    }

    /** What to publish: the signature key and the primary and active KEM keys. */
    public PublicIdentity publicIdentity() {
        if (keyset.isEmpty()) {
            return new PublicIdentity(name, suite, kem.publicKey(), signature.publicKey());
        }
        return new PublicIdentity(name, suite, kem.publicKey(), signature.publicKey(),
                keyset.stream().map(Key::info).filter(i -> i.status().opens()).toList());
    }

    /**
     * A new primary KEM key, generated now with the registry's engine; the old primary becomes
     * {@linkplain KeyStatus#ACTIVE active} (it still opens what was sealed to it). A single-key identity
     * becomes a keyset; its first key's creation time is unknown.
     *
     * @throws InvalidInputException if the keyset already holds {@value #MAX_KEYS} keys
     */
    public Identity rotate(CryptoRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        List<Key> next = new ArrayList<>();
        if (keyset.isEmpty()) {
            next.add(new Key(new KeyInfo(kem.publicKey(), KeyStatus.ACTIVE, Optional.empty()), kem));
        } else {
            for (Key k : keyset) {
                next.add(k.info().status() == KeyStatus.PRIMARY ? new Key(k.info().withStatus(KeyStatus.ACTIVE), k.pair()) : k);
            }
        }
        if (next.size() >= MAX_KEYS) {
            throw new InvalidInputException("a keyset holds at most " + MAX_KEYS + " keys; destroy old keys first"
                    + " ('qsafe key destroy')");
        }
        KeyPair fresh = registry.kem(suite.kem()).generateKeyPair();
        next.add(new Key(new KeyInfo(fresh.publicKey(), KeyStatus.PRIMARY,
                Optional.of(Instant.now().truncatedTo(ChronoUnit.SECONDS))), fresh));
        return new Identity(name, suite, signature, next);
    }

    /**
     * Retires an active key: kept in the file, no longer opens (nor published). Tink's "disable".
     *
     * @throws InvalidInputException if the key is the primary (rotate first), or already retired or destroyed, or no key has that id
     */
    public Identity retire(String keyId) {
        return change(keyId, KeyStatus.RETIRED, Set.of(KeyStatus.ACTIVE));
    }

    /**
     * Makes a retired key active again. Tink's "enable".
     *
     * @throws InvalidInputException if the key is not retired, or no key has that id
     */
    public Identity reactivate(String keyId) {
        return change(keyId, KeyStatus.ACTIVE, Set.of(KeyStatus.RETIRED));
    }

    /**
     * Destroys an active or retired key: its private key is wiped (in this identity and every identity that
     * shares it) and no longer written; its id and public key stay so that envelopes sealed to it say so.
     *
     * @throws InvalidInputException if the key is the primary (rotate first) or already destroyed, or no key has that id
     */
    public Identity destroyKey(String keyId) {
        return change(keyId, KeyStatus.DESTROYED, Set.of(KeyStatus.ACTIVE, KeyStatus.RETIRED));
    }

    private Identity change(String keyId, KeyStatus to, Set<KeyStatus> from) {
        Objects.requireNonNull(keyId, "keyId");
        List<Key> current = keyset.isEmpty() ? List.of(new Key(keys().get(0), kem)) : keyset;
        List<Key> next = new ArrayList<>();
        boolean found = false;
        for (Key k : current) {
            if (!k.info().keyId().equalsIgnoreCase(keyId)) {
                next.add(k);
                continue;
            }
            found = true;
            KeyStatus s = k.info().status();
            if (!from.contains(s)) {
                throw new InvalidInputException("key " + k.info().keyId() + " is " + s.label() + "; only "
                        + from.stream().map(KeyStatus::label).sorted().toList() + " keys can become " + to.label()
                        + (s == KeyStatus.PRIMARY ? " (rotate first: 'qsafe key rotate' makes a new primary)" : ""));
            }
            if (to == KeyStatus.DESTROYED) {
                k.pair().privateKey().destroy();
                next.add(new Key(k.info().withStatus(to), null));
            } else {
                next.add(new Key(k.info().withStatus(to), k.pair()));
            }
        }
        if (!found) {
            throw new InvalidInputException("identity '" + name + "' has no KEM key " + keyId + " ('qsafe key list' shows its keys)");
        }
        return new Identity(name, suite, signature, next);
    }

    /** Wipes every private key; later use fails with {@link InvalidKeyException}. */
    @Override
    public void destroy() {
        kem.privateKey().destroy();
        signature.privateKey().destroy();
        for (Key k : keyset) {
            if (k.pair() != null) {
                k.pair().privateKey().destroy();
            }
        }
    }

    @Override
    public boolean isDestroyed() {
        return kem.privateKey().isDestroyed() && signature.privateKey().isDestroyed();
    }

    @Override
    public String toString() {
        return "Identity[" + name + ", " + suite.name() + ", kem " + kem.publicKey().keyId()
                + (keyset.isEmpty() ? "" : " (primary of " + keyset.size() + ")")
                + ", signature " + signature.publicKey().keyId() + "]";
    }
}
