package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.UnsupportedCallException;
import dev.qsafe.api.spi.EngineTrace;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.provider.toolkit.Checks;
import dev.qsafe.provider.toolkit.Der;
import dev.qsafe.provider.toolkit.SeedKeyedEngine;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Objects;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.Destroyable;

/**
 * Pure ML-DSA (FIPS 204) on Conscrypt's native signature (BoringSSL), for the calls Conscrypt 2.9.0
 * can serve: hedged signing and verification with an empty context string, on seed private keys. These
 * are the calls qsafe's envelope and {@code QSafe.sign} make.
 *
 * <p>Keys: a seed private key {@code xi} is imported once into Conscrypt's key factory in the RFC 9881
 * seed-only PKCS#8 form and the Conscrypt key object is kept on the qsafe key (engine state, destroyed
 * with it); a public key is decoded once and kept likewise. Conscrypt has no public call that gives the
 * public key of a seed, so {@link #derivePublicKey} and {@link #deriveKeyPair} compute it with the JDK's
 * ML-DSA ({@link MlDsaSeeds}, announced as backend {@value MlDsaSeeds#BACKEND}); the provider's self-test
 * checks that Conscrypt's key for a published seed signs under that public key.
 *
 * <p>The split. provider-hwaccel depends only on the api, the shared engines and the native libraries,
 * not on Bouncy Castle (the JPMS descriptor requires nothing else, on purpose: a native provider that
 * pulls in a pure-Java one would hide which one computed a call). So what Conscrypt cannot serve goes to
 * ACCP's engine of the same module ({@link AccpMlDsa}), announced with
 * {@link EngineTrace#delegated}{@code ("accp")}: a non-empty context string (sign and verify, through
 * ACCP's external-mu interface), external-mu verification and the export of the expanded private key.
 * Where ACCP is not loaded, and for what ACCP cannot do either (deterministic or caller-{@code rnd}
 * signing, external-mu signing, expanded private keys), the call fails with
 * {@link dev.qsafe.api.UnsupportedCallException} after the arguments are checked: the registry hands
 * those calls to the next engine by weight when this engine is the selected one (jdk-pqc, docs/PROVIDERS.md
 * "Calls an engine cannot serve"), and conformance runners report them as skipped for this engine.
 *
 * <p>Thread-safe: a {@link Signature} is made per call; key objects are only read.
 */
final class ConscryptMlDsa extends SeedKeyedEngine implements SignatureSpi {
    /** Owner of the Conscrypt private key object kept on a qsafe {@link PrivateKey}. */
    static final Object PRIVATE_STATE = new Object();
    /** Owner of the Conscrypt public key object kept on a qsafe {@link PublicKey}. */
    static final Object PUBLIC_STATE = new Object();
    /** The backend named when a call is handed to ACCP. */
    static final String ACCP = "accp";

    private static final int SEED_LENGTH = MlDsaSeeds.SEED_LENGTH;
    private static final int MU_LENGTH = 64;
    private static final int MAX_CONTEXT_LENGTH = 255;

    private final Provider provider;
    private final byte[] oid;
    /** ACCP's engine of the same parameter set, or {@code null} when ACCP is not loaded here. */
    private final SignatureSpi accp;
    /** Why {@link #accp} is {@code null}, for the refusal message. */
    private final String noAccp;

    /**
     * @param accp   ACCP's engine of the same parameter set, or {@code null}
     * @param noAccp why there is none (ignored when there is one)
     */
    ConscryptMlDsa(Algorithm algorithm, Provider provider, SecureRandom random, SignatureSpi accp, String noAccp) {
        super(algorithm, random, SEED_LENGTH, "");
        this.provider = provider;
        this.oid = MlDsaSeeds.oid(algorithm);
        this.accp = accp;
        this.noAccp = noAccp;
    }

    /** The public key of a seed key, by the JDK ({@link MlDsaSeeds}); computed once and kept with the Conscrypt key. */
    @Override
    public PublicKey derivePublicKey(PrivateKey privateKey) {
        return PublicKey.of(algorithm, privateState(privateKey).publicKey().clone());
    }

    @Override
    public byte[] sign(PrivateKey privateKey, byte[] message, byte[] context) {
        Checks.requireMessageAndContext(algorithm, message, context, MAX_CONTEXT_LENGTH);
        if (context.length != 0) {
            seedLength(privateKey);
            return accp("a context string").sign(privateKey, message, context);
        }
        ConscryptPrivate key = privateState(privateKey);
        try {
            return NativeSignatures.sign("ML-DSA", provider, key.key(), message);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw Checks.signingFailed(algorithm, privateKey, e);
        }
    }

    /** Checks the arguments as the other engines do, then refuses: Conscrypt and ACCP sign hedged only. */
    @Override
    public byte[] engineSignDerandomized(PrivateKey privateKey, byte[] message, byte[] context, byte[] randomness) {
        Checks.requireMessageAndContext(algorithm, message, context, MAX_CONTEXT_LENGTH);
        NativeSignatures.checkRandomness(algorithm, randomness, SEED_LENGTH);
        seedLength(privateKey);
        throw new UnsupportedCallException("conscrypt " + algorithm.name()
                + " signs hedged only: Conscrypt 2.9.0 (and ACCP 2.5.0) have no deterministic variant and take no caller-chosen rnd");
    }

    /** Checks the arguments, then refuses: neither Conscrypt nor ACCP signs a caller's mu with a chosen rnd. */
    @Override
    public byte[] engineSignMu(PrivateKey privateKey, byte[] mu, byte[] randomness) {
        NativeSignatures.checkMu(algorithm, mu, MU_LENGTH);
        NativeSignatures.checkRandomness(algorithm, randomness, SEED_LENGTH);
        seedLength(privateKey);
        throw new UnsupportedCallException("conscrypt " + algorithm.name()
                + " has no external-mu signing: Conscrypt 2.9.0 has no such interface and ACCP's signs hedged only");
    }

    /** External-mu verification: ACCP's, which has the interface. */
    @Override
    public void engineVerifyMu(PublicKey publicKey, byte[] mu, byte[] signature) {
        Checks.publicKey(publicKey, algorithm);
        accp("external-mu verification").engineVerifyMu(publicKey, mu, signature);
    }

    /** The FIPS 204 expanded key of a seed key, by ACCP (AWS-LC's own expansion). */
    @Override
    public byte[] engineExpandedPrivateKey(PrivateKey privateKey) {
        seedLength(privateKey);
        return accp("the export of the expanded private key").engineExpandedPrivateKey(privateKey);
    }

    @Override
    public void verify(PublicKey publicKey, byte[] message, byte[] signature, byte[] context) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(context, "context");
        java.security.PublicKey key = publicState(publicKey);
        NativeSignatures.checkVerifiableContext(algorithm, context, MAX_CONTEXT_LENGTH);
        NativeSignatures.checkSignatureLength(algorithm, signature);
        if (context.length != 0) {
            accp("a context string").verify(publicKey, message, signature, context);
            return;
        }
        if (!NativeSignatures.verifies(algorithm, "ML-DSA", provider, key, message, signature)) {
            throw new InvalidSignatureException(algorithm.name() + " signature is not valid for this key, message and context");
        }
    }

    /** ACCP's engine for a call Conscrypt cannot serve, announced; or the refusal when ACCP is not loaded. */
    private SignatureSpi accp(String what) {
        if (accp == null) {
            throw new UnsupportedCallException("conscrypt " + algorithm.name() + " cannot do " + what
                    + " (Conscrypt 2.9.0 has no interface for it) and ACCP, which the conscrypt provider hands it to, is not"
                    + " usable here: " + noAccp + "; use bc-pqc or jdk-pqc for it");
        }
        EngineTrace.delegated(ACCP);
        return accp;
    }

    /** Checks the key's algorithm and that it is the seed form (the expanded form goes to bc-pqc). */
    private void seedLength(PrivateKey privateKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        Checks.requireAlgorithm(algorithm, privateKey.algorithm(), "private");
        if (privateKey.isDestroyed()) {
            throw Checks.destroyedKey(algorithm, null);
        }
        if (privateKey.length() == MlDsaSeeds.expandedKeyLength(algorithm)) {
            throw new UnsupportedCallException("conscrypt " + algorithm.name() + " takes the " + SEED_LENGTH
                    + "-byte seed form of private keys, not the expanded key (Conscrypt 2.9.0 imports seeds only)");
        }
        Checks.requirePrivateKey(privateKey, algorithm, SEED_LENGTH);
    }

    /** The Conscrypt key object (and public key) of a checked seed private key, made once and kept on the key. */
    private ConscryptPrivate privateState(PrivateKey privateKey) {
        seedLength(privateKey);
        return privateKey.engineState(SecretAccess.INSECURE, PRIVATE_STATE, ConscryptPrivate.class, k -> {
            byte[] seed = Checks.privateKey(k, algorithm, SEED_LENGTH);
            byte[] pkcs8 = Der.seedPrivateKeyInfo(oid, seed);
            try {
                java.security.PrivateKey key = NativeSignatures.importPrivate("ML-DSA", provider, pkcs8);
                return new ConscryptPrivate(key, MlDsaSeeds.publicKey(algorithm, seed));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw NativeSignatures.privateKeyRejected(algorithm, "Conscrypt", e);
            } finally {
                Checks.wipe(seed, pkcs8);
            }
        });
    }

    /** The Conscrypt key object of a checked public key, decoded once and kept on the key. */
    private java.security.PublicKey publicState(PublicKey publicKey) {
        byte[] checked = Checks.publicKey(publicKey, algorithm);
        return publicKey.engineState(PUBLIC_STATE, java.security.PublicKey.class, k -> {
            try {
                return NativeSignatures.importPublic("ML-DSA", provider, oid, checked);
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new InvalidKeyException(algorithm.name() + " public key does not decode", e);
            }
        });
    }

    /**
     * A Conscrypt private key object kept on a qsafe key, with the public key of its seed.
     *
     * @param key       Conscrypt's key, imported from the seed
     * @param publicKey the raw FIPS 204 public key, read only
     */
    record ConscryptPrivate(java.security.PrivateKey key, byte[] publicKey) implements Destroyable {
        @Override
        public void destroy() {
            try {
                key.destroy();
            } catch (DestroyFailedException | RuntimeException e) {
                // Best effort; the reference is dropped with the state.
            }
        }

        @Override
        public boolean isDestroyed() {
            return key.isDestroyed();
        }
    }
}
