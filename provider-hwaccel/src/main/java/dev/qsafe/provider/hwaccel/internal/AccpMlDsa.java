package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.provider.toolkit.Checks;
import com.amazon.corretto.crypto.utils.MlDsaUtils;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.UnsupportedCallException;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.provider.toolkit.Der;
import dev.qsafe.provider.toolkit.SeedKeys;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.Destroyable;

/**
 * Pure ML-DSA (FIPS 204) on ACCP's native signatures: "ML-DSA" for an empty context and a message of
 * at most {@value #DIRECT_LIMIT} bytes, and "ML-DSA-ExtMu" over
 * {@code mu = SHAKE256(tr || 0 || len(ctx) || ctx || M, 64)} (FIPS 204 Algorithm 2 and 7) otherwise,
 * since ACCP 2.5.0 takes no context string and buffers at most 1 MiB of message; {@code tr} comes from
 * ACCP's expanded private key when signing and is {@code SHAKE256(pk, 64)} when verifying.
 *
 * <p>Private keys are the 32-byte seed {@code xi} that qsafe stores. The expanded FIPS 204 form is
 * refused with {@link UnsupportedAlgorithmException} (bc-pqc takes it). Key generation is ACCP's; the
 * public key of a given seed is computed by the JDK's ML-DSA key-pair generator (SUN, see
 * {@link MlDsaSeeds}), because ACCP 2.5.0 has no public call that derives it.
 *
 * <p>The ACCP key objects (and {@code tr}, when the external-mu path needs it) are made once per key
 * and kept on the qsafe key as its engine state; {@link PrivateKey#destroy()} destroys the ACCP key.
 *
 * <p>ACCP signs hedged only: {@link #engineSignDerandomized} and {@link #engineSignMu} (deterministic or
 * with a caller-chosen {@code rnd}) throw {@link UnsupportedAlgorithmException}, which conformance
 * runners report as skipped; {@link #engineVerifyMu} is supported, and so is
 * {@link #engineExpandedPrivateKey}: AWS-LC's own expansion of the seed ({@code MlDsaUtils.expandPrivateKey}).
 */
final class AccpMlDsa implements SignatureSpi {
    /** Owner of the ACCP private key object kept on a qsafe {@link PrivateKey} (see {@link PrivateKey#engineState}). */
    static final Object PRIVATE_STATE = new Object();
    /** Owner of the ACCP public key object kept on a qsafe {@link PublicKey}. */
    static final Object PUBLIC_STATE = new Object();

    private static final int SEED_LENGTH = 32;
    private static final int MU_LENGTH = 64;
    private static final int TR_LENGTH = 64;
    /** Offset of tr in the expanded private key: rho (32) || K (32) || tr (64). */
    private static final int TR_OFFSET = 64;
    private static final int MAX_CONTEXT_LENGTH = 255;
    /** Largest message ACCP's "ML-DSA" service takes (it buffers the message, up to 1 MiB). */
    static final int DIRECT_LIMIT = 1 << 20;

    private final Algorithm algorithm;
    private final java.security.Provider provider;
    private final byte[] oid;

    AccpMlDsa(Algorithm algorithm, java.security.Provider provider) {
        this.algorithm = algorithm;
        this.provider = provider;
        this.oid = MlDsaSeeds.oid(algorithm);
    }

    @Override
    public Algorithm algorithm() {
        return algorithm;
    }

    /** ACCP's native key generation; the seed is read back from its seed-form PKCS#8 encoding. */
    @Override
    public KeyPair generateKeyPair() {
        byte[] pkcs8 = null;
        try {
            java.security.KeyPair kp = KeyPairGenerator.getInstance(algorithm.name(), provider).generateKeyPair();
            pkcs8 = kp.getPrivate().getEncoded();
            byte[] expectedPrefix = Der.seedPrivateKeyInfo(oid, new byte[SEED_LENGTH]);
            if (pkcs8 == null || pkcs8.length != expectedPrefix.length
                    || !MessageDigest.isEqual(Arrays.copyOf(pkcs8, pkcs8.length - SEED_LENGTH),
                            Arrays.copyOf(expectedPrefix, expectedPrefix.length - SEED_LENGTH))) {
                throw new GeneralSecurityException("ACCP did not encode the " + algorithm + " private key in the seed form");
            }
            byte[] seed = Arrays.copyOfRange(pkcs8, pkcs8.length - SEED_LENGTH, pkcs8.length);
            try {
                return new KeyPair(PublicKey.of(algorithm, rawPublicKey(kp.getPublic().getEncoded())), PrivateKey.of(algorithm, seed));
            } finally {
                Checks.wipe(seed);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw Checks.engineFailure(algorithm + " key generation", e);
        } finally {
            Checks.wipe(pkcs8);
        }
    }

    @Override
    public KeyPair deriveKeyPair(byte[] seed) {
        SeedKeys.requireSeed(algorithm, seed, SEED_LENGTH, "");
        return new KeyPair(PublicKey.of(algorithm, publicKeyOfSeed(seed)), PrivateKey.of(algorithm, seed));
    }

    @Override
    public PublicKey derivePublicKey(PrivateKey privateKey) {
        byte[] seed = seed(privateKey);
        try {
            return PublicKey.of(algorithm, publicKeyOfSeed(seed));
        } finally {
            Checks.wipe(seed);
        }
    }

    @Override
    public byte[] sign(PrivateKey privateKey, byte[] message, byte[] context) {
        Checks.requireMessageAndContext(algorithm, message, context, MAX_CONTEXT_LENGTH);
        AccpPrivate key = privateState(privateKey);
        try {
            if (context.length == 0 && message.length <= DIRECT_LIMIT) {
                return NativeSignatures.sign("ML-DSA", provider, key.key(), message);
            }
            return NativeSignatures.sign("ML-DSA-ExtMu", provider, key.key(), mu(key.tr(), context, message));
        } catch (QSafeException e) {
            throw e;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw Checks.signingFailed(algorithm, privateKey, e);
        }
    }

    /** Checks every argument as the other engines do, then refuses: ACCP signs hedged only. */
    @Override
    public byte[] engineSignDerandomized(PrivateKey privateKey, byte[] message, byte[] context, byte[] randomness) {
        Checks.requireMessageAndContext(algorithm, message, context, MAX_CONTEXT_LENGTH);
        NativeSignatures.checkRandomness(algorithm, randomness, SEED_LENGTH);
        Checks.wipe(seed(privateKey));
        throw new UnsupportedCallException("accp " + algorithm.name()
                + " signs hedged only: ACCP 2.5.0 has no deterministic variant and takes no caller-chosen rnd");
    }

    /** Checks every argument as the other engines do, then refuses: ACCP signs hedged only. */
    @Override
    public byte[] engineSignMu(PrivateKey privateKey, byte[] mu, byte[] randomness) {
        NativeSignatures.checkMu(algorithm, mu, MU_LENGTH);
        NativeSignatures.checkRandomness(algorithm, randomness, SEED_LENGTH);
        Checks.wipe(seed(privateKey));
        throw new UnsupportedCallException("accp " + algorithm.name()
                + " external-mu signing is hedged only: ACCP 2.5.0 has no deterministic variant and takes no caller-chosen rnd");
    }

    /**
     * FIPS 204 {@code sk} of a seed key, expanded by AWS-LC ({@code MlDsaUtils.expandPrivateKey}, which
     * returns it inside a PKCS#8 encoding). An expanded-form key is refused like everywhere in this
     * engine ({@link UnsupportedAlgorithmException}).
     */
    @Override
    public byte[] engineExpandedPrivateKey(PrivateKey privateKey) {
        java.security.PrivateKey key = privateState(privateKey).key();
        byte[] pkcs8;
        try {
            pkcs8 = MlDsaUtils.expandPrivateKey(key);
        } catch (RuntimeException e) {
            if (privateKey.isDestroyed()) {
                throw Checks.destroyedKey(algorithm, e);
            }
            throw Checks.engineFailure(algorithm + " private key expansion", e);
        }
        try {
            byte[] expanded = Der.expandedKeyOf(oid, pkcs8, expandedKeyLength());
            if (expanded == null) {
                throw new UnsupportedCallException("accp " + algorithm.name()
                        + " cannot export the expanded private key: ACCP encoded it in an unexpected form");
            }
            return expanded;
        } finally {
            Checks.wipe(pkcs8);
        }
    }

    @Override
    public void verify(PublicKey publicKey, byte[] message, byte[] signature, byte[] context) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(context, "context");
        AccpPublic pk = publicState(publicKey);
        NativeSignatures.checkVerifiableContext(algorithm, context, MAX_CONTEXT_LENGTH);
        if (context.length == 0 && message.length <= DIRECT_LIMIT) {
            verifyWith("ML-DSA", pk, message, signature);
        } else {
            verifyWith("ML-DSA-ExtMu", pk, mu(pk.tr(), context, message), signature);
        }
    }

    @Override
    public void engineVerifyMu(PublicKey publicKey, byte[] mu, byte[] signature) {
        Objects.requireNonNull(mu, "mu");
        Objects.requireNonNull(signature, "signature");
        AccpPublic pk = publicState(publicKey);
        if (mu.length != MU_LENGTH) {
            throw new InvalidInputException(algorithm.name() + " mu must be " + MU_LENGTH + " bytes, got " + mu.length);
        }
        verifyWith("ML-DSA-ExtMu", pk, mu, signature);
    }

    private void verifyWith(String service, AccpPublic pk, byte[] data, byte[] signature) {
        NativeSignatures.checkSignatureLength(algorithm, signature);
        if (!NativeSignatures.verifies(algorithm, service, provider, pk.key(), data, signature)) {
            throw new InvalidSignatureException(algorithm.name() + " signature is not valid for this key and message");
        }
    }

    /** FIPS 204: mu = H(tr || M', 64) with M' = 0 || len(ctx) || ctx || M. */
    private static byte[] mu(byte[] tr, byte[] context, byte[] message) {
        try {
            MessageDigest h = MessageDigest.getInstance("SHAKE256-512");
            h.update(tr);
            h.update((byte) 0);
            h.update((byte) context.length);
            h.update(context);
            h.update(message);
            return h.digest();
        } catch (GeneralSecurityException e) {
            throw Checks.engineFailure("SHAKE256 for ML-DSA mu", e);
        }
    }

    private static byte[] shake256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHAKE256-512").digest(data);
        } catch (GeneralSecurityException e) {
            throw Checks.engineFailure("SHAKE256 for ML-DSA tr", e);
        }
    }

    /** Length of the FIPS 204 expanded private key of this parameter set. */
    private int expandedKeyLength() {
        return MlDsaSeeds.expandedKeyLength(algorithm);
    }

    private java.security.PrivateKey accpPrivateKey(byte[] seed) throws GeneralSecurityException {
        byte[] pkcs8 = Der.seedPrivateKeyInfo(oid, seed);
        try {
            return NativeSignatures.importPrivate("ML-DSA", provider, pkcs8);
        } finally {
            Checks.wipe(pkcs8);
        }
    }

    /** The ACCP key object of a checked seed private key, made once and kept on the key. */
    private AccpPrivate privateState(PrivateKey privateKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        Checks.requireAlgorithm(algorithm, privateKey.algorithm(), "private");
        return privateKey.engineState(SecretAccess.INSECURE, PRIVATE_STATE, AccpPrivate.class, k -> {
            byte[] seed = seed(k);
            try {
                return new AccpPrivate(accpPrivateKey(seed));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw NativeSignatures.privateKeyRejected(algorithm, "ACCP", e);
            } finally {
                Checks.wipe(seed);
            }
        });
    }

    /** The ACCP key object of a checked public key, decoded once and kept on the key. */
    private AccpPublic publicState(PublicKey publicKey) {
        byte[] checked = Checks.publicKey(publicKey, algorithm);
        return publicKey.engineState(PUBLIC_STATE, AccpPublic.class, k -> {
            try {
                return new AccpPublic(NativeSignatures.importPublic("ML-DSA", provider, oid, checked), checked);
            } catch (InvalidKeySpecException | RuntimeException e) {
                throw new InvalidKeyException(algorithm.name() + " public key does not decode", e);
            } catch (GeneralSecurityException e) {
                throw Checks.engineFailure(algorithm + " public key decoding", e);
            }
        });
    }

    /** An ACCP private key object kept on a qsafe key; {@code tr} is read from ACCP's expanded key when first needed. */
    final class AccpPrivate implements Destroyable {
        private final java.security.PrivateKey key;
        private byte[] tr;

        AccpPrivate(java.security.PrivateKey key) {
            this.key = key;
        }

        java.security.PrivateKey key() {
            return key;
        }

        synchronized byte[] tr() {
            if (tr == null) {
                byte[] expanded = MlDsaUtils.expandPrivateKey(key);
                try {
                    // The expanded key is the last element of its PKCS#8 encoding, of known length: find rho||K||tr at its start.
                    int start = expanded.length - expandedKeyLength();
                    tr = Arrays.copyOfRange(expanded, start + TR_OFFSET, start + TR_OFFSET + TR_LENGTH);
                } finally {
                    Checks.wipe(expanded);
                }
            }
            return tr;
        }

        @Override
        public synchronized void destroy() {
            Checks.wipe(tr);
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

    /** An ACCP public key object kept on a qsafe key, with {@code tr = SHAKE256(pk, 64)} computed when first needed. */
    static final class AccpPublic {
        private final java.security.PublicKey key;
        private final byte[] encoded;
        private volatile byte[] tr;

        AccpPublic(java.security.PublicKey key, byte[] encoded) {
            this.key = key;
            this.encoded = encoded;
        }

        java.security.PublicKey key() {
            return key;
        }

        byte[] tr() {
            byte[] t = tr;
            if (t == null) {
                t = shake256(encoded);
                tr = t;
            }
            return t;
        }
    }

    /** The seed of a private key; the caller wipes it. */
    private byte[] seed(PrivateKey privateKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        Checks.requireAlgorithm(algorithm, privateKey.algorithm(), "private");
        if (privateKey.isDestroyed()) {
            throw Checks.destroyedKey(algorithm, null);
        }
        if (privateKey.length() == expandedKeyLength()) {
            throw new UnsupportedCallException("accp " + algorithm.name() + " takes the " + SEED_LENGTH
                    + "-byte seed form of private keys, not the expanded key");
        }
        return Checks.privateKey(privateKey, algorithm, SEED_LENGTH);
    }

    private byte[] rawPublicKey(byte[] x509) {
        return Arrays.copyOfRange(x509, x509.length - algorithm.publicKeySize(), x509.length);
    }

    /** FIPS 204 ML-DSA.KeyGen_internal(xi)'s public key, by the JDK ({@link MlDsaSeeds}). */
    private byte[] publicKeyOfSeed(byte[] seed) {
        return MlDsaSeeds.publicKey(algorithm, seed);
    }
}
