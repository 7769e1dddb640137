package dev.qsafe.provider.classical.internal;

import dev.qsafe.engines.AeadEngine;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM and ChaCha20-Poly1305 from SunJCE's {@link Cipher}s (intrinsified on x86-64 and AArch64).
 * Both buffer the ciphertext when decrypting and release plaintext only after the tag has verified.
 */
final class JdkAead implements AeadEngine.Backend {
    /** SunJCE's AES-GCM with a 128-bit tag. */
    static final JdkAead AES_GCM = new JdkAead(new JcaService(JcaService.SUN_JCE, "Cipher", "AES/GCM/NoPadding"),
            "AES", nonce -> new GCMParameterSpec(AeadEngine.TAG_LENGTH * 8, nonce));
    /** SunJCE's ChaCha20-Poly1305 (RFC 8439). */
    static final JdkAead CHACHA20_POLY1305 = new JdkAead(new JcaService(JcaService.SUN_JCE, "Cipher", "ChaCha20-Poly1305"),
            "ChaCha20", IvParameterSpec::new);

    private final JcaService service;
    private final String keyAlgorithm;
    private final Function<byte[], AlgorithmParameterSpec> nonceSpec;

    private JdkAead(JcaService service, String keyAlgorithm, Function<byte[], AlgorithmParameterSpec> nonceSpec) {
        this.service = service;
        this.keyAlgorithm = keyAlgorithm;
        this.nonceSpec = nonceSpec;
    }

    /** The JDK service this backend needs. */
    JcaService service() {
        return service;
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
        Cipher c = Cipher.getInstance(service.algorithm(), service.provider());
        c.init(mode, new SecretKeySpec(key, keyAlgorithm), nonceSpec.apply(nonce));
        c.updateAAD(associatedData);
        return c;
    }
}
