package dev.qsafe.provider.toolkit;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.spi.SignatureSpi;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.util.Objects;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.Destroyable;

/**
 * Pure Ed25519 (RFC 8032) over a provider's {@link Backend}. Private keys are the 32-byte seed. This
 * class owns the argument checks and the error mapping, so every provider behaves the same way.
 *
 * <p>Verification applies qsafe's Ed25519 rule (docs/PROVIDERS.md, "Ed25519 verification rule") before
 * the backend sees anything: the public key A must be a canonical encoding and not one of the eight
 * points of small order ({@link InvalidKeyException} otherwise), R the same ({@link InvalidSignatureException}),
 * and S below the group order L ({@link InvalidSignatureException}); see {@link Ed25519Encodings}. The
 * backend then checks the cofactorless equation {@code [S]B = R + [k]A}. These are the checks of libsodium
 * and ed25519-dalek's {@code verify_strict}; they make the libraries agree on every such input, which on
 * their own they do not (the JDK accepts small-order keys, BoringSSL non-canonical ones).
 */
public final class Ed25519Engine implements SignatureSpi {
    private static final Algorithm ED25519 = Algorithm.ED25519;

    /** The Ed25519 computations of one library, called with arguments already checked. */
    public interface Backend {
        /** The encoded public key (RFC 8032 section 5.1.5) of a 32-byte seed. */
        byte[] publicKey(byte[] seed) throws GeneralSecurityException;

        /** The 64-byte signature of {@code message}. */
        byte[] sign(byte[] seed, byte[] message) throws GeneralSecurityException;

        /**
         * Whether a 64-byte signature is valid for a 32-byte public key by the cofactorless equation
         * {@code [S]B = R + [k]A}, which every engine checks so that they all decide alike on a mixed-order
         * A or R (a library with only the cofactored one must make up the difference). The engine has
         * already refused non-canonical and small-order A and R and S at least L, so only the equation is left.
         *
         * @throws java.security.InvalidKeyException if the public key does not decode to a curve point
         * @throws SignatureException                if the signature is malformed
         */
        boolean verify(byte[] publicKey, byte[] message, byte[] signature) throws GeneralSecurityException;

        /**
         * The library's reusable signing key for a 32-byte seed (its key object), or {@code null} if this
         * backend has none; the engine keeps it on the qsafe key and destroys it with the key if it is
         * {@link Destroyable}. It must be safe to use from several threads at once.
         */
        default Object signingKey(byte[] seed) throws GeneralSecurityException {
            return null;
        }

        /** Signs with a key {@link #signingKey} made. */
        default byte[] sign(Object signingKey, byte[] message) throws GeneralSecurityException {
            throw new UnsupportedOperationException("this backend has no reusable signing keys");
        }

        /**
         * The library's reusable verifying key for a 32-byte public key, or {@code null} if this backend
         * has none; kept on the qsafe public key.
         *
         * @throws java.security.InvalidKeyException if the public key does not decode to a curve point
         */
        default Object verifyingKey(byte[] publicKey) throws GeneralSecurityException {
            return null;
        }

        /** Like {@link #verify(byte[], byte[], byte[])} with a key {@link #verifyingKey} made. */
        default boolean verify(Object verifyingKey, byte[] publicKey, byte[] message, byte[] signature)
                throws GeneralSecurityException {
            throw new UnsupportedOperationException("this backend has no reusable verifying keys");
        }
    }

    /**
     * A backend's reusable key kept on a qsafe key ({@code key} may be {@code null}: the backend has none,
     * and the raw-bytes path is used).
     */
    private record Kept(Object key) implements Destroyable {
        @Override
        public void destroy() {
            if (key instanceof Destroyable d) {
                try {
                    d.destroy();
                } catch (DestroyFailedException | RuntimeException e) {
                    // Best effort: the reference is dropped with the key's state.
                }
            }
        }

        @Override
        public boolean isDestroyed() {
            return key instanceof Destroyable d && d.isDestroyed();
        }
    }

    private final Backend backend;
    private final SecureRandom random = new SecureRandom();
    /** Owner of this engine's kept keys (see {@link PrivateKey#engineState}); each backend makes its own objects. */
    private final Object stateOwner = new Object();

    public Ed25519Engine(Backend backend) {
        this.backend = backend;
    }

    @Override
    public Algorithm algorithm() {
        return ED25519;
    }

    @Override
    public KeyPair generateKeyPair() {
        return SeedKeys.fromFreshSeed(random, ED25519.privateKeySize(), this::deriveKeyPair);
    }

    @Override
    public KeyPair deriveKeyPair(byte[] seed) {
        SeedKeys.requireSeed(ED25519, seed, ED25519.privateKeySize(), "");
        return new KeyPair(publicKeyOf(seed), PrivateKey.of(ED25519, seed));
    }

    @Override
    public PublicKey derivePublicKey(PrivateKey privateKey) {
        byte[] seed = Checks.privateKey(privateKey, ED25519, ED25519.privateKeySize());
        try {
            return publicKeyOf(seed);
        } finally {
            Checks.wipe(seed);
        }
    }

    @Override
    public byte[] sign(PrivateKey privateKey, byte[] message, byte[] context) {
        Objects.requireNonNull(message, "message");
        requireNoContext(context);
        Checks.requirePrivateKey(privateKey, ED25519, ED25519.privateKeySize());
        Kept kept = privateKey.engineState(SecretAccess.INSECURE, stateOwner, Kept.class, k -> {
            byte[] seed = Checks.privateKey(k, ED25519, ED25519.privateKeySize());
            try {
                return new Kept(backend.signingKey(seed));
            } catch (GeneralSecurityException e) {
                throw Checks.engineFailure("Ed25519 signing key", e);
            } finally {
                Checks.wipe(seed);
            }
        });
        if (kept.key() != null) {
            try {
                return backend.sign(kept.key(), message);
            } catch (GeneralSecurityException | RuntimeException e) {
                if (privateKey.isDestroyed()) {
                    throw Checks.destroyedKey(Algorithm.ED25519, e);
                }
                throw Checks.engineFailure("Ed25519 signing", e);
            }
        }
        byte[] seed = Checks.privateKey(privateKey, ED25519, ED25519.privateKeySize());
        try {
            return backend.sign(seed, message);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw Checks.engineFailure("Ed25519 signing", e);
        } finally {
            Checks.wipe(seed);
        }
    }

    /** Ed25519 is deterministic: only {@code null} randomness is accepted. */
    @Override
    public byte[] engineSignDerandomized(PrivateKey privateKey, byte[] message, byte[] context, byte[] randomness) {
        if (randomness != null) {
            throw new InvalidInputException("Ed25519 signing is deterministic and takes no randomness; pass null");
        }
        return sign(privateKey, message, context);
    }

    @Override
    public void verify(PublicKey publicKey, byte[] message, byte[] signature, byte[] context) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        requireNoContext(context);
        byte[] pk = Checks.publicKey(publicKey, ED25519);
        switch (Ed25519Encodings.classify(pk, 0)) {
            case NON_CANONICAL -> throw new InvalidKeyException("Ed25519 public key is not a canonical point encoding"
                    + " (RFC 8032 section 5.1.3: y below p, no negative zero x)");
            case SMALL_ORDER -> throw new InvalidKeyException("Ed25519 public key is a point of small order, under which one"
                    + " signature verifies for every message; no key pair has it");
            case ACCEPTABLE -> {
            }
        }
        if (signature.length != ED25519.signatureSize()) {
            throw new InvalidSignatureException("Ed25519 signature must be " + ED25519.signatureSize()
                    + " bytes, got " + signature.length);
        }
        switch (Ed25519Encodings.classify(signature, 0)) {
            case NON_CANONICAL -> throw new InvalidSignatureException("Ed25519 signature's R is not a canonical point encoding");
            case SMALL_ORDER -> throw new InvalidSignatureException("Ed25519 signature's R is a point of small order");
            case ACCEPTABLE -> {
            }
        }
        if (!Ed25519Encodings.scalarBelowOrder(signature, Ed25519Encodings.LENGTH)) {
            throw new InvalidSignatureException("Ed25519 signature's S is not below the group order L (RFC 8032 section 5.1.7)");
        }
        boolean valid;
        try {
            Kept kept = publicKey.engineState(stateOwner, Kept.class, k -> {
                try {
                    return new Kept(backend.verifyingKey(pk));
                } catch (GeneralSecurityException e) {
                    throw new KeyDecodingFailed(e);
                }
            });
            valid = kept.key() != null ? backend.verify(kept.key(), pk, message, signature)
                    : backend.verify(pk, message, signature);
        } catch (KeyDecodingFailed e) {
            throw new InvalidKeyException("Ed25519 public key does not encode a curve point (RFC 8032 section 5.1.3)", e.getCause());
        } catch (java.security.InvalidKeyException e) {
            throw new InvalidKeyException("Ed25519 public key does not encode a curve point (RFC 8032 section 5.1.3)", e);
        } catch (SignatureException e) {
            throw new InvalidSignatureException("Ed25519 signature is malformed", e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw Checks.engineFailure("Ed25519 verification", e);
        }
        if (!valid) {
            throw new InvalidSignatureException("Ed25519 signature is not valid for this key and message");
        }
    }

    private PublicKey publicKeyOf(byte[] seed) {
        try {
            return PublicKey.of(ED25519, backend.publicKey(seed));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw Checks.engineFailure("Ed25519 public key derivation", e);
        }
    }

    /** Carries a backend's failure to decode a public key out of {@link PublicKey#engineState}. */
    private static final class KeyDecodingFailed extends RuntimeException {
        KeyDecodingFailed(GeneralSecurityException cause) {
            super(cause);
        }
    }

    private static void requireNoContext(byte[] context) {
        Objects.requireNonNull(context, "context");
        if (context.length != 0) {
            throw new InvalidInputException("pure Ed25519 (RFC 8032) has no context string; pass an empty context");
        }
    }
}
