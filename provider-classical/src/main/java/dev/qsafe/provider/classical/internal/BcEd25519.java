package dev.qsafe.provider.classical.internal;

import dev.qsafe.engines.Ed25519Engine;
import java.security.InvalidKeyException;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Ed25519 from Bouncy Castle's {@link Ed25519Signer} and key parameters. */
final class BcEd25519 implements Ed25519Engine.Backend {
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
    public boolean verify(byte[] publicKey, byte[] message, byte[] signature) throws InvalidKeyException {
        Ed25519PublicKeyParameters key;
        try {
            key = new Ed25519PublicKeyParameters(publicKey);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException("Bouncy Castle rejected the Ed25519 public key", e);
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }
}
