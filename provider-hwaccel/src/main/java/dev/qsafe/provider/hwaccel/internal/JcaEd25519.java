package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.engines.Checks;
import dev.qsafe.engines.Ed25519Engine;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * Ed25519 signing and verification by a native engine's {@link Signature}, with keys from the
 * engine's own key factory. The public key of a seed comes from SunEC ({@link Ed25519Keys}), and so
 * does the curve-point check of a public key under which a signature did not verify (the engine just
 * answers "invalid" then).
 */
final class JcaEd25519 implements Ed25519Engine.Backend {
    private final Provider provider;
    private final String signature;
    private final String keyFactory;

    /**
     * @param signature  the engine's Ed25519 signature service name
     * @param keyFactory the engine's Ed25519 key factory name
     */
    JcaEd25519(Provider provider, String signature, String keyFactory) {
        this.provider = provider;
        this.signature = signature;
        this.keyFactory = keyFactory;
    }

    @Override
    public byte[] publicKey(byte[] seed) throws GeneralSecurityException {
        return Ed25519Keys.publicKey(seed);
    }

    @Override
    public byte[] sign(byte[] seed, byte[] message) throws GeneralSecurityException {
        Signature s = Signature.getInstance(signature, provider);
        s.initSign(privateKey(seed));
        s.update(message);
        return s.sign();
    }

    @Override
    public boolean verify(byte[] publicKey, byte[] message, byte[] signatureBytes) throws GeneralSecurityException {
        Signature s = Signature.getInstance(signature, provider);
        s.initVerify(publicKeyObject(publicKey));
        s.update(message);
        boolean valid = s.verify(signatureBytes);
        if (!valid) {
            // The native engines answer "invalid" for a key that is not a curve point; the contract
            // asks for an invalid-key error then. Checked only on failure, so valid signatures pay nothing.
            Ed25519Keys.requireCurvePoint(publicKey);
        }
        return valid;
    }

    private PrivateKey privateKey(byte[] seed) throws GeneralSecurityException {
        byte[] pkcs8 = Der.curvePrivateKey(Der.ED25519, seed);
        try {
            return KeyFactory.getInstance(keyFactory, provider).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } finally {
            Checks.wipe(pkcs8);
        }
    }

    private PublicKey publicKeyObject(byte[] encoded) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance(keyFactory, provider).generatePublic(new X509EncodedKeySpec(Der.publicKey(Der.ED25519, encoded)));
        } catch (InvalidKeySpecException e) {
            throw new java.security.InvalidKeyException("the Ed25519 public key does not decode", e);
        }
    }
}
