package dev.qsafe.provider.pqc.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.spi.EngineTrace;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.provider.toolkit.Checks;
import dev.qsafe.provider.toolkit.Der;
import dev.qsafe.provider.toolkit.SeedKeyedEngine;
import dev.qsafe.provider.toolkit.SeedRandom;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Objects;

/**
 * Pure ML-DSA (FIPS 204) whose everyday path is the JDK's own implementation ({@code Signature}
 * "ML-DSA" of the SUN provider, JDK 24+): hedged signing and verification with an empty context, the
 * calls qsafe's envelope and {@code QSafe.sign} make. The JDK 25's ML-DSA has no context string, no
 * deterministic or caller-{@code rnd} signing and no external-mu interface; those calls (the composite
 * signatures' component, which signs under the composite label, and the conformance interfaces) are
 * Bouncy Castle's, through this module's {@link MlDsaEngine}, on the same keys. Both give FIPS 204
 * signatures that either verifies; {@code JdkMlDsaEngineTest} checks it both ways and the ML-DSA vectors
 * run against this engine.
 *
 * <p>A seed private key {@code xi} is expanded once by the JDK's key generator, fed exactly the seed
 * through {@link SeedRandom}, and the JDK key object is kept on the qsafe key (engine state, destroyed
 * with it); the provider's self-test compares the JDK's public key for a fixed seed with Bouncy
 * Castle's. An expanded private key (which the JDK cannot be given without its seed) is handled by Bouncy
 * Castle entirely. Public keys are decoded once into the JDK's key object and kept on the qsafe key.
 *
 * <p>Every call handed to Bouncy Castle is announced with {@link EngineTrace#delegated}
 * ({@value BcPqcProvider#NAME}), so that a conformance report counts it under the backend that
 * computed it.
 *
 * <p>Thread-safe: JDK {@link Signature} objects are made per call; key objects are only read.
 */
final class JdkMlDsaEngine extends SeedKeyedEngine implements SignatureSpi {
    /** Owner of the JDK private key kept on a {@link PrivateKey}; a key's algorithm fixes the parameter set. */
    static final Object PRIVATE_STATE = new Object();
    /** Owner of the JDK public key kept on a {@link PublicKey}. */
    static final Object PUBLIC_STATE = new Object();

    private static final int SEED_LENGTH = 32;

    private final NamedParameterSpec jdkParameters;
    private final byte[] oid;
    private final Provider jdk;
    private final MlDsaEngine bc;

    /**
     * @param algorithm  one of the ML-DSA constants
     * @param oidLastArc the last arc of the parameter set's OID 2.16.840.1.101.3.4.3.x
     * @param jdk        the JDK provider with "ML-DSA" Signature, KeyFactory and KeyPairGenerator (SUN)
     * @param random     the source of key generation and hedged signing randomness
     * @param bc         Bouncy Castle's engine of the same parameter set, for what the JDK cannot do
     */
    JdkMlDsaEngine(Algorithm algorithm, int oidLastArc, Provider jdk, SecureRandom random, MlDsaEngine bc) {
        super(algorithm, random, SEED_LENGTH, "");
        this.jdkParameters = new NamedParameterSpec(algorithm.name());
        this.oid = Der.mlDsaOid(oidLastArc);
        this.jdk = jdk;
        this.bc = bc;
    }

    @Override
    public PublicKey derivePublicKey(PrivateKey privateKey) {
        if (isExpanded(privateKey)) {
            EngineTrace.delegated(BcPqcProvider.NAME);
            return bc.derivePublicKey(privateKey);
        }
        return PublicKey.of(algorithm, privateState(privateKey).publicKey().clone());
    }

    /** Hedged signing: the JDK's for an empty context and a seed key, Bouncy Castle's otherwise. */
    @Override
    public byte[] sign(PrivateKey privateKey, byte[] message, byte[] context) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(context, "context");
        if (context.length != 0 || isExpanded(privateKey)) {
            EngineTrace.delegated(BcPqcProvider.NAME);
            return bc.sign(privateKey, message, context);
        }
        JdkPrivate key = privateState(privateKey);
        try {
            Signature s = Signature.getInstance("ML-DSA", jdk);
            s.initSign(key.key(), random);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException | RuntimeException e) {
            if (privateKey.isDestroyed()) {
                throw Checks.destroyedKey(algorithm, e);
            }
            throw Checks.cannotSign(algorithm, e);
        }
    }

    /** Deterministic or caller-{@code rnd} signing, which the JDK does not offer: Bouncy Castle's. */
    @Override
    public byte[] engineSignDerandomized(PrivateKey privateKey, byte[] message, byte[] context, byte[] randomness) {
        EngineTrace.delegated(BcPqcProvider.NAME);
        return bc.engineSignDerandomized(privateKey, message, context, randomness);
    }

    /** External-mu signing, which the JDK does not offer: Bouncy Castle's. */
    @Override
    public byte[] engineSignMu(PrivateKey privateKey, byte[] mu, byte[] randomness) {
        EngineTrace.delegated(BcPqcProvider.NAME);
        return bc.engineSignMu(privateKey, mu, randomness);
    }

    /** External-mu verification, which the JDK does not offer: Bouncy Castle's. */
    @Override
    public void engineVerifyMu(PublicKey publicKey, byte[] mu, byte[] signature) {
        EngineTrace.delegated(BcPqcProvider.NAME);
        bc.engineVerifyMu(publicKey, mu, signature);
    }

    /** Verification: the JDK's for an empty context, Bouncy Castle's with a context. */
    @Override
    public void verify(PublicKey publicKey, byte[] message, byte[] signature, byte[] context) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(context, "context");
        if (context.length != 0) {
            EngineTrace.delegated(BcPqcProvider.NAME);
            bc.verify(publicKey, message, signature, context);
            return;
        }
        java.security.PublicKey key = publicState(publicKey);
        if (signature.length != algorithm.signatureSize()) {
            throw new InvalidSignatureException(algorithm.name() + " signature must be "
                    + algorithm.signatureSize() + " bytes, got " + signature.length);
        }
        boolean valid;
        try {
            Signature s = Signature.getInstance("ML-DSA", jdk);
            s.initVerify(key);
            s.update(message);
            valid = s.verify(signature);
        } catch (SignatureException | RuntimeException e) {
            throw new InvalidSignatureException(algorithm.name() + " signature is malformed", e);
        } catch (java.security.InvalidKeyException e) {
            throw new InvalidKeyException(algorithm.name() + " public key rejected (" + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's ML-DSA disappeared after the provider probed it", e);
        }
        if (!valid) {
            throw new InvalidSignatureException(algorithm.name()
                    + " signature does not verify for this key, message and context");
        }
    }

    /**
     * FIPS 204 {@code sk} of the key: for a seed key, the JDK's own expansion, read from its PKCS#8
     * encoding (the JDK 24+ encodes the expanded key there); for an expanded key, or if the JDK encoded
     * its key otherwise, Bouncy Castle's.
     */
    @Override
    public byte[] engineExpandedPrivateKey(PrivateKey privateKey) {
        if (!isExpanded(privateKey)) {
            java.security.PrivateKey key = privateState(privateKey).key();
            byte[] expanded = Der.expandedKeyOf(key, algorithm, oid, bc.expandedKeyLength());
            if (expanded != null) {
                return expanded;
            }
        }
        EngineTrace.delegated(BcPqcProvider.NAME);
        return bc.engineExpandedPrivateKey(privateKey);
    }

    /** Whether a key of this algorithm is in the expanded form (Bouncy Castle's alone); checks the algorithm. */
    private boolean isExpanded(PrivateKey privateKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        Checks.requireAlgorithm(algorithm, privateKey.algorithm(), "private");
        return privateKey.length() != SEED_LENGTH;
    }

    private JdkPrivate privateState(PrivateKey privateKey) {
        return Keys.keptPrivate(algorithm, privateKey, PRIVATE_STATE, JdkPrivate.class, this::fromSeed);
    }

    private java.security.PublicKey publicState(PublicKey publicKey) {
        return Keys.keptPublic(algorithm, publicKey, PUBLIC_STATE, java.security.PublicKey.class, encoded -> {
            try {
                return KeyFactory.getInstance("ML-DSA", jdk)
                        .generatePublic(new X509EncodedKeySpec(Der.subjectPublicKeyInfo(oid, encoded)));
            } catch (GeneralSecurityException e) {
                throw Checks.malformedKey(algorithm, "public", e.getMessage(), e);
            }
        });
    }

    /** FIPS 204 ML-DSA.KeyGen_internal(xi) by the JDK's key generator, fed the seed. */
    private JdkPrivate fromSeed(byte[] seed) {
        if (seed.length != SEED_LENGTH) {
            throw new InvalidKeyException(algorithm.name() + " private key must be the " + SEED_LENGTH + "-byte seed here");
        }
        java.security.KeyPair pair = Keys.jdkKeyPair(algorithm, "ML-DSA", jdk, jdkParameters, new SeedRandom(seed, SEED_LENGTH), "xi");
        return new JdkPrivate(pair.getPrivate(), Keys.rawPublicKey(algorithm, pair));
    }

    /**
     * The JDK's form of a seed private key, kept on the qsafe key.
     *
     * @param key       the JDK key object
     * @param publicKey the raw FIPS 204 public key, read only
     */
    record JdkPrivate(java.security.PrivateKey key, byte[] publicKey) implements Keys.JdkKeyHolder {
    }
}
