package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.UnsupportedCallException;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.provider.toolkit.Checks;
import dev.qsafe.provider.toolkit.Der;
import dev.qsafe.provider.toolkit.SeedKeyedEngine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.Destroyable;

/**
 * Composite ML-DSA with Ed25519 and a SHA-512 pre-hash (draft-ietf-lamps-pq-composite-sigs),
 * {@code MLDSA65-Ed25519-SHA512} and {@code MLDSA44-Ed25519-SHA512}, on Conscrypt's native composite
 * signature (BoringSSL's ML-DSA and Ed25519 under one JCA {@link Signature}).
 *
 * <p>Encodings are the draft's and qsafe's: public key {@code mldsaPK || ed25519PK}, private key
 * {@code mldsaSeed || ed25519Seed}, signature {@code mldsaSig || ed25519Sig}. The private key is imported
 * once into Conscrypt's composite key factory (the draft's PKCS#8 form, the one Bouncy Castle writes)
 * and the Conscrypt key is kept on the qsafe key, destroyed with it; public keys likewise. The public
 * key of a private key is the ML-DSA engine's ({@link ConscryptMlDsa}, by the JDK) and SunEC's Ed25519
 * public key of the seeds, computed once and kept with the key.
 *
 * <p>The split. Conscrypt 2.9.0 builds the message representative
 * {@code M' = Prefix || Label || len(ctx) || ctx || SHA-512(M)} with an empty {@code ctx} only. With a
 * non-empty application context this engine builds {@code M'} itself and signs or verifies the two
 * components separately: ML-DSA under the context {@code Label} through {@link ConscryptMlDsa} (which
 * hands a context to ACCP, announced as {@code "accp"}; the provider offers the composites only where
 * ACCP is loaded) and Ed25519 over {@code M'} through Conscrypt. Deterministic or caller-{@code rnd} signing ({@link #engineSignDerandomized}) is refused
 * with {@link UnsupportedAlgorithmException}: neither library takes an ML-DSA {@code rnd}. Bouncy
 * Castle is not reachable from this module by design (see {@link ConscryptMlDsa}); the {@code hybrid}
 * provider's composite serves what this one refuses.
 *
 * <p>Thread-safe: a {@link Signature} is made per call; key objects are only read.
 */
final class ConscryptCompositeMlDsa extends SeedKeyedEngine implements SignatureSpi {
    /** Owner of the Conscrypt composite private key kept on a qsafe {@link PrivateKey}. */
    static final Object PRIVATE_STATE = new Object();
    /** Owner of the Conscrypt composite public key kept on a qsafe {@link PublicKey}. */
    static final Object PUBLIC_STATE = new Object();

    /** The draft's {@code Prefix}. */
    static final byte[] PREFIX = "CompositeAlgorithmSignatures2025".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_CONTEXT_LENGTH = 255;
    private static final int SEED_LENGTH = 32;
    private static final byte[] NO_CONTEXT = new byte[0];

    private final Algorithm mlDsaAlgorithm;
    private final byte[] oid;
    private final byte[] label;
    private final Provider provider;
    private final SignatureSpi mlDsa;
    private final SignatureSpi ed25519;

    /**
     * @param algorithm {@link Algorithm#MLDSA65_ED25519} or {@link Algorithm#MLDSA44_ED25519}
     * @param mlDsa     this module's ML-DSA engine of the component parameter set ({@link ConscryptMlDsa})
     * @param ed25519   Conscrypt's Ed25519 engine
     */
    ConscryptCompositeMlDsa(Algorithm algorithm, Provider provider, SecureRandom random, SignatureSpi mlDsa, SignatureSpi ed25519) {
        // The private key is mldsaSeed || ed25519Seed; a fresh key pair draws both independently, as the draft's KeyGen requires.
        super(algorithm, random, algorithm.privateKeySize(), " (ML-DSA seed || Ed25519 seed)");
        if (Algorithm.MLDSA65_ED25519.equals(algorithm)) {
            mlDsaAlgorithm = Algorithm.ML_DSA_65;
            oid = Der.MLDSA65_ED25519;
        } else if (Algorithm.MLDSA44_ED25519.equals(algorithm)) {
            mlDsaAlgorithm = Algorithm.ML_DSA_44;
            oid = Der.MLDSA44_ED25519;
        } else {
            throw new IllegalArgumentException("not a composite ML-DSA with Ed25519: " + algorithm);
        }
        this.label = ("COMPSIG-" + algorithm.name()).getBytes(StandardCharsets.US_ASCII);
        this.provider = provider;
        this.mlDsa = mlDsa;
        this.ed25519 = ed25519;
    }

    @Override
    public PublicKey derivePublicKey(PrivateKey privateKey) {
        return PublicKey.of(algorithm, privateState(privateKey).publicKey().clone());
    }

    @Override
    public byte[] sign(PrivateKey privateKey, byte[] message, byte[] context) {
        Checks.requireMessageAndContext(algorithm, message, context, MAX_CONTEXT_LENGTH);
        Private key = privateState(privateKey);
        if (context.length != 0) {
            byte[] representative = representative(message, context);
            return Checks.concat(mlDsa.sign(key.mlDsa(), representative, label),
                    ed25519.sign(key.ed25519(), representative, NO_CONTEXT));
        }
        try {
            return NativeSignatures.sign(algorithm.name(), provider, key.key(), message);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw Checks.signingFailed(algorithm, privateKey, e);
        }
    }

    /** Checks the arguments, then refuses: Conscrypt (and ACCP) sign ML-DSA hedged only. */
    @Override
    public byte[] engineSignDerandomized(PrivateKey privateKey, byte[] message, byte[] context, byte[] randomness) {
        Checks.requireMessageAndContext(algorithm, message, context, MAX_CONTEXT_LENGTH);
        NativeSignatures.checkRandomness(algorithm, randomness, SEED_LENGTH);
        Checks.requirePrivateKey(privateKey, algorithm, algorithm.privateKeySize());
        throw new UnsupportedCallException("conscrypt " + algorithm.name()
                + " signs hedged only: Conscrypt 2.9.0 takes no ML-DSA rnd and has no deterministic variant");
    }

    /**
     * Verifies under Conscrypt's composite (empty context) or both components over {@code M'} (a
     * context). A context over 255 bytes or a signature of the wrong length cannot be valid.
     */
    @Override
    public void verify(PublicKey publicKey, byte[] message, byte[] signature, byte[] context) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(context, "context");
        Public pk = publicState(publicKey);
        if (context.length > MAX_CONTEXT_LENGTH || signature.length != algorithm.signatureSize()) {
            throw invalid(null);
        }
        if (context.length != 0) {
            int split = mlDsaAlgorithm.signatureSize();
            byte[] representative = representative(message, context);
            try {
                mlDsa.verify(pk.mlDsa(), representative, Arrays.copyOfRange(signature, 0, split), label);
                ed25519.verify(pk.ed25519(), representative, Arrays.copyOfRange(signature, split, signature.length), NO_CONTEXT);
            } catch (InvalidSignatureException e) {
                throw invalid(e);
            }
            return;
        }
        if (!NativeSignatures.verifies(algorithm, algorithm.name(), provider, pk.key(), message, signature)) {
            // BoringSSL answers "invalid" for an Ed25519 half that is not a curve point; the contract asks
            // for an invalid-key error then. Checked only on failure, so valid signatures pay nothing.
            try {
                Ed25519Keys.requireCurvePoint(pk.ed25519().encoded());
            } catch (GeneralSecurityException e) {
                throw new InvalidKeyException(algorithm.name() + " public key's Ed25519 half is not a valid point", e);
            }
            throw invalid(null);
        }
    }

    /** {@code M' = Prefix || Label || len(ctx) || ctx || SHA-512(M)}. */
    byte[] representative(byte[] message, byte[] context) {
        try {
            return Checks.concat(PREFIX, label, new byte[] {(byte) context.length}, context,
                    MessageDigest.getInstance("SHA-512").digest(message));
        } catch (GeneralSecurityException e) {
            throw Checks.engineFailure("SHA-512 for " + algorithm.name(), e);
        }
    }

    private InvalidSignatureException invalid(InvalidSignatureException cause) {
        return new InvalidSignatureException(algorithm.name() + " signature does not verify for this key, message and context", cause);
    }

    /** The Conscrypt key, the component keys and the public key of a checked private key, made once and kept on it. */
    private Private privateState(PrivateKey privateKey) {
        Checks.requirePrivateKey(privateKey, algorithm, algorithm.privateKeySize());
        return privateKey.engineState(SecretAccess.INSECURE, PRIVATE_STATE, Private.class, k -> {
            byte[] seeds = Checks.privateKey(k, algorithm, algorithm.privateKeySize());
            byte[] pkcs8 = Der.compositePrivateKeyInfo(oid, seeds);
            PrivateKey mlDsaKey = PrivateKey.of(mlDsaAlgorithm, Arrays.copyOfRange(seeds, 0, SEED_LENGTH));
            PrivateKey ed25519Key = PrivateKey.of(Algorithm.ED25519, Arrays.copyOfRange(seeds, SEED_LENGTH, seeds.length));
            try {
                java.security.PrivateKey key = NativeSignatures.importPrivate(algorithm.name(), provider, pkcs8);
                byte[] publicKey = Checks.concat(mlDsa.derivePublicKey(mlDsaKey).encoded(), ed25519.derivePublicKey(ed25519Key).encoded());
                return new Private(key, mlDsaKey, ed25519Key, publicKey);
            } catch (GeneralSecurityException | RuntimeException e) {
                mlDsaKey.destroy();
                ed25519Key.destroy();
                throw NativeSignatures.privateKeyRejected(algorithm, "Conscrypt", e);
            } finally {
                Checks.wipe(seeds, pkcs8);
            }
        });
    }

    /** The Conscrypt key and the component keys of a checked public key, decoded once and kept on it. */
    private Public publicState(PublicKey publicKey) {
        byte[] checked = Checks.publicKey(publicKey, algorithm);
        return publicKey.engineState(PUBLIC_STATE, Public.class, k -> {
            try {
                java.security.PublicKey key = NativeSignatures.importPublic(algorithm.name(), provider, oid, checked);
                int split = mlDsaAlgorithm.publicKeySize();
                return new Public(key, PublicKey.of(mlDsaAlgorithm, Arrays.copyOfRange(checked, 0, split)),
                        PublicKey.of(Algorithm.ED25519, Arrays.copyOfRange(checked, split, checked.length)));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new InvalidKeyException(algorithm.name() + " public key does not decode", e);
            }
        });
    }

    /**
     * The Conscrypt composite private key with the component keys (for the context path) and the
     * public key, kept on a qsafe key and destroyed with it.
     */
    record Private(java.security.PrivateKey key, PrivateKey mlDsa, PrivateKey ed25519, byte[] publicKey) implements Destroyable {
        @Override
        public void destroy() {
            mlDsa.destroy();
            ed25519.destroy();
            // Conscrypt 2.9.0's composite key has no destroy() of its own (the JCA default throws); its
            // native ML-DSA and Ed25519 key objects do, and are destroyed here.
            if (key instanceof org.conscrypt.OpenSslCompositeMlDsaPrivateKey composite) {
                destroy(composite.getMlDsaPrivateKey());
                destroy(composite.getClassicPrivateKey());
            }
            destroy(key);
        }

        private static void destroy(Destroyable d) {
            try {
                if (!d.isDestroyed()) {
                    d.destroy();
                }
            } catch (DestroyFailedException | RuntimeException e) {
                // Best effort; the reference is dropped with the state.
            }
        }

        @Override
        public boolean isDestroyed() {
            return mlDsa.isDestroyed() && ed25519.isDestroyed();
        }
    }

    /** The Conscrypt composite public key with the component public keys, kept on a qsafe key. */
    record Public(java.security.PublicKey key, PublicKey mlDsa, PublicKey ed25519) {
    }
}
