package dev.qsafe.provider.classical.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.spi.SignatureSpi;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.util.Objects;

/**
 * Pure Ed25519 (RFC 8032) over a provider's {@link Backend}. Private keys are the 32-byte seed. This
 * class owns the argument checks and the error mapping, so every provider behaves the same way.
 */
final class Ed25519Engine implements SignatureSpi {
    private static final Algorithm ED25519 = Algorithm.ED25519;

    /** The Ed25519 computations of one library, called with arguments already checked. */
    interface Backend {
        /** The encoded public key (RFC 8032 section 5.1.5) of a 32-byte seed. */
        byte[] publicKey(byte[] seed) throws GeneralSecurityException;

        /** The 64-byte signature of {@code message}. */
        byte[] sign(byte[] seed, byte[] message) throws GeneralSecurityException;

        /**
         * Whether a 64-byte signature is valid for a 32-byte public key.
         *
         * @throws java.security.InvalidKeyException if the public key does not decode to a curve point
         * @throws SignatureException                if the signature is malformed
         */
        boolean verify(byte[] publicKey, byte[] message, byte[] signature) throws GeneralSecurityException;
    }

    private final Backend backend;
    private final SecureRandom random = new SecureRandom();

    Ed25519Engine(Backend backend) {
        this.backend = backend;
    }

    @Override
    public Algorithm algorithm() {
        return ED25519;
    }

    @Override
    public KeyPair generateKeyPair() {
        byte[] seed = new byte[ED25519.privateKeySize()];
        random.nextBytes(seed);
        try {
            return deriveKeyPair(seed);
        } finally {
            Checks.wipe(seed);
        }
    }

    @Override
    public KeyPair deriveKeyPair(byte[] seed) {
        Objects.requireNonNull(seed, "seed");
        if (seed.length != ED25519.privateKeySize()) {
            throw new InvalidKeyException("Ed25519 seed must be " + ED25519.privateKeySize() + " bytes, got " + seed.length);
        }
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
        if (signature.length != ED25519.signatureSize()) {
            throw new InvalidSignatureException("Ed25519 signature must be " + ED25519.signatureSize()
                    + " bytes, got " + signature.length);
        }
        boolean valid;
        try {
            valid = backend.verify(pk, message, signature);
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

    private static void requireNoContext(byte[] context) {
        Objects.requireNonNull(context, "context");
        if (context.length != 0) {
            throw new InvalidInputException("pure Ed25519 (RFC 8032) has no context string; pass an empty context");
        }
    }
}
