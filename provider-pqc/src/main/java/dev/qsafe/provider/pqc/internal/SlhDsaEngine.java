package dev.qsafe.provider.pqc.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.generators.SLHDSAKeyPairGenerator;
import org.bouncycastle.crypto.params.SLHDSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.SLHDSAParameters;
import org.bouncycastle.crypto.params.SLHDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.SLHDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.SLHDSASigner;

/**
 * Pure SLH-DSA (FIPS 205, not HashSLH-DSA) on Bouncy Castle's lightweight API, one instance per
 * parameter set.
 *
 * <p>The private key is the FIPS 205 encoding {@code SK.seed || SK.prf || PK.seed || PK.root}
 * ({@code 4n} bytes); {@link #deriveKeyPair} takes {@code SK.seed || SK.prf || PK.seed} ({@code 3n}
 * bytes, FIPS 205 slh_keygen_internal). The public key embedded in a private key is trusted as it is:
 * recomputing {@code PK.root} would cost a key generation on every use.
 */
final class SlhDsaEngine extends BcSignatureEngine<SLHDSAPrivateKeyParameters> {
    private final SLHDSAParameters parameters;
    private final int n;

    /**
     * @param algorithm  the qsafe algorithm, one of the SLH-DSA constants
     * @param parameters the matching Bouncy Castle parameter set (pure, not pre-hash)
     * @param random     the source of key generation and hedged signing randomness
     */
    SlhDsaEngine(Algorithm algorithm, SLHDSAParameters parameters, SecureRandom random) {
        super(algorithm, 3 * parameters.getN(), parameters.getN(), random);
        this.parameters = parameters;
        this.n = parameters.getN();
    }

    @Override
    protected KeyPair derive(byte[] seed) {
        byte[] skSeed = Arrays.copyOfRange(seed, 0, n);
        byte[] skPrf = Arrays.copyOfRange(seed, n, 2 * n);
        byte[] pkSeed = Arrays.copyOfRange(seed, 2 * n, 3 * n);
        SLHDSAKeyPairGenerator generator = new SLHDSAKeyPairGenerator();
        // The generator's random is not used by internalGenerateKeyPair, which takes the seeds given.
        generator.init(new SLHDSAKeyGenerationParameters(random(), parameters));
        AsymmetricCipherKeyPair pair = generator.internalGenerateKeyPair(skSeed, skPrf, pkSeed);
        SLHDSAPrivateKeyParameters key = (SLHDSAPrivateKeyParameters) pair.getPrivate();
        byte[] encoded = key.getEncoded();
        try {
            PublicKey publicKey = PublicKey.of(algorithm(), ((SLHDSAPublicKeyParameters) pair.getPublic()).getEncoded());
            return new KeyPair(publicKey, PrivateKey.of(algorithm(), encoded));
        } finally {
            Arrays.fill(encoded, (byte) 0);
            Arrays.fill(skSeed, (byte) 0);
            Arrays.fill(skPrf, (byte) 0);
            Keys.destroy(key);
        }
    }

    @Override
    protected SLHDSAPrivateKeyParameters parsePrivate(byte[] raw) {
        return new SLHDSAPrivateKeyParameters(parameters, raw);
    }

    @Override
    protected CipherParameters parsePublic(byte[] encoded) {
        return new SLHDSAPublicKeyParameters(parameters, encoded);
    }

    @Override
    protected byte[] publicKeyOf(SLHDSAPrivateKeyParameters key) {
        return key.getEncodedPublicKey();
    }

    @Override
    protected byte[] signWith(CipherParameters parameters, byte[] message) {
        SLHDSASigner signer = new SLHDSASigner();
        signer.init(true, parameters);
        return signer.generateSignature(message);
    }

    @Override
    protected boolean verifyWith(CipherParameters parameters, byte[] message, byte[] signature) {
        SLHDSASigner signer = new SLHDSASigner();
        signer.init(false, parameters);
        return signer.verifySignature(message, signature);
    }
}
