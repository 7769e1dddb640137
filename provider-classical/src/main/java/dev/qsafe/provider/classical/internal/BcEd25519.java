package dev.qsafe.provider.classical.internal;

import dev.qsafe.provider.toolkit.Ed25519Engine;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 from Bouncy Castle's {@link Ed25519Signer}, key parameters and {@link Ed25519} (RFC 8032 code),
 * deciding with the cofactorless equation {@code [S]B = R + [k]A} like the other qsafe engines
 * (docs/PROVIDERS.md, "Ed25519 verification rule").
 *
 * <p>Bouncy Castle 1.86 checks the cofactored equation {@code 8[S]B = 8R + 8[k]A} and has no cofactorless
 * call. The two equations decide alike whenever neither A nor R has a small-order component: then
 * {@code [S]B - R - [k]A} lies in the prime-order subgroup, where multiplying by 8 loses nothing. They
 * can differ only when Bouncy Castle accepts (an equation that holds holds times 8) and A or R is a
 * mixed-order point, which {@link Ed25519#validatePublicKeyFull} recognises (on the curve and in the
 * prime-order subgroup). Only then is the decision handed to SunEC's Ed25519, which checks the
 * cofactorless equation ({@code Ed25519VectorsTest} measures both libraries on the C2SP CCTV vectors
 * with a mixed-order residue). Keys and signatures any Ed25519 signer makes never have such a point, so
 * the hand-off runs only on crafted input. A is checked once per key (kept on the qsafe public key by
 * {@link Ed25519Engine}), R once per accepted signature.
 */
final class BcEd25519 implements Ed25519Engine.Backend {
    /** The cofactorless decision for the inputs Bouncy Castle's equation cannot decide alone. */
    private final Ed25519Engine.Backend cofactorless = new JdkEd25519();

    /**
     * Bouncy Castle's decoded public key, and whether A lies in the prime-order subgroup. Immutable, so
     * safe to share between threads.
     */
    private record VerifyingKey(Ed25519PublicKeyParameters key, boolean primeOrder) {
    }

    @Override
    public byte[] publicKey(byte[] seed) {
        return new Ed25519PrivateKeyParameters(seed).generatePublicKey().getEncoded();
    }

    @Override
    public byte[] sign(byte[] seed, byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, new Ed25519PrivateKeyParameters(seed));
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    @Override
    public Object verifyingKey(byte[] publicKey) throws InvalidKeyException {
        Ed25519PublicKeyParameters key;
        try {
            key = new Ed25519PublicKeyParameters(publicKey);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException("Bouncy Castle rejected the Ed25519 public key", e);
        }
        return new VerifyingKey(key, Ed25519.validatePublicKeyFull(publicKey, 0));
    }

    @Override
    public boolean verify(byte[] publicKey, byte[] message, byte[] signature) throws GeneralSecurityException {
        return verify(verifyingKey(publicKey), publicKey, message, signature);
    }

    @Override
    public boolean verify(Object verifyingKey, byte[] publicKey, byte[] message, byte[] signature)
            throws GeneralSecurityException {
        VerifyingKey a = (VerifyingKey) verifyingKey;
        if (!a.key().verify(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0)) {
            return false; // the cofactorless equation cannot hold where the cofactored one fails
        }
        if (a.primeOrder() && Ed25519.validatePublicKeyFull(signature, 0)) {
            return true; // no small-order component in A nor R: the equations agree
        }
        dev.qsafe.api.spi.EngineTrace.delegated("jdk-classical");
        return cofactorless.verify(publicKey, message, signature);
    }
}
