package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.provider.toolkit.Checks;
import dev.qsafe.provider.toolkit.Der;
import dev.qsafe.provider.toolkit.Ed25519Engine;
import dev.qsafe.provider.toolkit.PerThread;
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
 * answers "invalid" then). Each thread reuses one {@code Signature} and one {@code KeyFactory}
 * ({@link PerThread}), initialised for every call and dropped after any failure. The engine's key
 * objects are made once per qsafe key ({@link #signingKey}, {@link #verifyingKey}) and kept on it by
 * {@link Ed25519Engine}; they are immutable native-key handles, safe to share between threads.
 */
final class JcaEd25519 implements Ed25519Engine.Backend {
    private final PerThread<Signature> signatures;
    private final PerThread<KeyFactory> keyFactories;

    /**
     * @param signature  the engine's Ed25519 signature service name
     * @param keyFactory the engine's Ed25519 key factory name
     */
    JcaEd25519(Provider provider, String signature, String keyFactory) {
        this.signatures = new PerThread<>(() -> Signature.getInstance(signature, provider));
        this.keyFactories = new PerThread<>(() -> KeyFactory.getInstance(keyFactory, provider));
    }

    @Override
    public byte[] publicKey(byte[] seed) throws GeneralSecurityException {
        return Ed25519Keys.publicKey(seed);
    }

    @Override
    public byte[] sign(byte[] seed, byte[] message) throws GeneralSecurityException {
        return signWith(privateKey(seed), message);
    }

    @Override
    public Object signingKey(byte[] seed) throws GeneralSecurityException {
        return privateKey(seed);
    }

    @Override
    public byte[] sign(Object signingKey, byte[] message) throws GeneralSecurityException {
        return signWith((PrivateKey) signingKey, message);
    }

    private byte[] signWith(PrivateKey key, byte[] message) throws GeneralSecurityException {
        return signatures.with(s -> {
            s.initSign(key);
            s.update(message);
            return s.sign();
        });
    }

    @Override
    public Object verifyingKey(byte[] publicKey) throws GeneralSecurityException {
        return publicKeyObject(publicKey);
    }

    @Override
    public boolean verify(Object verifyingKey, byte[] publicKey, byte[] message, byte[] signatureBytes)
            throws GeneralSecurityException {
        return verifyWith((PublicKey) verifyingKey, publicKey, message, signatureBytes);
    }

    @Override
    public boolean verify(byte[] publicKey, byte[] message, byte[] signatureBytes) throws GeneralSecurityException {
        return verifyWith(publicKeyObject(publicKey), publicKey, message, signatureBytes);
    }

    private boolean verifyWith(PublicKey key, byte[] publicKey, byte[] message, byte[] signatureBytes)
            throws GeneralSecurityException {
        boolean valid = signatures.with(s -> {
            s.initVerify(key);
            s.update(message);
            return s.verify(signatureBytes);
        });
        if (!valid) {
            // The native engines answer "invalid" for a key that is not a curve point; the contract
            // asks for an invalid-key error then. Checked only on failure, so valid signatures pay nothing.
            Ed25519Keys.requireCurvePoint(publicKey);
        }
        return valid;
    }

    private PrivateKey privateKey(byte[] seed) throws GeneralSecurityException {
        byte[] pkcs8 = Der.privateKeyInfo(Der.ED25519, seed);
        try {
            return keyFactories.get().generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | RuntimeException e) {
            keyFactories.discard();
            throw e;
        } finally {
            Checks.wipe(pkcs8);
        }
    }

    private PublicKey publicKeyObject(byte[] encoded) throws GeneralSecurityException {
        try {
            return keyFactories.get().generatePublic(new X509EncodedKeySpec(Der.subjectPublicKeyInfo(Der.ED25519, encoded)));
        } catch (InvalidKeySpecException e) {
            keyFactories.discard();
            throw new java.security.InvalidKeyException("the Ed25519 public key does not decode", e);
        } catch (GeneralSecurityException | RuntimeException e) {
            keyFactories.discard();
            throw e;
        }
    }
}
