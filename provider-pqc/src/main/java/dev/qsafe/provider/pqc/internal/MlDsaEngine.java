package dev.qsafe.provider.pqc.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * Pure ML-DSA (FIPS 204, not HashML-DSA) on Bouncy Castle's lightweight API, one instance per
 * parameter set.
 *
 * <p>Private keys are accepted in two forms: the 32-byte seed {@code xi} that qsafe generates and
 * stores, and the expanded private key of FIPS 204 ({@code rho || K || tr || s1 || s2 || t0}). FIPS 204
 * defines no check of an expanded key; this engine rejects one whose {@code s1} or {@code s2} has a
 * coefficient outside {@code [-eta, eta]} (signing could then loop or leak) or whose {@code tr} is
 * not {@code H(pk)} for the public key it implies. {@code t0} is not checked.
 *
 * <p>It also offers the external-mu interface ({@link #engineSignMu}, {@link #engineVerifyMu}) that
 * conformance runners need for the internal-interface vectors of ACVP and Wycheproof.
 */
final class MlDsaEngine extends BcSignatureEngine<MLDSAPrivateKeyParameters> {
    /** Length of the seed xi (FIPS 204 ML-DSA.KeyGen_internal). */
    private static final int SEED_LENGTH = 32;
    /** Length of rnd (FIPS 204 ML-DSA.Sign_internal). */
    private static final int RND_LENGTH = 32;
    /** Length of rho || K || tr at the start of the expanded key. */
    private static final int SECRET_VECTORS_OFFSET = 32 + 32 + 64;
    /** Length of tr = H(pk). */
    private static final int TR_LENGTH = 64;
    /** Length of the message representative mu = H(tr || M', 64). */
    private static final int MU_LENGTH = 64;
    /** External-mu signing has no context: it is already absorbed into mu. */
    private static final byte[] NO_CONTEXT = new byte[0];
    /** Bytes per packed t0 polynomial. */
    private static final int T0_POLY_BYTES = 416;
    /** Coefficients per polynomial. */
    private static final int N = 256;

    private final MLDSAParameters parameters;
    private final int eta;
    private final int etaBits;
    private final int secretCoefficients;
    private final int expandedKeyLength;

    /**
     * @param algorithm  the qsafe algorithm, one of the ML-DSA constants
     * @param parameters the matching Bouncy Castle parameter set (pure, not pre-hash)
     * @param k          the FIPS 204 dimension {@code k} of the parameter set
     * @param l          the FIPS 204 dimension {@code l} of the parameter set
     * @param eta        the FIPS 204 {@code eta} of the parameter set (2 or 4)
     * @param random     the source of key generation and hedged signing randomness
     */
    MlDsaEngine(Algorithm algorithm, MLDSAParameters parameters, int k, int l, int eta, SecureRandom random) {
        super(algorithm, SEED_LENGTH, RND_LENGTH, random);
        this.parameters = parameters;
        this.eta = eta;
        this.etaBits = eta == 2 ? 3 : 4;
        this.secretCoefficients = (l + k) * N;
        this.expandedKeyLength = SECRET_VECTORS_OFFSET + secretCoefficients * etaBits / 8 + k * T0_POLY_BYTES;
    }

    /** The key pair of FIPS 204 ML-DSA.KeyGen_internal(xi); the private key is the seed itself. */
    @Override
    protected KeyPair derive(byte[] seed) {
        PrivateKey privateKey = PrivateKey.of(algorithm(), seed);
        return new KeyPair(derivePublicKey(privateKey), privateKey);
    }

    @Override
    protected MLDSAPrivateKeyParameters parsePrivate(byte[] raw) {
        if (raw.length == SEED_LENGTH) {
            return new MLDSAPrivateKeyParameters(parameters, raw);
        }
        if (raw.length != expandedKeyLength) {
            throw new InvalidKeyException(algorithm().name() + " private key must be the " + SEED_LENGTH
                    + "-byte seed or the " + expandedKeyLength + "-byte expanded key, got " + raw.length + " bytes");
        }
        checkSecretVectors(raw);
        MLDSAPrivateKeyParameters key = new MLDSAPrivateKeyParameters(parameters, raw);
        byte[] pk = key.getPublicKey();
        SHAKEDigest h = new SHAKEDigest(256);
        h.update(pk, 0, pk.length);
        byte[] tr = new byte[TR_LENGTH];
        h.doFinal(tr, 0, TR_LENGTH);
        if (!MessageDigest.isEqual(tr, key.getTr())) {
            Keys.destroy(key);
            throw new InvalidKeyException(algorithm().name()
                    + " expanded private key is inconsistent: its tr is not H(pk) of the public key it implies");
        }
        return key;
    }

    @Override
    protected CipherParameters parsePublic(byte[] encoded) {
        return new MLDSAPublicKeyParameters(parameters, encoded);
    }

    @Override
    protected byte[] publicKeyOf(MLDSAPrivateKeyParameters key) {
        return key.getPublicKey();
    }

    @Override
    protected byte[] signWith(CipherParameters parameters, byte[] message) throws CryptoException {
        MLDSASigner signer = new MLDSASigner();
        signer.init(true, parameters);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    @Override
    protected boolean verifyWith(CipherParameters parameters, byte[] message, byte[] signature) {
        MLDSASigner signer = new MLDSASigner();
        signer.init(false, parameters);
        signer.update(message, 0, message.length);
        return signer.verifySignature(signature);
    }

    /**
     * FIPS 204 {@code sk} of the key: Bouncy Castle keeps a seed key expanded (engine state) and encodes
     * it as {@code rho || K || tr || s1 || s2 || t0} whatever form it was built from.
     */
    @Override
    public byte[] engineExpandedPrivateKey(PrivateKey privateKey) {
        return privateParameters(privateKey).getEncoded();
    }

    /** Length of the expanded private key {@code sk} of this parameter set. */
    int expandedKeyLength() {
        return expandedKeyLength;
    }

    /**
     * Signs a caller-computed {@code mu} with Bouncy Castle's external-mu interface
     * ({@link MLDSASigner#generateMuSignature}), deterministically or with the given {@code rnd}.
     */
    @Override
    public byte[] engineSignMu(PrivateKey privateKey, byte[] mu, byte[] randomness) {
        requireMu(mu);
        return signChecked(privateKey, NO_CONTEXT, signingRandom(randomness), parameters -> {
            MLDSASigner signer = new MLDSASigner();
            signer.init(true, parameters);
            return signer.generateMuSignature(mu);
        });
    }

    /** Verifies a signature over a caller-computed {@code mu} ({@link MLDSASigner#verifyMuSignature}). */
    @Override
    public void engineVerifyMu(PublicKey publicKey, byte[] mu, byte[] signature) {
        requireMu(mu);
        verifyChecked(publicKey, signature, NO_CONTEXT, parameters -> {
            MLDSASigner signer = new MLDSASigner();
            signer.init(false, parameters);
            return signer.verifyMuSignature(mu, signature);
        });
    }

    private void requireMu(byte[] mu) {
        Objects.requireNonNull(mu, "mu");
        if (mu.length != MU_LENGTH) {
            throw new InvalidInputException(algorithm().name() + " mu must be " + MU_LENGTH + " bytes, got " + mu.length);
        }
    }

    /**
     * Checks that every packed coefficient {@code eta - s} of {@code s1} and {@code s2} is at most
     * {@code 2 eta}, without branching on secret data.
     */
    private void checkSecretVectors(byte[] sk) {
        int mask = (1 << etaBits) - 1;
        int bad = 0;
        for (int i = 0; i < secretCoefficients; i++) {
            int bit = i * etaBits;
            int at = SECRET_VECTORS_OFFSET + (bit >>> 3);
            // The two bytes that hold the coefficient; t0 follows s2, so at + 1 is always in range.
            int twoBytes = (sk[at] & 0xFF) | (sk[at + 1] & 0xFF) << 8;
            int packed = (twoBytes >>> (bit & 7)) & mask;
            bad |= (2 * eta - packed) >>> 31;
        }
        if (bad != 0) {
            throw new InvalidKeyException(algorithm().name()
                    + " expanded private key is malformed: a coefficient of s1 or s2 is out of range");
        }
    }
}
