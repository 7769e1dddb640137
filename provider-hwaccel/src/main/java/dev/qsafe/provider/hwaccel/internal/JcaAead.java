package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.engines.AeadEngine;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.spec.AlgorithmParameterSpec;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM or ChaCha20-Poly1305 from a native engine's {@link Cipher}, obtained from its provider
 * object (never from the global provider list). Both engines buffer the ciphertext when decrypting and
 * release plaintext only after the tag has verified.
 */
final class JcaAead implements AeadEngine.Backend {
    private final Provider provider;
    private final String transformation;
    private final String keyAlgorithm;
    private final Function<byte[], AlgorithmParameterSpec> nonceSpec;

    private JcaAead(Provider provider, String transformation, String keyAlgorithm,
                    Function<byte[], AlgorithmParameterSpec> nonceSpec) {
        this.provider = provider;
        this.transformation = transformation;
        this.keyAlgorithm = keyAlgorithm;
        this.nonceSpec = nonceSpec;
    }

    /** The provider's AES/GCM/NoPadding with a 128-bit tag (any AES key size). */
    static JcaAead aesGcm(Provider provider) {
        return new JcaAead(provider, "AES/GCM/NoPadding", "AES", nonce -> new GCMParameterSpec(AeadEngine.TAG_LENGTH * 8, nonce));
    }

    /** The provider's ChaCha20-Poly1305 (RFC 8439) under the given transformation name. */
    static JcaAead chaCha20Poly1305(Provider provider, String transformation) {
        return new JcaAead(provider, transformation, "ChaCha20", IvParameterSpec::new);
    }

    @Override
    public byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        return cipher(Cipher.ENCRYPT_MODE, key, nonce, associatedData).doFinal(plaintext);
    }

    @Override
    public byte[] open(byte[] key, byte[] nonce, byte[] ciphertextAndTag, byte[] associatedData) throws GeneralSecurityException {
        return cipher(Cipher.DECRYPT_MODE, key, nonce, associatedData).doFinal(ciphertextAndTag);
    }

    /** Cipher objects are stateful (and refuse a repeated key and nonce): one per call. */
    private Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] associatedData) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance(transformation, provider);
        c.init(mode, new SecretKeySpec(key, keyAlgorithm), nonceSpec.apply(nonce));
        c.updateAAD(associatedData);
        return c;
    }
}
